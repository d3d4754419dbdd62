import { Link } from '@remix-run/react'
import type { ReactNode } from 'react'
import { Field } from '~/components/ui/field'
import type { FieldErrors } from '~/modules/http/forms'
import { localeNames, locales, type Locale } from '~/modules/i18n/locales'
import { useTranslation } from '~/modules/i18n/use-translation'
import type { TranslationState } from '~/modules/kb/editor.schema'

/** Links to an item's text in each language with its state in words; the source language marked. */
export function LocaleTextLinks({
  base,
  states,
  sourceLocale,
  label,
}: {
  base: string
  states: Record<Locale, TranslationState>
  sourceLocale: Locale
  label: string
}) {
  const { t } = useTranslation('editor')
  return (
    <ul className="locale-links" aria-label={label}>
      {locales.map((l) => (
        <li key={l} data-locale={l} data-state={states[l]}>
          <Link to={`${base}/${l}`} lang={l}>
            {localeNames[l]}
          </Link>{' '}
          <span className={`state-badge state-badge--${states[l]}`}>{t(`state.${states[l]}`)}</span>
          {l === sourceLocale && <span className="muted"> ({t('matrix.source')})</span>}
        </li>
      ))}
    </ul>
  )
}

/**
 * The top of a video's, course's or quiz's staff page: where it is, what it is, the outcome of the
 * last form, and its texts per language with their states.
 */
export function AcademyItemHeader(props: {
  locale: Locale
  title: string
  titleLocale: Locale
  itemKey: string
  sourceLocale: Locale
  details?: ReactNode
  canEdit: boolean
  notice: string | null
  formError: string | undefined
  textsHint: string
  base: string
  states: Record<Locale, TranslationState>
}) {
  const { t } = useTranslation(['editor', 'errors'])
  return (
    <>
      <p className="breadcrumbs">
        <Link to={`/${props.locale}/staff/academy`}>{t('academy.back')}</Link>
      </p>
      <h1 lang={props.titleLocale}>{props.title}</h1>
      <p className="muted">
        {t('academy.detail.key', { key: props.itemKey })} ·{' '}
        {t('academy.detail.sourceLanguage', { language: localeNames[props.sourceLocale] })}
        {props.details && <> · {props.details}</>}
      </p>
      {!props.canEdit && <p className="notice">{t('edit.readOnly')}</p>}
      {props.notice && (
        <div role="status" className="notice notice--success">
          {props.notice}
        </div>
      )}
      {props.formError && (
        <div role="alert" className="notice notice--error">
          {t(`errors:${props.formError}` as 'errors:form.invalid')}
        </div>
      )}
      <section className="panel" aria-labelledby="texts-heading">
        <h2 id="texts-heading">{t('academy.detail.texts')}</h2>
        <p className="field__hint">{props.textsHint}</p>
        <LocaleTextLinks
          base={props.base}
          states={props.states}
          sourceLocale={props.sourceLocale}
          label={t('academy.detail.texts')}
        />
      </section>
    </>
  )
}

/** Pass mark, attempts and cool-down: the same fields to create a quiz or change its rules. */
export function QuizRuleFields({
  values,
  errors,
  defaults,
}: {
  values: Record<string, string>
  errors: FieldErrors
  defaults: { passMark: number; maxAttempts: number; cooldownMinutes: number }
}) {
  const { t } = useTranslation('editor')
  return (
    <>
      <Field
        label={t('academy.fields.passMark')}
        hint={t('academy.fields.passMarkHint')}
        name="passMark"
        inputMode="numeric"
        defaultValue={values.passMark ?? String(defaults.passMark)}
        required
        error={errors.passMark}
      />
      <Field
        label={t('academy.fields.maxAttempts')}
        hint={t('academy.fields.maxAttemptsHint')}
        name="maxAttempts"
        inputMode="numeric"
        defaultValue={values.maxAttempts ?? String(defaults.maxAttempts)}
        required
        error={errors.maxAttempts}
      />
      <Field
        label={t('academy.fields.cooldown')}
        hint={t('academy.fields.cooldownHint')}
        name="cooldownMinutes"
        inputMode="numeric"
        defaultValue={values.cooldownMinutes ?? String(defaults.cooldownMinutes)}
        required
        error={errors.cooldownMinutes}
      />
    </>
  )
}
