import { Form, Link, useFetcher } from '@remix-run/react'
import { useEffect, useId, useRef, useState } from 'react'
import type { Locale } from '~/modules/i18n/locales'
import { useTranslation } from '~/modules/i18n/use-translation'

type Suggestion = { type: 'article' | 'video' | 'course'; id: number; title: string; url: string }

/**
 * A plain GET form to the search page (works without JavaScript); with JavaScript it also
 * suggests articles as the person types, as a list they can reach with Tab or the arrow keys.
 */
export function SearchForm({
  locale,
  defaultValue = '',
  compact = false,
}: {
  locale: Locale
  defaultValue?: string
  compact?: boolean
}) {
  const { t } = useTranslation('kb')
  const id = useId()
  const fetcher = useFetcher<{ results: Suggestion[] }>()
  const [query, setQuery] = useState(defaultValue)
  const [open, setOpen] = useState(false)
  const listRef = useRef<HTMLUListElement>(null)
  const { load } = fetcher

  useEffect(() => {
    const trimmed = query.trim()
    if (trimmed.length < 2) return
    const timer = setTimeout(
      () =>
        load(`/api/search?${new URLSearchParams({ q: trimmed, lang: locale, limit: '5', typeahead: '1' })}`),
      150,
    )
    return () => clearTimeout(timer)
  }, [query, locale, load])

  const suggestions = query.trim().length >= 2 ? (fetcher.data?.results ?? []) : []
  return (
    <Form
      method="get"
      action={`/${locale}/search`}
      role="search"
      className={compact ? 'search-form search-form--compact' : 'search-form'}
    >
      <label htmlFor={`${id}-q`} className={compact ? 'visually-hidden' : undefined}>
        {t('search.label')}
      </label>
      <div className="search-form__row">
        <input
          id={`${id}-q`}
          type="search"
          name="q"
          value={query}
          maxLength={200}
          placeholder={t('search.placeholder')}
          autoComplete="off"
          // aria-expanded is not allowed on a search field (role searchbox); point to the list while it is shown.
          aria-controls={open && suggestions.length > 0 ? `${id}-suggestions` : undefined}
          onChange={(event) => {
            setQuery(event.target.value)
            setOpen(true)
          }}
          onKeyDown={(event) => {
            if (event.key === 'ArrowDown' && suggestions.length > 0) {
              event.preventDefault()
              listRef.current?.querySelector('a')?.focus()
            }
            if (event.key === 'Escape') setOpen(false)
          }}
        />
        <button type="submit" className="button">
          {t('search.submit')}
        </button>
      </div>
      {open && suggestions.length > 0 && (
        // Arrow keys move between the links inside; the list only delegates their key presses.
        // eslint-disable-next-line jsx-a11y/no-noninteractive-element-interactions
        <ul
          id={`${id}-suggestions`}
          ref={listRef}
          className="search-suggestions"
          aria-label={t('search.suggestions')}
          onKeyDown={(event) => {
            const links = [...(listRef.current?.querySelectorAll('a') ?? [])]
            const index = links.indexOf(document.activeElement as HTMLAnchorElement)
            if (event.key === 'ArrowDown') links[index + 1]?.focus()
            if (event.key === 'ArrowUp') links[index - 1]?.focus()
            if (event.key === 'Escape') setOpen(false)
          }}
        >
          {suggestions.map((s) => (
            <li key={s.url}>
              <Link to={s.url} onClick={() => setOpen(false)}>
                {s.title}
                {s.type !== 'article' && <span className="badge">{t(`search.type_${s.type}`)}</span>}
              </Link>
            </li>
          ))}
        </ul>
      )}
    </Form>
  )
}
