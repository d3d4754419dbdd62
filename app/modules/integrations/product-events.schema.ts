import { z } from 'zod'

/** The body of POST /api/events: one product event about one account. */
export const productEventSchema = z
  .object({
    /** The account, by our id or by the id the vendor's product uses (exactly one). */
    accountId: z.number().int().positive().optional(),
    accountExternalId: z.string().trim().min(1).max(100).optional(),
    event: z.string().regex(/^[a-z0-9_.-]{1,64}$/, 'lowercase letters, digits, _ . - (1–64)'),
    occurredAt: z.iso.datetime({ offset: true }),
    userEmail: z.email().max(254).optional(),
    /** The same key sent twice is one event: retries are safe. */
    idempotencyKey: z.string().min(1).max(200),
  })
  .strict()
  .refine((body) => (body.accountId === undefined) !== (body.accountExternalId === undefined), {
    path: ['accountId'],
    message: 'give exactly one of accountId and accountExternalId',
  })

export type ProductEventInput = z.infer<typeof productEventSchema>
