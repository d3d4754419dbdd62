import { describe, expect, it } from 'vitest'
import { atDay, kaplanMeier, survfitMedian } from './kaplan-meier'
import fixtures from './survfit-fixtures/survfit-fixtures.json'

/**
 * The estimator behind the onboarding tracker and the cockpit's TTV cohorts, held to R: for
 * each data set, survfit-fixtures.json holds what R 4.2.2 with survival 3.5.3 reported
 * (`survfit(Surv(time, event) ~ 1, conf.type = "log-log")`): every step with its numbers at risk,
 * events, censorings, S(t) and 95% log-log band, the median with its interval as print(fit)
 * shows it, and summary(fit, times = c(0, 7, 14, 30, 60, 90), extend = TRUE). The R script
 * that wrote it sits beside it (survfit-fixtures/survfit-fixtures.R); rerun it to refresh. The
 * sets: survival::aml (both arms), survival::ovarian, 90 simulated days to value with ties, and
 * the edge cases (a plateau at exactly 0.5, fewer than half reaching it, a curve that ends at 0,
 * events on day 0, one account, everyone censored).
 */

type RNumber = number | null
type Fixture = {
  time: number[]
  event: number[]
  steps: Record<'time' | 'n.risk' | 'n.event' | 'n.censor' | 'surv' | 'lower' | 'upper', RNumber[]>
  median: RNumber
  lcl: RNumber
  ucl: RNumber
  days: Record<'time' | 'n.risk' | 'surv', number[]>
}

const sets = Object.entries(fixtures as Record<string, Fixture>)

const curveOf = (fixture: Fixture) =>
  kaplanMeier(fixture.time.map((time, i) => ({ time, event: fixture.event[i] === 1 })))

describe.each(sets)('Kaplan–Meier on %s against R survfit', (_name, fixture) => {
  it('has R’s steps: at risk, events, censored and S(t), plus a starting step at day 0', () => {
    const curve = curveOf(fixture)
    const rTimes = fixture.steps.time as number[]
    const ours = curve.steps.filter((s) => rTimes.includes(s.time))
    expect(ours.map((s) => s.time)).toEqual(rTimes)
    expect(ours.map((s) => s.atRisk)).toEqual(fixture.steps['n.risk'])
    expect(ours.map((s) => s.events)).toEqual(fixture.steps['n.event'])
    expect(ours.map((s) => s.censored)).toEqual(fixture.steps['n.censor'])
    ours.forEach((step, i) =>
      expect(step.survival, `S(${step.time})`).toBeCloseTo(fixture.steps.surv[i]!, 12),
    )
    // R has no step at day 0 unless something happened then; ours always starts there.
    expect(curve.steps[0]).toMatchObject({ time: 0, atRisk: fixture.time.length })
    expect(curve.steps).toHaveLength(rTimes.length + (rTimes[0] === 0 ? 0 : 1))
  })

  it('has R’s 95% log-log band wherever R gives one, and none where R has none', () => {
    const curve = curveOf(fixture)
    const rTimes = fixture.steps.time as number[]
    const ours = curve.steps.filter((s) => rTimes.includes(s.time))
    const withBand = ours.flatMap((step, i) =>
      fixture.steps.lower[i] === null
        ? []
        : [{ step, lower: fixture.steps.lower[i]!, upper: fixture.steps.upper[i]! }],
    )
    for (const { step, lower, upper } of withBand) {
      expect(step.lower, `lower at ${step.time}`).toBeCloseTo(lower, 10)
      expect(step.upper, `upper at ${step.time}`).toBeCloseTo(upper, 10)
    }
    // R gives no log-log band where S is 0 or 1 (log(-log S) is undefined); ours keeps 1–1 at
    // S = 1 and 0–unknown at S = 0, and the median's interval ignores both steps, as R does.
    const withoutBand = ours.filter((_, i) => fixture.steps.lower[i] === null)
    expect(withoutBand.map((s) => ({ survival: s.survival, lower: s.lower, upper: s.upper }))).toEqual(
      withoutBand.map((s) =>
        s.survival === 0 ? { survival: 0, lower: 0, upper: null } : { survival: 1, lower: 1, upper: 1 },
      ),
    )
  })

  it('gives R’s median and 95% interval, empty where R prints NA', () => {
    expect(survfitMedian(curveOf(fixture))).toEqual({
      median: fixture.median,
      lower: fixture.lcl,
      upper: fixture.ucl,
    })
  })

  it('reads the curve off at the tracker’s days as summary(fit, times) does: S and those still followed', () => {
    const curve = curveOf(fixture)
    const read = fixture.days.time.map((day) => atDay(curve, day))
    expect(read.map((r) => r.atRisk)).toEqual(fixture.days['n.risk'])
    read.forEach((r, i) =>
      expect(r.survival, `S on day ${fixture.days.time[i]}`).toBeCloseTo(fixture.days.surv[i]!, 12),
    )
  })
})
