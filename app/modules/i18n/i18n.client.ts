import type { Resource } from 'i18next'
import { hasLocale, registerLocale } from './i18n'
import { isLocale, type Locale } from './locales'

const files = import.meta.glob<Record<string, unknown>>('../../../locales/*/*.json', {
  import: 'default',
})

/** Loads one locale's namespaces in the browser, on first need: a page ships only its language. */
export async function loadLocale(locale: string): Promise<Locale | null> {
  if (!isLocale(locale)) return null
  if (hasLocale(locale)) return locale
  const entries = Object.entries(files).filter(([path]) => path.includes(`/locales/${locale}/`))
  const resources: Resource[string] = {}
  await Promise.all(
    entries.map(async ([path, load]) => {
      const namespace = /\/(\w+)\.json$/.exec(path)?.[1]
      if (namespace) resources[namespace] = await load()
    }),
  )
  registerLocale(locale, resources)
  return locale
}
