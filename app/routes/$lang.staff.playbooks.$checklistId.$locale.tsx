import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, type Params } from '@remix-run/react'
import type { ReactNode } from 'react'
import { TextStateBadge } from '~/components/playbook-editor'
import { TextareaField, Field } from '~/components/ui/field'
import { isEditor, requireEditor, requireStaff } from '~/modules/auth/guards.server'
import { parseForm, readForm, type FieldErrors } from '~/modules/http/forms'
import type { RouteHandle } from '~/modules/http/route-handle'
import { formatNumber } from '~/modules/i18n/format'
import { isLocale, localeNames, locales, type Locale } from '~/modules/i18n/locales'
import { idParam, localeParam } from '~/modules/i18n/params'
import { useTranslation } from '~/modules/i18n/use-translation'
import {
  itemField,
  markUpToDateSchema,
  parseTextsForm,
  playbookLimits,
  type TextState,
} from '~/modules/onboarding/playbook-editor.schema'
import {
  getPlaybookTexts,
  markPlaybookTextUpToDate,
  savePlaybookTexts,
  type TextConflict,
} from '~/modules/onboarding/playbook-editor.server'

export const handle: RouteHandle = {
  title: (t, loaderData) => {
    const d = loaderData as { playbook?: { name: string }; editLocale?: Locale } | undefined
    return d?.playbook && d.editLocale
      ? t('editor:playbooks.edit.pageTitle', {
          playbook: d.playbook.name,
          language: localeNames[d.editLocale],
        })
      : ''
  },
}

/** The playbook and language of the URL; anything unknown is a 404. */
function textParams(params: Params) {
  const locale = localeParam(params)
  const checklistId = idParam(params, 'checklistId')
  if (!isLocale(params.locale)) throw new Response('Not found', { status: 404 })
  return { locale, checklistId, editLocale: params.locale }
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { locale, checklistId, editLocale } = textParams(params)
  const user = await requireStaff(request, locale)
  const found = await getPlaybookTexts({ checklistId, locale, editLocale })
  if (!found) throw new Response('Not found', { status: 404 })
  return { locale, editLocale, canEdit: isEditor(user), ...found }
}

type ActionResult = {
  intent: string
  fieldErrors: FieldErrors
  /** The submitted texts, shown again instead of what is stored when nothing was saved. */
  values: Record<string, string> | null
  notice: { key: 'saved' | 'unchanged' | 'markedUpToDate'; count?: number } | null
  conflicts: TextConflict[] | null
  /** "Mark as up to date" ran into a newer text or source. */
  markConflict: boolean
}

const result = (partial: Partial<ActionResult> & { intent: string }, status = 200) =>
  data<ActionResult>(
    { fieldErrors: {}, values: null, notice: null, conflicts: null, markConflict: false, ...partial },
    status,
  )

const formValues = (form: FormData) =>
  Object.fromEntries([...form].filter((entry): entry is [string, string] => typeof entry[1] === 'string'))

export async function action({ request, params }: ActionFunctionArgs) {
  const { locale, checklistId, editLocale } = textParams(params)
  await requireEditor(request, locale)
  const found = await getPlaybookTexts({ checklistId, locale, editLocale })
  if (!found) throw new Response('Not found', { status: 404 })
  const form = await readForm(request)
  const intent = String(form.get('intent') ?? '')

  if (intent === 'save') {
    const values = formValues(form)
    const parsed = parseTextsForm(form, { isSource: found.isSource })
    if (!parsed.success) return result({ intent, fieldErrors: parsed.fieldErrors, values }, 400)
    const saved = savePlaybookTexts({ checklistId, locale: editLocale, texts: parsed.data })
    if (saved.outcome === 'not-found') throw new Response('Not found', { status: 404 })
    if (saved.outcome === 'conflict') return result({ intent, values, conflicts: saved.conflicts }, 409)
    return result({
      intent,
      notice: saved.outcome === 'saved' ? { key: 'saved', count: saved.changed } : { key: 'unchanged' },
    })
  }

  if (intent === 'markUpToDate') {
    const parsed = parseForm(form, markUpToDateSchema)
    if (!parsed.success) return result({ intent, fieldErrors: parsed.fieldErrors }, 400)
    const { itemKey, ...revisions } = parsed.data
    const marked = markPlaybookTextUpToDate({
      checklistId,
      locale: editLocale,
      itemKey: itemKey ?? null,
      ...revisions,
    })
    if (marked === 'not-found') throw new Response('Not found', { status: 404 })
    if (marked === 'is-source') return result({ intent, fieldErrors: { form: 'form.unknownAction' } }, 400)
    if (marked === 'conflict') return result({ intent, markConflict: true }, 409)
    return result({ intent, notice: { key: 'markedUpToDate' } })
  }

  return result({ intent, fieldErrors: { form: 'form.unknownAction' } }, 400)
}

type Loaded = ReturnType<typeof useLoaderData<typeof loader>>

/** The id of the hidden form behind one text's "mark as up to date" button (forms cannot nest). */
const markFormId = (itemKey: string | null) => (itemKey ? `mark-item-${itemKey}` : 'mark-playbook-name')

export default function PlaybookTextsEditor() {
  const { t } = useTranslation(['editor', 'errors'])
  const loaded = useLoaderData<typeof loader>()
  const { locale, editLocale, canEdit, playbook, isSource, name, items } = loaded
  const actionData = useActionData<typeof action>()
  const errors: FieldErrors = actionData?.intent === 'save' ? actionData.fieldErrors : {}
  const values = actionData?.values ?? null
  const conflicts = actionData?.conflicts ?? []
  const conflictOf = (key: string | null) => conflicts.find((c) => c.key === key) ?? null
  const languageName = localeNames[editLocale]
  const sourceName = localeNames[playbook.sourceLocale]
  const notice = actionData?.notice
  /** Stored texts, or what was submitted when the save did not go through. */
  const shown = (field: string, stored: string) => (values ? (values[field] ?? '') : stored)
  const staleTexts = [
    ...(name.state === 'stale' && name.own
      ? [{ key: null, own: name.own, sourceRevision: name.sourceRevision }]
      : []),
    ...items
      .filter((i) => i.state === 'stale' && i.own)
      .map((i) => ({ key: i.key, own: i.own!, sourceRevision: i.sourceRevision })),
  ]

  return (
    <div className="page playbook-texts">
      <p className="breadcrumbs">
        <Link to={`/${locale}/staff/playbooks/${playbook.id}`}>{t('playbooks.edit.back')}</Link>
      </p>
      <h1>
        <span lang={playbook.nameLocale}>{playbook.name}</span>{' '}
        <span className="muted">({languageName})</span>
      </h1>
      <p className="lead">
        {isSource ? t('playbooks.edit.sourceLead') : t('playbooks.edit.lead', { language: sourceName })}
      </p>
      <nav aria-label={t('playbooks.edit.languages')}>
        <ul className="locale-links">
          {locales.map((l) => (
            <li key={l}>
              <Link
                to={`/${locale}/staff/playbooks/${playbook.id}/${l}`}
                lang={l}
                aria-current={l === editLocale ? 'page' : undefined}
              >
                {localeNames[l]}
              </Link>
              {l === playbook.sourceLocale && (
                <span className="muted"> ({t('playbooks.matrix.source')})</span>
              )}
            </li>
          ))}
        </ul>
      </nav>

      {!canEdit && <p className="notice">{t('playbooks.edit.readOnly')}</p>}
      {notice && (
        <div role="status" className="notice notice--success">
          {notice.key === 'saved'
            ? t('playbooks.edit.saved', {
                count: notice.count ?? 0,
                formatted: formatNumber(locale, notice.count ?? 0),
              })
            : notice.key === 'markedUpToDate'
              ? t('playbooks.edit.markedUpToDate')
              : t('edit.unchanged')}
        </div>
      )}
      {conflicts.length > 0 && (
        <div role="alert" className="notice notice--error">
          {t('playbooks.edit.conflict')}
        </div>
      )}
      {actionData?.markConflict && (
        <div role="alert" className="notice notice--error">
          {t('playbooks.edit.markConflict')}
        </div>
      )}
      {Object.keys(errors).length > 0 && (
        <div role="alert" className="notice notice--error">
          {errors.form ? t(`errors:${errors.form}` as 'errors:form.invalid') : t('playbooks.edit.invalid')}
        </div>
      )}

      <Form
        method="post"
        noValidate
        className="stack"
        key={
          values
            ? 'submitted'
            : `stored:${JSON.stringify(items.map((i) => i.own?.revision ?? 0))}:${name.own?.revision ?? 0}`
        }
      >
        <fieldset className="plain-fieldset stack" disabled={!canEdit}>
          <TextEntry
            id="playbook-name"
            heading={t('playbooks.nameAndDescription')}
            state={name.state}
            isSource={isSource}
            own={name.own}
            sourceRevision={name.sourceRevision}
            conflict={conflictOf(null)}
            markForm={markFormId(null)}
            canEdit={canEdit}
            sourceLocale={playbook.sourceLocale}
            source={
              name.source && (
                <>
                  <p className="source-text__title">{name.source.name}</p>
                  {name.source.description && (
                    <p className="text-entry__source-help">{name.source.description}</p>
                  )}
                </>
              )
            }
          >
            <input
              type="hidden"
              name="expectedRevision"
              value={shown('expectedRevision', String(name.own?.revision ?? 0))}
            />
            <input
              type="hidden"
              name="translatedFrom"
              value={shown('translatedFrom', String(name.sourceRevision))}
            />
            <Field
              label={t('playbooks.fields.name')}
              name="name"
              defaultValue={shown('name', name.own?.name ?? '')}
              maxLength={playbookLimits.nameMaxLength}
              lang={editLocale}
              error={errors.name}
            />
            <TextareaField
              label={t('playbooks.fields.description')}
              name="description"
              rows={3}
              defaultValue={shown('description', name.own?.description ?? '')}
              lang={editLocale}
              error={errors.description}
            />
          </TextEntry>

          <h2>{t('playbooks.edit.itemsTitle')}</h2>
          {items.map((item, index) => (
            <TextEntry
              key={item.key}
              id={`item-${item.key}`}
              heading={
                <>
                  {formatNumber(locale, index + 1)}.{' '}
                  <span lang={item.source ? playbook.sourceLocale : editLocale}>
                    {item.source?.title ?? item.own?.title ?? item.key}
                  </span>
                </>
              }
              state={item.state}
              isSource={isSource}
              own={item.own}
              sourceRevision={item.sourceRevision}
              conflict={conflictOf(item.key)}
              markForm={markFormId(item.key)}
              canEdit={canEdit}
              sourceLocale={playbook.sourceLocale}
              source={
                item.source && (
                  <>
                    <p className="source-text__title">{item.source.title}</p>
                    {item.source.help && <p className="text-entry__source-help">{item.source.help}</p>}
                  </>
                )
              }
            >
              <input type="hidden" name="itemKey" value={item.key} />
              <input
                type="hidden"
                name={itemField(item.key, 'expectedRevision')}
                value={shown(itemField(item.key, 'expectedRevision'), String(item.own?.revision ?? 0))}
              />
              <input
                type="hidden"
                name={itemField(item.key, 'translatedFrom')}
                value={shown(itemField(item.key, 'translatedFrom'), String(item.sourceRevision))}
              />
              <Field
                label={t('playbooks.fields.title')}
                name={itemField(item.key, 'title')}
                defaultValue={shown(itemField(item.key, 'title'), item.own?.title ?? '')}
                maxLength={playbookLimits.titleMaxLength}
                lang={editLocale}
                error={errors[itemField(item.key, 'title')]}
              />
              <TextareaField
                label={t('playbooks.fields.help')}
                name={itemField(item.key, 'help')}
                rows={5}
                defaultValue={shown(itemField(item.key, 'help'), item.own?.help ?? '')}
                lang={editLocale}
                error={errors[itemField(item.key, 'help')]}
              />
            </TextEntry>
          ))}
          <div className="button-row">
            <button type="submit" name="intent" value="save" className="button">
              {t('playbooks.edit.save', { language: languageName })}
            </button>
          </div>
        </fieldset>
      </Form>

      {canEdit &&
        staleTexts.map((text) => (
          <Form key={text.key ?? ''} method="post" id={markFormId(text.key)} hidden>
            {text.key && <input type="hidden" name="itemKey" value={text.key} />}
            <input type="hidden" name="expectedRevision" value={text.own.revision} />
            <input type="hidden" name="sourceRevision" value={text.sourceRevision} />
          </Form>
        ))}
    </div>
  )
}

type OwnText = Loaded['name']['own']

/**
 * One text (the playbook's name, or an item) in the language being edited, beside its source,
 * with its state, and for a stale translation the button that marks it up to date.
 */
function TextEntry({
  id,
  heading,
  state,
  isSource,
  own,
  sourceRevision,
  conflict,
  markForm,
  canEdit,
  sourceLocale,
  source,
  children,
}: {
  id: string
  heading: ReactNode
  state: TextState
  isSource: boolean
  own: Pick<NonNullable<OwnText>, 'revision' | 'sourceRevision'> | null
  sourceRevision: number
  conflict: TextConflict | null
  markForm: string
  canEdit: boolean
  sourceLocale: Locale
  source: ReactNode
  children: ReactNode
}) {
  const { t } = useTranslation('editor')
  const headingId = `${id}-heading`
  return (
    <section id={id} className="panel text-entry" aria-labelledby={headingId} data-state={state}>
      <h3 id={headingId}>
        {heading} <TextStateBadge state={state} />
      </h3>
      {own && (
        <p className="muted">
          {isSource
            ? t('edit.sourceRevisionInfo', { revision: own.revision })
            : t('edit.revisionInfo', {
                revision: own.revision,
                sourceRevision: own.sourceRevision,
                current: sourceRevision,
              })}
        </p>
      )}
      {conflict && (
        <p className="field__error" role="note">
          {conflict.revision > 0
            ? t('playbooks.edit.conflictText', { revision: conflict.revision })
            : t('playbooks.edit.conflictGone')}
        </p>
      )}
      {state === 'stale' && (
        <div className="notice">
          <p>{t('playbooks.edit.staleNotice')}</p>
          {canEdit && (
            <p className="button-row">
              <button
                type="submit"
                form={markForm}
                name="intent"
                value="markUpToDate"
                className="button button--quiet"
                aria-describedby={headingId}
              >
                {t('playbooks.edit.markUpToDate')}
              </button>
              <span className="field__hint">{t('playbooks.edit.markUpToDateHint')}</span>
            </p>
          )}
        </div>
      )}
      <div className={isSource ? 'editor-columns editor-columns--single' : 'editor-columns'}>
        <div className="editor-columns__main stack">{children}</div>
        {!isSource && (
          <div className="editor-columns__source">
            <p className="muted">{t('playbooks.edit.sourceText', { revision: sourceRevision })}</p>
            <div className="source-text" lang={sourceLocale}>
              {source ?? <p className="muted">{t('playbooks.edit.noSource')}</p>}
            </div>
          </div>
        )}
      </div>
    </section>
  )
}
