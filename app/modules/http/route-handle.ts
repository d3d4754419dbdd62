import type { TFunction } from 'i18next'
import type { namespaces } from '~/modules/i18n/i18n'
import type { Locale } from '~/modules/i18n/locales'

/** What a route tells the document around it (see root.tsx). */
export type RouteHandle = {
  /** The page title, from the route's loader data. */
  title?: (t: TFunction<typeof namespaces>, data: unknown) => string
  /** A public page: gets canonical and hreflang alternate links. */
  seo?: boolean
  /** The page's address in each language it exists in, when not the same path under every prefix. */
  alternates?: (data: unknown) => { locale: Locale; path: string }[]
}
