import { z } from 'zod'
import { channels, currencies, locales, tiers } from '#db/schema/enums'
import { isTimeZone } from '~/modules/time/time-zones'

export const accountFiltersSchema = z.object({
  q: z.string().trim().max(100).catch(''),
  market: z.string().max(10).catch(''),
  tier: z.enum(tiers).or(z.literal('')).catch(''),
  locale: z.enum(locales).or(z.literal('')).catch(''),
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
})
export type AccountFilters = z.infer<typeof accountFiltersSchema>

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: 'form.time' })

/**
 * Money typed in major units becomes integer minor units. People type the separators of
 * their language (`12,000.50`, `12.000,50`, `12 000,50`): a final `.` or `,` followed by one
 * or two digits is the decimal mark, every other separator groups thousands.
 */
export function parseMajorUnits(input: string): number | null {
  const match = /^(\d+|\d{1,3}(?:[\s\u00a0\u202f.,_']\d{3})+)(?:[.,](\d{1,2}))?$/.exec(input.trim())
  if (!match) return null
  const whole = match[1]!.replace(/\D/g, '')
  if (whole.length > 12) return null
  return Number(whole) * 100 + Number((match[2] ?? '').padEnd(2, '0'))
}

const majorUnits = z
  .string({ error: 'form.required' })
  .trim()
  .min(1, { error: 'form.required' })
  .transform((value, context) => {
    const minor = parseMajorUnits(value)
    if (minor === null) {
      context.addIssue({ code: 'custom', message: 'form.amount' })
      return z.NEVER
    }
    return minor
  })

export const marketSettingsSchema = z
  .object({
    name: z.string().trim().min(1, { error: 'form.required' }).max(80, { error: 'form.tooLong' }),
    defaultLocale: z.enum(locales, { error: 'form.invalid' }),
    currency: z.enum(currencies, { error: 'form.invalid' }),
    highTouchMinArr: majorUnits,
    midTouchMinArr: majorUnits,
    channels: z.array(z.enum(channels)).min(1, { error: 'form.chooseOne' }),
    timezone: z.string().trim().refine(isTimeZone, { error: 'form.timezone' }),
    supportOpens: hhmm,
    supportCloses: hhmm,
    supportDays: z
      .array(z.coerce.number().int().min(1).max(7))
      .min(1, { error: 'form.chooseOne' })
      .transform((days) => [...new Set(days)].sort()),
  })
  .refine((m) => m.highTouchMinArr > m.midTouchMinArr, {
    path: ['highTouchMinArr'],
    error: 'form.highAboveMid',
  })
  .refine((m) => m.supportCloses > m.supportOpens, {
    path: ['supportCloses'],
    error: 'form.closesAfterOpens',
  })

const percent = z.coerce
  .number({ error: 'form.number' })
  .int({ error: 'form.number' })
  .min(1, { error: 'form.range' })
  .max(300, { error: 'form.range' })
const days = z.coerce
  .number({ error: 'form.number' })
  .int({ error: 'form.number' })
  .min(1, { error: 'form.range' })
  .max(730, { error: 'form.range' })

export const outcomeTargetsSchema = z.object({
  timeToValueDays: days,
  onboardingDays: days,
  adoptionPercent: percent.max(100, { error: 'form.range' }),
  grossRetentionPercent: percent.max(100, { error: 'form.range' }),
  netRetentionPercent: percent,
  portalUserWindowDays: days,
})

export const tierOverrideSchema = z.discriminatedUnion('tierOverride', [
  z.object({ tierOverride: z.literal(''), reason: z.string().optional() }),
  z.object({
    tierOverride: z.enum(tiers),
    reason: z.string().trim().min(3, { error: 'form.reasonRequired' }).max(500, { error: 'form.tooLong' }),
  }),
])

export const accountsPageSize = 50
