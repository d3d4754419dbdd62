import { intlLocales, type Locale } from '~/modules/i18n/locales'
import { utcZone } from './time-zones'

/**
 * The one formatting rule for moments (an instant: a reply, a due time, a sign-in). A moment is
 * always written in the reader's zone, given by the caller; days that are calendar dates (T0,
 * a task's due date, a certificate's date) are not moments and go through formatDate in
 * app/modules/i18n/format.ts, which never shifts them with a zone.
 */

export type MomentStyle = 'datetime' | 'date' | 'time'

const formatters = new Map<string, Intl.DateTimeFormat>()

function formatter(locale: Locale, timeZone: string, options: Intl.DateTimeFormatOptions, style: string) {
  const key = `${locale}:${timeZone}:${style}`
  let cached = formatters.get(key)
  if (!cached) {
    cached = new Intl.DateTimeFormat(intlLocales[locale], { ...options, timeZone })
    formatters.set(key, cached)
  }
  return cached
}

const styles: Record<MomentStyle, Intl.DateTimeFormatOptions> = {
  datetime: { dateStyle: 'medium', timeStyle: 'short' },
  date: { dateStyle: 'medium' },
  time: { timeStyle: 'short' },
}

/** "Dec 7, 2026, 3:54 PM" / "7 дек. 2026 г., 15:54" on the clock of `timeZone`. */
export function formatMoment(
  locale: Locale,
  at: Date | string | number,
  timeZone: string,
  style: MomentStyle = 'datetime',
) {
  return formatter(locale, timeZone, styles[style], style).format(new Date(at))
}

function zonePart(locale: Locale, timeZone: string, at: Date, timeZoneName: 'shortGeneric' | 'shortOffset') {
  return (
    formatter(locale, timeZone, { timeZoneName }, timeZoneName)
      .formatToParts(at)
      .find((part) => part.type === 'timeZoneName')?.value ?? ''
  )
}

/**
 * A zone as people of the locale name it, with its offset on that day, which changes with
 * daylight saving time: "Moscow Time, GMT+3", "Москва, GMT+3", "hora de Portugal, GMT+1".
 * UTC is just "UTC"; a zone ICU has no name for shows its offset alone.
 */
export function formatTimeZoneName(
  locale: Locale,
  timeZone: string,
  at: Date | string | number = new Date(),
) {
  if (timeZone === utcZone) return utcZone
  const date = new Date(at)
  // Offsets change only on whole quarter hours, so a name holds for its quarter hour; ICU's
  // formatToParts is slow enough to show on every page that names the reader's zone.
  const key = `${locale}|${timeZone}|${Math.floor(date.getTime() / quarterHourMs)}`
  let named = zoneNames.get(key)
  if (named === undefined) {
    const name = zonePart(locale, timeZone, date, 'shortGeneric')
    const offset = zonePart(locale, timeZone, date, 'shortOffset')
    named = !name || name.startsWith('GMT') ? offset : `${name}, ${offset}`
    if (zoneNames.size >= 1000) zoneNames.clear()
    zoneNames.set(key, named)
  }
  return named
}

const quarterHourMs = 15 * 60 * 1000
const zoneNames = new Map<string, string>()

type Unit = 'minute' | 'hour' | 'day'

/** Minutes under an hour, hours under two days, then days, each rounded: words for a glance. */
function roughly(minutes: number): { unit: Unit; count: number } {
  const size = Math.abs(minutes)
  if (size < 60) return { unit: 'minute', count: Math.round(minutes) }
  if (size < 48 * 60) return { unit: 'hour', count: Math.round(minutes / 60) }
  return { unit: 'day', count: Math.round(minutes / (24 * 60)) }
}

const relativeFormatters = new Map<Locale, Intl.RelativeTimeFormat>()

/**
 * How far a moment is from now in words, with the exact time beside it: "in 2 hours",
 * "3 hours ago", "через 2 часа".
 */
export function formatRelativeMoment(
  locale: Locale,
  at: Date | string | number,
  now: Date | string | number,
) {
  let relative = relativeFormatters.get(locale)
  if (!relative) {
    relative = new Intl.RelativeTimeFormat(intlLocales[locale], { numeric: 'always' })
    relativeFormatters.set(locale, relative)
  }
  const { unit, count } = roughly((new Date(at).getTime() - new Date(now).getTime()) / 60_000)
  return relative.format(count, unit)
}
