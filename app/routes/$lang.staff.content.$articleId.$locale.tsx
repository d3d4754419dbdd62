import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, type Params } from '@remix-run/react'
import { articleVisibilities } from '#db/schema/kb'
import { Time } from '~/components/time'
import { Field, SelectField, TextareaField } from '~/components/ui/field'
import { UnpublishForm } from '~/components/unpublish-form'
import { isEditor, requireEditor, requireStaff } from '~/modules/auth/guards.server'
import { parseForm, readForm, type FieldErrors } from '~/modules/http/forms'
import type { RouteHandle } from '~/modules/http/route-handle'
import { serverT } from '~/modules/i18n/i18n.server'
import { isLocale, localeNames, type Locale } from '~/modules/i18n/locales'
import { idParam, localeParam } from '~/modules/i18n/params'
import { useTranslation } from '~/modules/i18n/use-translation'
import {
  articleSettingsSchema,
  editorLimits,
  isBodyTooLarge,
  markUpToDateSchema,
  previewSchema,
  restoreSchema,
  unpublishSchema,
  translationFormSchema,
} from '~/modules/kb/editor.schema'
import {
  getTranslationForEditor,
  listCategoryOptions,
  markTranslationUpToDate,
  unpublishTranslation,
  restoreTranslationRevision,
  saveTranslationText,
  updateArticleSettings,
} from '~/modules/kb/editor.server'
import { renderMarkdown } from '~/modules/kb/markdown.server'

export const handle: RouteHandle = {
  title: (t, loaderData) => {
    const d = loaderData as { heading?: string; editLocale?: Locale } | undefined
    return d?.heading && d.editLocale
      ? t('editor:edit.pageTitle', { title: d.heading, language: localeNames[d.editLocale] })
      : ''
  },
}

/** The article and language of the URL; anything unknown is a 404. */
function editorParams(params: Params) {
  const locale = localeParam(params)
  const articleId = idParam(params, 'articleId')
  if (!isLocale(params.locale)) throw new Response('Not found', { status: 404 })
  return { locale, articleId, editLocale: params.locale }
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { locale, articleId, editLocale } = editorParams(params)
  const user = await requireStaff(request, locale)
  const found = await getTranslationForEditor({ articleId, locale: editLocale })
  if (!found) throw new Response('Not found', { status: 404 })
  const categories = found.isSource ? await listCategoryOptions({ locale }) : []
  return {
    locale,
    editLocale,
    canEdit: isEditor(user),
    heading: found.translation?.title ?? found.source?.title ?? found.article.key,
    categories,
    ...found,
  }
}

const formIntents = ['preview', 'save', 'publish'] as const
type FormIntent = (typeof formIntents)[number]

type SubmittedText = {
  slug: string
  title: string
  summary: string
  tags: string
  body: string
  expectedRevision: string
  translatedFrom: string
}

function submittedText(form: FormData): SubmittedText {
  const value = (name: string) => {
    const v = form.get(name)
    return typeof v === 'string' ? v : ''
  }
  return {
    slug: value('slug'),
    title: value('title'),
    summary: value('summary'),
    tags: value('tags'),
    body: value('body'),
    expectedRevision: value('expectedRevision'),
    translatedFrom: value('translatedFrom'),
  }
}

type Notice = {
  key: 'saved' | 'published' | 'unpublished' | 'unchanged' | 'markedUpToDate' | 'restored' | 'settingsSaved'
  revision?: number
}

type ActionResult = {
  intent: string
  fieldErrors: FieldErrors
  /** The submitted text, when the form must show it again instead of what is stored. */
  values: SubmittedText | null
  preview: string | null
  notice: Notice | null
  /** The stored revision that a save from an older one ran into. */
  conflict: number | null
}

const result = (partial: Partial<ActionResult> & { intent: string }, status = 200) =>
  data<ActionResult>(
    { fieldErrors: {}, values: null, preview: null, notice: null, conflict: null, ...partial },
    status,
  )

const statusOf: Record<Exclude<FormIntent, 'preview'>, 'published' | 'draft' | null> = {
  save: null,
  publish: 'published',
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { locale, articleId, editLocale } = editorParams(params)
  const user = await requireEditor(request, locale)
  const found = await getTranslationForEditor({ articleId, locale: editLocale })
  if (!found) throw new Response('Not found', { status: 404 })
  const form = await readForm(request)
  const intent = String(form.get('intent') ?? '')

  if ((formIntents as readonly string[]).includes(intent)) {
    const values = submittedText(form)
    if (intent === 'preview') {
      const parsed = parseForm(form, previewSchema)
      if (!parsed.success)
        return result(
          { intent, fieldErrors: parsed.fieldErrors, values },
          isBodyTooLarge(parsed.fieldErrors) ? 413 : 400,
        )
      const t = serverT(editLocale)
      const { html } = renderMarkdown(parsed.data.body, editLocale, {
        note: t('kb:callout.note'),
        tip: t('kb:callout.tip'),
        important: t('kb:callout.important'),
        warning: t('kb:callout.warning'),
        caution: t('kb:callout.caution'),
      })
      return result({ intent, values, preview: html })
    }
    const parsed = parseForm(form, translationFormSchema)
    if (!parsed.success)
      return result(
        { intent, fieldErrors: parsed.fieldErrors, values },
        isBodyTooLarge(parsed.fieldErrors) ? 413 : 400,
      )
    const { expectedRevision, translatedFrom, minorEdit, ...text } = parsed.data
    const saved = saveTranslationText({
      minorEdit,
      articleId,
      locale: editLocale,
      text,
      status: statusOf[intent as Exclude<FormIntent, 'preview'>],
      expectedRevision,
      translatedFrom,
      userId: user.id,
    })
    if (saved.outcome === 'not-found') throw new Response('Not found', { status: 404 })
    if (saved.outcome === 'conflict') return result({ intent, values, conflict: saved.revision }, 409)
    if (saved.outcome === 'slug-taken')
      return result({ intent, values, fieldErrors: { slug: 'form.slugTaken' } }, 409)
    const key = saved.outcome === 'unchanged' ? 'unchanged' : intent === 'publish' ? 'published' : 'saved'
    return result({ intent, notice: { key, revision: saved.revision } })
  }

  if (intent === 'unpublish') {
    const parsed = parseForm(form, unpublishSchema)
    if (!parsed.success) return result({ intent, fieldErrors: parsed.fieldErrors }, 400)
    const outcome = unpublishTranslation({ articleId, locale: editLocale, ...parsed.data })
    if (outcome === 'not-found') throw new Response('Not found', { status: 404 })
    if (outcome === 'conflict') return result({ intent, conflict: found.translation?.revision ?? 0 }, 409)
    return result({ intent, notice: { key: outcome === 'updated' ? 'unpublished' : 'unchanged' } })
  }

  if (intent === 'markUpToDate') {
    const parsed = parseForm(form, markUpToDateSchema)
    if (!parsed.success) return result({ intent, fieldErrors: parsed.fieldErrors }, 400)
    const marked = markTranslationUpToDate({
      articleId,
      locale: editLocale,
      expectedRevision: parsed.data.expectedRevision,
    })
    if (marked === 'not-found') throw new Response('Not found', { status: 404 })
    if (marked === 'conflict') return result({ intent, conflict: found.translation?.revision ?? 0 }, 409)
    return result({ intent, notice: { key: 'markedUpToDate' } })
  }

  if (intent === 'restore') {
    const parsed = parseForm(form, restoreSchema)
    if (!parsed.success) return result({ intent, fieldErrors: parsed.fieldErrors }, 400)
    const restored = restoreTranslationRevision({
      articleId,
      locale: editLocale,
      ...parsed.data,
      userId: user.id,
    })
    if (restored.outcome === 'not-found') throw new Response('Not found', { status: 404 })
    if (restored.outcome === 'conflict') return result({ intent, conflict: restored.revision }, 409)
    if (restored.outcome === 'slug-taken')
      return result({ intent, fieldErrors: { slug: 'form.slugTaken' } }, 409)
    return result({
      intent,
      notice:
        restored.outcome === 'unchanged'
          ? { key: 'unchanged' }
          : { key: 'restored', revision: restored.revision },
    })
  }

  if (intent === 'settings') {
    const parsed = parseForm(form, articleSettingsSchema)
    if (!parsed.success) return result({ intent, fieldErrors: parsed.fieldErrors }, 400)
    const updated = updateArticleSettings({ articleId, ...parsed.data })
    if (updated === 'not-found') throw new Response('Not found', { status: 404 })
    if (updated === 'unknown-category')
      return result({ intent, fieldErrors: { categoryKey: 'form.unknownCategory' } }, 400)
    return result({ intent, notice: { key: updated === 'unchanged' ? 'unchanged' : 'settingsSaved' } })
  }

  return result({ intent, fieldErrors: { form: 'form.unknownAction' } }, 400)
}

function DiffView({
  lines,
  label,
}: {
  lines: { kind: 'added' | 'removed' | 'same'; text: string }[]
  label: string
}) {
  const { t } = useTranslation('editor')
  return (
    <ol className="diff" aria-label={label} tabIndex={0}>
      {lines.map((line, index) => (
        <li key={index} className={`diff__line diff__line--${line.kind}`}>
          <span className="diff__marker" aria-hidden="true">
            {line.kind === 'added' ? '+' : line.kind === 'removed' ? '−' : ' '}
          </span>
          {line.kind !== 'same' && (
            <span className="visually-hidden">
              {t(line.kind === 'added' ? 'edit.added' : 'edit.removed')}:{' '}
            </span>
          )}
          <span className="diff__text">{line.text}</span>
        </li>
      ))}
    </ol>
  )
}

export default function TranslationEditor() {
  const { t } = useTranslation(['editor', 'kb', 'errors'])
  const loaderData = useLoaderData<typeof loader>()
  const {
    locale,
    editLocale,
    canEdit,
    article,
    isSource,
    state,
    source,
    translation,
    revisions,
    sourceChanges,
    sourceRevision,
    categories,
  } = loaderData
  const actionData = useActionData<typeof action>()
  const textIntent = actionData && (formIntents as readonly string[]).includes(actionData.intent)
  const errors: FieldErrors = textIntent ? actionData.fieldErrors : {}
  const unpublishErrors: FieldErrors = actionData?.intent === 'unpublish' ? actionData.fieldErrors : {}
  const settingsErrors: FieldErrors = actionData?.intent === 'settings' ? actionData.fieldErrors : {}
  const values = actionData?.values
  const stored = {
    slug: translation?.slug ?? '',
    title: translation?.title ?? source?.title ?? '',
    summary: translation?.summary ?? '',
    tags: (translation?.tags ?? []).join(', '),
    body: translation?.body ?? '',
    expectedRevision: String(translation?.revision ?? 0),
    translatedFrom: String(sourceRevision),
  }
  const shown = values ?? stored
  const languageName = localeNames[editLocale]
  const isPublished = translation?.status === 'published'
  const notice = actionData?.notice

  return (
    <div className="page content-editor">
      <p className="breadcrumbs">
        <Link to={`/${locale}/staff/content`}>{t('edit.back')}</Link>
      </p>
      <h1>
        <span lang={editLocale}>{loaderData.heading}</span> <span className="muted">({languageName})</span>
      </h1>
      <p>
        <span className={`state-badge state-badge--${state}`}>
          {t('edit.status', { state: t(`state.${state}`) })}
        </span>{' '}
        {isSource && <span className="badge badge--muted">{t('edit.sourceLanguage')}</span>}{' '}
        {translation && (
          <span className="muted">
            {isSource
              ? t('edit.sourceRevisionInfo', { revision: translation.revision })
              : t('edit.revisionInfo', {
                  revision: translation.revision,
                  sourceRevision: translation.sourceRevision,
                  current: sourceRevision,
                })}
          </span>
        )}{' '}
        {isPublished && translation && (
          <Link to={`/${editLocale}/kb/${translation.slug}`}>{t('edit.viewOnSite')}</Link>
        )}
      </p>

      {!canEdit && <p className="notice">{t('edit.readOnly')}</p>}
      {notice && (
        <div role="status" className="notice notice--success">
          {t(`edit.${notice.key}`, { revision: notice.revision ?? 0 })}
        </div>
      )}
      {actionData?.conflict !== null && actionData?.conflict !== undefined && (
        <div role="alert" className="notice notice--error">
          {t('edit.conflict', { revision: actionData.conflict })}
        </div>
      )}
      {actionData?.fieldErrors.form && (
        <div role="alert" className="notice notice--error">
          {t(`errors:${actionData.fieldErrors.form}` as 'errors:form.invalid')}
        </div>
      )}
      {!translation && <p className="notice">{t('edit.missingNotice', { language: languageName })}</p>}

      {state === 'stale' && translation && (
        <section className="panel" aria-labelledby="source-changes">
          <h2 id="source-changes">{t('edit.sourceChanges', { revision: translation.sourceRevision })}</h2>
          <p>{t('edit.staleNotice')}</p>
          {sourceChanges ? (
            <DiffView
              lines={sourceChanges}
              label={t('edit.sourceChanges', { revision: translation.sourceRevision })}
            />
          ) : (
            <p className="muted">{t('edit.sourceChangesUnavailable')}</p>
          )}
          {canEdit && (
            <Form method="post" className="button-row">
              <input type="hidden" name="expectedRevision" value={translation.revision} />
              <button type="submit" name="intent" value="markUpToDate" className="button button--quiet">
                {t('edit.markUpToDate')}
              </button>
              <span className="field__hint">{t('edit.markUpToDateHint')}</span>
            </Form>
          )}
        </section>
      )}

      <div className={isSource ? 'editor-columns editor-columns--single' : 'editor-columns'}>
        <section aria-labelledby="translation-heading" className="editor-columns__main">
          <h2 id="translation-heading">{t('edit.translation', { language: languageName })}</h2>
          <Form
            method="post"
            className="stack"
            noValidate
            key={`${translation?.revision ?? 0}:${translation?.status ?? ''}:${values ? 'submitted' : 'stored'}`}
          >
            <fieldset className="plain-fieldset stack" disabled={!canEdit}>
              <input type="hidden" name="expectedRevision" value={shown.expectedRevision} />
              <input type="hidden" name="translatedFrom" value={shown.translatedFrom} />
              <Field
                label={t('fields.title')}
                name="title"
                defaultValue={shown.title}
                required
                maxLength={editorLimits.titleMaxLength}
                lang={editLocale}
                error={errors.title}
              />
              <Field
                label={t('fields.slug')}
                hint={t('fields.slugHint')}
                name="slug"
                defaultValue={shown.slug}
                required
                pattern="[a-z0-9]+(-[a-z0-9]+)*"
                autoCapitalize="none"
                spellCheck={false}
                error={errors.slug}
              />
              <Field
                label={t('fields.summary')}
                name="summary"
                defaultValue={shown.summary}
                lang={editLocale}
                error={errors.summary}
              />
              <Field
                label={t('fields.tags')}
                hint={t('fields.tagsHint')}
                name="tags"
                defaultValue={shown.tags}
                lang={editLocale}
                error={errors.tags}
              />
              <TextareaField
                label={t('fields.body')}
                name="body"
                rows={22}
                lang={editLocale}
                className="editor-textarea"
                defaultValue={shown.body}
                error={errors.body}
              />
              {isSource && translation && (
                <div>
                  <div className="checkbox">
                    <input
                      type="checkbox"
                      id="minor-edit"
                      name="minorEdit"
                      aria-describedby="minor-edit-hint"
                    />
                    <label htmlFor="minor-edit">{t('edit.minorEdit')}</label>
                  </div>
                  <p id="minor-edit-hint" className="field__hint">
                    {t('edit.minorEditHint')}
                  </p>
                </div>
              )}
              <div className="button-row">
                <button type="submit" name="intent" value="preview" className="button button--quiet">
                  {t('edit.preview')}
                </button>
                <button type="submit" name="intent" value="save" className="button button--quiet">
                  {isPublished ? t('edit.saveChanges') : t('edit.saveDraft')}
                </button>
                {!isPublished && (
                  <button type="submit" name="intent" value="publish" className="button">
                    {t('edit.publish')}
                  </button>
                )}
              </div>
            </fieldset>
          </Form>
          {isPublished && translation && (
            <UnpublishForm revision={translation.revision} error={unpublishErrors.confirm} />
          )}
          {actionData?.preview !== null && actionData?.preview !== undefined && (
            <section className="panel editor-preview" aria-labelledby="preview-heading">
              <h2 id="preview-heading">{t('edit.previewTitle')}</h2>
              {/* renderMarkdown drops raw HTML and sanitizes the tree before it is serialized. */}
              <div
                className="prose"
                lang={editLocale}
                dangerouslySetInnerHTML={{ __html: actionData.preview }}
              />
            </section>
          )}
        </section>

        {!isSource && (
          <section aria-labelledby="source-heading" className="editor-columns__source">
            <h2 id="source-heading">
              {t('edit.sourceText', {
                language: localeNames[article.sourceLocale],
                revision: sourceRevision,
              })}
            </h2>
            {source ? (
              <div className="source-text" lang={source.locale}>
                <p className="source-text__title">{source.title}</p>
                {source.summary && <p className="muted">{source.summary}</p>}
                {source.tags.length > 0 && <p className="muted">{source.tags.join(', ')}</p>}
                {/* Scrolls on its own (max-height in app.css): focusable so keyboard users can scroll it. */}
                <pre className="source-text__body" tabIndex={0}>
                  {source.body}
                </pre>
              </div>
            ) : (
              <p className="muted">{t('edit.noSource')}</p>
            )}
            <p>
              <Link to={`/${locale}/staff/content/${article.id}/${article.sourceLocale}`}>
                {localeNames[article.sourceLocale]}
              </Link>
            </p>
          </section>
        )}
      </div>

      {isSource && (
        <section className="panel" aria-labelledby="settings-heading">
          <h2 id="settings-heading">{t('edit.settings')}</h2>
          <p className="field__hint">{t('edit.settingsHint')}</p>
          <Form method="post" className="stack" noValidate>
            <fieldset className="plain-fieldset stack" disabled={!canEdit}>
              <SelectField
                label={t('fields.category')}
                name="categoryKey"
                defaultValue={article.categoryKey}
                error={settingsErrors.categoryKey}
              >
                {categories.map((c) => (
                  <option key={c.key} value={c.key}>
                    {c.title}
                  </option>
                ))}
              </SelectField>
              <SelectField
                label={t('fields.visibility')}
                name="visibility"
                defaultValue={article.visibility}
                error={settingsErrors.visibility}
              >
                {articleVisibilities.map((v) => (
                  <option key={v} value={v}>
                    {t(`kb:visibility.${v}`)}
                  </option>
                ))}
              </SelectField>
              <Field
                label={t('fields.position')}
                name="position"
                inputMode="numeric"
                defaultValue={String(article.position)}
                required
                error={settingsErrors.position}
              />
              <div>
                <button type="submit" name="intent" value="settings" className="button button--quiet">
                  {t('edit.saveSettings')}
                </button>
              </div>
            </fieldset>
          </Form>
        </section>
      )}

      <section aria-labelledby="history-heading">
        <h2 id="history-heading">{t('edit.history')}</h2>
        {revisions.length === 0 ? (
          <p className="muted">{t('edit.historyEmpty')}</p>
        ) : (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('edit.revision')}</th>
                  <th scope="col">{t('edit.date')}</th>
                  <th scope="col">{t('edit.author')}</th>
                  <th scope="col">{t('edit.actions')}</th>
                </tr>
              </thead>
              <tbody>
                {revisions.map((r) => (
                  <tr key={r.revision}>
                    <td className="numeric">{r.revision}</td>
                    <td>
                      <Time at={r.createdAt} />
                    </td>
                    <td>{r.author ?? t('edit.noAuthor')}</td>
                    <td>
                      {r.revision === translation?.revision ? (
                        <span className="muted">{t('edit.current')}</span>
                      ) : canEdit ? (
                        <Form method="post" className="inline-form">
                          <input type="hidden" name="revision" value={r.revision} />
                          <input type="hidden" name="expectedRevision" value={translation?.revision ?? 0} />
                          <button
                            type="submit"
                            name="intent"
                            value="restore"
                            className="button button--quiet"
                            aria-label={t('edit.restoreLabel', { revision: r.revision })}
                          >
                            {t('edit.restore')}
                          </button>
                        </Form>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  )
}
