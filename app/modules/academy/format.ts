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

/**
 * How long a course or lesson takes, in the locale's words: "21 minutes", "1 hour, 5 minutes".
 * An estimate past the hour is rounded to five minutes; nobody plans to the minute there.
 */
export function formatStudyTime(locale: Locale, minutes: number) {
  const total = minutes >= 60 ? Math.round(minutes / 5) * 5 : Math.max(0, Math.round(minutes))
  const unit = (value: number, name: 'hour' | 'minute') =>
    new Intl.NumberFormat(intlLocales[locale], { style: 'unit', unit: name, unitDisplay: 'long' }).format(
      value,
    )
  const hours = Math.floor(total / 60)
  const rest = total % 60
  const parts = [
    hours > 0 ? unit(hours, 'hour') : null,
    rest > 0 || hours === 0 ? unit(rest, 'minute') : null,
  ]
  return new Intl.ListFormat(intlLocales[locale], { style: 'long', type: 'unit' }).format(
    parts.filter((part): part is string => part !== null),
  )
}
