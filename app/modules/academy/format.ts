import { intlLocales, type Locale } from '~/modules/i18n/locales'

/**
 * "in 45 minutes", "in 2 hours": how long until `target`, in the locale's words. Both moments
 * come from the server, so the server and the browser write the same text.
 */
export function formatTimeUntil(locale: Locale, target: Date, now: Date) {
  const minutes = Math.max(1, Math.ceil((target.getTime() - now.getTime()) / 60_000))
  const format = new Intl.RelativeTimeFormat(intlLocales[locale], { numeric: 'auto' })
  if (minutes < 90) return format.format(minutes, 'minute')
  if (minutes < 48 * 60) return format.format(Math.ceil(minutes / 60), 'hour')
  return format.format(Math.ceil(minutes / 1440), 'day')
}
