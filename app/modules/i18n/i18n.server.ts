import type { Resource } from 'i18next'
import { i18nFor, registerLocale } from './i18n'
import { locales, type Locale } from './locales'

const files = import.meta.glob<Record<string, unknown>>('../../../locales/*/*.json', {
  eager: true,
  import: 'default',
})

/** Every locale is loaded at boot on the server. */
export function resourcesByLocale(): Record<Locale, Resource[string]> {
  const byLocale = Object.fromEntries(locales.map((l) => [l, {}])) as Record<Locale, Resource[string]>
  for (const [path, content] of Object.entries(files)) {
    const match = /\/locales\/(\w+)\/(\w+)\.json$/.exec(path)
    const locale = match?.[1] as Locale | undefined
    if (locale && byLocale[locale] && match?.[2]) byLocale[locale][match[2]] = content
  }
  return byLocale
}

for (const [locale, resources] of Object.entries(resourcesByLocale())) {
  registerLocale(locale as Locale, resources)
}

/** A translator for server-made text (mail, API errors) in the given locale. */
export function serverT(locale: Locale) {
  return i18nFor(locale).t
}
