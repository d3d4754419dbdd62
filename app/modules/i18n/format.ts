import type { Currency } from '#db/schema/enums'
import { intlLocales, type Locale } from './locales'

const formatters = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat>()

function cached<T extends Intl.DateTimeFormat | Intl.NumberFormat>(key: string, make: () => T): T {
  let formatter = formatters.get(key) as T | undefined
  if (!formatter) {
    formatter = make()
    formatters.set(key, formatter)
  }
  return formatter
}

/**
 * Dates are shown in UTC unless a time zone is given, so the server and the browser
 * render the same text and hydration never disagrees.
 */
export function formatDate(
  locale: Locale,
  value: Date | number,
  options: { withTime?: boolean; timeZone?: string } = {},
) {
  const timeZone = options.timeZone ?? 'UTC'
  const key = `date:${locale}:${options.withTime ? 't' : 'd'}:${timeZone}`
  return cached(
    key,
    () =>
      new Intl.DateTimeFormat(intlLocales[locale], {
        dateStyle: 'medium',
        ...(options.withTime ? { timeStyle: 'short' } : {}),
        timeZone,
      }),
  ).format(value)
}

export function formatNumber(locale: Locale, value: number) {
  return cached(`number:${locale}`, () => new Intl.NumberFormat(intlLocales[locale])).format(value)
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
