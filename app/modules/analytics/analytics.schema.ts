import { z } from 'zod'
import { currencies, tiers } from '#db/schema/enums'

/** The cockpit's metrics: the `metric` of `/:lang/staff/analytics.csv` (docs/design.md, the cockpit contract). */
export const metrics = [
  'channel-share',
  'first-response',
  'sla',
  'csat',
  'deflection',
  'content',
  'retention-accounts',
  'retention',
  'ttv-cohorts',
  'ttv-landmark',
] as const
export type Metric = (typeof metrics)[number]

export const tierFilters = [...tiers, 'all'] as const
export type TierFilter = (typeof tierFilters)[number]

const isoDate = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/
const dayMs = 24 * 3600 * 1000
/** Longer periods would make the page slow and the weekly charts unreadable. */
export const maxPeriodDays = 3 * 366

/** A real calendar day (2026-02-30 is not), as UTC midnight. */
const day = z.string().refine((value) => {
  if (!isoDate.test(value)) return false
  const date = new Date(`${value}T00:00:00Z`)
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value)
}, 'analytics:errors.date')

/** An empty field of the GET form means "the default". */
const blankAsMissing = (value: unknown) => (value === '' ? undefined : value)

/**
 * The filters of the page and of every CSV, straight from the query string. Unlike the
 * tracker's, a bad value is refused (400): a CSV loaded into a BI tool must never silently
 * hold other figures than the URL asked for. Messages are i18n keys.
 */
export function analyticsFiltersSchema(marketCodes: readonly string[]) {
  return z
    .object({
      from: z.preprocess(blankAsMissing, day.optional()),
      to: z.preprocess(blankAsMissing, day.optional()),
      market: z.preprocess(
        blankAsMissing,
        z
          .string()
          .refine((code) => code === 'all' || marketCodes.includes(code), 'analytics:errors.market')
          .default('all'),
      ),
      tier: z.preprocess(blankAsMissing, z.enum(tierFilters, 'analytics:errors.tier').default('all')),
    })
    .loose()
}

export type AnalyticsFilterInput = z.infer<ReturnType<typeof analyticsFiltersSchema>>

/** The filters every metric function receives: a period [from, to] of whole UTC days. */
export type OutcomeFilters = {
  /** First day of the period, UTC midnight. */
  from: Date
  /** Last day of the period (inclusive), UTC midnight. */
  to: Date
  market: string
  tier: TierFilter
}

/** By default the last six whole months and this one: a year of weekly bars is hard to read. */
export function defaultPeriod(today: Date) {
  const to = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate()))
  const from = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() - 6, 1))
  return { from, to }
}

export type FilterProblem =
  'analytics:errors.date' | 'analytics:errors.market' | 'analytics:errors.tier' | 'analytics:errors.period'

/** Parses the query string: the filters, or the first problem as an i18n key. */
export function parseAnalyticsFilters(
  search: URLSearchParams,
  input: { marketCodes: readonly string[]; today: Date },
): { filters: OutcomeFilters } | { problem: FilterProblem } {
  const parsed = analyticsFiltersSchema(input.marketCodes).safeParse(Object.fromEntries(search))
  if (!parsed.success)
    return { problem: (parsed.error.issues[0]?.message ?? 'analytics:errors.date') as FilterProblem }
  const fallback = defaultPeriod(input.today)
  const from = parsed.data.from ? new Date(`${parsed.data.from}T00:00:00Z`) : fallback.from
  const to = parsed.data.to ? new Date(`${parsed.data.to}T00:00:00Z`) : fallback.to
  if (to < from || (to.getTime() - from.getTime()) / dayMs > maxPeriodDays)
    return { problem: 'analytics:errors.period' }
  return { filters: { from, to, market: parsed.data.market, tier: parsed.data.tier } }
}

export const metricSchema = z.enum(metrics)

/** A day as the form's date fields and the CSV file names show it. */
export const isoDay = (date: Date) => date.toISOString().slice(0, 10)

/** The admins' form for one month's rate of one currency; messages are keys of `errors`. */
export const exchangeRateSchema = z.object({
  month: z
    .string({ error: 'form.required' })
    .trim()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/, { error: 'form.month' }),
  currency: z.enum(currencies, { error: 'form.invalid' }),
  usdPerUnit: z
    .string({ error: 'form.required' })
    .trim()
    .transform((value) => Number(value.replace(',', '.')))
    .pipe(
      z
        .number({ error: 'form.rate' })
        .positive({ error: 'form.rate' })
        .max(1_000_000, { error: 'form.rate' }),
    ),
})
