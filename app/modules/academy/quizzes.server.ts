import { and, asc, desc, eq, inArray, isNotNull, isNull } from 'drizzle-orm'
import { z } from 'zod'
import type { AttemptLayout, QuestionKind } from '#db/schema/academy'
import { db, schema } from '~/db.server'
import { clock } from '~/modules/clock/clock'
import { recordEvent } from '~/modules/events/events.server'
import type { Locale } from '~/modules/i18n/locales'
import {
  afterCertification,
  certifyCompletedCourses,
  type CertificationOutcome,
  type Tx,
} from './certificates.server'
import { attemptRulesFrom, isAnsweredRight, scorePercent, shuffle } from './quiz-rules'
import { quizStructureProblems } from './quiz-structure'

const {
  quizzes,
  quizQuestions,
  quizOptions,
  quizTranslations,
  quizAttempts,
  courseLessons,
  lessonProgress,
  certificates,
} = schema

/*
 * Which options are correct never leaves this module before an attempt is submitted: a taker
 * gets prompts and option texts in the attempt's shuffled order, and answers with positions
 * in that order (field `q3`, value `2`), which say nothing about the stored order or ids.
 */

type Quiz = typeof quizzes.$inferSelect

function quizById(tx: Tx, quizId: number) {
  return tx.select().from(quizzes).where(eq(quizzes.id, quizId)).get() ?? null
}

/**
 * A quiz takes attempts only while it is published in some language and sound (every question
 * answerable, ADR 0007): a half-built or broken quiz an editor is working on is not live.
 */
function isQuizLive(tx: Tx, quiz: Quiz) {
  const published = tx
    .select({ locale: quizTranslations.locale })
    .from(quizTranslations)
    .where(and(eq(quizTranslations.quizId, quiz.id), eq(quizTranslations.status, 'published')))
    .get()
  if (!published) return false
  const questions = tx
    .select({ id: quizQuestions.id, key: quizQuestions.key, kind: quizQuestions.kind })
    .from(quizQuestions)
    .where(eq(quizQuestions.quizId, quiz.id))
    .all()
  const options = questions.length
    ? tx
        .select({ questionId: quizOptions.questionId, correct: quizOptions.correct })
        .from(quizOptions)
        .where(
          inArray(
            quizOptions.questionId,
            questions.map((q) => q.id),
          ),
        )
        .all()
    : []
  return (
    quizStructureProblems(
      questions.map((q) => ({ ...q, options: options.filter((o) => o.questionId === q.id) })),
    ).length === 0
  )
}

function rulesFor(tx: Tx, quiz: Quiz, userId: number, now: Date) {
  const submitted = tx
    .select({ submittedAt: quizAttempts.submittedAt, passed: quizAttempts.passed })
    .from(quizAttempts)
    .where(
      and(
        eq(quizAttempts.quizId, quiz.id),
        eq(quizAttempts.userId, userId),
        isNotNull(quizAttempts.submittedAt),
      ),
    )
    .all()
  return attemptRulesFrom(
    submitted.map((a) => ({ submittedAt: a.submittedAt!, passed: a.passed === true })),
    quiz,
    now,
  )
}

function openAttemptOf(tx: Tx, quizId: number, userId: number) {
  return (
    tx
      .select({ id: quizAttempts.id })
      .from(quizAttempts)
      .where(
        and(
          eq(quizAttempts.quizId, quizId),
          eq(quizAttempts.userId, userId),
          isNull(quizAttempts.submittedAt),
        ),
      )
      .orderBy(desc(quizAttempts.startedAt))
      .get() ?? null
  )
}

/** What the quiz's intro says: pass mark, number of questions, the title in the best language. */
export async function getQuizIntro({ quizId, locale }: { quizId: number; locale: Locale }) {
  return db.transaction((tx) => {
    const quiz = quizById(tx, quizId)
    if (!quiz || !isQuizLive(tx, quiz)) return null
    const questions = tx
      .select({ id: quizQuestions.id })
      .from(quizQuestions)
      .where(eq(quizQuestions.quizId, quizId))
      .all()
    const texts = tx
      .select({ locale: quizTranslations.locale, title: quizTranslations.title })
      .from(quizTranslations)
      .where(and(eq(quizTranslations.quizId, quizId), eq(quizTranslations.status, 'published')))
      .all()
    const text = texts.find((t) => t.locale === locale) ?? texts.find((t) => t.locale === quiz.sourceLocale)
    return {
      id: quiz.id,
      title: text?.title ?? quiz.key,
      titleLocale: text?.locale ?? locale,
      passMark: quiz.passMark,
      maxAttempts: quiz.maxAttempts,
      cooldownMinutes: quiz.cooldownMinutes,
      questionCount: questions.length,
    }
  })
}

/** A person's standing on a quiz: attempts used in the window, left, locked until, passed ever. */
export async function getAttemptRules({
  quizId,
  userId,
  now = clock.now(),
}: {
  quizId: number
  userId: number
  now?: Date
}) {
  return db.transaction((tx) => {
    const quiz = quizById(tx, quizId)
    if (!quiz) return null
    return {
      ...rulesFor(tx, quiz, userId, now),
      openAttemptId: openAttemptOf(tx, quizId, userId)?.id ?? null,
    }
  })
}

export type StartResult =
  | { status: 'started' | 'resumed'; attemptId: number }
  | { status: 'locked'; lockedUntil: Date }
  | { status: 'not-found' }

/**
 * Starts an attempt, or resumes the open one. Questions and each question's options are shuffled
 * with crypto randomness and the order is stored, so the person sees the same layout until they submit.
 */
export async function startAttempt({
  quizId,
  userId,
  accountId,
  locale,
  now = clock.now(),
  random,
}: {
  quizId: number
  userId: number
  accountId: number | null
  locale: Locale
  now?: Date
  random?: (max: number) => number
}): Promise<StartResult> {
  return db.transaction(
    (tx): StartResult => {
      const quiz = quizById(tx, quizId)
      if (!quiz || !isQuizLive(tx, quiz)) return { status: 'not-found' }
      const open = openAttemptOf(tx, quizId, userId)
      if (open) return { status: 'resumed', attemptId: open.id }
      const rules = rulesFor(tx, quiz, userId, now)
      if (rules.lockedUntil) return { status: 'locked', lockedUntil: rules.lockedUntil }
      const questions = tx
        .select({ id: quizQuestions.id })
        .from(quizQuestions)
        .where(eq(quizQuestions.quizId, quizId))
        .orderBy(asc(quizQuestions.position), asc(quizQuestions.id))
        .all()
      const options = questions.length
        ? tx
            .select({ id: quizOptions.id, questionId: quizOptions.questionId })
            .from(quizOptions)
            .where(
              inArray(
                quizOptions.questionId,
                questions.map((q) => q.id),
              ),
            )
            .orderBy(asc(quizOptions.position), asc(quizOptions.id))
            .all()
        : []
      const layout: AttemptLayout = shuffle(questions, random).map((q) => ({
        questionId: q.id,
        optionIds: shuffle(
          options.filter((o) => o.questionId === q.id).map((o) => o.id),
          random,
        ),
      }))
      const [created] = tx
        .insert(quizAttempts)
        .values({ quizId, userId, accountId, locale, layout, startedAt: now })
        .returning({ id: quizAttempts.id })
        .all()
      return { status: 'started', attemptId: created!.id }
    },
    { behavior: 'immediate' },
  )
}

function attemptOf(tx: Tx, attemptId: number, userId: number) {
  return (
    tx
      .select()
      .from(quizAttempts)
      .where(and(eq(quizAttempts.id, attemptId), eq(quizAttempts.userId, userId)))
      .get() ?? null
  )
}

/** The texts of a quiz for an attempt's language, falling back per question to the source language. */
function textsFor(tx: Tx, quiz: Quiz, locale: Locale) {
  const rows = tx
    .select({ locale: quizTranslations.locale, questions: quizTranslations.questions })
    .from(quizTranslations)
    .where(and(eq(quizTranslations.quizId, quiz.id), eq(quizTranslations.status, 'published')))
    .all()
  const own = rows.find((r) => r.locale === locale)
  const source = rows.find((r) => r.locale === quiz.sourceLocale)
  return (questionKey: string): { prompt: string; options: Record<string, string>; locale: Locale } => {
    const ownText = own?.questions[questionKey]
    if (ownText) return { ...ownText, locale }
    return {
      ...(source?.questions[questionKey] ?? { prompt: questionKey, options: {} }),
      locale: quiz.sourceLocale,
    }
  }
}

export type TakerQuestion = {
  name: string
  number: number
  kind: QuestionKind
  prompt: string
  locale: Locale
  options: { value: string; text: string }[]
}

function questionsOf(tx: Tx, attempt: typeof quizAttempts.$inferSelect) {
  const quiz = quizById(tx, attempt.quizId)!
  const questionIds = attempt.layout.map((q) => q.questionId)
  const questions = questionIds.length
    ? tx
        .select({ id: quizQuestions.id, key: quizQuestions.key, kind: quizQuestions.kind })
        .from(quizQuestions)
        .where(inArray(quizQuestions.id, questionIds))
        .all()
    : []
  const optionIds = attempt.layout.flatMap((q) => q.optionIds)
  const options = optionIds.length
    ? tx
        .select({ id: quizOptions.id, key: quizOptions.key, correct: quizOptions.correct })
        .from(quizOptions)
        .where(inArray(quizOptions.id, optionIds))
        .all()
    : []
  const textOf = textsFor(tx, quiz, attempt.locale)
  // An editor may have removed a question or an option since the attempt started: the attempt
  // goes on with what is left, numbered and scored the same way on the page and on submission.
  const remaining = attempt.layout.flatMap((entry) => {
    const question = questions.find((q) => q.id === entry.questionId)
    if (!question) return []
    const shown = entry.optionIds.flatMap((id) => options.filter((o) => o.id === id))
    return [{ question, options: shown }]
  })
  return {
    quiz,
    questions: remaining.map(({ question, options: shown }, index) => ({
      index,
      question,
      text: textOf(question.key),
      options: shown,
    })),
  }
}

/**
 * An attempt as its taker sees it before submitting: prompts and option texts in the attempt's
 * order, each option known only by its place. Null for an attempt of someone else.
 */
export async function getAttemptForTaker({ attemptId, userId }: { attemptId: number; userId: number }) {
  return db.transaction((tx) => {
    const attempt = attemptOf(tx, attemptId, userId)
    if (!attempt) return null
    const { questions } = questionsOf(tx, attempt)
    return {
      id: attempt.id,
      quizId: attempt.quizId,
      submitted: attempt.submittedAt !== null,
      questions: questions.map(({ index, question, text, options }): TakerQuestion => ({
        name: `q${index + 1}`,
        number: index + 1,
        kind: question.kind,
        prompt: text.prompt,
        locale: text.locale,
        options: options.map((option, position) => ({
          value: String(position),
          text: text.options[option.key] ?? option.key,
        })),
      })),
    }
  })
}

export type TakerAttempt = NonNullable<Awaited<ReturnType<typeof getAttemptForTaker>>>

/** The answer fields of a submitted form: `q<number>` → option places. Anything else is malformed. */
const answerName = /^q[1-9]\d{0,2}$/
const answersSchema = z.record(z.string().regex(answerName), z.array(z.string().regex(/^\d{1,3}$/)).max(50))

/** Why a question's answer is refused; each is a key under `academy:quiz.errors`. */
export type AnswerError = 'unanswered' | 'chooseOne'

export type SubmitResult =
  | {
      status: 'submitted'
      attemptId: number
      passed: boolean
      scorePercent: number
      certificateCode: string | null
      alreadySubmitted: boolean
    }
  | { status: 'invalid'; errors: Record<string, AnswerError>; chosen: Record<string, string[]> }
  | { status: 'malformed' }
  | { status: 'not-found' }

/** The answer fields of a form, grouped by name, without the form's own fields. */
export function answerFieldsOf(form: FormData) {
  // A Map, not an object: a field named `__proto__` or `constructor` is just an unknown field.
  const answers = new Map<string, string[]>()
  for (const [key, value] of form) {
    if (key === 'intent' || key === 'attempt') continue
    answers.set(key, [...(answers.get(key) ?? []), typeof value === 'string' ? value : '\u0000file'])
  }
  return Object.fromEntries(answers)
}

/**
 * Scores an attempt once: the answers are checked against the attempt's layout (single choice:
 * exactly one; multiple choice: at least one), a question scores when the chosen set equals the
 * correct set, and the attempt passes at `passMark` percent. A second submission changes nothing
 * and returns the stored result. A pass that completes a course (its final quiz, with every other
 * lesson done) issues the certificate in the same immediate transaction.
 */
export async function submitAttempt({
  attemptId,
  userId,
  answers,
  now = clock.now(),
}: {
  attemptId: number
  userId: number
  answers: Record<string, string[]>
  now?: Date
}): Promise<SubmitResult> {
  // zod drops a `__proto__` key silently: every field name is checked here first.
  if (Object.keys(answers).some((name) => !answerName.test(name))) return { status: 'malformed' }
  const parsed = answersSchema.safeParse(answers)
  if (!parsed.success) return { status: 'malformed' }
  const result = db.transaction(
    (
      tx,
    ): SubmitResult & {
      newlyPassedLessons?: number[]
      certification?: CertificationOutcome[]
      accountId?: number | null
      locale?: Locale
    } => {
      const attempt = attemptOf(tx, attemptId, userId)
      if (!attempt) return { status: 'not-found' }
      if (attempt.submittedAt) {
        const certificate = attempt.passed
          ? tx
              .select({ code: certificates.code })
              .from(certificates)
              .where(eq(certificates.attemptId, attempt.id))
              .get()
          : undefined
        return {
          status: 'submitted',
          attemptId,
          passed: attempt.passed === true,
          scorePercent: attempt.scorePercent ?? 0,
          certificateCode: certificate?.code ?? null,
          alreadySubmitted: true,
        }
      }
      const { quiz, questions } = questionsOf(tx, attempt)
      const names = new Set(questions.map((q) => `q${q.index + 1}`))
      if (Object.keys(parsed.data).some((name) => !names.has(name))) return { status: 'malformed' }
      const errors: Record<string, AnswerError> = {}
      const chosenIds: Record<string, number[]> = {}
      let right = 0
      for (const { index, question, options } of questions) {
        const name = `q${index + 1}`
        const places = [...new Set(parsed.data[name] ?? [])].map(Number)
        if (places.some((p) => p >= options.length)) return { status: 'malformed' }
        if (places.length === 0) errors[name] = 'unanswered'
        else if (question.kind === 'single' && places.length > 1) errors[name] = 'chooseOne'
        const ids = places.map((p) => options[p]!.id)
        chosenIds[String(question.id)] = ids
        if (
          isAnsweredRight(
            ids,
            options.filter((o) => o.correct).map((o) => o.id),
          )
        )
          right++
      }
      if (Object.keys(errors).length > 0) return { status: 'invalid', errors, chosen: parsed.data }
      const score = scorePercent(right, questions.length)
      const passed = score >= quiz.passMark
      const updated = tx
        .update(quizAttempts)
        .set({ answers: chosenIds, scorePercent: score, passed, submittedAt: now })
        .where(and(eq(quizAttempts.id, attempt.id), isNull(quizAttempts.submittedAt)))
        .run()
      if (updated.changes !== 1) throw new Error('The attempt changed during its submission')
      if (!passed)
        return {
          status: 'submitted',
          attemptId,
          passed,
          scorePercent: score,
          certificateCode: null,
          alreadySubmitted: false,
        }

      const lessons = tx
        .select({ id: courseLessons.id, courseId: courseLessons.courseId })
        .from(courseLessons)
        .where(eq(courseLessons.quizId, quiz.id))
        .all()
      const newlyPassedLessons = lessons.length
        ? tx
            .insert(lessonProgress)
            .values(
              lessons.map((l) => ({
                userId,
                lessonId: l.id,
                accountId: attempt.accountId,
                completedAt: now,
              })),
            )
            .onConflictDoNothing()
            .returning({ lessonId: lessonProgress.lessonId })
            .all()
            .map((l) => l.lessonId)
        : []
      // Every course showing this quiz is checked, not only those it is the final quiz of: a pass
      // of a quiz mid-course may be the last thing missing for a course whose final quiz was passed.
      const certification = certifyCompletedCourses(tx, {
        userId,
        accountId: attempt.accountId,
        courseIds: lessons.map((l) => l.courseId),
        locale: attempt.locale,
        now,
      })
      const certificateCode = certification.find((c) => c.code !== null)?.code ?? null
      return {
        status: 'submitted',
        attemptId,
        passed,
        scorePercent: score,
        certificateCode,
        alreadySubmitted: false,
        newlyPassedLessons,
        certification,
        accountId: attempt.accountId,
        locale: attempt.locale,
      }
    },
    { behavior: 'immediate' },
  )
  if (result.status !== 'submitted') return result
  const { newlyPassedLessons = [], certification = [], accountId = null, locale, ...submitted } = result
  for (const lessonId of newlyPassedLessons) {
    await recordEvent({
      type: 'lesson',
      userId,
      accountId,
      ref: String(lessonId),
      locale: locale ?? null,
      occurredAt: now,
    })
  }
  if (locale) await afterCertification({ outcomes: certification, userId, accountId, locale })
  return submitted
}

/**
 * A submitted attempt's result for its taker: score, pass or fail and which questions were
 * answered right, but not which options were correct, so that a retake is still a test.
 */
export async function getAttemptResult({ attemptId, userId }: { attemptId: number; userId: number }) {
  return db.transaction((tx) => {
    const attempt = attemptOf(tx, attemptId, userId)
    if (!attempt?.submittedAt) return null
    const { quiz, questions } = questionsOf(tx, attempt)
    const certificate = attempt.passed
      ? tx
          .select({ code: certificates.code })
          .from(certificates)
          .where(eq(certificates.attemptId, attempt.id))
          .get()
      : undefined
    return {
      id: attempt.id,
      quizId: quiz.id,
      scorePercent: attempt.scorePercent ?? 0,
      passed: attempt.passed === true,
      passMark: quiz.passMark,
      submittedAt: attempt.submittedAt,
      certificateCode: certificate?.code ?? null,
      questions: questions.map(({ index, question, text, options }) => ({
        number: index + 1,
        prompt: text.prompt,
        locale: text.locale,
        right: isAnsweredRight(
          attempt.answers?.[String(question.id)] ?? [],
          options.filter((o) => o.correct).map((o) => o.id),
        ),
      })),
    }
  })
}

export type AttemptResult = NonNullable<Awaited<ReturnType<typeof getAttemptResult>>>
