import { describe, expect, it } from 'vitest'
import type { BusinessHours } from './business-hours'
import { dueTimesFor, nextDueAt, resumedDueTimes, slaBreaches, slaCountdown, slaStateOf } from './sla'
import { slaCells, slaFieldName, slaTargetsSchema } from './sla.schema'

const at = (iso: string) => new Date(iso)
const base = {
  status: 'open',
  firstResponseDueAt: at('2026-11-09T15:00:00Z'),
  resolutionDueAt: at('2026-11-09T22:00:00Z'),
  firstResponseAt: null,
  solvedAt: null,
  closedAt: null,
  slaPausedSince: null,
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
  /** Every cell of the grid filled from a tier's hours, priorities as the demo scales them. */
  const grid = (overrides: Record<string, string> = {}) => ({
    ...Object.fromEntries(
      slaCells.flatMap(({ tier, priority }) => [
        [slaFieldName('firstResponse', tier, priority), '4'],
        [slaFieldName('resolution', tier, priority), '24'],
      ]),
    ),
    ...overrides,
  })

  it('reads hours with either decimal mark into business minutes, per tier and priority', () => {
    const parsed = slaTargetsSchema.parse(
      grid({ firstResponse_high_urgent: '0,25', resolution_high_urgent: '2.5' }),
    )
    expect(parsed).toHaveLength(12)
    expect(parsed).toContainEqual({
      tier: 'high',
      priority: 'urgent',
      firstResponseMinutes: 15,
      resolutionMinutes: 150,
    })
    expect(parsed).toContainEqual({
      tier: 'tech',
      priority: 'low',
      firstResponseMinutes: 240,
      resolutionMinutes: 1440,
    })
  })

  it('refuses words, zero, huge values, a missing cell and a resolution shorter than the first response', () => {
    const { firstResponse_mid_low: _dropped, ...withoutOne } = grid()
    expect(slaTargetsSchema.safeParse(withoutOne).success).toBe(false)
    for (const change of [
      { firstResponse_high_normal: 'soon' } as Record<string, string>,
      { firstResponse_high_urgent: '0' },
      { resolution_tech_low: '5000' },
      { resolution_mid_high: '2' },
    ]) {
      const result = slaTargetsSchema.safeParse(grid(change))
      expect(result.success, JSON.stringify(change)).toBe(false)
      expect(
        result.error?.issues.map((i) => i.path.join('.')),
        JSON.stringify(change),
      ).toEqual(Object.keys(change))
    }
  })
})

/** New York's support hours, with Thanksgiving 2026 off. */
const newYork: BusinessHours = {
  timezone: 'America/New_York',
  opens: '09:00',
  closes: '18:00',
  days: [1, 2, 3, 4, 5],
  holidays: ['2026-11-26'],
}

describe('the SLA clock stops while the ticket waits for the customer', () => {
  const owed = { firstResponseAt: null, slaPausedMinutes: 0 }

  it('never breaches while waiting, even long after the due time', () => {
    const waiting = { ...base, status: 'pending', slaPausedSince: at('2026-11-09T14:30:00Z') }
    expect(slaBreaches(waiting, at('2026-11-20T00:00:00Z'))).toEqual({
      firstResponse: false,
      resolution: false,
    })
    expect(
      slaStateOf(waiting, { now: at('2026-11-09T14:45:00Z'), dueSoonUntil: at('2026-11-09T16:00:00Z') }),
    ).toBe('onTrack')
    // A wait that began after the due time does not hide the breach.
    expect(
      slaBreaches({ ...waiting, slaPausedSince: at('2026-11-09T15:30:00Z') }, at('2026-11-20T00:00:00Z'))
        .firstResponse,
    ).toBe(true)
  })

  it('moves the due time by the support time of a wait across a weekend', () => {
    // Due Monday 12:00; waiting from Friday 16:00 to Monday 10:00: two hours on Friday, one on Monday.
    const resumed = resumedDueTimes(
      { ...owed, firstResponseDueAt: null, resolutionDueAt: at('2026-11-23T17:00:00Z') },
      { pausedSince: at('2026-11-20T21:00:00Z'), resumedAt: at('2026-11-23T15:00:00Z'), hours: newYork },
    )
    expect(resumed).toEqual({
      firstResponseDueAt: null,
      resolutionDueAt: at('2026-11-23T20:00:00Z'),
      slaPausedMinutes: 180,
    })
  })

  it('counts from the next opening when the customer answers after hours', () => {
    // Due Tuesday 14:00 with four hours left at 10:00; the answer comes at 21:00: due Wednesday 13:00.
    const resumed = resumedDueTimes(
      { ...owed, firstResponseDueAt: null, resolutionDueAt: at('2026-11-17T19:00:00Z') },
      { pausedSince: at('2026-11-17T15:00:00Z'), resumedAt: at('2026-11-18T02:00:00Z'), hours: newYork },
    )
    expect(resumed.resolutionDueAt).toEqual(at('2026-11-18T18:00:00Z'))
    expect(resumed.slaPausedMinutes).toBe(480)
  })

  it('adds up several waits, and promising again from the arrival with the waited minutes lands on the same time', () => {
    const createdAt = at('2026-11-17T14:00:00Z') // Tuesday 09:00
    const first = resumedDueTimes(
      {
        ...owed,
        firstResponseDueAt: at('2026-11-17T17:00:00Z'),
        resolutionDueAt: at('2026-11-17T21:00:00Z'),
      },
      { pausedSince: at('2026-11-17T15:00:00Z'), resumedAt: at('2026-11-17T16:00:00Z'), hours: newYork },
    )
    const second = resumedDueTimes(
      { ...first, firstResponseAt: null },
      { pausedSince: at('2026-11-17T20:00:00Z'), resumedAt: at('2026-11-17T21:00:00Z'), hours: newYork },
    )
    // Two one-hour waits. First response: 12:00 → 13:00; the second wait began after that, so it stays.
    expect(second.firstResponseDueAt).toEqual(at('2026-11-17T18:00:00Z'))
    // 16:00 → 17:00 → 18:00.
    expect(second.resolutionDueAt).toEqual(at('2026-11-17T23:00:00Z'))
    expect(second.slaPausedMinutes).toBe(120)
    expect(
      dueTimesFor({
        createdAt,
        targets: { firstResponseMinutes: 180, resolutionMinutes: 420 },
        pausedMinutes: second.slaPausedMinutes,
        hours: newYork,
      }).resolutionDueAt,
    ).toEqual(second.resolutionDueAt)
  })

  it('skips a holiday inside the wait, keeps a first response already given, never undoes a breach', () => {
    // Wednesday 17:00 to Friday 10:00 around Thanksgiving: one hour Wednesday, one Friday.
    const resumed = resumedDueTimes(
      {
        firstResponseAt: at('2026-11-25T15:00:00Z'),
        slaPausedMinutes: 30,
        firstResponseDueAt: at('2026-11-25T16:00:00Z'),
        resolutionDueAt: at('2026-11-25T23:00:00Z'),
      },
      { pausedSince: at('2026-11-25T22:00:00Z'), resumedAt: at('2026-11-27T15:00:00Z'), hours: newYork },
    )
    expect(resumed).toEqual({
      firstResponseDueAt: at('2026-11-25T16:00:00Z'),
      resolutionDueAt: at('2026-11-27T16:00:00Z'),
      slaPausedMinutes: 150,
    })
    const late = resumedDueTimes(
      { ...owed, firstResponseDueAt: at('2026-11-17T15:00:00Z'), resolutionDueAt: null },
      { pausedSince: at('2026-11-17T16:00:00Z'), resumedAt: at('2026-11-18T16:00:00Z'), hours: newYork },
    )
    expect(late.firstResponseDueAt).toEqual(at('2026-11-17T15:00:00Z'))
  })
})

describe('due times of a new ticket', () => {
  it('come from the targets in support time and are null without targets', () => {
    expect(
      dueTimesFor({
        createdAt: at('2026-11-25T21:00:00Z'), // Wednesday 16:00, Thanksgiving next
        targets: { firstResponseMinutes: 60, resolutionMinutes: 240 },
        pausedMinutes: 0,
        hours: newYork,
      }),
    ).toEqual({ firstResponseDueAt: at('2026-11-25T22:00:00Z'), resolutionDueAt: at('2026-11-27T16:00:00Z') })
    expect(
      dueTimesFor({ createdAt: at('2026-11-25T21:00:00Z'), targets: null, pausedMinutes: 0, hours: newYork }),
    ).toEqual({ firstResponseDueAt: null, resolutionDueAt: null })
  })
})

describe('time left or overdue', () => {
  it('counts to the next due time, says how late it is, and says nothing while waiting or once solved', () => {
    expect(slaCountdown(base, at('2026-11-09T12:50:00Z'))).toEqual({
      kind: 'left',
      minutes: 130,
      target: 'firstResponse',
    })
    expect(slaCountdown(base, at('2026-11-09T18:00:30Z'))).toEqual({
      kind: 'overdue',
      minutes: 180,
      target: 'firstResponse',
    })
    const answered = { ...base, firstResponseAt: at('2026-11-09T14:00:00Z') }
    expect(slaCountdown(answered, at('2026-11-09T21:59:30Z'))).toEqual({
      kind: 'left',
      minutes: 1,
      target: 'resolution',
    })
    expect(
      slaCountdown(
        { ...base, status: 'pending', slaPausedSince: at('2026-11-09T14:00:00Z') },
        at('2026-11-10T00:00:00Z'),
      ),
    ).toEqual({ kind: 'waiting' })
    expect(
      slaCountdown(
        { ...answered, status: 'solved', solvedAt: at('2026-11-09T20:00:00Z') },
        at('2026-11-10T00:00:00Z'),
      ),
    ).toEqual({
      kind: 'none',
    })
  })
})
