import { describe, expect, it } from 'vitest'
import { parseAnalyticsFilters } from './analytics.schema'
import { addMonths, isoWeek, monthsBetween, weeksBetween } from './periods'

const at = (iso: string) => new Date(`${iso}T12:00:00Z`)

describe('ISO weeks in UTC', () => {
  it('puts the days around New Year in the week of their Thursday', () => {
    expect(isoWeek(at('2025-12-29'))).toBe('2026-W01')
    expect(isoWeek(at('2026-12-31'))).toBe('2026-W53')
    expect(isoWeek(at('2027-01-01'))).toBe('2026-W53')
    expect(isoWeek(at('2027-01-03'))).toBe('2026-W53')
    expect(isoWeek(at('2027-01-04'))).toBe('2027-W01')
    expect(isoWeek(new Date('2027-01-03T23:59:59Z'))).toBe('2026-W53')
  })

  it('lists every week and month the period touches', () => {
    expect(weeksBetween(at('2026-12-30'), at('2027-01-05'))).toEqual(['2026-W53', '2027-W01'])
    expect(monthsBetween(at('2026-11-30'), at('2027-01-01'))).toEqual(['2026-11', '2026-12', '2027-01'])
    expect(addMonths('2026-01', -12)).toBe('2025-01')
    expect(addMonths('2026-03', -14)).toBe('2025-01')
  })
})

describe('cockpit filters', () => {
  const today = new Date('2026-12-07T15:00:00Z')
  const parse = (query: string) =>
    parseAnalyticsFilters(new URLSearchParams(query), { marketCodes: ['US', 'BR'], today })

  it('defaults to all markets, all tiers and the last six months up to today', () => {
    expect(parse('from=&to=&market=&tier=')).toEqual({
      filters: {
        from: new Date('2026-06-01T00:00:00Z'),
        to: new Date('2026-12-07T00:00:00Z'),
        market: 'all',
        tier: 'all',
      },
    })
  })

  it('refuses what it cannot honour instead of guessing', () => {
    expect(parse('from=2026-02-30')).toEqual({ problem: 'analytics:errors.date' })
    expect(parse('to=2026-13-01')).toEqual({ problem: 'analytics:errors.date' })
    expect(parse('from=yesterday')).toEqual({ problem: 'analytics:errors.date' })
    expect(parse('market=XX')).toEqual({ problem: 'analytics:errors.market' })
    expect(parse('tier=gold')).toEqual({ problem: 'analytics:errors.tier' })
    expect(parse('from=2026-10-01&to=2026-09-01')).toEqual({ problem: 'analytics:errors.period' })
    expect(parse('from=2020-01-01&to=2026-01-01')).toEqual({ problem: 'analytics:errors.period' })
  })
})
