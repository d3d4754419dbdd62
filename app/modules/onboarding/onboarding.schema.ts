import { z } from 'zod'

/** Ticking or unticking one checklist item; the account is never part of the form. */
export const checklistActionSchema = z.object({
  intent: z.enum(['done', 'undo']),
  itemKey: z
    .string()
    .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/)
    .max(100),
})
