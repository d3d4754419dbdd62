import { z } from 'zod'
import { canonicalTimeZone } from './time-zones'

/** A time zone typed or chosen by a person: any IANA zone ICU knows, stored by its canonical name. */
export const timeZoneField = z
  .string({ error: 'form.timezone' })
  .trim()
  .transform((value, context) => {
    const zone = canonicalTimeZone(value)
    if (!zone) {
      context.addIssue({ code: 'custom', message: 'form.timezone' })
      return z.NEVER
    }
    return zone
  })

export const timeZoneFormSchema = z.object({ timeZone: timeZoneField })
