import { Link } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { SearchForm } from '~/components/search-form'
import type { RouteHandle } from '~/modules/http/route-handle'
import { useRootData } from '~/root'

export const handle: RouteHandle = { seo: true }

export default function Home() {
  const { t } = useTranslation('common')
  const root = useRootData()
  const locale = root?.locale ?? 'en'
  const user = root?.user
  return (
    <div className="home">
      <section className="hero" aria-labelledby="hero-title">
        <h1 id="hero-title">{t('home.title')}</h1>
        <p className="hero__lead">{t('home.lead')}</p>
        <SearchForm locale={locale} />
        <p className="hero__actions">
          {user ? (
            <Link className="button" to={user.hasAccount ? `/${locale}/account` : `/${locale}/staff`}>
              {t('home.continue')}
            </Link>
          ) : (
            <Link className="button" to={`/${locale}/login`}>
              {t('signIn')}
            </Link>
          )}
        </p>
      </section>
      <section className="pillars" aria-labelledby="pillars-title">
        <h2 id="pillars-title">{t('home.pillarsTitle')}</h2>
        <ul className="card-grid">
          {(['onboard', 'learn', 'ask'] as const).map((pillar) => (
            <li key={pillar} className="card">
              <h3>{t(`home.pillars.${pillar}.title`)}</h3>
              <p>{t(`home.pillars.${pillar}.text`)}</p>
            </li>
          ))}
        </ul>
      </section>
    </div>
  )
}
