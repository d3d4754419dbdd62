import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, type Params } from '@remix-run/react'
import { tiers } from '#db/schema/enums'
import { useMarketName } from '~/components/market-name'
import {
  ItemFlagFields,
  newItemFlags,
  submittedFlags,
  TextStateBadge,
  type ItemFlagValues,
} from '~/components/playbook-editor'
import { TextareaField, Field, SelectField } from '~/components/ui/field'
import { isEditor, requireEditor, requireStaff } from '~/modules/auth/guards.server'
import { parseForm, readForm, type FieldErrors } from '~/modules/http/forms'
import type { RouteHandle } from '~/modules/http/route-handle'
import { formatNumber } from '~/modules/i18n/format'
import { localeNames, locales, type Locale } from '~/modules/i18n/locales'
import { idParam, localeParam } from '~/modules/i18n/params'
import { useTranslation } from '~/modules/i18n/use-translation'
import {
  itemFlagsSchema,
  itemTargetSchema,
  moveSchema,
  newItemSchema,
  playbookLimits,
  scopeSchema,
} from '~/modules/onboarding/playbook-editor.schema'
import {
  addPlaybookItem,
  deleteItem,
  getPlaybookForEditing,
  moveItem,
  updateItemFlags,
  updatePlaybookScope,
} from '~/modules/onboarding/playbook-editor.server'

export const handle: RouteHandle = {
  title: (t, loaderData) => {
    const d = loaderData as { playbook?: { name: string } } | undefined
    return d?.playbook ? t('editor:playbooks.detail.pageTitle', { playbook: d.playbook.name }) : ''
  },
}

function playbookParams(params: Params) {
  return { locale: localeParam(params), checklistId: idParam(params, 'checklistId') }
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { locale, checklistId } = playbookParams(params)
  const user = await requireStaff(request, locale)
  const found = await getPlaybookForEditing({ checklistId, locale })
  if (!found) throw new Response('Not found', { status: 404 })
  return { locale, canEdit: isEditor(user), ...found }
}

type Notice = {
  key: 'scopeSaved' | 'added' | 'flagsSaved' | 'moved' | 'deleted' | 'unchanged'
  item?: string
}

type ActionResult = {
  intent: string
  /** The item a per-item form was about, so its errors show beside it. */
  itemKey: string | null
  fieldErrors: FieldErrors
  /** What was submitted, shown again when the form has errors. */
  values: Record<string, string> | null
  notice: Notice | null
}

const result = (partial: Partial<ActionResult> & { intent: string }, status = 200) =>
  data<ActionResult>({ itemKey: null, fieldErrors: {}, values: null, notice: null, ...partial }, status)

const notFound = () => new Response('Not found', { status: 404 })

const formValues = (form: FormData) =>
  Object.fromEntries([...form].filter((entry): entry is [string, string] => typeof entry[1] === 'string'))

export async function action({ request, params }: ActionFunctionArgs) {
  const { locale, checklistId } = playbookParams(params)
  await requireEditor(request, locale)
  const form = await readForm(request)
  const intent = String(form.get('intent') ?? '')
  const values = formValues(form)

  if (intent === 'scope') {
    const parsed = parseForm(form, scopeSchema)
    if (!parsed.success) return result({ intent, fieldErrors: parsed.fieldErrors, values }, 400)
    const saved = updatePlaybookScope({ checklistId, ...parsed.data })
    if (saved === 'not-found') throw notFound()
    if (saved === 'unknown-market')
      return result({ intent, fieldErrors: { marketCode: 'form.unknownMarket' }, values }, 400)
    return result({ intent, notice: { key: saved === 'updated' ? 'scopeSaved' : 'unchanged' } })
  }

  if (intent === 'add') {
    const parsed = parseForm(form, newItemSchema)
    if (!parsed.success) return result({ intent, fieldErrors: parsed.fieldErrors, values }, 400)
    const { key, title, help, ...flags } = parsed.data
    const added = addPlaybookItem({ checklistId, key, text: { title, help }, flags })
    if (added === 'not-found') throw notFound()
    if (added === 'key-taken')
      return result({ intent, fieldErrors: { key: 'form.itemKeyTaken' }, values }, 409)
    if (added === 'unknown-article')
      return result({ intent, fieldErrors: { articleKey: 'form.unknownArticle' }, values }, 400)
    if (added === 'read-without-link')
      return result({ intent, fieldErrors: { completeOn: 'form.completeOnRead' }, values }, 400)
    return result({ intent, notice: { key: 'added', item: key } })
  }

  if (intent === 'flags') {
    const parsed = parseForm(form, itemFlagsSchema)
    const itemKey = typeof values.itemKey === 'string' ? values.itemKey : null
    if (!parsed.success) return result({ intent, itemKey, fieldErrors: parsed.fieldErrors, values }, 400)
    const { itemKey: key, ...flags } = parsed.data
    const updated = updateItemFlags({ checklistId, itemKey: key, flags })
    if (updated === 'not-found') throw notFound()
    if (updated === 'unknown-article')
      return result({ intent, itemKey: key, fieldErrors: { articleKey: 'form.unknownArticle' }, values }, 400)
    if (updated === 'read-without-link')
      return result({ intent, itemKey: key, fieldErrors: { completeOn: 'form.completeOnRead' }, values }, 400)
    return result({
      intent,
      itemKey: key,
      notice: { key: updated === 'updated' ? 'flagsSaved' : 'unchanged', item: key },
    })
  }

  if (intent === 'move') {
    const parsed = parseForm(form, moveSchema)
    if (!parsed.success) return result({ intent, fieldErrors: parsed.fieldErrors }, 400)
    const moved = moveItem({ checklistId, ...parsed.data })
    if (moved === 'not-found') throw notFound()
    return result({
      intent,
      itemKey: parsed.data.itemKey,
      notice: { key: moved === 'moved' ? 'moved' : 'unchanged', item: parsed.data.itemKey },
    })
  }

  if (intent === 'delete') {
    const parsed = parseForm(form, itemTargetSchema)
    if (!parsed.success) return result({ intent, fieldErrors: parsed.fieldErrors }, 400)
    if (deleteItem({ checklistId, itemKey: parsed.data.itemKey }) === 'not-found') throw notFound()
    return result({ intent, notice: { key: 'deleted', item: parsed.data.itemKey } })
  }

  return result({ intent, fieldErrors: { form: 'form.unknownAction' } }, 400)
}

export default function PlaybookEditor() {
  const { t } = useTranslation(['editor', 'common', 'errors'])
  const { locale, canEdit, playbook, items, markets } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const marketName = useMarketName()
  const base = `/${locale}/staff/playbooks/${playbook.id}`
  const scopeErrors: FieldErrors = actionData?.intent === 'scope' ? actionData.fieldErrors : {}
  const scopeValues = actionData?.intent === 'scope' ? actionData.values : null
  const notice = actionData?.notice

  return (
    <div className="page playbook-editor">
      <p className="breadcrumbs">
        <Link to={`/${locale}/staff/playbooks`}>{t('playbooks.detail.back')}</Link>
      </p>
      <h1 lang={playbook.nameLocale}>{playbook.name}</h1>
      <p className="muted">
        {t('playbooks.detail.key', { key: playbook.key })} ·{' '}
        {t('playbooks.detail.sourceLanguage', { language: localeNames[playbook.sourceLocale] })}
      </p>

      {!canEdit && <p className="notice">{t('playbooks.detail.readOnly')}</p>}
      {notice && (
        <div role="status" className="notice notice--success">
          {t(`playbooks.detail.${notice.key}`, { item: notice.item ?? '' })}
        </div>
      )}
      {actionData?.fieldErrors.form && (
        <div role="alert" className="notice notice--error">
          {t(`errors:${actionData.fieldErrors.form}` as 'errors:form.invalid')}
        </div>
      )}

      <section className="panel" aria-labelledby="texts-heading">
        <h2 id="texts-heading">{t('playbooks.detail.textsTitle')}</h2>
        <p className="field__hint">{t('playbooks.detail.textsHint')}</p>
        <ul className="locale-links">
          {locales.map((l) => (
            <li key={l}>
              <Link to={`${base}/${l}`} lang={l}>
                {localeNames[l]}
              </Link>{' '}
              <TextStateBadge state={playbook.nameStates[l]} />
              {l === playbook.sourceLocale && (
                <span className="muted"> ({t('playbooks.matrix.source')})</span>
              )}
            </li>
          ))}
        </ul>
      </section>

      <section className="panel" aria-labelledby="scope-heading">
        <h2 id="scope-heading">{t('playbooks.detail.scopeTitle')}</h2>
        <p className="field__hint">{t('playbooks.detail.scopeHint')}</p>
        <Form method="post" className="inline-fields" noValidate>
          <fieldset className="plain-fieldset inline-fields" disabled={!canEdit}>
            <SelectField
              label={t('playbooks.detail.market')}
              name="marketCode"
              defaultValue={scopeValues?.marketCode ?? playbook.marketCode ?? ''}
              error={scopeErrors.marketCode}
            >
              <option value="">{t('playbooks.anyMarket')}</option>
              {markets.map((m) => (
                <option key={m.code} value={m.code}>
                  {marketName(m)}
                </option>
              ))}
            </SelectField>
            <SelectField
              label={t('playbooks.detail.tier')}
              name="tier"
              defaultValue={scopeValues?.tier ?? playbook.tier ?? ''}
              error={scopeErrors.tier}
            >
              <option value="">{t('playbooks.anyTier')}</option>
              {tiers.map((tier) => (
                <option key={tier} value={tier}>
                  {t(`common:tier.${tier}`)}
                </option>
              ))}
            </SelectField>
            <div>
              <button type="submit" name="intent" value="scope" className="button button--quiet">
                {t('playbooks.detail.saveScope')}
              </button>
            </div>
          </fieldset>
        </Form>
      </section>

      <section aria-labelledby="items-heading">
        <h2 id="items-heading">
          {t('playbooks.detail.itemsTitle', {
            count: items.length,
            formatted: formatNumber(locale, items.length),
          })}
        </h2>
        <p className="field__hint">{t('playbooks.detail.itemsHint')}</p>
        {items.length === 0 ? (
          <p className="muted">{t('playbooks.detail.itemsEmpty')}</p>
        ) : (
          <ol className="playbook-items">
            {items.map((item, index) => (
              <ItemEditor
                key={item.key}
                item={item}
                base={base}
                canEdit={canEdit}
                isFirst={index === 0}
                isLast={index === items.length - 1}
                submitted={
                  actionData?.intent === 'flags' && actionData.itemKey === item.key ? actionData : null
                }
              />
            ))}
          </ol>
        )}
      </section>

      {canEdit && (
        <AddItemForm
          sourceLocale={playbook.sourceLocale}
          submitted={actionData?.intent === 'add' ? actionData : null}
        />
      )}
    </div>
  )
}

type LoadedItem = ReturnType<typeof useLoaderData<typeof loader>>['items'][number]

/** One item: its texts in each language, its flags, and moving or deleting it. */
function ItemEditor({
  item,
  base,
  canEdit,
  isFirst,
  isLast,
  submitted,
}: {
  item: LoadedItem
  base: string
  canEdit: boolean
  isFirst: boolean
  isLast: boolean
  submitted: { fieldErrors: FieldErrors; values: Record<string, string> | null } | null
}) {
  const { t } = useTranslation('editor')
  const headingId = `item-${item.key}-heading`
  const stored: ItemFlagValues = {
    phase: item.phase ?? '',
    required: item.required,
    valueMilestone: item.valueMilestone,
    eventKey: item.eventKey ?? '',
    completeOn: item.completeOn,
    articleKey: item.articleKey ?? '',
  }
  const values = submitted?.values ? submittedFlags(submitted.values) : stored
  return (
    <li id={`item-${item.key}`} data-item={item.key} className="playbook-item">
      <h3 id={headingId}>
        <span lang={item.titleLocale}>{item.title}</span>{' '}
        <span className="muted playbook-item__key">{item.key}</span>
      </h3>
      <ul className="locale-links" aria-label={t('playbooks.detail.itemTexts', { item: item.title })}>
        {locales.map((l: Locale) => (
          <li key={l}>
            <Link to={`${base}/${l}#item-${item.key}`} lang={l}>
              {localeNames[l]}
            </Link>{' '}
            <TextStateBadge state={item.states[l]} />
          </li>
        ))}
      </ul>
      <Form method="post" noValidate key={submitted ? 'submitted' : 'stored'}>
        <fieldset className="plain-fieldset playbook-item__flags" disabled={!canEdit}>
          <legend className="visually-hidden">
            {t('playbooks.detail.flagsLegend', { item: item.title })}
          </legend>
          <input type="hidden" name="itemKey" value={item.key} />
          <ItemFlagFields values={values} errors={submitted?.fieldErrors ?? {}} showHints={false} />
          <div>
            <button
              type="submit"
              name="intent"
              value="flags"
              className="button button--quiet"
              aria-describedby={headingId}
            >
              {t('playbooks.detail.saveFlags')}
            </button>
          </div>
        </fieldset>
      </Form>
      {canEdit && (
        <div className="button-row">
          <Form method="post" className="inline-form">
            <input type="hidden" name="intent" value="move" />
            <input type="hidden" name="itemKey" value={item.key} />
            <button
              type="submit"
              name="direction"
              value="up"
              className="button button--quiet"
              disabled={isFirst}
              aria-describedby={headingId}
            >
              {t('playbooks.detail.moveUp')}
            </button>
            <button
              type="submit"
              name="direction"
              value="down"
              className="button button--quiet"
              disabled={isLast}
              aria-describedby={headingId}
            >
              {t('playbooks.detail.moveDown')}
            </button>
          </Form>
          <details className="playbook-item__delete">
            <summary>{t('playbooks.detail.delete')}</summary>
            <p>{t('playbooks.detail.deleteWarning')}</p>
            <Form method="post">
              <input type="hidden" name="itemKey" value={item.key} />
              <button type="submit" name="intent" value="delete" className="button button--danger">
                {t('playbooks.detail.confirmDelete', { item: item.title })}
              </button>
            </Form>
          </details>
        </div>
      )}
    </li>
  )
}

/** A new item at the end of the playbook, written in its source language. */
function AddItemForm({
  sourceLocale,
  submitted,
}: {
  sourceLocale: Locale
  submitted: { fieldErrors: FieldErrors; values: Record<string, string> | null } | null
}) {
  const { t } = useTranslation('editor')
  const errors = submitted?.fieldErrors ?? {}
  const values = submitted?.values ?? {}
  const flags: ItemFlagValues = submitted?.values ? submittedFlags(submitted.values) : newItemFlags
  return (
    <section className="panel" aria-labelledby="add-heading">
      <h2 id="add-heading">{t('playbooks.detail.addTitle')}</h2>
      <p className="field__hint">{t('playbooks.detail.addHint', { language: localeNames[sourceLocale] })}</p>
      <Form method="post" className="stack" noValidate key={submitted?.values ? 'submitted' : 'empty'}>
        <Field
          label={t('playbooks.fields.key')}
          hint={t('playbooks.fields.keyHint')}
          name="key"
          defaultValue={values.key ?? ''}
          required
          maxLength={playbookLimits.keyMaxLength}
          pattern="[a-z0-9]+(-[a-z0-9]+)*"
          autoCapitalize="none"
          spellCheck={false}
          error={errors.key}
        />
        <Field
          label={t('playbooks.fields.title')}
          name="title"
          defaultValue={values.title ?? ''}
          required
          maxLength={playbookLimits.titleMaxLength}
          lang={sourceLocale}
          error={errors.title}
        />
        <TextareaField
          label={t('playbooks.fields.help')}
          name="help"
          rows={4}
          defaultValue={values.help ?? ''}
          lang={sourceLocale}
          error={errors.help}
        />
        <ItemFlagFields values={flags} errors={errors} showHints />
        <div>
          <button type="submit" name="intent" value="add" className="button">
            {t('playbooks.detail.add')}
          </button>
        </div>
      </Form>
    </section>
  )
}
