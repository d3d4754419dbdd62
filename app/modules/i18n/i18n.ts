import { createInstance, type i18n, type Resource } from 'i18next'
import { initReactI18next } from 'react-i18next'
import type { Locale } from './locales'

/** One namespace per domain, as in locales/<lang>/<namespace>.json. */
export const namespaces = [
  'common',
  'errors',
  'auth',
  'account',
  'staff',
  'mail',
  'kb',
  'editor',
  'onboarding',
  'tasks',
  'tickets',
  'videos',
  'academy',
  'analytics',
] as const
export type Namespace = (typeof namespaces)[number]

const instances = new Map<Locale, i18n>()

/**
 * Instances are made once per locale and reused: building one per request costs more
 * than rendering the page (docs/tooling.md).
 */
export function registerLocale(locale: Locale, resources: Resource[string]) {
  const existing = instances.get(locale)
  if (existing) return existing
  const instance = createInstance()
  instance.use(initReactI18next).init({
    lng: locale,
    fallbackLng: false,
    supportedLngs: [locale],
    ns: [...namespaces],
    defaultNS: 'common',
    resources: { [locale]: resources },
    initAsync: false,
    interpolation: { escapeValue: false },
    returnNull: false,
  })
  instances.set(locale, instance)
  return instance
}

export function hasLocale(locale: Locale) {
  return instances.has(locale)
}

export function i18nFor(locale: Locale): i18n {
  const instance = instances.get(locale)
  if (!instance) throw new Error(`Locale ${locale} is not loaded`)
  return instance
}

/** The instance for a locale, or any loaded one while a rare client navigation is still loading it. */
export function i18nOrLoaded(locale: Locale): i18n {
  return instances.get(locale) ?? instances.values().next().value ?? i18nFor(locale)
}
