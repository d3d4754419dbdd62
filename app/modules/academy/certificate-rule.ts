import type { LessonKind } from '#db/schema/academy'

/*
 * When a course certifies a person (ADR 0010). A certificate says "has completed the course", so
 * it needs every lesson done and the final quiz (the course's last quiz lesson) passed. Lessons
 * carry no "optional" flag, in the course files or in the editor: every lesson of a course is
 * required. A course without a quiz lesson certifies nobody.
 *
 * This file decides; certificates.server.ts gathers the facts (which lessons are done, which
 * certificate is held, which pass counts) and issues at whichever moment completes the set.
 */

type Lesson = { id: number; kind: LessonKind; quizId: number | null }

/** The lesson whose quiz certifies: the last quiz lesson of the course. */
export function finalQuizLesson<T extends Lesson>(lessons: readonly T[]): T | null {
  return lessons.findLast((lesson) => lesson.kind === 'quiz' && lesson.quizId !== null) ?? null
}

/**
 * Whether a pass of the final quiz can earn a new certificate: always when the person never held
 * one, else only when it came after their latest one expired (a renewal is a new test, never an
 * old pass reused). A certificate that does not expire is still valid, so nothing is renewed.
 */
export function passCounts(passedAt: Date, latestCertificate: { expiresAt: Date | null } | null) {
  if (!latestCertificate) return true
  return latestCertificate.expiresAt !== null && passedAt.getTime() >= latestCertificate.expiresAt.getTime()
}

export type CertificateStanding =
  /** The course has no final quiz: nothing to earn. */
  | { kind: 'none' }
  /** The person holds a valid certificate of the course. */
  | { kind: 'certified'; code: string }
  /** What is still missing: lessons other than the final quiz, and the final quiz itself. */
  | { kind: 'missing'; lessonsLeft: number; quizLeft: boolean }
  /** Everything is done: the certificate is due, from this passed attempt. */
  | { kind: 'complete'; attemptId: number }

export function certificateStanding(input: {
  lessons: readonly Lesson[]
  doneLessonIds: ReadonlySet<number>
  validCertificateCode: string | null
  /** The latest pass of the final quiz, when it counts for a new certificate (`passCounts`). */
  countingPass: { attemptId: number } | null
}): CertificateStanding {
  const finalQuiz = finalQuizLesson(input.lessons)
  if (!finalQuiz) return { kind: 'none' }
  if (input.validCertificateCode) return { kind: 'certified', code: input.validCertificateCode }
  const lessonsLeft = input.lessons.filter(
    (lesson) => lesson.id !== finalQuiz.id && !input.doneLessonIds.has(lesson.id),
  ).length
  if (lessonsLeft === 0 && input.countingPass)
    return { kind: 'complete', attemptId: input.countingPass.attemptId }
  return { kind: 'missing', lessonsLeft, quizLeft: input.countingPass === null }
}
