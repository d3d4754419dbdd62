import { useFetcher } from '@remix-run/react'
import { useEffect } from 'react'
import { formatNumber } from '~/modules/i18n/format'
import type { Locale } from '~/modules/i18n/locales'
import { useTranslation } from '~/modules/i18n/use-translation'

type Suggestion = { type: string; id: number; title: string; url: string }

/**
 * Knowledge-base articles that may answer what is being typed, from the same typeahead call as
 * the header search (`/api/search?typeahead=1`, which is not logged as a search). They open in
 * a new tab so the draft stays; `onOpen` tells the form which article was opened.
 */
export function KbSuggestions({
  locale,
  query,
  onOpen,
}: {
  locale: Locale
  query: string
  onOpen: (articleId: number) => void
}) {
  const { t } = useTranslation('tickets')
  const fetcher = useFetcher<{ results: Suggestion[] }>()
  const { load } = fetcher
  const trimmed = query.trim()

  useEffect(() => {
    if (trimmed.length < 3) return
    const timer = setTimeout(
      () =>
        load(`/api/search?${new URLSearchParams({ q: trimmed, lang: locale, limit: '5', typeahead: '1' })}`),
      250,
    )
    return () => clearTimeout(timer)
  }, [trimmed, locale, load])

  const articles =
    trimmed.length >= 3 ? (fetcher.data?.results ?? []).filter((r) => r.type === 'article').slice(0, 3) : []
  return (
    // Present from the start, so screen readers announce suggestions as they arrive.
    <div aria-live="polite" className="kb-suggestions">
      {articles.length > 0 && (
        <section className="notice" aria-labelledby="kb-suggestions-heading">
          <h2 id="kb-suggestions-heading" className="kb-suggestions__title">
            {t('customer.new.suggestionsTitle')}
          </h2>
          <p className="visually-hidden">
            {t('customer.new.suggestionsCount', {
              count: articles.length,
              formatted: formatNumber(locale, articles.length),
            })}
          </p>
          <ul>
            {articles.map((article) => (
              <li key={article.id}>
                <a
                  href={suggestionUrl(article.url)}
                  target="_blank"
                  rel="noopener noreferrer"
                  onClick={() => onOpen(article.id)}
                >
                  {article.title}
                  <span className="visually-hidden"> {t('customer.new.opensInNewTab')}</span>
                </a>
              </li>
            ))}
          </ul>
          <p className="field__hint">{t('customer.new.suggestionsHint')}</p>
        </section>
      )}
    </div>
  )
}

/** Marks the article's URL so its page records a suggestion opened (the cockpit's deflection funnel). */
export function suggestionUrl(url: string) {
  return `${url}${url.includes('?') ? '&' : '?'}${suggestionParam}=1`
}

export const suggestionParam = 'suggested'
