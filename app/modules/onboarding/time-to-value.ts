/**
 * The onboarding metrics of docs/design.md, computed the same way for one account and for all:
 * T0 = onboarding start; time-to-value = days from T0 to the first completion of a
 * `valueMilestone` item; onboarding duration = days from T0 until every required item is
 * done. An account that has not got there yet is censored at "today", never dropped.
 */

const dayMs = 24 * 3600 * 1000

export type PlaybookItemFacts = { key: string; required: boolean; valueMilestone: boolean }
export type Completion = { itemKey: string; doneAt: Date }

/** Where an account stands on one outcome, as the survival estimator needs it. */
export type Outcome =
  | { kind: 'reached'; days: number; at: Date }
  /** Not yet: censored at `days` since T0. */
  | { kind: 'pending'; days: number }
  /** Cannot be measured: onboarding never started, or the playbook has no such item. */
  | { kind: 'unmeasured'; reason: 'not-started' | 'no-milestone' | 'no-required-items' }

/**
 * THE definition of "day N" of onboarding, for every card, the tracker and the metrics: the
 * number of whole days (24 hours) since T0, so T0 itself is day 0 and a milestone "reached on
 * day N" was reached when the account was on day N. Calendar midnights do not count: the same
 * moment is the same day for a customer and for staff in any time zone. A moment before T0 (a
 * product event that arrived early) is day 0.
 */
export function onboardingDay(t0: Date, at: Date) {
  return Math.max(0, Math.floor((at.getTime() - t0.getTime()) / dayMs))
}

/**
 * Only completions of items of the account's current playbook count, so switching the
 * playbook re-measures the account against the new one. An item undone and done again counts
 * from its latest completion: an undo says the first mark was a mistake. A completion before
 * T0 (a product event that arrived early) counts as day 0.
 */
export function timeToValue(input: {
  t0: Date | null
  items: PlaybookItemFacts[]
  completions: Completion[]
  today: Date
}): Outcome {
  const milestones = new Set(input.items.filter((i) => i.valueMilestone).map((i) => i.key))
  const first = input.completions
    .filter((c) => milestones.has(c.itemKey))
    .reduce<Date | null>((earliest, c) => (!earliest || c.doneAt < earliest ? c.doneAt : earliest), null)
  return valueOutcome({
    t0: input.t0,
    milestones: milestones.size,
    firstMilestoneAt: first,
    today: input.today,
  })
}

/**
 * Time-to-value from the facts it rests on, the form the tracker's SQL reads them in
 * (tracker.server.ts): how many milestones the playbook has and when the first was done.
 */
export function valueOutcome(input: {
  t0: Date | null
  milestones: number
  firstMilestoneAt: Date | null
  today: Date
}): Outcome {
  if (!input.t0) return { kind: 'unmeasured', reason: 'not-started' }
  if (input.milestones === 0) return { kind: 'unmeasured', reason: 'no-milestone' }
  if (!input.firstMilestoneAt) return { kind: 'pending', days: onboardingDay(input.t0, input.today) }
  return {
    kind: 'reached',
    days: onboardingDay(input.t0, input.firstMilestoneAt),
    at: input.firstMilestoneAt,
  }
}

export function onboardingDuration(input: {
  t0: Date | null
  items: PlaybookItemFacts[]
  completions: Completion[]
  today: Date
}): Outcome {
  const required = input.items.filter((i) => i.required).map((i) => i.key)
  const doneAt = new Map(input.completions.map((c) => [c.itemKey, c.doneAt]))
  const done = required.filter((key) => doneAt.has(key)).map((key) => doneAt.get(key)!)
  return durationOutcome({
    t0: input.t0,
    required: required.length,
    requiredDone: done.length,
    lastRequiredAt: done.length ? done.reduce((a, b) => (b > a ? b : a)) : null,
    today: input.today,
  })
}

/** Onboarding duration from its facts: how many items are required, how many are done, the last when. */
export function durationOutcome(input: {
  t0: Date | null
  required: number
  requiredDone: number
  lastRequiredAt: Date | null
  today: Date
}): Outcome {
  if (!input.t0) return { kind: 'unmeasured', reason: 'not-started' }
  if (input.required === 0) return { kind: 'unmeasured', reason: 'no-required-items' }
  if (input.requiredDone < input.required || !input.lastRequiredAt)
    return { kind: 'pending', days: onboardingDay(input.t0, input.today) }
  return { kind: 'reached', days: onboardingDay(input.t0, input.lastRequiredAt), at: input.lastRequiredAt }
}

/** The survival estimator's view of an outcome; unmeasured accounts are left out. */
export function asSurvivalObservation(outcome: Outcome) {
  if (outcome.kind === 'unmeasured') return null
  return { time: outcome.days, event: outcome.kind === 'reached' }
}
