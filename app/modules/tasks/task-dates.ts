import { clock } from '~/modules/clock/clock'
import { formatDate } from '~/modules/i18n/format'
import type { Locale } from '~/modules/i18n/locales'

/**
 * Due dates are calendar days (YYYY-MM-DD) with no time of day or zone: "due on the 3rd"
 * means the same day for the customer and for staff, wherever each of them is.
 */
const calendarDay = /^(\d{4})-(\d{2})-(\d{2})$/

/** True for a real day in YYYY-MM-DD: 2026-02-30 or 2026-13-01 are not days. */
export function isCalendarDay(value: string) {
  const match = calendarDay.exec(value)
  if (!match) return false
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])]
  const date = new Date(Date.UTC(year, month - 1, day))
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
}

/** Today as a calendar day in UTC: the one clock the server and every test agree on. */
export function todayUtc(now: Date = clock.now()) {
  return now.toISOString().slice(0, 10)
}

/**
 * Today as a calendar day on a zone's clock. A shared plan judges "overdue" by its account's
 * market zone, so the customer and staff anywhere see the same tasks overdue, and a task due
 * today in Moscow turns overdue at Moscow's midnight, not at UTC's.
 */
export function todayIn(timeZone: string, now: Date = clock.now()) {
  // en-CA writes dates as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(now)
}

/** Overdue: the due day has passed and the task is not done. ISO days compare as strings. */
export function isOverdue(task: { dueOn: string | null; status: string }, today: string) {
  return task.dueOn !== null && task.dueOn < today && task.status !== 'done'
}

/** A calendar day in the reader's language (formatDate shows it in UTC, so the day never shifts). */
export function formatDueDate(locale: Locale, day: string) {
  if (!isCalendarDay(day)) return day
  const [year, month, date] = day.split('-').map(Number) as [number, number, number]
  return formatDate(locale, Date.UTC(year, month - 1, date))
}
