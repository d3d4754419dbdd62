import { z } from 'zod'
import { isCalendarDay } from '~/modules/tasks/task-dates'

/** A holiday as an admin types it on the market's page: a local date and its name. */
export const holidaySchema = z.object({
  date: z
    .string({ error: 'form.required' })
    .trim()
    .min(1, { error: 'form.required' })
    .refine(isCalendarDay, { error: 'form.date' }),
  name: z
    .string({ error: 'form.required' })
    .trim()
    .min(1, { error: 'form.required' })
    .max(80, { error: 'form.tooLong' }),
})

export const removeHolidaySchema = z.object({
  holidayId: z.coerce.number({ error: 'form.invalid' }).int().positive({ error: 'form.invalid' }),
})
