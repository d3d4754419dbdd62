import { and, asc, desc, eq, inArray } from 'drizzle-orm'
import { db, schema } from '~/db.server'
import { clock } from '~/modules/clock/clock'
import type { Locale } from '~/modules/i18n/locales'
import { expiryOf, generateCertificateCode, isCertificateCode, isValidAt } from './certificate-code'

const { certificates, courses, courseLessons, courseTranslations, users } = schema

export type Tx = Parameters<Parameters<typeof db.transaction>[0]>[0]

/** The published courses whose final quiz (the last quiz lesson) is `quizId`: passing it certifies. */
export function coursesCertifiedBy(tx: Tx, quizId: number) {
  const lessons = tx
    .select({
      courseId: courseLessons.courseId,
      quizId: courseLessons.quizId,
      position: courseLessons.position,
      id: courseLessons.id,
    })
    .from(courseLessons)
    .where(and(eq(courseLessons.kind, 'quiz')))
    .orderBy(asc(courseLessons.courseId), asc(courseLessons.position), asc(courseLessons.id))
    .all()
  const lastQuizOf = new Map<number, number | null>()
  for (const lesson of lessons) lastQuizOf.set(lesson.courseId, lesson.quizId)
  const courseIds = [...lastQuizOf].filter(([, last]) => last === quizId).map(([courseId]) => courseId)
  if (courseIds.length === 0) return []
  // Only a course people can see certifies: a draft course reusing the quiz does not.
  const published = tx
    .selectDistinct({ courseId: courseTranslations.courseId })
    .from(courseTranslations)
    .where(and(inArray(courseTranslations.courseId, courseIds), eq(courseTranslations.status, 'published')))
    .all()
    .map((r) => r.courseId)
  if (published.length === 0) return []
  return tx
    .select({
      id: courses.id,
      key: courses.key,
      certificateValidityMonths: courses.certificateValidityMonths,
    })
    .from(courses)
    .where(inArray(courses.id, published))
    .all()
}

/**
 * Issues the certificate of a course to a person who just passed its final quiz, inside the
 * submission's transaction (there is no other way to get one). A pass while a valid
 * certificate exists issues no duplicate and returns that one; a pass after expiry issues a
 * new one.
 */
export function issueCertificate(
  tx: Tx,
  input: {
    userId: number
    accountId: number | null
    course: { id: number; certificateValidityMonths: number | null }
    attemptId: number
    locale: Locale
    now: Date
  },
) {
  const existing = tx
    .select({ code: certificates.code, expiresAt: certificates.expiresAt })
    .from(certificates)
    .where(and(eq(certificates.userId, input.userId), eq(certificates.courseId, input.course.id)))
    .orderBy(desc(certificates.issuedAt))
    .all()
    .find((c) => isValidAt(c, input.now))
  if (existing) return { code: existing.code, issued: false }
  const holder = tx.select({ name: users.name }).from(users).where(eq(users.id, input.userId)).get()
  if (!holder) throw new Error(`No user ${input.userId}`)
  // 140 random bits collide essentially never; the unique index decides, and we draw again.
  for (let tries = 0; tries < 5; tries++) {
    const code = generateCertificateCode()
    const taken = tx
      .select({ id: certificates.id })
      .from(certificates)
      .where(eq(certificates.code, code))
      .get()
    if (taken) continue
    tx.insert(certificates)
      .values({
        code,
        userId: input.userId,
        accountId: input.accountId,
        courseId: input.course.id,
        attemptId: input.attemptId,
        holderName: holder.name,
        locale: input.locale,
        issuedAt: input.now,
        expiresAt: expiryOf(input.now, input.course.certificateValidityMonths),
      })
      .run()
    return { code, issued: true }
  }
  throw new Error('Could not draw an unused certificate code')
}

/** Course titles in `locale`, else in the course's source language. */
async function courseTitles(courseIds: number[], locale: Locale) {
  const titles = new Map<number, { title: string; locale: Locale }>()
  if (courseIds.length === 0) return titles
  const rows = await db
    .select({
      courseId: courseTranslations.courseId,
      locale: courseTranslations.locale,
      title: courseTranslations.title,
      sourceLocale: courses.sourceLocale,
    })
    .from(courseTranslations)
    .innerJoin(courses, eq(courses.id, courseTranslations.courseId))
    .where(and(inArray(courseTranslations.courseId, courseIds), eq(courseTranslations.status, 'published')))
  for (const courseId of courseIds) {
    const own = rows.filter((r) => r.courseId === courseId)
    const best =
      own.find((r) => r.locale === locale) ?? own.find((r) => r.locale === r.sourceLocale) ?? own[0]
    if (best) titles.set(courseId, { title: best.title, locale: best.locale })
  }
  return titles
}

/**
 * A certificate by its public code, with the course titled in `locale`. A malformed code is
 * unknown without asking the database.
 */
export async function findCertificateByCode({
  code,
  locale,
  now = clock.now(),
}: {
  code: string
  locale: Locale
  now?: Date
}) {
  if (!isCertificateCode(code)) return null
  const found = await db
    .select({
      code: certificates.code,
      userId: certificates.userId,
      accountId: certificates.accountId,
      courseId: certificates.courseId,
      courseKey: courses.key,
      holderName: certificates.holderName,
      locale: certificates.locale,
      issuedAt: certificates.issuedAt,
      expiresAt: certificates.expiresAt,
    })
    .from(certificates)
    .innerJoin(courses, eq(courses.id, certificates.courseId))
    .where(eq(certificates.code, code))
    .get()
  if (!found) return null
  const title = (await courseTitles([found.courseId], locale)).get(found.courseId)
  return {
    ...found,
    courseTitle: title?.title ?? found.courseKey,
    courseTitleLocale: title?.locale ?? locale,
    valid: isValidAt(found, now),
  }
}

export type FoundCertificate = NonNullable<Awaited<ReturnType<typeof findCertificateByCode>>>

/** A person's certificates, newest first, for their account page. */
export async function listCertificatesForUser({
  userId,
  locale,
  now = clock.now(),
}: {
  userId: number
  locale: Locale
  now?: Date
}) {
  const rows = await db
    .select({
      code: certificates.code,
      courseId: certificates.courseId,
      courseKey: courses.key,
      issuedAt: certificates.issuedAt,
      expiresAt: certificates.expiresAt,
    })
    .from(certificates)
    .innerJoin(courses, eq(courses.id, certificates.courseId))
    .where(eq(certificates.userId, userId))
    .orderBy(desc(certificates.issuedAt), desc(certificates.id))
  const titles = await courseTitles([...new Set(rows.map((r) => r.courseId))], locale)
  return rows.map((r) => ({
    code: r.code,
    courseTitle: titles.get(r.courseId)?.title ?? r.courseKey,
    issuedAt: r.issuedAt,
    expiresAt: r.expiresAt,
    valid: isValidAt(r, now),
  }))
}

/** The certified people of one account, for staff: who holds which certificate and until when. */
export async function listCertifiedPeopleForAccount({
  accountId,
  locale,
  now = clock.now(),
}: {
  accountId: number
  locale: Locale
  now?: Date
}) {
  const rows = await db
    .select({
      code: certificates.code,
      userId: certificates.userId,
      holderName: certificates.holderName,
      courseId: certificates.courseId,
      courseKey: courses.key,
      issuedAt: certificates.issuedAt,
      expiresAt: certificates.expiresAt,
    })
    .from(certificates)
    .innerJoin(courses, eq(courses.id, certificates.courseId))
    .innerJoin(users, eq(users.id, certificates.userId))
    .where(and(eq(certificates.accountId, accountId), eq(users.accountId, accountId)))
    .orderBy(asc(certificates.holderName), desc(certificates.issuedAt))
  const titles = await courseTitles([...new Set(rows.map((r) => r.courseId))], locale)
  return rows.map((r) => ({
    code: r.code,
    holderName: r.holderName,
    courseTitle: titles.get(r.courseId)?.title ?? r.courseKey,
    issuedAt: r.issuedAt,
    expiresAt: r.expiresAt,
    valid: isValidAt(r, now),
  }))
}
