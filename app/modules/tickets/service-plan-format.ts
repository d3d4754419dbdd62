import { intlLocales, type Locale } from '~/modules/i18n/locales'

/**
 * Support hours as people of each language read them. Intl's wording can differ a little
 * between the server's and the browser's ICU, so components render these with
 * suppressHydrationWarning: the server's text stays until React re-renders the same string.
 */

/** ISO weekday (1 = Monday) as a date in a week that starts on a Monday (2024-01-01). */
const weekdayDate = (day: number) => new Date(Date.UTC(2024, 0, day, 12))

function weekdayName(locale: Locale, day: number) {
  return new Intl.DateTimeFormat(intlLocales[locale], { weekday: 'short', timeZone: 'UTC' }).format(
    weekdayDate(day),
  )
}

/** "Mon–Fri", "пн–сб", or "Mon–Wed, Sat, and Sun" when the days are not all consecutive. */
export function formatSupportDays(locale: Locale, days: readonly number[]) {
  const sorted = [...new Set(days)].filter((d) => d >= 1 && d <= 7).sort((a, b) => a - b)
  const ranges: string[] = []
  for (let i = 0; i < sorted.length;) {
    let j = i
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++
    const first = weekdayName(locale, sorted[i]!)
    if (j - i >= 2) ranges.push(`${first}–${weekdayName(locale, sorted[j]!)}`)
    else ranges.push(...sorted.slice(i, j + 1).map((d) => weekdayName(locale, d)))
    i = j + 1
  }
  return new Intl.ListFormat(intlLocales[locale], { type: 'conjunction' }).format(ranges)
}

/** "09:00" as the locale writes a time of day ("9:00 AM", "09:00"). */
export function formatSupportTime(locale: Locale, hhmm: string) {
  const [h = 0, m = 0] = hhmm.split(':').map(Number)
  return new Intl.DateTimeFormat(intlLocales[locale], {
    hour: 'numeric',
    minute: '2-digit',
    timeZone: 'UTC',
  }).format(new Date(Date.UTC(2024, 0, 1, h, m)))
}

/** The market's time zone by its name in the locale ("Eastern Time"), with the IANA id as a fallback. */
export function formatTimeZone(locale: Locale, timeZone: string) {
  try {
    const part = new Intl.DateTimeFormat(intlLocales[locale], { timeZone, timeZoneName: 'longGeneric' })
      .formatToParts(new Date())
      .find((p) => p.type === 'timeZoneName')
    return part?.value ?? timeZone
  } catch {
    return timeZone
  }
}

/** A target in business minutes as a count for the plural keys: whole hours, tenths, or minutes. */
export function targetDuration(minutes: number): { unit: 'hours' | 'minutes'; count: number } {
  if (minutes < 60) return { unit: 'minutes', count: minutes }
  return { unit: 'hours', count: Math.round((minutes / 60) * 10) / 10 }
}

export function formatCount(locale: Locale, value: number) {
  return new Intl.NumberFormat(intlLocales[locale], { maximumFractionDigits: 1 }).format(value)
}
