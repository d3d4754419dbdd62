import { z } from 'zod'

/** The "Did this help?" form: yes or no, and an optional reason. */
export const feedbackFormSchema = z.object({
  helpful: z.enum(['yes', 'no']),
  reason: z.string().trim().max(1000).optional(),
})
