/**
 * Kaplan–Meier product-limit estimator for time-to-event data with right censoring
 * (docs/design.md, "Metrics": accounts that have not reached an event yet are censored, not
 * dropped). Pure: the caller computes each account's time in days from T0.
 */

export type Observation = {
  /** Days from T0 to the event, or to the end of follow-up when censored. */
  time: number
  /** False: censored, i.e. the account had not reached the event by `time`. */
  event: boolean
}

export type SurvivalStep = {
  time: number
  /** Accounts still under observation just before `time`. */
  atRisk: number
  events: number
  censored: number
  /** S(time): the estimated share of accounts that have not had the event by `time`. */
  survival: number
  /** Greenwood standard error of `survival`; null once survival is 0, where it is undefined. */
  standardError: number | null
  /** 95% band. The lower band is 0 once survival is 0; the upper band is then unknown (null). */
  lower: number
  upper: number | null
}

export type SurvivalCurve = {
  subjects: number
  events: number
  censored: number
  /** One step per distinct time, in order, always starting with a step at time 0. */
  steps: SurvivalStep[]
}

export type MedianEstimate = {
  /** Null when the curve never reaches 50%: the median is "not reached". */
  median: number | null
  lower: number | null
  /** Null when the upper band never reaches 50%: the interval is open-ended. */
  upper: number | null
}

/** The 0.975 quantile of the standard normal distribution. */
const z95 = 1.959963984540054

export function kaplanMeier(observations: readonly Observation[]): SurvivalCurve {
  observations.forEach(assertValidTime)
  const tallies = tallyByTime(observations)
  let atRisk = observations.length
  let survival = 1
  let greenwoodSum = 0
  const steps: SurvivalStep[] = []
  for (const { time, events, censored } of tallies) {
    // Ties: censorings at a time are counted as happening just after its events (the
    // standard convention), so the censored accounts are still at risk for those events.
    if (events > 0) {
      survival *= (atRisk - events) / atRisk
      // Infinite once every account at risk has the event; survival is then 0 and the
      // interval is handled as undefined below.
      greenwoodSum += events / (atRisk * (atRisk - events))
    }
    steps.push({ time, atRisk, events, censored, survival, ...greenwoodInterval(survival, greenwoodSum) })
    atRisk -= events + censored
  }
  const events = observations.filter((observation) => observation.event).length
  return { subjects: observations.length, events, censored: observations.length - events, steps }
}

/** A time before T0 or a missing one is a bug upstream; a curve drawn from it would mislead. */
function assertValidTime(observation: Observation) {
  if (!Number.isFinite(observation.time) || observation.time < 0) {
    throw new RangeError(`Kaplan–Meier: time must be a finite number of days ≥ 0, got ${observation.time}`)
  }
}

type Tally = { time: number; events: number; censored: number }

/** Events and censorings per distinct time, ascending, with time 0 always present. */
function tallyByTime(observations: readonly Observation[]): Tally[] {
  const byTime = new Map<number, Tally>([[0, { time: 0, events: 0, censored: 0 }]])
  for (const { time, event } of observations) {
    const tally = byTime.get(time) ?? { time, events: 0, censored: 0 }
    if (event) tally.events += 1
    else tally.censored += 1
    byTime.set(time, tally)
  }
  return [...byTime.values()].sort((a, b) => a.time - b.time)
}

/**
 * Greenwood's variance, Var S(t) = S(t)² · Σ dᵢ / (nᵢ (nᵢ − dᵢ)), with the 95% interval
 * built on the log-log scale ("exponential Greenwood", Kalbfleisch & Prentice): the band
 * for log(−log S) is symmetric, and transformed back it stays inside [0, 1], unlike the
 * plain S ± 1.96·SE. It is R's `conf.type = "log-log"`.
 */
function greenwoodInterval(survival: number, greenwoodSum: number) {
  if (survival === 0) return { standardError: null, lower: 0, upper: null }
  if (greenwoodSum === 0) return { standardError: 0, lower: 1, upper: 1 }
  const logLogStandardError = Math.sqrt(greenwoodSum) / Math.abs(Math.log(survival))
  const exponent = Math.exp(z95 * logLogStandardError)
  return {
    standardError: survival * Math.sqrt(greenwoodSum),
    lower: survival ** exponent,
    upper: survival ** (1 / exponent),
  }
}

/**
 * The charts show 1 − S(t), "the share of accounts that reached value by day t", which
 * rises from 0 where S falls from 1. Points fit `SurvivalChart`'s series.
 */
export function reachedShare(curve: SurvivalCurve): { time: number; value: number }[] {
  return curve.steps.map((step) => ({ time: step.time, value: 1 - step.survival }))
}

/** Times at which accounts left follow-up without the event: the chart's censoring marks. */
export function censoringTimes(curve: SurvivalCurve): number[] {
  return curve.steps.filter((step) => step.censored > 0).map((step) => step.time)
}

/**
 * The curve read off on day `day` as R's `summary(fit, times = day, extend = TRUE)` does: S at
 * the last step at or before that day, and the accounts at risk on that day, i.e. those still
 * followed on day t (time ≥ t); 0 once everyone has left.
 */
export function atDay(curve: SurvivalCurve, day: number) {
  const step = curve.steps.findLast((s) => s.time <= day) ?? curve.steps[0]!
  const atRisk = curve.steps.find((s) => s.time >= day)?.atRisk ?? 0
  return { survival: step.survival, atRisk }
}

/**
 * The median and its 95% interval as R's `survival::survfit` prints them (`conf.type =
 * "log-log"`), which the cockpit's contract asks for:
 * - where the curve sits exactly at 0.5 over a flat stretch, the median is the midpoint of
 *   that stretch (R's `minmin`), not its first time;
 * - the interval runs from where the lower band first reaches 0.5 to where the upper band
 *   does, by the same rule (Brookmeyer & Crowley read off the pointwise bands);
 * - R leaves the log-log band undefined (NA) where S is 0 or 1, so a band that only gets to
 *   0.5 by dropping to 0 gives no limit: the interval is open (null), never made up.
 */
export function survfitMedian(curve: SurvivalCurve): MedianEstimate {
  const times = curve.steps.map((step) => step.time)
  const band = (value: (step: SurvivalStep) => number | null) =>
    curve.steps.map((step) => (step.survival === 0 || step.survival === 1 ? null : value(step)))
  return {
    median: minmin(
      curve.steps.map((step) => step.survival),
      times,
    ),
    lower: minmin(
      band((step) => step.lower),
      times,
    ),
    upper: minmin(
      band((step) => step.upper),
      times,
    ),
  }
}

/**
 * R's tolerance in `minmin`: `.Machine$double.eps^.5`. Products of fractions that are exactly
 * 0.5 on paper (e.g. 3/4 · 2/3) can land a few ulps above it.
 */
const survfitTolerance = Math.sqrt(Number.EPSILON)

/** The first time `values` is at or below 0.5, or the midpoint of a stretch exactly at 0.5. */
function minmin(values: (number | null)[], times: number[]) {
  const kept = values.flatMap((value, index) =>
    value !== null && value < 0.5 + survfitTolerance ? [{ value, time: times[index]! }] : [],
  )
  const first = kept[0]
  if (!first) return null
  if (Math.abs(first.value - 0.5) < survfitTolerance) {
    const below = kept.find((candidate) => candidate.value < first.value)
    if (below) return (first.time + below.time) / 2
  }
  return first.time
}
