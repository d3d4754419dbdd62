import { z } from 'zod'
import { locales, tiers } from '#db/schema/enums'

export const trackerSorts = ['name', 'start', 'ttv', 'completion', 'day'] as const
export const trackerGroupings = ['portal', 'tier', 'market'] as const
export const ttvStates = ['reached', 'pending', 'unmeasured'] as const

/** Filters of the staff onboarding overview; anything odd falls back instead of failing. */
export const trackerFiltersSchema = z.object({
  market: z.string().max(10).catch(''),
  tier: z.enum(tiers).or(z.literal('')).catch(''),
  locale: z.enum(locales).or(z.literal('')).catch(''),
  csm: z.coerce.number().int().positive().or(z.literal('')).catch(''),
  /** YYYY-MM of T0. */
  start: z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/)
    .or(z.literal(''))
    .catch(''),
  state: z.enum(ttvStates).or(z.literal('')).catch(''),
  sort: z.enum(trackerSorts).catch('start'),
  dir: z.enum(['asc', 'desc']).catch('desc'),
  groupBy: z.enum(trackerGroupings).catch('portal'),
  /** A page past the last, or nonsense, shows the first page (tracker.server.ts). */
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
})

/** Rows per page of the tracker's table: the page stays small whatever the number of accounts. */
export const trackerPageSize = 50

export type TrackerFilters = z.infer<typeof trackerFiltersSchema>
export type TrackerGrouping = (typeof trackerGroupings)[number]
