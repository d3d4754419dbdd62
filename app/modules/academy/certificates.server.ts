import { redirect } from '@remix-run/node'
import { and, asc, desc, eq, inArray, isNotNull } from 'drizzle-orm'
import { db, schema } from '~/db.server'
import { isStaff, requireUser } from '~/modules/auth/guards.server'
import type { SessionUser } from '~/modules/auth/session.server'
import { clock } from '~/modules/clock/clock'
import type { Locale } from '~/modules/i18n/locales'
import { localeParam } from '~/modules/i18n/params'
import { completeLinkedItems } from '~/modules/onboarding/progress.server'
import { expiryOf, generateCertificateCode, isCertificateCode, isValidAt } from './certificate-code'
import {
  certificateStanding,
  finalQuizLesson,
  passCounts,
  type CertificateStanding,
} from './certificate-rule'
import { completedLessonIds, type Reader } from './lesson-completion.server'

const { certificates, courses, courseLessons, courseTranslations, quizAttempts, users } = schema

export type Tx = Parameters<Parameters<typeof db.transaction>[0]>[0]

/** The person's certificates of a course, newest last. */
function certificatesOfCourse(reader: Reader, userId: number, courseId: number) {
  return reader
    .select({ code: certificates.code, expiresAt: certificates.expiresAt })
    .from(certificates)
    .where(and(eq(certificates.userId, userId), eq(certificates.courseId, courseId)))
    .orderBy(asc(certificates.issuedAt), asc(certificates.id))
    .all()
}

/**
 * Where a person stands with a course's certificate, by the rule of `certificate-rule.ts`: held,
 * due, or what is still missing. Reads inside a transaction as well as outside one.
 */
export function certificateStandingOf(
  reader: Reader,
  { userId, courseId, now }: { userId: number; courseId: number; now: Date },
): CertificateStanding {
  const lessons = reader
    .select({
      id: courseLessons.id,
      kind: courseLessons.kind,
      videoId: courseLessons.videoId,
      quizId: courseLessons.quizId,
    })
    .from(courseLessons)
    .where(eq(courseLessons.courseId, courseId))
    .orderBy(asc(courseLessons.position), asc(courseLessons.id))
    .all()
  const finalQuiz = finalQuizLesson(lessons)
  if (!finalQuiz?.quizId) return { kind: 'none' }
  const held = certificatesOfCourse(reader, userId, courseId)
  const latest = held.at(-1) ?? null
  const lastPass = reader
    .select({ id: quizAttempts.id, submittedAt: quizAttempts.submittedAt })
    .from(quizAttempts)
    .where(
      and(
        eq(quizAttempts.userId, userId),
        eq(quizAttempts.quizId, finalQuiz.quizId),
        eq(quizAttempts.passed, true),
        isNotNull(quizAttempts.submittedAt),
      ),
    )
    .orderBy(desc(quizAttempts.submittedAt), desc(quizAttempts.id))
    .get()
  return certificateStanding({
    lessons,
    doneLessonIds: completedLessonIds(reader, { userId, lessons }),
    validCertificateCode: held.findLast((c) => isValidAt(c, now))?.code ?? null,
    countingPass:
      lastPass?.submittedAt && passCounts(lastPass.submittedAt, latest) ? { attemptId: lastPass.id } : null,
  })
}

export type CertificationOutcome = {
  courseId: number
  courseKey: string
  /** The valid certificate the person holds after this completion, if any. */
  code: string | null
  /** Whether this completion issued it. */
  issued: boolean
}

/**
 * Issues the certificates that a completion has just earned: called inside the transaction that
 * records a lesson as done (a video watched, an article read, a quiz passed), for the courses
 * holding that lesson, so that whichever of them completes the set issues the certificate, and
 * it is issued once. No other function writes certificates. Only a published course certifies:
 * a draft course reusing a lesson does not.
 */
export function certifyCompletedCourses(
  tx: Tx,
  input: {
    userId: number
    accountId: number | null
    courseIds: number[]
    /** The language of the completing request: the certificate is earned, and shown, in it. */
    locale: Locale
    now: Date
  },
): CertificationOutcome[] {
  const courseIds = [...new Set(input.courseIds)]
  if (courseIds.length === 0) return []
  const published = tx
    .selectDistinct({ id: courses.id, key: courses.key, validityMonths: courses.certificateValidityMonths })
    .from(courses)
    .innerJoin(courseTranslations, eq(courseTranslations.courseId, courses.id))
    .where(and(inArray(courses.id, courseIds), eq(courseTranslations.status, 'published')))
    .orderBy(asc(courses.position), asc(courses.id))
    .all()
  return published.flatMap((course): CertificationOutcome[] => {
    const standing = certificateStandingOf(tx, { userId: input.userId, courseId: course.id, now: input.now })
    if (standing.kind === 'none') return []
    if (standing.kind === 'certified')
      return [{ courseId: course.id, courseKey: course.key, code: standing.code, issued: false }]
    if (standing.kind === 'missing')
      return [{ courseId: course.id, courseKey: course.key, code: null, issued: false }]
    const code = insertCertificate(tx, { ...input, course, attemptId: standing.attemptId })
    return [{ courseId: course.id, courseKey: course.key, code, issued: true }]
  })
}

function insertCertificate(
  tx: Tx,
  input: {
    userId: number
    accountId: number | null
    course: { id: number; validityMonths: number | null }
    attemptId: number
    locale: Locale
    now: Date
  },
) {
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
        expiresAt: expiryOf(input.now, input.course.validityMonths),
      })
      .run()
    return code
  }
  throw new Error('Could not draw an unused certificate code')
}

/**
 * After the completing transaction committed: a new certificate completes the onboarding steps
 * that link to its course (a step of the account's playbook, not part of the certificate).
 */
export async function afterCertification({
  outcomes,
  userId,
  accountId,
  locale,
}: {
  outcomes: CertificationOutcome[]
  userId: number
  accountId: number | null
  locale: Locale
}) {
  if (!accountId) return
  for (const outcome of outcomes.filter((o) => o.issued))
    await completeLinkedItems({ accountId, userId, linkType: 'course', linkKey: outcome.courseKey, locale })
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

/**
 * A certificate as its printable page and its PDF show it: to its holder and to staff only;
 * for anyone else it is as unknown as a code that does not exist.
 */
export async function findCertificateForViewer({
  code,
  locale,
  viewer,
}: {
  code: string
  locale: Locale
  viewer: Pick<SessionUser, 'id' | 'role'>
}) {
  const certificate = await findCertificateByCode({ code, locale })
  if (!certificate) return null
  if (certificate.userId !== viewer.id && !isStaff(viewer)) return null
  return certificate
}

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

/**
 * The certificate a page or file of it is about, for the people who may see it (the holder and
 * staff; anyone else gets the 404 of a code that does not exist), always in the language it was
 * earned in: another language redirects to `/<its locale>/certificates/<code><suffix>`.
 */
export async function requireViewableCertificate(
  request: Request,
  params: { lang?: string; code?: string },
  suffix: '.pdf' | '/print',
) {
  const locale = localeParam(params)
  const code = params.code ?? ''
  if (!isCertificateCode(code)) throw new Response('Not found', { status: 404 })
  const user = await requireUser(request, locale)
  const certificate = await findCertificateForViewer({ code, locale, viewer: user })
  if (!certificate) throw new Response('Not found', { status: 404 })
  if (certificate.locale !== locale)
    throw redirect(`/${certificate.locale}/certificates/${certificate.code}${suffix}`)
  return { locale, user, certificate }
}
