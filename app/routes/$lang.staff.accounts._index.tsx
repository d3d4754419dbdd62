import type { LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { locales, tiers } from '#db/schema/enums'
import { useMarketName } from '~/components/market-name'
import { Pagination } from '~/components/pagination'
import { accountFiltersSchema, accountsPageSize } from '~/modules/accounts/accounts.schema'
import { listAccounts } from '~/modules/accounts/accounts.server'
import { listMarkets } from '~/modules/accounts/markets.server'
import { requireStaff } from '~/modules/auth/guards.server'
import type { RouteHandle } from '~/modules/http/route-handle'
import { formatDate, formatMoney, formatNumber } from '~/modules/i18n/format'
import { localeNames } from '~/modules/i18n/locales'
import { localeParam } from '~/modules/i18n/params'
import { useTranslation } from '~/modules/i18n/use-translation'

export const handle: RouteHandle = { title: (t) => t('staff:accounts.title') }

export async function loader({ request, params }: LoaderFunctionArgs) {
  const locale = localeParam(params)
  await requireStaff(request, locale)
  const url = new URL(request.url)
  const filters = accountFiltersSchema.parse(Object.fromEntries(url.searchParams))
  const [{ rows, page, total }, markets] = await Promise.all([listAccounts(filters), listMarkets()])
  return {
    locale,
    filters: { ...filters, page },
    rows,
    total,
    markets: markets.map((m) => ({ code: m.code, name: m.name })),
  }
}

export default function AccountsList() {
  const { t } = useTranslation(['staff', 'common'])
  const { locale, filters, rows, total, markets } = useLoaderData<typeof loader>()
  const marketName = useMarketName()
  return (
    <div className="page">
      <h1>{t('accounts.title')}</h1>
      <Form method="get" className="filters" role="search" aria-label={t('accounts.filters')}>
        <div className="field">
          <label htmlFor="accounts-q">{t('accounts.search')}</label>
          <input id="accounts-q" type="search" name="q" defaultValue={filters.q} />
        </div>
        <div className="field">
          <label htmlFor="accounts-market">{t('accounts.market')}</label>
          <select id="accounts-market" name="market" defaultValue={filters.market}>
            <option value="">{t('accounts.all')}</option>
            {markets.map((m) => (
              <option key={m.code} value={m.code}>
                {marketName(m)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="accounts-tier">{t('accounts.tier')}</label>
          <select id="accounts-tier" name="tier" defaultValue={filters.tier}>
            <option value="">{t('accounts.all')}</option>
            {tiers.map((tier) => (
              <option key={tier} value={tier}>
                {t(`common:tier.${tier}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="accounts-locale">{t('accounts.language')}</label>
          <select id="accounts-locale" name="locale" defaultValue={filters.locale}>
            <option value="">{t('accounts.all')}</option>
            {locales.map((l) => (
              <option key={l} value={l}>
                {localeNames[l]}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="button">
          {t('accounts.apply')}
        </button>
      </Form>
      <p role="status">{t('accounts.count', { count: total, formatted: formatNumber(locale, total) })}</p>
      {rows.length > 0 && (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('accounts.name')}</th>
                <th scope="col">{t('accounts.market')}</th>
                <th scope="col">{t('accounts.tier')}</th>
                <th scope="col">{t('accounts.language')}</th>
                <th scope="col" className="numeric">
                  {t('accounts.arr')}
                </th>
                <th scope="col">{t('accounts.onboardingStart')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.id}>
                  <td>
                    <Link to={`/${locale}/staff/accounts/${row.id}`}>{row.name}</Link>
                  </td>
                  <td>{row.marketCode}</td>
                  <td>
                    <span className={`badge badge--${row.tier}`}>{t(`common:tier.${row.tier}`)}</span>
                  </td>
                  <td>{localeNames[row.locale]}</td>
                  <td className="numeric">{formatMoney(locale, row.arrMinor, row.currency)}</td>
                  <td>
                    {row.onboardingStartedAt ? formatDate(locale, new Date(row.onboardingStartedAt)) : '—'}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pagination locale={locale} page={filters.page} pageSize={accountsPageSize} total={total} />
    </div>
  )
}
