import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { useId } from 'react'
import { UnpublishForm } from '~/components/unpublish-form'
import { academyLimits, optionField, promptField } from '~/modules/academy/academy-editor.schema'
import type {
  AcademyTextActionResult,
  AcademyTextLoaderData,
} from '~/modules/academy/academy-text-route.server'
import type { FieldErrors } from '~/modules/http/forms'
import { localeNames, type Locale } from '~/modules/i18n/locales'
import { useTranslation } from '~/modules/i18n/use-translation'

type FieldSpec = {
  name: string
  label: string
  multiline?: boolean
  rows?: number
  maxLength?: number
  hint?: string
  code?: boolean
}
type FieldGroup = { legend: string | null; id?: string; fields: FieldSpec[] }

/** Each kind's fields in the order a translator reads them; a quiz has a group per question. */
function useFieldGroups(data: AcademyTextLoaderData): FieldGroup[] {
  const { t } = useTranslation('editor')
  const title: FieldSpec = {
    name: 'title',
    label: t('academy.fields.title'),
    maxLength: academyLimits.titleMaxLength,
  }
  if (data.kind === 'video') {
    return [
      {
        legend: null,
        fields: [
          title,
          {
            name: 'description',
            label: t('academy.fields.description'),
            multiline: true,
            rows: 5,
            maxLength: academyLimits.descriptionMaxLength,
          },
          {
            name: 'captions',
            label: t('academy.fields.captions'),
            multiline: true,
            rows: 14,
            hint: t('academy.fields.captionsHint'),
            code: true,
          },
        ],
      },
    ]
  }
  if (data.kind === 'course') {
    return [
      {
        legend: null,
        fields: [
          title,
          {
            name: 'summary',
            label: t('academy.fields.summary'),
            multiline: true,
            rows: 4,
            maxLength: academyLimits.summaryMaxLength,
          },
        ],
      },
    ]
  }
  return [
    { legend: null, fields: [title] },
    ...data.structure.map((q, index) => ({
      legend: t('academy.quiz.questionNumber', { number: index + 1 }),
      id: `question-${q.key}`,
      fields: [
        {
          name: promptField(q.key),
          label: t('academy.fields.prompt'),
          multiline: true,
          rows: 2,
          maxLength: academyLimits.promptMaxLength,
        },
        ...q.options.map((o, optionIndex) => ({
          name: optionField(q.key, o.key),
          label: t('academy.fields.option', { number: optionIndex + 1 }),
          maxLength: academyLimits.optionMaxLength,
        })),
      ],
    })),
  ]
}

function TextField({
  spec,
  value,
  error,
  lang,
}: {
  spec: FieldSpec
  value: string
  error: string | null
  lang: Locale
}) {
  const id = useId()
  const describedBy =
    [error ? `${id}-error` : null, spec.hint ? `${id}-hint` : null].filter(Boolean).join(' ') || undefined
  const common = {
    id,
    name: spec.name,
    defaultValue: value,
    lang,
    maxLength: spec.maxLength,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': describedBy,
  }
  return (
    <div className="field">
      <label htmlFor={id}>{spec.label}</label>
      {spec.hint && (
        <p id={`${id}-hint`} className="field__hint">
          {spec.hint}
        </p>
      )}
      {spec.multiline ? (
        <textarea
          {...common}
          rows={spec.rows}
          className={spec.code ? 'editor-textarea' : undefined}
          spellCheck={spec.code ? false : undefined}
        />
      ) : (
        <input {...common} />
      )}
      {error && (
        <p id={`${id}-error`} className="field__error">
          {error}
        </p>
      )}
    </div>
  )
}

/** One academy text in one language beside its source: the same flow as the article editor. */
export function AcademyTextEditor() {
  const { t } = useTranslation(['editor', 'errors'])
  const data = useLoaderData<AcademyTextLoaderData>()
  const actionData = useActionData<AcademyTextActionResult>()
  const {
    locale,
    editLocale,
    canEdit,
    base,
    isSource,
    state,
    sourceRevision,
    source,
    translation,
    sourceLocale,
  } = data
  const groups = useFieldGroups(data)
  const textIntent = actionData && ['save', 'publish'].includes(actionData.intent)
  const errors: FieldErrors = textIntent ? actionData.fieldErrors : {}
  const unpublishErrors: FieldErrors = actionData?.intent === 'unpublish' ? actionData.fieldErrors : {}
  const shown = actionData?.values ?? {
    ...(translation?.values ?? { title: source?.values.title ?? '' }),
    expectedRevision: String(translation?.revision ?? 0),
    translatedFrom: String(sourceRevision),
  }
  const languageName = localeNames[editLocale]
  const isPublished = translation?.status === 'published'
  const notice = actionData?.notice
  const errorFor = (name: string) => {
    if (name === 'captions' && actionData?.captionsError)
      return t(`academy.webvtt.${actionData.captionsError.code}`, { line: actionData.captionsError.line })
    return errors[name] ? t(`errors:${errors[name]}` as 'errors:form.invalid') : null
  }

  return (
    <div className="page content-editor">
      <p className="breadcrumbs">
        <Link to={`/${locale}/staff/academy`}>{t('academy.back')}</Link> ·{' '}
        <Link to={base}>{t('academy.edit.settingsLink')}</Link>
      </p>
      <h1>
        <span lang={data.heading.titleLocale}>{data.heading.title}</span>{' '}
        <span className="muted">({languageName})</span>
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
        )}
      </p>

      {!canEdit && <p className="notice">{t('edit.readOnly')}</p>}
      {notice && (
        <div role="status" className="notice notice--success">
          {t(`edit.${notice.key}`, { revision: notice.revision })}
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
      {actionData?.captionsError && (
        <div role="alert" className="notice notice--error">
          {t(`academy.webvtt.${actionData.captionsError.code}`, { line: actionData.captionsError.line })}
        </div>
      )}
      {actionData?.quizProblems && (
        <div role="alert" className="notice notice--error">
          <p>{t('academy.quiz.cannotPublish')}</p>
          <ul>
            {actionData.quizProblems.map((p, index) => (
              <li key={index}>
                {t(`academy.quiz.problem.${p.code}`, {
                  question: p.questionKey ? data.structure.findIndex((q) => q.key === p.questionKey) + 1 : 0,
                })}
              </li>
            ))}
          </ul>
        </div>
      )}
      {actionData?.quizIncomplete && (
        <div role="alert" className="notice notice--error">
          {t('academy.quiz.incomplete')}
        </div>
      )}
      {!translation && <p className="notice">{t('edit.missingNotice', { language: languageName })}</p>}

      {state === 'stale' && translation && (
        <section className="panel" aria-labelledby="stale-heading">
          <h2 id="stale-heading">{t('academy.edit.staleTitle')}</h2>
          <p>{t('edit.staleNotice')}</p>
          {canEdit && (
            <Form method="post" className="button-row">
              <input type="hidden" name="expectedRevision" value={translation.revision} />
              <input type="hidden" name="sourceRevision" value={sourceRevision} />
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
            key={`${translation?.revision ?? 0}:${translation?.status ?? ''}:${actionData?.values ? 'submitted' : 'stored'}`}
          >
            <fieldset className="plain-fieldset stack" disabled={!canEdit}>
              <input type="hidden" name="expectedRevision" value={shown.expectedRevision ?? '0'} />
              <input
                type="hidden"
                name="translatedFrom"
                value={shown.translatedFrom ?? String(sourceRevision)}
              />
              {groups.map((group, index) =>
                group.legend ? (
                  <fieldset key={index} id={group.id} className="panel stack">
                    <legend>{group.legend}</legend>
                    {group.fields.map((spec) => (
                      <TextField
                        key={spec.name}
                        spec={spec}
                        value={shown[spec.name] ?? ''}
                        error={errorFor(spec.name)}
                        lang={editLocale}
                      />
                    ))}
                  </fieldset>
                ) : (
                  group.fields.map((spec) => (
                    <TextField
                      key={spec.name}
                      spec={spec}
                      value={shown[spec.name] ?? ''}
                      error={errorFor(spec.name)}
                      lang={editLocale}
                    />
                  ))
                ),
              )}
              <div className="button-row">
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
        </section>

        {!isSource && (
          <section aria-labelledby="source-heading" className="editor-columns__source">
            <h2 id="source-heading">
              {t('edit.sourceText', { language: localeNames[sourceLocale], revision: sourceRevision })}
            </h2>
            {source ? (
              <dl className="source-text" lang={sourceLocale}>
                {groups.flatMap((group) =>
                  group.fields.map((spec) => (
                    <div key={spec.name}>
                      <dt>{group.legend ? `${group.legend}: ${spec.label}` : spec.label}</dt>
                      <dd>
                        {spec.code ? (
                          <pre className="source-text__body" tabIndex={0}>
                            {source.values[spec.name] ?? ''}
                          </pre>
                        ) : (
                          source.values[spec.name] || t('academy.edit.emptyText')
                        )}
                      </dd>
                    </div>
                  )),
                )}
              </dl>
            ) : (
              <p className="muted">{t('edit.noSource')}</p>
            )}
            <p>
              <Link to={`${base}/${sourceLocale}`}>{localeNames[sourceLocale]}</Link>
            </p>
          </section>
        )}
      </div>
    </div>
  )
}
