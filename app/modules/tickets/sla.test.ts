import { describe, expect, it } from 'vitest'
import { nextDueAt, slaBreaches, slaStateOf } from './sla'
import { slaTargetsSchema } from './sla.schema'

const at = (iso: string) => new Date(iso)
const base = {
  status: 'open',
  firstResponseDueAt: at('2026-11-09T15:00:00Z'),
  resolutionDueAt: at('2026-11-09T22:00:00Z'),
  firstResponseAt: null,
  solvedAt: null,
  closedAt: null,
}

describe('SLA state of a ticket', () => {
  it('is breached when the first response came late, or has not come and is overdue', () => {
    expect(
      slaBreaches({ ...base, firstResponseAt: at('2026-11-09T15:30:00Z') }, at('2026-11-09T16:00:00Z'))
        .firstResponse,
    ).toBe(true)
    expect(slaBreaches(base, at('2026-11-09T15:01:00Z')).firstResponse).toBe(true)
    expect(
      slaBreaches({ ...base, firstResponseAt: at('2026-11-09T14:00:00Z') }, at('2026-11-10T00:00:00Z')),
    ).toEqual({ firstResponse: false, resolution: true })
  })

  it('owes nothing more once solved in time, and remembers a late resolution after closing', () => {
    const solved = {
      ...base,
      status: 'closed',
      firstResponseAt: at('2026-11-09T14:00:00Z'),
      solvedAt: at('2026-11-09T20:00:00Z'),
      closedAt: at('2026-11-16T20:00:00Z'),
    }
    expect(slaBreaches(solved, at('2027-01-01T00:00:00Z'))).toEqual({
      firstResponse: false,
      resolution: false,
    })
    expect(
      slaBreaches({ ...solved, solvedAt: at('2026-11-10T09:00:00Z') }, at('2027-01-01T00:00:00Z')).resolution,
    ).toBe(true)
  })

  it('is due soon before the threshold, on track after it; the next due moves to the resolution after answering', () => {
    const now = at('2026-11-09T14:00:00Z')
    expect(slaStateOf(base, { now, dueSoonUntil: at('2026-11-09T16:00:00Z') })).toBe('dueSoon')
    expect(slaStateOf(base, { now, dueSoonUntil: at('2026-11-09T14:30:00Z') })).toBe('onTrack')
    const answered = { ...base, firstResponseAt: at('2026-11-09T14:00:00Z') }
    expect(nextDueAt(answered)).toEqual(base.resolutionDueAt)
    expect(slaStateOf(answered, { now, dueSoonUntil: at('2026-11-09T16:00:00Z') })).toBe('onTrack')
  })
})

describe('SLA targets form', () => {
  const valid = {
    firstResponse_high: '1,5',
    resolution_high: '8',
    firstResponse_mid: '4',
    resolution_mid: '24',
    firstResponse_tech: '8',
    resolution_tech: '48',
  }

  it('reads hours with either decimal mark into business minutes', () => {
    const parsed = slaTargetsSchema.parse(valid)
    expect(parsed).toContainEqual({ tier: 'high', firstResponseMinutes: 90, resolutionMinutes: 480 })
  })

  it('refuses words, zero, huge values and a resolution shorter than the first response', () => {
    for (const change of [
      { firstResponse_high: 'soon' },
      { firstResponse_high: '0' },
      { resolution_tech: '5000' },
      { resolution_mid: '2' },
    ]) {
      expect(slaTargetsSchema.safeParse({ ...valid, ...change }).success, JSON.stringify(change)).toBe(false)
    }
  })
})
