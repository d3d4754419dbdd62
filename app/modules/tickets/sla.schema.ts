import { z } from 'zod'
import { tiers, type Tier } from '#db/schema/enums'

/** Targets are typed in hours (quarter hours allowed) and stored in business minutes. */
export const slaHourLimits = { min: 0.25, max: 2000 }

const hours = z
  .string({ error: 'form.required' })
  .trim()
  .min(1, { error: 'form.required' })
  // People type the decimal mark of their language: 1.5 or 1,5.
  .regex(/^\d{1,4}([.,]\d{1,2})?$/, { error: 'form.hours' })
  .transform((value) => Number(value.replace(',', '.')))
  .pipe(
    z
      .number()
      .min(slaHourLimits.min, { error: 'form.range' })
      .max(slaHourLimits.max, { error: 'form.range' }),
  )

const shape = Object.fromEntries(
  tiers.flatMap((tier) => [
    [`firstResponse_${tier}`, hours],
    [`resolution_${tier}`, hours],
  ]),
) as Record<`firstResponse_${Tier}` | `resolution_${Tier}`, typeof hours>

export const slaTargetsSchema = z
  .object(shape)
  .superRefine((value, ctx) => {
    for (const tier of tiers) {
      if (value[`firstResponse_${tier}`] > value[`resolution_${tier}`])
        ctx.addIssue({
          code: 'custom',
          path: [`resolution_${tier}`],
          message: 'form.resolutionAfterResponse',
        })
    }
  })
  .transform((value) =>
    tiers.map((tier) => ({
      tier,
      firstResponseMinutes: Math.round(value[`firstResponse_${tier}`] * 60),
      resolutionMinutes: Math.round(value[`resolution_${tier}`] * 60),
    })),
  )
