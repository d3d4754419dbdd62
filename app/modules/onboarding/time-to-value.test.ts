import { describe, expect, it } from 'vitest'
import { asSurvivalObservation, onboardingDay, onboardingDuration, timeToValue } from './time-to-value'

const t0 = new Date('2026-03-02T09:00:00Z')
const day = (n: number, hour = 12) => new Date(Date.UTC(2026, 2, 2 + n, hour))
const today = day(40)
const items = [
  { key: 'create-app', required: true, valueMilestone: false },
  { key: 'install-sdk', required: true, valueMilestone: false },
  { key: 'first-attributed-install', required: true, valueMilestone: true },
  { key: 'custom-dashboard', required: false, valueMilestone: false },
]

describe('time to value', () => {
  it('counts whole days from T0 to the milestone', () => {
    const outcome = timeToValue({
      t0,
      items,
      today,
      completions: [
        { itemKey: 'create-app', doneAt: day(1) },
        { itemKey: 'first-attributed-install', doneAt: day(12) },
      ],
    })
    expect(outcome).toEqual({ kind: 'reached', days: 12, at: day(12) })
  })

  it('is censored at today while the milestone is not done', () => {
    expect(
      timeToValue({ t0, items, today, completions: [{ itemKey: 'create-app', doneAt: day(1) }] }),
    ).toEqual({ kind: 'pending', days: 40 })
  })

  it('cannot be measured without a milestone in the playbook or before onboarding starts', () => {
    const noMilestone = items.map((i) => ({ ...i, valueMilestone: false }))
    expect(timeToValue({ t0, items: noMilestone, today, completions: [] })).toEqual({
      kind: 'unmeasured',
      reason: 'no-milestone',
    })
    expect(timeToValue({ t0: null, items, today, completions: [] })).toEqual({
      kind: 'unmeasured',
      reason: 'not-started',
    })
    expect(asSurvivalObservation(timeToValue({ t0: null, items, today, completions: [] }))).toBeNull()
  })

  it('counts a milestone undone and done again from its latest completion (the stored one)', () => {
    // Progress keeps one row per item: undo deletes it, redo writes the new date.
    const outcome = timeToValue({
      t0,
      items,
      today,
      completions: [{ itemKey: 'first-attributed-install', doneAt: day(20) }],
    })
    expect(outcome).toMatchObject({ kind: 'reached', days: 20 })
  })

  it('counts an event from before T0 as day 0, never negative', () => {
    const outcome = timeToValue({
      t0,
      items,
      today,
      completions: [{ itemKey: 'first-attributed-install', doneAt: day(-3) }],
    })
    expect(outcome).toMatchObject({ kind: 'reached', days: 0 })
  })

  it('re-measures against the new playbook when it changes', () => {
    const completions = [
      { itemKey: 'first-attributed-install', doneAt: day(9) },
      { itemKey: 'kickoff-call', doneAt: day(2) },
    ]
    const highTouch = [
      { key: 'kickoff-call', required: true, valueMilestone: false },
      { key: 'first-attributed-install', required: true, valueMilestone: true },
    ]
    const otherMilestone = [{ key: 'first-business-review', required: true, valueMilestone: true }]
    // The shared key keeps its completion across playbooks...
    expect(timeToValue({ t0, items: highTouch, today, completions })).toMatchObject({
      kind: 'reached',
      days: 9,
    })
    // ...while a playbook whose milestone was never done leaves the account pending.
    expect(timeToValue({ t0, items: otherMilestone, today, completions })).toEqual({
      kind: 'pending',
      days: 40,
    })
  })

  it('takes the earliest of several milestones', () => {
    const two = [...items, { key: 'first-report', required: false, valueMilestone: true }]
    const completions = [
      { itemKey: 'first-attributed-install', doneAt: day(15) },
      { itemKey: 'first-report', doneAt: day(7) },
    ]
    expect(timeToValue({ t0, items: two, today, completions })).toMatchObject({ kind: 'reached', days: 7 })
  })
})

describe('onboarding duration', () => {
  it('ends when the last required item is done; optional items do not count', () => {
    const completions = [
      { itemKey: 'create-app', doneAt: day(1) },
      { itemKey: 'install-sdk', doneAt: day(6) },
      { itemKey: 'first-attributed-install', doneAt: day(4) },
    ]
    expect(onboardingDuration({ t0, items, today, completions })).toEqual({
      kind: 'reached',
      days: 6,
      at: day(6),
    })
    expect(onboardingDuration({ t0, items, today, completions: completions.slice(1) })).toEqual({
      kind: 'pending',
      days: 40,
    })
    expect(asSurvivalObservation({ kind: 'pending', days: 40 })).toEqual({ time: 40, event: false })
  })
})

describe('day of onboarding', () => {
  const at = (iso: string) => new Date(iso)

  it('is day 0 at T0 itself and until 24 hours have passed', () => {
    expect(onboardingDay(t0, t0)).toBe(0)
    expect(onboardingDay(t0, at('2026-03-03T08:59:59.999Z'))).toBe(0)
    expect(onboardingDay(t0, at('2026-03-03T09:00:00Z'))).toBe(1)
  })

  it('does not move at midnight: only whole days since T0 count', () => {
    expect(onboardingDay(t0, at('2026-03-02T23:59:59Z'))).toBe(0)
    expect(onboardingDay(t0, at('2026-03-03T00:00:00Z'))).toBe(0)
    expect(onboardingDay(t0, at('2026-03-03T00:00:01Z'))).toBe(0)
  })

  it('is day 0 for a moment before T0', () => {
    expect(onboardingDay(t0, at('2026-03-01T09:00:00Z'))).toBe(0)
  })

  it('names the same day for "today" and for a milestone reached today', () => {
    const reachedAt = day(41, 10)
    const outcome = timeToValue({
      t0,
      items,
      today: reachedAt,
      completions: [{ itemKey: 'first-attributed-install', doneAt: reachedAt }],
    })
    expect(outcome).toEqual({ kind: 'reached', days: 41, at: reachedAt })
    expect(onboardingDay(t0, reachedAt)).toBe(41)
  })
})
