import type { Currency } from '#db/schema/enums'
import { intlLocales, type Locale } from './locales'

const formatters = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat | Intl.ListFormat>()

function cached<T extends Intl.DateTimeFormat | Intl.NumberFormat | Intl.ListFormat>(
  key: string,
  make: () => T,
): T {
  let formatter = formatters.get(key) as T | undefined
  if (!formatter) {
    formatter = make()
    formatters.set(key, formatter)
  }
  return formatter
}

/**
 * A calendar day ("Mar 5, 2026"): T0, a task's due date, a certificate's date. A day is the
 * same day for everyone, so it is written from its UTC date and never shifts with the
 * reader's zone. A moment (a reply, a due time) is not a day: it goes through
 * app/modules/time/format-time.ts in the reader's zone.
 */
export function formatDate(locale: Locale, value: Date | number) {
  return cached(
    `date:${locale}`,
    () => new Intl.DateTimeFormat(intlLocales[locale], { dateStyle: 'medium', timeZone: 'UTC' }),
  ).format(value)
}

export function formatNumber(locale: Locale, value: number) {
  return cached(`number:${locale}`, () => new Intl.NumberFormat(intlLocales[locale])).format(value)
}

/**
 * A number as a person of this language types it into a field: their decimal mark ("0,5" in
 * ru and pt), no group separators, which the fields' parsers would refuse ("2 000").
 */
export function formatNumberForInput(locale: Locale, value: number, maximumFractionDigits = 2) {
  return cached(
    `input:${locale}:${maximumFractionDigits}`,
    () => new Intl.NumberFormat(intlLocales[locale], { useGrouping: false, maximumFractionDigits }),
  ).format(value)
}

/** A wait the person is asked to sit out: "2 seconds", "15 минут" (minutes from one minute on). */
export function formatWait(locale: Locale, seconds: number) {
  const [unit, value] =
    seconds < 60 ? (['second', seconds] as const) : (['minute', Math.ceil(seconds / 60)] as const)
  return cached(
    `wait:${locale}:${unit}`,
    () => new Intl.NumberFormat(intlLocales[locale], { style: 'unit', unit, unitDisplay: 'long' }),
  ).format(value)
}

/** Money is stored in minor units (cents, kopecks, centavos). */
export function formatMoney(locale: Locale, minorUnits: number, currency: Currency) {
  const formatter = cached(
    `money:${locale}:${currency}`,
    () =>
      new Intl.NumberFormat(intlLocales[locale], {
        style: 'currency',
        currency,
        maximumFractionDigits: 0,
      }),
  )
  return formatter.format(minorUnits / 100)
}

/** A share in [0, 1] as a whole percentage in the locale's style ("42 %" in Russian). */
export function formatPercent(locale: Locale, share: number) {
  return cached(
    `percent:${locale}`,
    () => new Intl.NumberFormat(intlLocales[locale], { style: 'percent', maximumFractionDigits: 0 }),
  ).format(share)
}

/** A YYYY-MM month as "November 2026" in the locale. */
export function formatMonth(locale: Locale, month: string) {
  return cached(
    `month:${locale}`,
    () => new Intl.DateTimeFormat(intlLocales[locale], { year: 'numeric', month: 'long', timeZone: 'UTC' }),
  ).format(new Date(`${month}-01T00:00:00Z`))
}

/**
 * A span of time in the locale's short units, at most two of them: "2 hr 10 min", "3 дн. 4 ч",
 * "45 min". Days and hours from a day on, hours and minutes below, minutes below an hour; a
 * zero second unit is left out.
 */
export function formatDuration(locale: Locale, totalMinutes: number) {
  const minutes = Math.max(0, Math.floor(totalMinutes))
  const unit = (value: number, name: 'day' | 'hour' | 'minute') =>
    cached(
      `unit:${locale}:${name}`,
      () => new Intl.NumberFormat(intlLocales[locale], { style: 'unit', unit: name, unitDisplay: 'short' }),
    ).format(value)
  const split: [number, 'day' | 'hour' | 'minute', number, 'hour' | 'minute' | null] =
    minutes >= 1440
      ? [Math.floor(minutes / 1440), 'day', Math.floor((minutes % 1440) / 60), 'hour']
      : minutes >= 60
        ? [Math.floor(minutes / 60), 'hour', minutes % 60, 'minute']
        : [minutes, 'minute', 0, null]
  const parts = [unit(split[0], split[1])]
  if (split[3] && split[2] > 0) parts.push(unit(split[2], split[3]))
  return cached(
    `list:${locale}`,
    () => new Intl.ListFormat(intlLocales[locale], { type: 'unit', style: 'narrow' }),
  ).format(parts)
}

/** A share in [0, 1] as a percentage with up to `digits` decimals ("42,5 %" in Russian). */
export function formatShare(locale: Locale, share: number, digits: number) {
  return cached(
    `share:${locale}:${digits}`,
    () => new Intl.NumberFormat(intlLocales[locale], { style: 'percent', maximumFractionDigits: digits }),
  ).format(share)
}

/** A number with up to `digits` decimals. */
export function formatDecimal(locale: Locale, value: number, digits: number) {
  return cached(
    `decimal:${locale}:${digits}`,
    () => new Intl.NumberFormat(intlLocales[locale], { maximumFractionDigits: digits }),
  ).format(value)
}

/** Whole US dollars: the cockpit's constant-currency ARR. */
export function formatUsd(locale: Locale, dollars: number) {
  return formatMoney(locale, dollars * 100, 'USD')
}

/** A day as "3 Nov" (a week's Monday on a chart axis). */
export function formatDayMonth(locale: Locale, value: Date | number) {
  return cached(
    `daymonth:${locale}`,
    () => new Intl.DateTimeFormat(intlLocales[locale], { day: 'numeric', month: 'short', timeZone: 'UTC' }),
  ).format(value)
}

/** A YYYY-MM month as "Nov 26" (a chart axis). */
export function formatShortMonth(locale: Locale, month: string) {
  return cached(
    `shortmonth:${locale}`,
    () => new Intl.DateTimeFormat(intlLocales[locale], { month: 'short', year: '2-digit', timeZone: 'UTC' }),
  ).format(new Date(`${month}-01T00:00:00Z`))
}
