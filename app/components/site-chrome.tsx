import { Form, Link, NavLink, useLocation } from '@remix-run/react'
import { formatNumber } from '~/modules/i18n/format'
import { localeNames, locales, type Locale } from '~/modules/i18n/locales'
import { useTranslation } from '~/modules/i18n/use-translation'
import type { RootData } from '~/root'
import { SearchForm } from './search-form'
import { TimeZoneNote } from './time'

type Props = { locale: Locale; user: NonNullable<RootData>['user'] }

const staffRoles = ['agent', 'editor', 'admin']

/** Navigation shows the sections that exist for this person; each feature adds its own. */
function useNavigation({ locale, user }: Props) {
  const { t } = useTranslation()
  const items: { to: string; label: string; end: boolean; count?: number }[] = [
    { to: `/${locale}`, label: t('nav.home'), end: true },
    { to: `/${locale}/kb`, label: t('nav.kb'), end: false },
    { to: `/${locale}/videos`, label: t('nav.videos'), end: false },
    { to: `/${locale}/academy`, label: t('nav.academy'), end: false },
  ]
  if (user?.hasAccount) {
    items.push(
      { to: `/${locale}/onboarding`, label: t('nav.onboarding'), end: false },
      { to: `/${locale}/tasks`, label: t('nav.tasks'), end: false },
      { to: `/${locale}/tickets`, label: t('nav.tickets'), end: false, count: user.ticketsAwaiting },
      { to: `/${locale}/account`, label: t('nav.account'), end: false },
    )
  }
  if (user && staffRoles.includes(user.role))
    items.push({ to: `/${locale}/staff`, label: t('nav.staff'), end: false })
  return items
}

export function SiteHeader(props: Props) {
  const { t } = useTranslation()
  const { locale, user } = props
  const location = useLocation()
  const isSearchPage = location.pathname === `/${locale}/search`
  return (
    <header className="site-header">
      <a className="skip-link" href="#main">
        {t('skipToContent')}
      </a>
      <div className="site-header__inner">
        <Link to={`/${locale}`} className="brand">
          <span className="brand__mark" aria-hidden="true">
            ◆
          </span>
          {t('brand')}
        </Link>
        <nav aria-label={t('nav.label')} className="site-nav">
          <ul>
            {useNavigation(props).map((item) => (
              <li key={item.to}>
                <NavLink to={item.to} end={item.end} prefetch="intent">
                  {item.label}
                  {item.count ? (
                    <>
                      {' '}
                      <span className="badge nav-count" aria-hidden="true">
                        {formatNumber(locale, item.count)}
                      </span>
                      <span className="visually-hidden"> ({t('nav.waiting', { count: item.count })})</span>
                    </>
                  ) : null}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
        {!isSearchPage && <SearchForm locale={locale} compact />}
        <div className="site-header__actions">
          <LanguageSwitcher locale={locale} returnTo={`${location.pathname}${location.search}`} />
          {user ? (
            <Form method="post" action={`/${locale}/logout`} className="inline-form">
              <Link to={`/${locale}/account`} className="signed-in-as">
                {user.name}
              </Link>
              <button type="submit" className="button button--quiet">
                {t('signOut')}
              </button>
            </Form>
          ) : (
            <Link to={`/${locale}/login`} className="button button--quiet">
              {t('signIn')}
            </Link>
          )}
        </div>
      </div>
    </header>
  )
}

/**
 * A form of buttons, one per language: works without JavaScript, is one click, and saves
 * the choice (cookie, and the profile when signed in) before returning to the same page.
 */
export function LanguageSwitcher({ locale, returnTo }: { locale: Locale; returnTo: string }) {
  const { t } = useTranslation()
  return (
    <Form method="post" action={`/${locale}/language`} className="language-switcher">
      <input type="hidden" name="returnTo" value={returnTo} />
      <fieldset>
        <legend className="visually-hidden">{t('language.label')}</legend>
        {locales.map((l) => (
          <button
            key={l}
            type="submit"
            name="locale"
            value={l}
            lang={l}
            aria-pressed={l === locale}
            title={localeNames[l]}
            className="language-switcher__option"
          >
            {/* The spoken name starts with the visible code (WCAG 2.5.3, label in name). */}
            {l.toUpperCase()}
            <span className="visually-hidden"> {localeNames[l]}</span>
          </button>
        ))}
      </fieldset>
    </Form>
  )
}

export function SiteFooter({ locale, signedIn }: { locale: Locale; signedIn: boolean }) {
  const { t } = useTranslation()
  return (
    <footer className="site-footer">
      <div className="site-footer__inner">
        <p>{t('footer.tagline')}</p>
        {signedIn && <TimeZoneNote locale={locale} />}
        <p>
          <Link to={`/${locale}`}>{t('brand')}</Link> ·{' '}
          {t('footer.copyright', { year: new Date().getUTCFullYear() })}
        </p>
      </div>
    </footer>
  )
}
