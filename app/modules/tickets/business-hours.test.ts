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

  it('skips public holidays, one or several in a row', () => {
    const brazil = { ...saoPaulo, holidays: ['2026-11-02'] }
    // Friday 30 October 17:00 in São Paulo + 2 h: one hour Friday; Monday is Finados, so Tuesday 09:00.
    expect(addBusinessMinutes(at('2026-10-30T20:00:00Z'), 120, brazil)).toEqual(at('2026-11-03T12:00:00Z'))
    expect(addBusinessMinutes(at('2026-10-30T20:00:00Z'), 120, saoPaulo)).toEqual(at('2026-11-02T12:00:00Z'))
    // Moscow: Tuesday 3 November 18:30 + 1 h; 4 November (Unity Day) is off: Thursday 09:30.
    const russia = { ...moscow, holidays: ['2026-11-04'] }
    expect(addBusinessMinutes(at('2026-11-03T15:30:00Z'), 60, russia)).toEqual(at('2026-11-05T06:30:00Z'))
    // The Russian New Year break: Wednesday 30 December 18:00 + 2 h ends on Monday 11 January 2027.
    const newYearBreak = [
      '2026-12-31',
      '2027-01-01',
      '2027-01-04',
      '2027-01-05',
      '2027-01-06',
      '2027-01-07',
      '2027-01-08',
    ]
    expect(
      addBusinessMinutes(at('2026-12-30T15:00:00Z'), 120, { ...moscow, holidays: newYearBreak }),
    ).toEqual(at('2027-01-11T07:00:00Z'))
    // A holiday counts no support minutes between two instants either.
    expect(businessMinutesBetween(at('2026-10-30T20:00:00Z'), at('2026-11-03T12:00:00Z'), brazil)).toBe(120)
  })

  it('opens at 09:00 local on the days Madrid changes its clocks, and across those weekends', () => {
    const madrid: BusinessHours = {
      timezone: 'Europe/Madrid',
      opens: '09:00',
      closes: '18:00',
      days: [1, 2, 3, 4, 5],
    }
    const everyDay = { ...madrid, days: [1, 2, 3, 4, 5, 6, 7] }
    // Sunday 29 March 2026 02:00 → 03:00 (UTC+2 from then): opening is 07:00Z, not 08:00Z.
    expect(addBusinessMinutes(at('2026-03-29T05:00:00Z'), 60, everyDay)).toEqual(at('2026-03-29T08:00:00Z'))
    // Friday 27 March 17:00 CET + 2 h: one hour Friday, one from Monday 09:00 CEST.
    expect(addBusinessMinutes(at('2026-03-27T16:00:00Z'), 120, madrid)).toEqual(at('2026-03-30T08:00:00Z'))
    // Sunday 25 October 03:00 → 02:00 (UTC+1 from then): opening is 08:00Z.
    expect(addBusinessMinutes(at('2026-10-25T06:00:00Z'), 60, everyDay)).toEqual(at('2026-10-25T09:00:00Z'))
    // Friday 23 October 17:00 CEST + 2 h: Monday 10:00 CET.
    expect(addBusinessMinutes(at('2026-10-23T15:00:00Z'), 120, madrid)).toEqual(at('2026-10-26T09:00:00Z'))
    // The support day that has 23 or 25 hours still has nine hours of support.
    expect(businessMinutesBetween(at('2026-03-29T00:00:00Z'), at('2026-03-30T00:00:00Z'), everyDay)).toBe(540)
    expect(businessMinutesBetween(at('2026-10-25T00:00:00Z'), at('2026-10-26T00:00:00Z'), everyDay)).toBe(540)
  })

  it('keeps São Paulo and Moscow at one offset all year (neither has daylight saving now)', () => {
    // The weekend of Madrid's change: Friday 18:00 in Moscow (15:00Z) + 2 h is Monday 10:00 MSK (UTC+3).
    expect(addBusinessMinutes(at('2026-03-27T15:00:00Z'), 120, moscow)).toEqual(at('2026-03-30T07:00:00Z'))
    // São Paulo's old daylight-saving start (early November) changes nothing: Friday 17:00 + 2 h = Monday 09:00 (UTC−3).
    expect(addBusinessMinutes(at('2026-11-06T20:00:00Z'), 120, saoPaulo)).toEqual(at('2026-11-09T12:00:00Z'))
    expect(addBusinessMinutes(at('2026-10-23T20:00:00Z'), 120, saoPaulo)).toEqual(at('2026-10-26T12:00:00Z'))
  })

  it('gives no due time for hours that never open', () => {
    expect(addBusinessMinutes(at('2026-11-17T13:00:00Z'), 60, { ...saoPaulo, days: [] })).toBeNull()
  })
})
