import type { LoaderFunctionArgs } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { tiers } from '#db/schema/enums'
import { useMarketName } from '~/components/market-name'
import { countAccountsByTier } from '~/modules/accounts/accounts.server'
import { listMarkets } from '~/modules/accounts/markets.server'
import { requireStaff } from '~/modules/auth/guards.server'
import type { RouteHandle } from '~/modules/http/route-handle'
import { formatNumber } from '~/modules/i18n/format'
import { localeParam } from '~/modules/i18n/params'
import { useTranslation } from '~/modules/i18n/use-translation'

export const handle: RouteHandle = { title: (t) => t('staff:overview.title') }

export async function loader({ request, params }: LoaderFunctionArgs) {
  const locale = localeParam(params)
  await requireStaff(request, locale)
  const [byTier, markets] = await Promise.all([countAccountsByTier(), listMarkets()])
  return {
    locale,
    byTier,
    markets: markets.map((m) => ({ code: m.code, name: m.name, accountCount: m.accountCount })),
  }
}

export default function StaffOverview() {
  const { t } = useTranslation(['staff', 'common'])
  const { locale, byTier, markets } = useLoaderData<typeof loader>()
  const marketName = useMarketName()
  return (
    <div className="page">
      <h1>{t('overview.title')}</h1>
      <section aria-labelledby="tiers-heading">
        <h2 id="tiers-heading">{t('overview.byTier')}</h2>
        <ul className="stat-grid">
          {tiers.map((tier) => (
            <li key={tier} className="stat">
              <Link to={`/${locale}/staff/accounts?tier=${tier}`}>
                <span className="stat__value">{formatNumber(locale, byTier[tier] ?? 0)}</span>
                <span className="stat__label">{t(`common:tier.${tier}`)}</span>
              </Link>
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="markets-heading">
        <h2 id="markets-heading">{t('overview.byMarket')}</h2>
        <ul className="stat-grid">
          {markets.map((market) => (
            <li key={market.code} className="stat">
              <Link to={`/${locale}/staff/accounts?market=${market.code}`}>
                <span className="stat__value">{formatNumber(locale, market.accountCount)}</span>
                <span className="stat__label">{marketName(market)}</span>
              </Link>
            </li>
          ))}
        </ul>
      </section>
    </div>
  )
}
