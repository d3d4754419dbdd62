/**
 * The cockpit's time buckets (docs/design.md, the cockpit contract): everything in UTC, `week` the
 * ISO week `YYYY-Www` (weeks start on Monday; week 1 holds the year's first Thursday, so
 * 2027-01-01 is in 2026-W53), `month` is `YYYY-MM`.
 */

const dayMs = 24 * 3600 * 1000

const utcDay = (date: Date) => Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate())

export function isoWeek(date: Date) {
  const day = new Date(utcDay(date))
  const weekday = day.getUTCDay() || 7
  // The Thursday of the same week decides the year the week belongs to.
  day.setUTCDate(day.getUTCDate() + 4 - weekday)
  const year = day.getUTCFullYear()
  const week = Math.floor((day.getTime() - Date.UTC(year, 0, 1)) / dayMs / 7) + 1
  return `${year}-W${String(week).padStart(2, '0')}`
}

export function monthOf(date: Date) {
  return date.toISOString().slice(0, 7)
}

/** The Monday (UTC midnight) of the ISO week `date` falls in. */
export function weekStart(date: Date) {
  const day = utcDay(date)
  const weekday = new Date(day).getUTCDay() || 7
  return new Date(day - (weekday - 1) * dayMs)
}

/** Every ISO week that overlaps [from, to], in order. */
export function weeksBetween(from: Date, to: Date) {
  const weeks: string[] = []
  for (let monday = weekStart(from).getTime(); monday <= utcDay(to); monday += 7 * dayMs)
    weeks.push(isoWeek(new Date(monday)))
  return weeks
}

/** Every month that overlaps [from, to], in order. */
export function monthsBetween(from: Date, to: Date) {
  const months: string[] = []
  const cursor = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), 1))
  while (cursor.getTime() <= utcDay(to)) {
    months.push(monthOf(cursor))
    cursor.setUTCMonth(cursor.getUTCMonth() + 1)
  }
  return months
}

/** `YYYY-MM` shifted by whole months: addMonths('2026-01', -12) is '2025-01'. */
export function addMonths(month: string, delta: number) {
  const [year, m] = month.split('-').map(Number) as [number, number]
  return monthOf(new Date(Date.UTC(year, m - 1 + delta, 1)))
}

/** The end of the period as an exclusive bound: midnight after its last day. */
export function endOfPeriod(to: Date) {
  return new Date(utcDay(to) + dayMs)
}
