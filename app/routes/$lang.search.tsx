import { data, type HeadersFunction, type LoaderFunctionArgs } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { Fragment } from 'react'
import { z } from 'zod'
import { AskUs } from '~/components/ask-us'
import { SearchForm } from '~/components/search-form'
import { loginPath } from '~/modules/auth/guards.server'
import { usageHeader, usageHeaders } from '~/modules/events/usage'
import type { RouteHandle } from '~/modules/http/route-handle'
import { localeParam } from '~/modules/i18n/params'
import { useTranslation } from '~/modules/i18n/use-translation'
import { getViewer } from '~/modules/kb/viewer.server'
import { popularArticles, search, searchUsage } from '~/modules/search/search.server'

export const handle: RouteHandle = { title: (t) => t('kb:search.title') }

const searchParams = z.object({
  // Long queries are cut, not refused: search itself keeps only the first words.
  q: z
    .string()
    .default('')
    .transform((q) => q.slice(0, 200)),
  // A link from "Showing results for …" asks for the words as typed, without corrections.
  exact: z.enum(['1']).optional().catch(undefined),
})

export async function loader({ request, params }: LoaderFunctionArgs) {
  const locale = localeParam(params)
  const { q: query, exact } = searchParams.parse(Object.fromEntries(new URL(request.url).searchParams))
  const viewer = await getViewer(request)
  const outcome = query.trim()
    ? await search({ locale, query, viewer, limit: 20, exact: exact === '1' })
    : { results: [], correctedQuery: null, forCustomers: 0 }
  const nothingFound = Boolean(query.trim()) && outcome.results.length === 0
  return data(
    {
      locale,
      query,
      ...outcome,
      popular: nothingFound ? await popularArticles({ locale, viewer }) : [],
      signIn: outcome.forCustomers > 0 ? loginPath(locale, request) : null,
    },
    {
      headers: usageHeaders(
        searchUsage({ query, locale, resultCount: outcome.results.length, userId: viewer.userId }),
      ),
    },
  )
}

export const headers: HeadersFunction = ({ loaderHeaders }) => {
  const usage = loaderHeaders.get(usageHeader)
  return usage ? { [usageHeader]: usage } : new Headers()
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
  const { locale, query, results, correctedQuery, forCustomers, popular, signIn } =
    useLoaderData<typeof loader>()
  const exactSearch = `/${locale}/search?${new URLSearchParams({ q: query, exact: '1' })}`
  return (
    <div className="page">
      <h1>{t('search.title')}</h1>
      <SearchForm key={query} locale={locale} defaultValue={query} />
      {query.trim() && (
        <p role="status" className="search-summary">
          {results.length > 0
            ? t('search.results', { count: results.length, query: correctedQuery ?? query })
            : t('search.none', { query })}
        </p>
      )}
      {correctedQuery && results.length > 0 && (
        <p className="search-corrected">
          {t('search.correctedTo', { query: correctedQuery })}{' '}
          <Link to={exactSearch}>{t('search.searchExact', { query })}</Link>
        </p>
      )}
      {signIn && (
        <p className="search-sign-in">
          {t('search.forCustomers', { count: forCustomers })} <Link to={signIn}>{t('search.signIn')}</Link>
        </p>
      )}
      {results.length > 0 && (
        <ol className="search-results">
          {results.map((result) => (
            <li key={`${result.type}:${result.id}`}>
              <h2>
                <Link to={result.url}>{result.title}</Link>
                {result.type !== 'article' && (
                  <span className="badge">{t(`search.type_${result.type}`)}</span>
                )}
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
      )}
      {query.trim() && results.length === 0 && (
        <section className="search-empty">
          <p>{t('search.noneHelp')}</p>
          {popular.length > 0 && (
            <>
              <h2>{t('search.popular')}</h2>
              <ul>
                {popular.map((article) => (
                  <li key={article.id}>
                    <Link to={article.url}>{article.title}</Link>
                  </li>
                ))}
              </ul>
            </>
          )}
          <p>
            <Link to={`/${locale}/kb`}>{t('search.browse')}</Link>
          </p>
          <AskUs
            locale={locale}
            heading={t('search.askUsTitle')}
            subject={query.trim()}
            page={{
              path: `/${locale}/search?${new URLSearchParams({ q: query })}`,
              title: t('search.title'),
            }}
          />
        </section>
      )}
    </div>
  )
}
