import type { Outcome } from './time-to-value'

type StepFacts = { key: string; required: boolean; done: unknown }

/**
 * The one step the home and the checklist put on top: the first open required step in the
 * playbook's order, else the first open optional one; null when everything is done.
 */
export function nextOpenStep<Item extends StepFacts>(items: Item[]): Item | null {
  return items.find((i) => i.required && !i.done) ?? items.find((i) => !i.done) ?? null
}

/**
 * Past the goal: onboarding is still open on a day after the global onboarding target. The
 * target day itself is still within the goal (a 30-day goal is met on day 30).
 */
export function isPastGoal(input: { day: number | null; goalDays: number; duration: Outcome }) {
  return input.day !== null && input.duration.kind === 'pending' && input.day > input.goalDays
}
