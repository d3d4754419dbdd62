import type { LoaderFunctionArgs } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { Fragment } from 'react'
import { useTranslation } from 'react-i18next'
import { SearchForm } from '~/components/search-form'
import type { RouteHandle } from '~/modules/http/route-handle'
import { localeParam } from '~/modules/i18n/params'
import { getViewer } from '~/modules/kb/viewer.server'
import { logSearch, searchContent } from '~/modules/search/search.server'

export const handle: RouteHandle = { title: (t) => t('kb:search.title') }

export async function loader({ request, params }: LoaderFunctionArgs) {
  const locale = localeParam(params)
  const query = (new URL(request.url).searchParams.get('q') ?? '').slice(0, 200)
  const viewer = await getViewer(request)
  const results = query.trim() ? searchContent({ locale, query, viewer, limit: 20 }) : []
  if (query.trim()) await logSearch({ query, locale, resultCount: results.length, userId: viewer.userId })
  return { locale, query, results }
}

/** The snippet with its matching words marked, built from ranges: no HTML from the index. */
function Highlighted({ text, ranges }: { text: string; ranges: [number, number][] }) {
  const parts: React.ReactNode[] = []
  let at = 0
  ranges.forEach(([start, length], i) => {
    parts.push(
      <Fragment key={`t${i}`}>{text.slice(at, start)}</Fragment>,
      <mark key={`m${i}`}>{text.slice(start, start + length)}</mark>,
    )
    at = start + length
  })
  parts.push(text.slice(at))
  return <>{parts}</>
}

export default function SearchPage() {
  const { t } = useTranslation('kb')
  const { locale, query, results } = useLoaderData<typeof loader>()
  return (
    <div className="page">
      <h1>{t('search.title')}</h1>
      <SearchForm key={query} locale={locale} defaultValue={query} />
      {query.trim() && (
        <p role="status" className="search-summary">
          {results.length > 0
            ? t('search.results', { count: results.length, query })
            : t('search.none', { query })}
        </p>
      )}
      {results.length > 0 ? (
        <ol className="search-results">
          {results.map((result) => (
            <li key={`${result.type}:${result.id}`}>
              <h2>
                <Link to={result.url}>{result.title}</Link>
                {result.lang !== locale && (
                  <span className="badge badge--muted" title={t('search.inOtherLanguage')}>
                    {result.lang.toUpperCase()}
                  </span>
                )}
              </h2>
              <p lang={result.lang}>
                <Highlighted text={result.snippet} ranges={result.highlights} />
              </p>
            </li>
          ))}
        </ol>
      ) : (
        query.trim() && (
          <p>
            <Link to={`/${locale}/kb`}>{t('search.browse')}</Link>
          </p>
        )
      )}
    </div>
  )
}
