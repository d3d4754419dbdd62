import type { LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { Time } from '~/components/time'
import { requireStaff } from '~/modules/auth/guards.server'
import type { RouteHandle } from '~/modules/http/route-handle'
import { formatNumber } from '~/modules/i18n/format'
import { localeNames, locales } from '~/modules/i18n/locales'
import { localeParam } from '~/modules/i18n/params'
import { useTranslation } from '~/modules/i18n/use-translation'
import { searchGapFiltersSchema } from '~/modules/kb/editor.schema'
import { listSearchesWithoutResults } from '~/modules/kb/editor.server'

export const handle: RouteHandle = { title: (t) => t('editor:searches.title') }

export async function loader({ request, params }: LoaderFunctionArgs) {
  const locale = localeParam(params)
  await requireStaff(request, locale)
  const filters = searchGapFiltersSchema.parse(Object.fromEntries(new URL(request.url).searchParams))
  const rows = await listSearchesWithoutResults({ locale: filters.locale })
  return { locale, filters, rows }
}

export default function SearchesWithoutResults() {
  const { t } = useTranslation('editor')
  const { locale, filters, rows } = useLoaderData<typeof loader>()
  return (
    <div className="page">
      <p className="breadcrumbs">
        <Link to={`/${locale}/staff/content`}>{t('searches.back')}</Link>
      </p>
      <h1>{t('searches.title')}</h1>
      <p className="lead">{t('searches.lead')}</p>
      <Form method="get" className="filters" role="search" aria-label={t('searches.filters')}>
        <div className="field">
          <label htmlFor="searches-locale">{t('searches.language')}</label>
          <select id="searches-locale" name="locale" defaultValue={filters.locale ?? ''}>
            <option value="">{t('searches.allLanguages')}</option>
            {locales.map((l) => (
              <option key={l} value={l}>
                {localeNames[l]}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="button">
          {t('searches.apply')}
        </button>
      </Form>
      {rows.length === 0 ? (
        <p className="muted">{t('searches.empty')}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('searches.query')}</th>
                <th scope="col">{t('searches.language')}</th>
                <th scope="col" className="numeric">
                  {t('searches.times')}
                </th>
                <th scope="col">{t('searches.lastSearched')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={`${row.locale}:${row.query}`}>
                  <td lang={row.locale}>{row.query}</td>
                  <td>{localeNames[row.locale]}</td>
                  <td className="numeric">{formatNumber(locale, row.count)}</td>
                  <td>
                    <Time at={row.lastSearchedAt} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  )
}
