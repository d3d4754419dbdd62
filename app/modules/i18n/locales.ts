import { locales, type Locale } from '#db/schema/enums'

export { locales, type Locale }

export const defaultLocale: Locale = 'en'

/** Endonyms: each language is offered in its own name. */
export const localeNames: Record<Locale, string> = {
  en: 'English',
  ru: 'Русский',
  es: 'Español',
  pt: 'Português',
}

/** The regional variant each locale is written in: Brazilian Portuguese, Latin American Spanish. */
export const intlLocales: Record<Locale, string> = {
  en: 'en-US',
  ru: 'ru-RU',
  es: 'es-419',
  pt: 'pt-BR',
}

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (locales as readonly string[]).includes(value)
}

/** The locale of a path such as `/ru/kb`, or null when the first segment is not one. */
export function localeFromPath(pathname: string): Locale | null {
  const first = pathname.split('/')[1]
  return isLocale(first) ? first : null
}

/** Replaces the locale prefix of a path, keeping the rest: the language switcher keeps the page. */
export function switchLocalePath(pathAndSearch: string, to: Locale) {
  const [pathname = '/', search = ''] = splitOnce(pathAndSearch, '?')
  const rest = localeFromPath(pathname) ? pathname.split('/').slice(2).join('/') : ''
  return `/${to}${rest ? `/${rest}` : ''}${search ? `?${search}` : ''}`
}

function splitOnce(value: string, separator: string): [string, string] {
  const index = value.indexOf(separator)
  return index === -1 ? [value, ''] : [value.slice(0, index), value.slice(index + 1)]
}

/** Parses Accept-Language into supported locales, best first (RFC 9110 quality values). */
export function localesFromAcceptLanguage(header: string | null | undefined): Locale[] {
  if (!header) return []
  return header
    .split(',')
    .slice(0, 20)
    .map((part, position) => {
      const [tag = '', ...params] = part.trim().split(';')
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='))
      const quality = q ? Number(q.slice(2)) : 1
      return { base: tag.trim().toLowerCase().split('-')[0], quality, position }
    })
    .filter((entry) => Number.isFinite(entry.quality) && entry.quality > 0)
    .sort((a, b) => b.quality - a.quality || a.position - b.position)
    .map((entry) => entry.base)
    .filter(isLocale)
}

/** docs/design.md: cookie, then the signed-in user's locale, then Accept-Language, then English. */
export function negotiateLocale(input: {
  cookieLocale?: string | null
  userLocale?: string | null
  acceptLanguage?: string | null
}): Locale {
  if (isLocale(input.cookieLocale)) return input.cookieLocale
  if (isLocale(input.userLocale)) return input.userLocale
  return localesFromAcceptLanguage(input.acceptLanguage)[0] ?? defaultLocale
}
