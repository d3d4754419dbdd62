import { z } from 'zod'
import { locales } from '#db/schema/enums'
import { articleVisibilities } from '#db/schema/kb'

/** Editors' limits: a body longer than this is refused with 413, not cut. */
export const editorLimits = {
  bodyMaxLength: 200_000,
  titleMaxLength: 200,
  summaryMaxLength: 1_000,
  slugMaxLength: 100,
  maxTags: 20,
  tagMaxLength: 50,
}

export const slugPattern = /^[a-z0-9]+(-[a-z0-9]+)*$/

export const translationStates = ['missing', 'draft', 'published', 'stale'] as const
export type TranslationState = (typeof translationStates)[number]

const text = (max: number) =>
  z
    .string()
    .optional()
    .transform((value) => (value ?? '').replace(/\r\n?/g, '\n'))
    .pipe(z.string().max(max, { error: 'form.tooLong' }))

export const translationFields = {
  slug: z
    .string({ error: 'form.required' })
    .trim()
    .min(1, { error: 'form.required' })
    .max(editorLimits.slugMaxLength, { error: 'form.tooLong' })
    .regex(slugPattern, { error: 'form.slug' }),
  title: z
    .string({ error: 'form.required' })
    .trim()
    .min(1, { error: 'form.required' })
    .max(editorLimits.titleMaxLength, { error: 'form.tooLong' }),
  summary: text(editorLimits.summaryMaxLength).transform((value) => value.trim()),
  /** Comma separated, as typed; stored as a clean list without repeats. */
  tags: z
    .string()
    .optional()
    .transform((value) => [
      ...new Set(
        (value ?? '')
          .split(',')
          .map((tag) => tag.trim().replace(/\s+/g, ' '))
          .filter(Boolean),
      ),
    ])
    .pipe(
      z
        .array(z.string().max(editorLimits.tagMaxLength, { error: 'form.tooLong' }))
        .max(editorLimits.maxTags, { error: 'form.tooMany' }),
    ),
  body: z
    .string()
    .optional()
    .transform((value) => (value ?? '').replace(/\r\n?/g, '\n'))
    .pipe(z.string().max(editorLimits.bodyMaxLength, { error: 'form.bodyTooLarge' })),
}

const revisionNumber = z.coerce.number({ error: 'form.invalid' }).int().min(0).max(1_000_000_000)

export const translationFormSchema = z.object({
  ...translationFields,
  expectedRevision: revisionNumber.optional(),
  translatedFrom: revisionNumber.optional(),
  /** A checkbox on the source: a typo fix that leaves current translations current. */
  minorEdit: z
    .string()
    .optional()
    .transform((value) => value === 'on'),
})

export const previewSchema = z.object({ body: translationFields.body })

export const articleSettingsSchema = z.object({
  categoryKey: z.string({ error: 'form.required' }).trim().min(1, { error: 'form.required' }).max(100),
  visibility: z.enum(articleVisibilities, { error: 'form.invalid' }),
  position: z.coerce
    .number({ error: 'form.number' })
    .int({ error: 'form.number' })
    .min(0, { error: 'form.range' })
    .max(100_000, { error: 'form.range' }),
})

export const newArticleSchema = z.object({
  ...translationFields,
  sourceLocale: z.enum(locales, { error: 'form.invalid' }),
  categoryKey: articleSettingsSchema.shape.categoryKey,
  visibility: articleSettingsSchema.shape.visibility,
})

export const restoreSchema = z.object({
  revision: revisionNumber,
  expectedRevision: revisionNumber.optional(),
})

export const markUpToDateSchema = z.object({ expectedRevision: revisionNumber.optional() })

/** Taking a translation off the site is confirmed by a checkbox, and carries no text. */
export const unpublishSchema = z.object({
  expectedRevision: revisionNumber.optional(),
  confirm: z.literal('on', { error: 'form.confirmUnpublish' }),
})

/** The matrix filters come from the query string: anything unknown is simply no filter. */
export const matrixFiltersSchema = z.object({
  category: z.string().max(100).optional().catch(undefined),
  state: z.enum(translationStates).optional().catch(undefined),
  locale: z.enum(locales).optional().catch(undefined),
})
export type MatrixFilters = z.infer<typeof matrixFiltersSchema>

export const searchGapFiltersSchema = z.object({ locale: z.enum(locales).optional().catch(undefined) })

export const isBodyTooLarge = (fieldErrors: Record<string, string>) =>
  fieldErrors.body === 'form.bodyTooLarge'
