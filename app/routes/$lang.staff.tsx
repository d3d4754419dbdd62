import type { LoaderFunctionArgs } from '@remix-run/node'
import { NavLink, Outlet, useLoaderData } from '@remix-run/react'
import { requireStaff } from '~/modules/auth/guards.server'
import { localeParam } from '~/modules/i18n/params'
import { useTranslation } from '~/modules/i18n/use-translation'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const locale = localeParam(params)
  const user = await requireStaff(request, locale)
  return { locale, isAdmin: user.role === 'admin' }
}

export default function StaffLayout() {
  const { t } = useTranslation(['staff', 'common'])
  const { locale, isAdmin } = useLoaderData<typeof loader>()
  const items = [
    { to: `/${locale}/staff`, label: t('nav.overview'), end: true },
    { to: `/${locale}/staff/tickets`, label: t('nav.tickets') },
    { to: `/${locale}/staff/accounts`, label: t('nav.accounts') },
    { to: `/${locale}/staff/onboarding`, label: t('nav.onboarding') },
    { to: `/${locale}/staff/analytics`, label: t('nav.analytics') },
    { to: `/${locale}/staff/content`, label: t('nav.content') },
    { to: `/${locale}/staff/playbooks`, label: t('nav.playbooks') },
    { to: `/${locale}/staff/academy`, label: t('nav.academy') },
    { to: `/${locale}/staff/settings/targets`, label: t('nav.targets') },
    { to: `/${locale}/staff/settings/sla`, label: t('nav.slaTargets') },
    { to: `/${locale}/staff/settings/exchange-rates`, label: t('nav.exchangeRates') },
    ...(isAdmin
      ? [
          { to: `/${locale}/staff/settings/markets`, label: t('nav.markets') },
          { to: `/${locale}/staff/settings/integrations`, label: t('nav.integrations') },
          { to: `/${locale}/staff/outbox`, label: t('nav.outbox') },
        ]
      : []),
  ]
  return (
    <div className="staff">
      <nav aria-label={t('nav.label')} className="staff-nav">
        <ul>
          {items.map((item) => (
            <li key={item.to}>
              <NavLink to={item.to} end={item.end}>
                {item.label}
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <div className="staff__content">
        <Outlet />
      </div>
    </div>
  )
}
