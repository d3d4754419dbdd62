import { z } from 'zod'
import { locales, type Locale } from '#db/schema/enums'

export const savedReplyLimits = { titleMaxLength: 120, bodyMaxLength: 10_000 }

const optionalText = (max: number) =>
  z
    .string()
    .optional()
    .transform((value) => (value ?? '').replace(/\r\n?/g, '\n').trim())
    .pipe(z.string().max(max, { error: 'form.tooLong' }))

/** One language's fields: `title_<locale>` and `body_<locale>`. */
const localeShape = Object.fromEntries(
  locales.flatMap((locale) => [
    [`title_${locale}`, optionalText(savedReplyLimits.titleMaxLength)],
    [`body_${locale}`, optionalText(savedReplyLimits.bodyMaxLength)],
  ]),
) as Record<`title_${Locale}` | `body_${Locale}`, ReturnType<typeof optionalText>>

/**
 * English is required, as the fallback for any language left empty; any other language is all
 * or nothing: a title without a text (or the reverse) would insert half a reply.
 */
export const savedReplySchema = z
  .object(localeShape)
  .superRefine((value, ctx) => {
    for (const locale of locales) {
      const title = value[`title_${locale}`]
      const body = value[`body_${locale}`]
      if (locale === 'en' || title || body) {
        if (!title) ctx.addIssue({ code: 'custom', path: [`title_${locale}`], message: 'form.required' })
        if (!body) ctx.addIssue({ code: 'custom', path: [`body_${locale}`], message: 'form.required' })
      }
    }
  })
  .transform((value) =>
    locales.flatMap((locale) =>
      value[`title_${locale}`] && value[`body_${locale}`]
        ? [{ locale, title: value[`title_${locale}`], body: value[`body_${locale}`] }]
        : [],
    ),
  )

export type SavedReplyInput = z.output<typeof savedReplySchema>
