import { DateTime } from 'luxon'

/**
 * A market's support hours: local times in its time zone, on ISO weekdays (1 = Monday), and
 * the local dates (YYYY-MM-DD) of its public holidays, on which support is closed all day.
 */
export type BusinessHours = {
  timezone: string
  opens: string
  closes: string
  days: readonly number[]
  holidays?: readonly string[]
}

const minutesOf = (hhmm: string) => {
  const [h, m] = hhmm.split(':').map(Number)
  return h! * 60 + m!
}

/**
 * A local wall-clock time of `day`. Set as hour and minute rather than added to midnight, so
 * 09:00 stays 09:00 on the day the clocks change.
 */
const atLocal = (day: DateTime, minutes: number) =>
  day.set({ hour: Math.floor(minutes / 60), minute: minutes % 60, second: 0, millisecond: 0 })

/** Enough days to pass any run of weekends and holidays a year can hold. */
const maxClosedDays = 400

/** The next moment support is open, from `at` (itself when open). Null when it never opens. */
function nextOpen(at: DateTime, hours: BusinessHours) {
  const opens = minutesOf(hours.opens)
  const closes = minutesOf(hours.closes)
  if (hours.days.length === 0 || closes <= opens) return null
  const holidays = new Set(hours.holidays ?? [])
  let day = at.startOf('day')
  for (let i = 0; i < maxClosedDays; i++) {
    const open = atLocal(day, opens)
    const close = atLocal(day, closes)
    if (hours.days.includes(day.weekday) && !holidays.has(day.toISODate()!) && at < close)
      return at > open ? at : open
    day = day.plus({ days: 1 }).startOf('day')
  }
  return null
}

const closeOf = (open: DateTime, hours: BusinessHours) => atLocal(open, minutesOf(hours.closes))

/**
 * `minutes` of support time after `start`, counted only while the market's support is open, in
 * its own time zone (so weekends, holidays, evenings and daylight-saving changes fall where
 * they do locally). Null when the hours never open.
 */
export function addBusinessMinutes(start: Date, minutes: number, hours: BusinessHours): Date | null {
  let cursor: DateTime = DateTime.fromJSDate(start, { zone: hours.timezone })
  let remaining = minutes
  for (let guard = 0; guard < 10_000; guard++) {
    const open = nextOpen(cursor, hours)
    if (!open) return null
    const close = closeOf(open, hours)
    const available = close.diff(open, 'minutes').minutes
    if (remaining <= available) return open.plus({ minutes: remaining }).toJSDate()
    remaining -= available
    cursor = close
  }
  return null
}

/** Support minutes between two instants (0 when `to` is not after `from`). */
export function businessMinutesBetween(from: Date, to: Date, hours: BusinessHours): number {
  let cursor: DateTime = DateTime.fromJSDate(from, { zone: hours.timezone })
  const end = DateTime.fromJSDate(to, { zone: hours.timezone })
  let total = 0
  for (let guard = 0; guard < 10_000 && cursor < end; guard++) {
    const open = nextOpen(cursor, hours)
    if (!open || open >= end) break
    const close = closeOf(open, hours)
    total += (close < end ? close : end).diff(open, 'minutes').minutes
    cursor = close
  }
  return Math.round(total)
}
