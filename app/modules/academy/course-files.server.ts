import { parse as parseYaml } from 'yaml'
import { z } from 'zod'
import { questionKinds } from '#db/schema/academy'
import { locales, type Locale } from '#db/schema/enums'

/** Course, lesson, quiz, question and option keys: the same shape as article and video keys. */
export const academyKeyPattern = /^[a-z0-9]+(?:-[a-z0-9]+)*$/

export const courseFileLimits = {
  titleMaxLength: 200,
  summaryMaxLength: 1000,
  promptMaxLength: 1000,
  optionMaxLength: 500,
  lessonsMax: 50,
  questionsMax: 100,
  optionsMin: 2,
  optionsMax: 8,
} as const

const key = z.string().max(80).regex(academyKeyPattern, 'must be lowercase letters, digits and hyphens')
const texts = (max: number) => z.partialRecord(z.enum(locales), z.string().trim().min(1).max(max))

const lessonSchema = z.union(
  [z.object({ video: key }).strict(), z.object({ article: key }).strict(), z.object({ quiz: key }).strict()],
  {
    error: 'a lesson is one of { video: key }, { article: key } or { quiz: key }',
  },
)

const optionSchema = z.object({
  key,
  correct: z.boolean().default(false),
  text: texts(courseFileLimits.optionMaxLength),
})

const questionSchema = z.object({
  key,
  kind: z.enum(questionKinds),
  prompt: texts(courseFileLimits.promptMaxLength),
  options: z.array(optionSchema).min(courseFileLimits.optionsMin).max(courseFileLimits.optionsMax),
})

const quizSchema = z.object({
  key,
  passMark: z.number().int().min(1).max(100).default(80),
  maxAttempts: z.number().int().min(1).max(20).default(3),
  cooldownMinutes: z.number().int().min(1).max(10080).default(60),
  title: texts(courseFileLimits.titleMaxLength),
  questions: z.array(questionSchema).min(1).max(courseFileLimits.questionsMax),
})

/** content/academy/<key>.yml: a course, its lessons in order and its final quiz, every language side by side. */
const courseFileSchema = z.object({
  sourceLocale: z.enum(locales).default('en'),
  order: z.number().int().min(0).default(0),
  certificateValidityMonths: z.number().int().min(1).max(120).nullish(),
  title: texts(courseFileLimits.titleMaxLength),
  summary: texts(courseFileLimits.summaryMaxLength).default({}),
  lessons: z.array(lessonSchema).min(1).max(courseFileLimits.lessonsMax),
  quiz: quizSchema.nullish(),
})

export type CourseFile = z.infer<typeof courseFileSchema>
export type QuizFile = z.infer<typeof quizSchema>
export type LessonRef = { kind: 'video' | 'article' | 'quiz'; key: string }

export const lessonRef = (lesson: CourseFile['lessons'][number]): LessonRef =>
  'video' in lesson
    ? { kind: 'video', key: lesson.video }
    : 'article' in lesson
      ? { kind: 'article', key: lesson.article }
      : { kind: 'quiz', key: lesson.quiz }

/** The languages a quiz is translated into: those with a title or any text. */
export const quizLocales = (quiz: QuizFile): Locale[] =>
  locales.filter(
    (l) => quiz.title[l] || quiz.questions.some((q) => q.prompt[l] || q.options.some((o) => o.text[l])),
  )

export function parseCourseFile(
  raw: string,
): { ok: true; course: CourseFile } | { ok: false; error: string } {
  try {
    const result = courseFileSchema.safeParse(parseYaml(raw.replace(/^\uFEFF/, '')))
    if (!result.success) {
      const issue = result.error.issues[0]!
      return { ok: false, error: `${issue.path.join('.') || 'file'}: ${issue.message}` }
    }
    const course = result.data
    const error = checkCourse(course)
    return error ? { ok: false, error } : { ok: true, course }
  } catch (error) {
    return { ok: false, error: (error as Error).message.split('\n')[0]! }
  }
}

/** What zod cannot say alone: the source language is complete, keys are unique, answers make sense. */
function checkCourse(course: CourseFile): string | null {
  const source = course.sourceLocale
  if (!course.title[source]) return `title.${source}: the source language needs a title`
  const refs = course.lessons.map(lessonRef).map((r) => `${r.kind} ${r.key}`)
  const repeated = refs.find((r, i) => refs.indexOf(r) !== i)
  if (repeated) return `lessons: the ${repeated} appears twice`
  const quizLessons = course.lessons.map(lessonRef).filter((r) => r.kind === 'quiz')
  const { quiz } = course
  if (quizLessons.length > 0 && !quiz) return 'quiz: the lessons name a quiz, but the file defines none'
  const stray = quizLessons.find((r) => r.key !== quiz?.key)
  if (stray) return `lessons: the quiz "${stray.key}" is not the quiz of this file ("${quiz?.key}")`
  if (quiz && quizLessons.length === 0)
    return `lessons: the quiz "${quiz.key}" is defined but no lesson uses it`
  return quiz ? checkQuiz(quiz, source) : null
}

function checkQuiz(quiz: QuizFile, source: Locale): string | null {
  if (!quiz.title[source]) return `quiz.title.${source}: the source language needs a title`
  const questionKeys = quiz.questions.map((q) => q.key)
  const repeated = questionKeys.find((k, i) => questionKeys.indexOf(k) !== i)
  if (repeated) return `quiz.questions: the key "${repeated}" appears twice`
  for (const question of quiz.questions) {
    const at = `quiz.questions.${question.key}`
    const optionKeys = question.options.map((o) => o.key)
    const twice = optionKeys.find((k, i) => optionKeys.indexOf(k) !== i)
    if (twice) return `${at}.options: the key "${twice}" appears twice`
    const correct = question.options.filter((o) => o.correct).length
    if (question.kind === 'single' && correct !== 1)
      return `${at}: a single-choice question needs exactly one correct option, not ${correct}`
    if (question.kind === 'multiple' && correct === 0)
      return `${at}: a multiple-choice question needs at least one correct option`
    if (correct === question.options.length) return `${at}: at least one option must be wrong`
  }
  // A language is all or nothing: a quiz half in Russian cannot be taken in Russian.
  for (const locale of quizLocales(quiz)) {
    if (!quiz.title[locale]) return `quiz.title.${locale}: the ${locale} translation needs a title`
    for (const question of quiz.questions) {
      if (!question.prompt[locale])
        return `quiz.questions.${question.key}.prompt.${locale}: missing in the ${locale} translation`
      const option = question.options.find((o) => !o.text[locale])
      if (option)
        return `quiz.questions.${question.key}.options.${option.key}.text.${locale}: missing in the ${locale} translation`
    }
  }
  return null
}
