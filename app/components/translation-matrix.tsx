import { Link } from '@remix-run/react'
import { localeNames, locales, type Locale } from '~/modules/i18n/locales'
import { useTranslation } from '~/modules/i18n/use-translation'
import type { TranslationState } from '~/modules/kb/editor.schema'

/** The language columns' headers of a translation matrix. */
export function LocaleHeaders() {
  return (
    <>
      {locales.map((l) => (
        <th scope="col" key={l} lang={l}>
          {localeNames[l]}
        </th>
      ))}
    </>
  )
}

/**
 * One row's cells of a translation matrix (articles, academy): each a link to that language's
 * text, its state in words (the colour only repeats them), the source language marked.
 */
export function TranslationStateCells({
  title,
  cells,
  sourceLocale,
  hrefFor,
}: {
  title: string
  cells: Record<Locale, TranslationState>
  sourceLocale: Locale
  hrefFor: (locale: Locale) => string
}) {
  const { t } = useTranslation('editor')
  return (
    <>
      {locales.map((l) => {
        const state = cells[l]
        return (
          <td key={l} data-locale={l} data-state={state}>
            <Link
              to={hrefFor(l)}
              className={`state-badge state-badge--${state}`}
              aria-label={t('matrix.cellLabel', {
                article: title,
                language: localeNames[l],
                state: t(`state.${state}`),
              })}
            >
              {t(`state.${state}`)}
            </Link>
            {l === sourceLocale && <span className="muted"> ({t('matrix.source')})</span>}
          </td>
        )
      })}
    </>
  )
}
