import { describe, expect, it } from 'vitest'
import { censoringTimes, kaplanMeier, reachedShare, survfitMedian, type Observation } from './kaplan-meier'

const events = (times: number[]): Observation[] => times.map((time) => ({ time, event: true }))
const censored = (times: number[]): Observation[] => times.map((time) => ({ time, event: false }))

/**
 * Remission times in weeks of the 6-MP arm (n = 21) of Freireich et al., "The effect of
 * 6-mercaptopurine on the duration of steroid-induced remissions in acute leukemia",
 * Blood 21 (1963) 699–716, as tabulated in Kleinbaum & Klein, "Survival Analysis: A
 * Self-Learning Text", 3rd ed. (Springer 2012), chapter 2 (group 1, treatment). 9
 * relapses, 12 censored. Given out of order on purpose.
 */
const sixMpArm = [
  ...censored([35, 6, 9, 10, 11, 17, 19, 20, 25, 32, 32, 34]),
  ...events([23, 6, 6, 6, 7, 10, 13, 16, 22]),
]

/** The placebo arm (group 2) of the same trial and table: 21 relapses, none censored. */
const placeboArm = events([1, 1, 2, 2, 3, 4, 4, 5, 5, 8, 8, 8, 8, 11, 11, 12, 12, 15, 17, 22, 23])

const stepAt = (observations: Observation[], time: number) => {
  const step = kaplanMeier(observations).steps.find((candidate) => candidate.time === time)
  if (!step) throw new Error(`no step at ${time}`)
  return step
}

describe('kaplanMeier on the 6-MP arm of Freireich et al. (Kleinbaum & Klein, ch. 2)', () => {
  const curve = kaplanMeier(sixMpArm)

  it('reproduces the textbook table of n at risk, relapses and S(t) to three decimals', () => {
    const relapseSteps = curve.steps.filter((step) => step.events > 0)
    expect(relapseSteps.map(({ time, atRisk, events }) => [time, atRisk, events])).toEqual([
      [6, 21, 3],
      [7, 17, 1],
      [10, 15, 1],
      [13, 12, 1],
      [16, 11, 1],
      [22, 7, 1],
      [23, 6, 1],
    ])
    expect(relapseSteps.map((step) => step.survival.toFixed(3))).toEqual([
      '0.857',
      '0.807',
      '0.753',
      '0.690',
      '0.627',
      '0.538',
      '0.448',
    ])
  })

  it('starts at time 0 with everyone at risk and keeps S flat through censoring-only times', () => {
    expect(curve.steps[0]).toEqual({
      time: 0,
      atRisk: 21,
      events: 0,
      censored: 0,
      survival: 1,
      standardError: 0,
      lower: 1,
      upper: 1,
    })
    expect(stepAt(sixMpArm, 9)).toMatchObject({ atRisk: 16, events: 0, censored: 1 })
    expect(stepAt(sixMpArm, 9).survival).toBe(stepAt(sixMpArm, 7).survival)
    expect(curve.steps.at(-1)).toMatchObject({ time: 35, atRisk: 1, censored: 1 })
  })

  it('counts subjects, events and censorings overall', () => {
    expect(curve).toMatchObject({ subjects: 21, events: 9, censored: 12 })
  })

  it("gives Greenwood's standard error and the log-log 95% interval at week 6", () => {
    // By hand: S = 18/21 = 0.857143; Σ d/(n(n−d)) = 3/(21·18) = 0.0079365;
    // SE = S·√0.0079365 = 0.857143 · 0.089087 = 0.0764.
    // log-log: √0.0079365 / |ln 0.857143| = 0.089087 / 0.154151 = 0.57792;
    // e^(1.96·0.57792) = 3.1041; lower = S^3.1041 = 0.620, upper = S^(1/3.1041) = 0.952.
    const week6 = stepAt(sixMpArm, 6)
    expect(week6.standardError).toBeCloseTo(0.0764, 4)
    expect(week6.lower).toBeCloseTo(0.62, 3)
    expect(week6.upper).toBeCloseTo(0.952, 3)
  })

  it('keeps every band inside [0, 1] and around the estimate', () => {
    for (const step of curve.steps) {
      expect(step.lower).toBeGreaterThanOrEqual(0)
      expect(step.lower).toBeLessThanOrEqual(step.survival)
      expect(step.upper).toBeGreaterThanOrEqual(step.survival)
      expect(step.upper).toBeLessThanOrEqual(1)
    }
  })

  it('gives the share reached by each time, 1 − S(t), and the censoring times for the chart', () => {
    const points = reachedShare(curve)
    expect(points[0]).toEqual({ time: 0, value: 0 })
    expect(points.find((point) => point.time === 23)?.value.toFixed(3)).toBe('0.552')
    expect(censoringTimes(curve)).toEqual([6, 9, 10, 11, 17, 19, 20, 25, 32, 34, 35])
  })
})

describe('kaplanMeier edge cases', () => {
  it('keeps S at 1 with a zero-width interval when every account is censored', () => {
    const curve = kaplanMeier(censored([2, 4, 4, 9]))
    expect(curve).toMatchObject({ subjects: 4, events: 0, censored: 4 })
    for (const step of curve.steps) {
      expect(step).toMatchObject({ survival: 1, standardError: 0, lower: 1, upper: 1 })
    }
    expect(survfitMedian(curve)).toEqual({ median: null, lower: null, upper: null })
  })

  it('gives only the starting step for no accounts at all', () => {
    const curve = kaplanMeier([])
    expect(curve).toEqual({
      subjects: 0,
      events: 0,
      censored: 0,
      steps: [
        { time: 0, atRisk: 0, events: 0, censored: 0, survival: 1, standardError: 0, lower: 1, upper: 1 },
      ],
    })
    expect(survfitMedian(curve)).toEqual({ median: null, lower: null, upper: null })
    expect(censoringTimes(curve)).toEqual([])
  })

  it('counts accounts censored at an event time as still at risk for that event', () => {
    const observations = [...events([2, 5]), ...censored([2, 2])]
    // Four at risk at day 2, one event: 3/4. Censoring first would give 1/2 instead.
    expect(stepAt(observations, 2)).toMatchObject({ atRisk: 4, events: 1, censored: 2, survival: 0.75 })
    expect(stepAt(observations, 5)).toMatchObject({ atRisk: 1, events: 1, censored: 0, survival: 0 })
  })

  it('reports an unknown upper band once every account at risk has had the event', () => {
    expect(stepAt(events([1, 2]), 2)).toMatchObject({
      survival: 0,
      standardError: null,
      lower: 0,
      upper: null,
    })
  })

  it('puts events on the start day into the step at time 0', () => {
    const curve = kaplanMeier([...events([0, 3]), ...censored([0, 7])])
    expect(curve.steps.map((step) => step.time)).toEqual([0, 3, 7])
    expect(curve.steps[0]).toMatchObject({ atRisk: 4, events: 1, censored: 1, survival: 0.75 })
    expect(reachedShare(curve)[0]).toEqual({ time: 0, value: 0.25 })
  })

  it.each([-1, Number.NaN, Number.POSITIVE_INFINITY])('refuses a time of %s', (time) => {
    expect(() => kaplanMeier([{ time, event: true }])).toThrow(RangeError)
  })
})

describe('survfitMedian (as R survfit prints it, conf.type = "log-log")', () => {
  it('agrees with the textbook 6-MP median of 23 weeks, 95% interval from 13, open above', () => {
    expect(survfitMedian(kaplanMeier(sixMpArm))).toEqual({ median: 23, lower: 13, upper: null })
  })

  it('takes the middle of a flat stretch exactly at 0.5 (1, 2, 3, 4: 2.5), rounding error included', () => {
    expect(survfitMedian(kaplanMeier(events([1, 2, 3, 4]))).median).toBe(2.5)
    // 23/24 · 22/23 · … · 12/13 is 0.5000000000000001 in floating point: still 0.5 to R.
    const oneEventADay = events(Array.from({ length: 24 }, (_, index) => index + 1))
    expect(stepAt(oneEventADay, 12).survival).toBeGreaterThan(0.5)
    expect(survfitMedian(kaplanMeier(oneEventADay)).median).toBe(12.5)
  })

  it('takes the tied time when S jumps past 0.5 (placebo arm: 8 weeks)', () => {
    // Four relapses at week 8 take S from 12/21 = 0.571 to 8/21 = 0.381.
    expect(stepAt(placeboArm, 8).survival).toBeCloseTo(8 / 21, 10)
    expect(survfitMedian(kaplanMeier(placeboArm)).median).toBe(8)
  })

  it('is null ("not reached") when fewer than half the accounts have the event', () => {
    const curve = kaplanMeier([...events([3, 5]), ...censored([10, 12, 14, 20])])
    expect(curve.steps.at(-1)?.survival).toBeCloseTo(4 / 6, 10)
    expect(survfitMedian(curve).median).toBeNull()
    expect(Math.max(...reachedShare(curve).map((point) => point.value))).toBeLessThan(0.5)
  })

  it('gives no interval where R has no band: one account, or everything censored', () => {
    expect(survfitMedian(kaplanMeier(events([3])))).toEqual({ median: 3, lower: null, upper: null })
    expect(survfitMedian(kaplanMeier(censored([2, 4, 9])))).toEqual({
      median: null,
      lower: null,
      upper: null,
    })
  })
})
