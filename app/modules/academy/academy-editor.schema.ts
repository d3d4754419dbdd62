import { z } from 'zod'
import { lessonKinds, questionKinds } from '#db/schema/academy'
import { locales } from '#db/schema/enums'
import { slugPattern, translationStates } from '~/modules/kb/editor.schema'

/** The three kinds of academy content editors translate; each has its own table of texts. */
export const academyKinds = ['video', 'course', 'quiz'] as const
export type AcademyKind = (typeof academyKinds)[number]

export const academyLimits = {
  keyMaxLength: 100,
  titleMaxLength: 200,
  descriptionMaxLength: 5_000,
  summaryMaxLength: 2_000,
  promptMaxLength: 1_000,
  optionMaxLength: 500,
  embedMaxLength: 500,
  maxQuestions: 100,
  maxOptions: 12,
}

/** The matrix filters come from the query string: anything unknown is simply no filter. */
export const academyMatrixFiltersSchema = z.object({
  kind: z.enum(academyKinds).optional().catch(undefined),
  state: z.enum(translationStates).optional().catch(undefined),
  locale: z.enum(locales).optional().catch(undefined),
})
export type AcademyMatrixFilters = z.infer<typeof academyMatrixFiltersSchema>

const revisionNumber = z.coerce
  .number({ error: 'form.invalid' })
  .int({ error: 'form.invalid' })
  .min(0, { error: 'form.invalid' })
  .max(1_000_000_000, { error: 'form.invalid' })

const integer = (min: number, max: number) =>
  z.coerce
    .number({ error: 'form.number' })
    .int({ error: 'form.number' })
    .min(min, { error: 'form.range' })
    .max(max, { error: 'form.range' })

/** Text as typed: line endings normalized and trimmed. */
const optionalText = (max: number) =>
  z
    .string()
    .optional()
    .transform((value) => (value ?? '').replace(/\r\n?/g, '\n').trim())
    .pipe(z.string().max(max, { error: 'form.tooLong' }))
const requiredText = (max: number) => optionalText(max).pipe(z.string().min(1, { error: 'form.required' }))

const key = z
  .string({ error: 'form.required' })
  .trim()
  .min(1, { error: 'form.required' })
  .max(academyLimits.keyMaxLength, { error: 'form.tooLong' })
  .regex(slugPattern, { error: 'form.slug' })

const title = requiredText(academyLimits.titleMaxLength)
const sourceLocale = z.enum(locales, { error: 'form.invalid' })
const embedInput = requiredText(academyLimits.embedMaxLength)
const durationSeconds = integer(1, 86_400)
const position = integer(0, 100_000)
/** Empty means a certificate that never expires. */
const validityMonths = z
  .string()
  .optional()
  .transform((value, ctx) => {
    const typed = value?.trim()
    if (!typed) return null
    const months = Number(typed)
    if (!/^\d+$/.test(typed)) ctx.addIssue({ code: 'custom', message: 'form.number' })
    else if (months < 1 || months > 120) ctx.addIssue({ code: 'custom', message: 'form.range' })
    return months
  })

export const quizRules = {
  passMark: integer(1, 100),
  maxAttempts: integer(1, 20),
  cooldownMinutes: integer(1, 10_080),
}

export const newVideoSchema = z.object({ key, title, sourceLocale, embedInput, durationSeconds })
export const newCourseSchema = z.object({ key, title, sourceLocale, validityMonths })
export const newQuizSchema = z.object({ key, title, sourceLocale, ...quizRules })

export const videoSettingsSchema = z.object({ position, durationSeconds, embedInput: embedInput.optional() })
export const courseSettingsSchema = z.object({ position, validityMonths })
export const quizSettingsSchema = z.object(quizRules)

const id = z.coerce
  .number({ error: 'form.invalid' })
  .int({ error: 'form.invalid' })
  .positive({ error: 'form.invalid' })

export const addLessonSchema = z.object({ kind: z.enum(lessonKinds, { error: 'form.invalid' }), refId: id })
export const lessonTargetSchema = z.object({ lessonId: id })
export const moveLessonSchema = z.object({
  lessonId: id,
  direction: z.enum(['up', 'down'], { error: 'form.invalid' }),
})

const questionKey = z
  .string({ error: 'form.invalid' })
  .regex(slugPattern, { error: 'form.invalid' })
  .max(academyLimits.keyMaxLength)
export const addQuestionSchema = z.object({ kind: z.enum(questionKinds, { error: 'form.invalid' }) })
export const questionTargetSchema = z.object({ questionKey })
/** A question's kind and which of its options are right, saved together (`correct` repeats). */
export const questionSettingsSchema = z.object({
  questionKey,
  kind: z.enum(questionKinds, { error: 'form.invalid' }),
  correct: z.array(questionKey).max(academyLimits.maxOptions),
})
export const optionTargetSchema = z.object({ questionKey, optionKey: questionKey })

const versions = { expectedRevision: revisionNumber, translatedFrom: revisionNumber }

export const videoTextSchema = z.object({
  title,
  description: optionalText(academyLimits.descriptionMaxLength),
  captions: z
    .string()
    .optional()
    .transform((value) => (value ?? '').replace(/\r\n?/g, '\n').replace(/^\uFEFF/, ''))
    .pipe(z.string().max(200_000, { error: 'form.tooLong' })),
  ...versions,
})
export const courseTextSchema = z.object({
  title,
  summary: optionalText(academyLimits.summaryMaxLength),
  ...versions,
})

/** Form names of a quiz's texts: one prompt per question and one text per option. */
export const promptField = (questionKey: string) => `q.${questionKey}.prompt`
export const optionField = (questionKey: string, optionKey: string) => `q.${questionKey}.o.${optionKey}`

/**
 * The texts of a quiz in one language, for the structure it has now: title, each question's
 * prompt and each option's text. Blank prompts and options may be saved in a draft; publishing
 * asks for all of them.
 */
export function quizTextSchema(structure: { key: string; options: { key: string }[] }[]) {
  const shape: Record<string, z.ZodType> = { title, ...versions }
  for (const question of structure) {
    shape[promptField(question.key)] = optionalText(academyLimits.promptMaxLength)
    for (const option of question.options)
      shape[optionField(question.key, option.key)] = optionalText(academyLimits.optionMaxLength)
  }
  return z.object(shape)
}

export const markUpToDateSchema = z.object({
  expectedRevision: revisionNumber,
  sourceRevision: revisionNumber,
})
