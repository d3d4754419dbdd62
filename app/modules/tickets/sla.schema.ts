import { z } from 'zod'
import { tiers, type Tier } from '#db/schema/enums'
import { ticketPriorities, type TicketPriority } from '#db/schema/tickets'

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

/** One cell of the grid: a tier and a priority. */
export const slaCells = tiers.flatMap((tier) => ticketPriorities.map((priority) => ({ tier, priority })))

/** The form field of one target of one cell: `firstResponse_high_urgent`. */
export const slaFieldName = (kind: 'firstResponse' | 'resolution', tier: Tier, priority: TicketPriority) =>
  `${kind}_${tier}_${priority}` as const

type FieldName = ReturnType<typeof slaFieldName>

const shape = Object.fromEntries(
  slaCells.flatMap(({ tier, priority }) => [
    [slaFieldName('firstResponse', tier, priority), hours],
    [slaFieldName('resolution', tier, priority), hours],
  ]),
) as Record<FieldName, typeof hours>

export const slaTargetsSchema = z
  .object(shape)
  .superRefine((value, ctx) => {
    for (const { tier, priority } of slaCells) {
      if (
        value[slaFieldName('firstResponse', tier, priority)] >
        value[slaFieldName('resolution', tier, priority)]
      )
        ctx.addIssue({
          code: 'custom',
          path: [slaFieldName('resolution', tier, priority)],
          message: 'form.resolutionAfterResponse',
        })
    }
  })
  .transform((value) =>
    slaCells.map(({ tier, priority }) => ({
      tier,
      priority,
      firstResponseMinutes: Math.round(value[slaFieldName('firstResponse', tier, priority)] * 60),
      resolutionMinutes: Math.round(value[slaFieldName('resolution', tier, priority)] * 60),
    })),
  )
