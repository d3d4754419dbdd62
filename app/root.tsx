import type { LinksFunction, LoaderFunctionArgs } from '@remix-run/node'
import {
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useLocation,
  useMatches,
  useRouteLoaderData,
} from '@remix-run/react'
import { I18nextProvider } from 'react-i18next'
import { SiteFooter, SiteHeader } from '~/components/site-chrome'
import { TimeZoneOffer } from '~/components/time'
import { config } from '~/config.server'
import { getUser } from '~/modules/auth/session.server'
import { useNonce } from '~/modules/http/nonce'
import type { RouteHandle } from '~/modules/http/route-handle'
import { i18nOrLoaded, namespaces } from '~/modules/i18n/i18n'
import { readLocaleCookie } from '~/modules/i18n/locale-cookie.server'
import { localeFromPath, locales, negotiateLocale, type Locale } from '~/modules/i18n/locales'
import { useTranslation } from '~/modules/i18n/use-translation'
import { countTicketsAwaitingCustomer } from '~/modules/tickets/tickets.server'
import { utcZone } from '~/modules/time/time-zones'
import stylesheet from '~/styles/app.css?url'

export const links: LinksFunction = () => [
  { rel: 'stylesheet', href: stylesheet },
  { rel: 'icon', href: '/favicon.svg', type: 'image/svg+xml' },
]

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getUser(request)
  const locale =
    localeFromPath(new URL(request.url).pathname) ??
    negotiateLocale({
      cookieLocale: await readLocaleCookie(request),
      userLocale: user?.locale,
      acceptLanguage: request.headers.get('Accept-Language'),
    })
  return {
    locale,
    siteUrl: config().SITE_URL,
    /** Every moment on every page is written on this clock (app/components/time.tsx). */
    timeZone: user?.timeZone ?? utcZone,
    user: user && {
      name: user.name,
      role: user.role,
      isAccountAdmin: user.isAccountAdmin,
      hasAccount: user.accountId !== null,
      timeZoneChosen: user.timeZoneChosen,
      /** Shown beside "Tickets" in the navigation: the tickets whose next move is theirs. */
      ticketsAwaiting:
        user.role === 'customer' && user.accountId !== null
          ? countTicketsAwaitingCustomer({ viewer: user })
          : 0,
    },
  }
}

export type RootData = Awaited<ReturnType<typeof loader>>

export function useRootData() {
  return useRouteLoaderData<typeof loader>('root')
}

function DocumentTitle() {
  const { t } = useTranslation(namespaces)
  const matches = useMatches()
  const match = [...matches].reverse().find((m) => (m.handle as RouteHandle | undefined)?.title)
  const title = match ? (match.handle as RouteHandle).title!(t, match.data) : null
  return <title>{title ? `${title} · ${t('brand')}` : t('brand')}</title>
}

/** Canonical and hreflang alternates for public pages, from the configured site URL. */
function AlternateLinks({ siteUrl, locale }: { siteUrl: string; locale: Locale }) {
  const matches = useMatches()
  const location = useLocation()
  const isPublic = matches.some((m) => (m.handle as RouteHandle | undefined)?.seo)
  if (!isPublic) return null
  const rest = location.pathname.split('/').slice(2).join('/')
  const withAlternates = [...matches].reverse().find((m) => (m.handle as RouteHandle | undefined)?.alternates)
  const paths = withAlternates
    ? (withAlternates.handle as RouteHandle).alternates!(withAlternates.data)
    : locales.map((l) => ({ locale: l, path: `/${l}${rest ? `/${rest}` : ''}` }))
  const own = paths.find((p) => p.locale === locale)?.path ?? location.pathname
  const fallback = paths.find((p) => p.locale === 'en') ?? paths[0]
  return (
    <>
      <link rel="canonical" href={`${siteUrl}${own}`} />
      {paths.map((p) => (
        <link key={p.locale} rel="alternate" hrefLang={p.locale} href={`${siteUrl}${p.path}`} />
      ))}
      {fallback && <link rel="alternate" hrefLang="x-default" href={`${siteUrl}${fallback.path}`} />}
    </>
  )
}

export function Layout({ children }: { children: React.ReactNode }) {
  const data = useRootData()
  const nonce = useNonce()
  const location = useLocation()
  const locale: Locale = data?.locale ?? localeFromPath(location.pathname) ?? 'en'
  const i18n = i18nOrLoaded(locale)
  return (
    <html lang={locale} dir="ltr">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <I18nextProvider i18n={i18n}>
          <DocumentTitle />
        </I18nextProvider>
        <Meta />
        <Links />
        {data && <AlternateLinks siteUrl={data.siteUrl} locale={locale} />}
      </head>
      <body>
        <I18nextProvider i18n={i18n}>
          <SiteHeader locale={locale} user={data?.user ?? null} />
          <main id="main" tabIndex={-1}>
            {data?.user && !data.user.timeZoneChosen && <TimeZoneOffer locale={locale} />}
            {children}
          </main>
          <SiteFooter locale={locale} signedIn={!!data?.user} />
        </I18nextProvider>
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  )
}

export default function App() {
  return <Outlet />
}

export { GeneralErrorBoundary as ErrorBoundary } from '~/components/error-boundary'
