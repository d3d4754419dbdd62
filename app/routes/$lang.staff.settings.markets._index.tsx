import type { LoaderFunctionArgs } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useMarketName } from '~/components/market-name'
import { listMarkets } from '~/modules/accounts/markets.server'
import { requireAdmin } from '~/modules/auth/guards.server'
import type { RouteHandle } from '~/modules/http/route-handle'
import { formatMoney, formatNumber } from '~/modules/i18n/format'
import { localeNames } from '~/modules/i18n/locales'
import { localeParam } from '~/modules/i18n/params'
import { useTranslation } from '~/modules/i18n/use-translation'

export const handle: RouteHandle = { title: (t) => t('staff:markets.title') }

export async function loader({ request, params }: LoaderFunctionArgs) {
  const locale = localeParam(params)
  await requireAdmin(request, locale)
  return { locale, markets: await listMarkets() }
}

export default function MarketsPage() {
  const { t } = useTranslation(['staff', 'common'])
  const { locale, markets } = useLoaderData<typeof loader>()
  const marketName = useMarketName()
  return (
    <div className="page">
      <h1>{t('markets.title')}</h1>
      <p className="lead">{t('markets.lead')}</p>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{t('markets.name')}</th>
              <th scope="col">{t('markets.defaultLocale')}</th>
              <th scope="col" className="numeric">
                {t('markets.midTouchMinArr')}
              </th>
              <th scope="col" className="numeric">
                {t('markets.highTouchMinArr')}
              </th>
              <th scope="col">{t('markets.hours')}</th>
              <th scope="col" className="numeric">
                {t('markets.accounts')}
              </th>
            </tr>
          </thead>
          <tbody>
            {markets.map((m) => (
              <tr key={m.code}>
                <td>
                  <Link to={`/${locale}/staff/settings/markets/${m.code}`}>{marketName(m)}</Link>{' '}
                  <span className="muted">{m.code}</span>
                </td>
                <td>{localeNames[m.defaultLocale]}</td>
                <td className="numeric">{formatMoney(locale, m.midTouchMinArr, m.currency)}</td>
                <td className="numeric">{formatMoney(locale, m.highTouchMinArr, m.currency)}</td>
                <td>
                  {m.supportOpens}–{m.supportCloses} <span className="muted">{m.timezone}</span>
                </td>
                <td className="numeric">{formatNumber(locale, m.accountCount)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  )
}
