import { createCookie } from '@remix-run/node'
import { config } from '~/config.server'
import { isLocale, type Locale } from './locales'

/** The language a person chose last; `/` sends them back to it. */
const localeCookie = createCookie('hub_locale', {
  httpOnly: true,
  sameSite: 'lax',
  path: '/',
  secure: config().secureCookies,
  maxAge: 365 * 24 * 3600,
})

export async function readLocaleCookie(request: Request): Promise<Locale | null> {
  const value: unknown = await localeCookie.parse(request.headers.get('Cookie'))
  return isLocale(value) ? value : null
}

export function writeLocaleCookie(locale: Locale) {
  return localeCookie.serialize(locale)
}
