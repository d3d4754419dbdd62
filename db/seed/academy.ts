import { asc, eq } from 'drizzle-orm'
import type { BetterSQLite3Database } from 'drizzle-orm/better-sqlite3'
import { expiryOf, generateCertificateCode } from '../../app/modules/academy/certificate-code'
import type { AttemptLayout } from '../schema/academy'
import * as schema from '../schema/index'
import type { SeededAccount } from './onboarding'
import type { createRandom } from './random'

type Tx = Parameters<Parameters<BetterSQLite3Database<typeof schema>['transaction']>[0]>[0]
type Random = ReturnType<typeof createRandom>

const dayMs = 24 * 3600 * 1000

/**
 * A year of learning: in about a third of the accounts one or two people work through a course,
 * some fail the final quiz once before passing, and each pass holds a certificate, so the account
 * pages and the staff lists show real shapes.
 * Everything happens from day 15 of onboarding on: the portal-use split of the tracker is decided
 * by the first 14 days, and the onboarding histories already shape it.
 * The demo logins themselves start with no progress, so a visitor can take a course; one
 * colleague of theirs is certified.
 * Certificate codes come from the seeded generator so the demo is the same on every machine;
 * real codes come from crypto (certificates.server.ts).
 */
export function seedAcademyHistories(
  tx: Tx,
  input: { random: Random; today: number; launch: number; accounts: SeededAccount[] },
) {
  const { random, today } = input
  const courses = tx.select().from(schema.courses).orderBy(asc(schema.courses.position)).all()
  if (courses.length === 0) return
  const plans = courses.map((course) => {
    const lessons = tx
      .select()
      .from(schema.courseLessons)
      .where(eq(schema.courseLessons.courseId, course.id))
      .orderBy(asc(schema.courseLessons.position))
      .all()
    const finalQuizId = lessons.findLast((l) => l.kind === 'quiz')?.quizId ?? null
    const quiz = finalQuizId
      ? tx.select().from(schema.quizzes).where(eq(schema.quizzes.id, finalQuizId)).get()
      : undefined
    const questions = finalQuizId
      ? tx
          .select()
          .from(schema.quizQuestions)
          .where(eq(schema.quizQuestions.quizId, finalQuizId))
          .orderBy(asc(schema.quizQuestions.position))
          .all()
          .map((q) => ({
            ...q,
            options: tx
              .select()
              .from(schema.quizOptions)
              .where(eq(schema.quizOptions.questionId, q.id))
              .orderBy(asc(schema.quizOptions.position))
              .all(),
          }))
      : []
    return { course, lessons, quiz, questions }
  })

  const shuffled = <T>(items: readonly T[]) => {
    const copy = [...items]
    for (let i = copy.length - 1; i > 0; i--) {
      const j = random.int(0, i)
      ;[copy[i], copy[j]] = [copy[j]!, copy[i]!]
    }
    return copy
  }

  /** One submitted attempt: all right when it passes, a few questions wrong when it fails. */
  const attempt = (
    plan: (typeof plans)[number],
    person: { userId: number; accountId: number; locale: schema.Locale },
    at: Date,
    passes: boolean,
  ) => {
    const { quiz, questions } = plan
    if (!quiz) return null
    const layout: AttemptLayout = shuffled(questions).map((q) => ({
      questionId: q.id,
      optionIds: shuffled(q.options).map((o) => o.id),
    }))
    const wrong = passes
      ? 0
      : Math.max(1, Math.ceil(questions.length * (1 - quiz.passMark / 100)) + random.int(0, 2))
    const answers: Record<string, number[]> = {}
    questions.forEach((q, index) => {
      const correct = q.options.filter((o) => o.correct).map((o) => o.id)
      const incorrect = q.options.filter((o) => !o.correct).map((o) => o.id)
      answers[q.id] = index < wrong && incorrect.length ? [random.pick(incorrect)] : correct
    })
    const right = questions.length - Math.min(wrong, questions.length)
    const row = tx
      .insert(schema.quizAttempts)
      .values({
        quizId: quiz.id,
        userId: person.userId,
        accountId: person.accountId,
        locale: person.locale,
        layout,
        answers,
        scorePercent: Math.floor((right * 100) / Math.max(1, questions.length)),
        passed: passes,
        startedAt: new Date(at.getTime() - random.int(4, 15) * 60_000),
        submittedAt: at,
      })
      .returning({ id: schema.quizAttempts.id })
      .get()
    return row.id
  }

  /** Watches the course's videos, reads its articles, takes the final quiz; returns whether it finished by today. */
  const takeCourse = (
    plan: (typeof plans)[number],
    person: { userId: number; accountId: number; locale: schema.Locale; name: string },
    start: number,
  ) => {
    let at = start
    for (const lesson of plan.lessons) {
      at += random.int(2, 48) * 3600 * 1000
      if (at > today) return
      const when = new Date(at)
      if (lesson.kind === 'video' && lesson.videoId) {
        tx.insert(schema.videoProgress)
          .values({
            userId: person.userId,
            videoId: lesson.videoId,
            accountId: person.accountId,
            positionSeconds: 0,
            watchedShare: 1,
            watchedAt: when,
            updatedAt: when,
          })
          .onConflictDoNothing()
          .run()
        tx.insert(schema.events)
          .values({
            type: 'video',
            userId: person.userId,
            accountId: person.accountId,
            ref: String(lesson.videoId),
            locale: person.locale,
            occurredAt: when,
          })
          .run()
      }
      if (lesson.kind === 'quiz') {
        if (random.chance(0.3)) attempt(plan, person, when, false)
        at += random.int(2, 30) * 3600 * 1000
        if (at > today) return
        const passedAt = new Date(at)
        const attemptId = attempt(plan, person, passedAt, true)
        if (lesson.quizId === plan.quiz?.id) {
          tx.insert(schema.certificates)
            .values({
              code: generateCertificateCode((max) => random.int(0, max - 1)),
              userId: person.userId,
              accountId: person.accountId,
              courseId: plan.course.id,
              attemptId,
              holderName: person.name,
              locale: person.locale,
              issuedAt: passedAt,
              expiresAt: expiryOf(passedAt, plan.course.certificateValidityMonths),
            })
            .run()
        }
      }
      tx.insert(schema.lessonProgress)
        .values({
          userId: person.userId,
          lessonId: lesson.id,
          accountId: person.accountId,
          completedAt: new Date(at),
        })
        .onConflictDoNothing()
        .run()
      tx.insert(schema.events)
        .values({
          type: 'lesson',
          userId: person.userId,
          accountId: person.accountId,
          ref: String(lesson.id),
          locale: person.locale,
          occurredAt: new Date(at),
        })
        .run()
    }
  }

  for (const account of input.accounts) {
    if (!account.t0) continue
    const learners = account.isDemo
      ? account.userIds.slice(1, 2)
      : random.chance(0.35)
        ? account.userIds.slice(0, random.int(1, 2))
        : []
    for (const userId of learners) {
      const person = tx
        .select({ name: schema.users.name, locale: schema.users.locale })
        .from(schema.users)
        .where(eq(schema.users.id, userId))
        .get()
      if (!person) continue
      const learner = { userId, accountId: account.id, locale: person.locale, name: person.name }
      // Courses live in the portal: nobody takes one before it opened.
      const start = Math.max(
        account.t0.getTime() + random.int(15, 40) * dayMs,
        input.launch + random.int(1, 30) * dayMs,
      )
      takeCourse(plans[0]!, learner, start)
      // The expert course follows for about a third of them, a month or more later.
      if (plans[1] && (account.isDemo || random.chance(0.35)))
        takeCourse(plans[1], learner, start + random.int(30, 120) * dayMs)
    }
  }
}
