import { describe, expect, it } from 'vitest'
import { addBusinessMinutes, businessMinutesBetween, type BusinessHours } from './business-hours'

const saoPaulo: BusinessHours = {
  timezone: 'America/Sao_Paulo',
  opens: '08:00',
  closes: '18:00',
  days: [1, 2, 3, 4, 5],
}
const moscow: BusinessHours = {
  timezone: 'Europe/Moscow',
  opens: '09:00',
  closes: '19:00',
  days: [1, 2, 3, 4, 5],
}
const newYork: BusinessHours = {
  timezone: 'America/New_York',
  opens: '09:00',
  closes: '18:00',
  days: [1, 2, 3, 4, 5],
}
const bogota: BusinessHours = {
  timezone: 'America/Bogota',
  opens: '08:00',
  closes: '18:00',
  days: [1, 2, 3, 4, 5, 6],
}

const at = (iso: string) => new Date(iso)

describe('SLA due times in business hours', () => {
  it('counts within the same working day', () => {
    // Tuesday 10:00 in São Paulo (UTC−3) plus one hour.
    expect(addBusinessMinutes(at('2026-11-17T13:00:00Z'), 60, saoPaulo)).toEqual(at('2026-11-17T14:00:00Z'))
  })

  it('carries over the evening to the next morning', () => {
    // Tuesday 18:30 in Moscow (UTC+3): 30 minutes today, 30 tomorrow from 09:00.
    expect(addBusinessMinutes(at('2026-11-17T15:30:00Z'), 60, moscow)).toEqual(at('2026-11-18T06:30:00Z'))
  })

  it('skips the weekend', () => {
    // Friday 17:00 in New York (UTC−5 in November): one hour Friday, three on Monday from 09:00.
    expect(addBusinessMinutes(at('2026-11-20T22:00:00Z'), 240, newYork)).toEqual(at('2026-11-23T17:00:00Z'))
  })

  it('starts counting at opening time when a ticket arrives at night or on a weekend', () => {
    // Saturday 23:00 UTC is Saturday evening in New York: counting starts Monday 09:00.
    expect(addBusinessMinutes(at('2026-11-21T23:00:00Z'), 30, newYork)).toEqual(at('2026-11-23T14:30:00Z'))
    // Bogotá works on Saturdays.
    expect(addBusinessMinutes(at('2026-11-21T12:00:00Z'), 30, bogota)).toEqual(at('2026-11-21T13:30:00Z'))
  })

  it('follows daylight-saving changes of the market', () => {
    // New York moves to UTC−4 on Sunday 8 March 2026: Friday 17:00 EST + 2 h = Monday 10:00 EDT.
    expect(addBusinessMinutes(at('2026-03-06T22:00:00Z'), 120, newYork)).toEqual(at('2026-03-09T14:00:00Z'))
  })

  it('measures the support time between two instants', () => {
    expect(businessMinutesBetween(at('2026-11-20T22:00:00Z'), at('2026-11-23T17:00:00Z'), newYork)).toBe(240)
    expect(businessMinutesBetween(at('2026-11-23T17:00:00Z'), at('2026-11-20T22:00:00Z'), newYork)).toBe(0)
  })

  it('gives no due time for hours that never open', () => {
    expect(addBusinessMinutes(at('2026-11-17T13:00:00Z'), 60, { ...saoPaulo, days: [] })).toBeNull()
  })
})
