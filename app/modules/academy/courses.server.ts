import { and, asc, eq, inArray, sql } from 'drizzle-orm'
import type { LessonKind } from '#db/schema/academy'
import { db, schema } from '~/db.server'
import { clock } from '~/modules/clock/clock'
import { recordEvent } from '~/modules/events/events.server'
import type { Locale } from '~/modules/i18n/locales'
import { isValidAt } from './certificate-code'
import {
  afterCertification,
  certificateStandingOf,
  certifyCompletedCourses,
  type Tx,
} from './certificates.server'
import { courseMinutes, lessonMinutes, type LessonLength } from './course-duration'
import { completedLessonIds } from './lesson-completion.server'

const {
  courses,
  courseTranslations,
  courseLessons,
  lessonProgress,
  videos,
  videoTranslations,
  quizzes,
  quizQuestions,
  quizTranslations,
} = schema
const { articles, articleTranslations, certificates } = schema

type Translated = { locale: Locale; title: string; status: string }

/** The published text a reader of `locale` gets: their own language, else the source's (a fallback). */
function bestPublished<T extends Translated>(rows: T[], locale: Locale, sourceLocale: Locale) {
  const published = rows.filter((r) => r.status === 'published')
  const own = published.find((r) => r.locale === locale)
  if (own) return { ...own, fallback: false }
  const source = published.find((r) => r.locale === sourceLocale)
  return source ? { ...source, fallback: true } : null
}

type LessonRow = typeof courseLessons.$inferSelect

/** A lesson's length, kept for the course's sum, and its own minutes. */
const measured = (length: LessonLength) => ({ length, minutes: lessonMinutes(length) })

/** Lesson titles (the linked video's, article's or quiz's in the best locale) and minutes, for some lessons. */
async function describeLessons(lessons: LessonRow[], locale: Locale) {
  const videoIds = lessons.flatMap((l) => (l.videoId ? [l.videoId] : []))
  const articleIds = lessons.flatMap((l) => (l.articleId ? [l.articleId] : []))
  const quizIds = lessons.flatMap((l) => (l.quizId ? [l.quizId] : []))
  const [videoRows, videoTexts, articleRows, articleTexts, quizRows, quizTexts, questionRows] =
    await Promise.all([
      videoIds.length
        ? db
            .select({
              id: videos.id,
              key: videos.key,
              sourceLocale: videos.sourceLocale,
              durationSeconds: videos.durationSeconds,
            })
            .from(videos)
            .where(inArray(videos.id, videoIds))
        : [],
      videoIds.length
        ? db
            .select({
              id: videoTranslations.videoId,
              locale: videoTranslations.locale,
              title: videoTranslations.title,
              status: videoTranslations.status,
            })
            .from(videoTranslations)
            .where(inArray(videoTranslations.videoId, videoIds))
        : [],
      articleIds.length
        ? db
            .select({
              id: articles.id,
              key: articles.key,
              sourceLocale: articles.sourceLocale,
              visibility: articles.visibility,
            })
            .from(articles)
            .where(inArray(articles.id, articleIds))
        : [],
      articleIds.length
        ? db
            .select({
              id: articleTranslations.articleId,
              locale: articleTranslations.locale,
              title: articleTranslations.title,
              status: articleTranslations.status,
              slug: articleTranslations.slug,
              bodyLength: sql<number>`length(${articleTranslations.body})`,
            })
            .from(articleTranslations)
            .where(inArray(articleTranslations.articleId, articleIds))
        : [],
      quizIds.length
        ? db
            .select({ id: quizzes.id, key: quizzes.key, sourceLocale: quizzes.sourceLocale })
            .from(quizzes)
            .where(inArray(quizzes.id, quizIds))
        : [],
      quizIds.length
        ? db
            .select({
              id: quizTranslations.quizId,
              locale: quizTranslations.locale,
              title: quizTranslations.title,
              status: quizTranslations.status,
            })
            .from(quizTranslations)
            .where(inArray(quizTranslations.quizId, quizIds))
        : [],
      quizIds.length
        ? db
            .select({ quizId: quizQuestions.quizId })
            .from(quizQuestions)
            .where(inArray(quizQuestions.quizId, quizIds))
        : [],
    ])
  return lessons.map((lesson) => {
    if (lesson.kind === 'video') {
      const video = videoRows.find((v) => v.id === lesson.videoId)
      const text = video
        ? bestPublished(
            videoTexts.filter((t) => t.id === video.id),
            locale,
            video.sourceLocale,
          )
        : null
      return {
        ...lesson,
        refKey: video?.key ?? '',
        title: text?.title ?? video?.key ?? '',
        titleLocale: text?.locale ?? locale,
        ...measured({ kind: 'video', durationSeconds: video?.durationSeconds ?? 0 }),
      }
    }
    if (lesson.kind === 'article') {
      const article = articleRows.find((a) => a.id === lesson.articleId)
      const text = article
        ? bestPublished(
            articleTexts.filter((t) => t.id === article.id),
            locale,
            article.sourceLocale,
          )
        : null
      return {
        ...lesson,
        refKey: text?.slug ?? '',
        title: text?.title ?? article?.key ?? '',
        titleLocale: text?.locale ?? locale,
        ...measured({ kind: 'article', bodyLength: text?.bodyLength ?? 0 }),
      }
    }
    const quiz = quizRows.find((q) => q.id === lesson.quizId)
    const text = quiz
      ? bestPublished(
          quizTexts.filter((t) => t.id === quiz.id),
          locale,
          quiz.sourceLocale,
        )
      : null
    return {
      ...lesson,
      refKey: quiz?.key ?? '',
      title: text?.title ?? quiz?.key ?? '',
      titleLocale: text?.locale ?? locale,
      ...measured({ kind: 'quiz', questions: questionRows.filter((q) => q.quizId === lesson.quizId).length }),
    }
  })
}

async function courseTexts(courseIds: number[]) {
  if (courseIds.length === 0) return []
  return db
    .select({
      courseId: courseTranslations.courseId,
      locale: courseTranslations.locale,
      title: courseTranslations.title,
      summary: courseTranslations.summary,
      status: courseTranslations.status,
    })
    .from(courseTranslations)
    .where(inArray(courseTranslations.courseId, courseIds))
}

async function validCertificateOf({
  userId,
  courseIds,
  now,
}: {
  userId: number | null
  courseIds: number[]
  now: Date
}) {
  const byCourse = new Map<number, string>()
  if (!userId || courseIds.length === 0) return byCourse
  const rows = await db
    .select({ courseId: certificates.courseId, code: certificates.code, expiresAt: certificates.expiresAt })
    .from(certificates)
    .where(and(eq(certificates.userId, userId), inArray(certificates.courseId, courseIds)))
    .orderBy(asc(certificates.issuedAt))
  for (const row of rows) if (isValidAt(row, now)) byCourse.set(row.courseId, row.code)
  return byCourse
}

export type LessonSummary = {
  position: number
  kind: LessonKind
  title: string
  titleLocale: Locale
  minutes: number
  done: boolean
}

/**
 * The catalog in `locale`: a course shows in the reader's language when published there, else in
 * its source language with `fallback` set; a course with no published text at all is hidden.
 */
export async function listCourses({
  locale,
  userId,
  now = clock.now(),
}: {
  locale: Locale
  userId: number | null
  now?: Date
}) {
  const allCourses = await db.select().from(courses).orderBy(asc(courses.position), asc(courses.id))
  const texts = await courseTexts(allCourses.map((c) => c.id))
  const shown = allCourses.flatMap((course) => {
    const text = bestPublished(
      texts.filter((t) => t.courseId === course.id),
      locale,
      course.sourceLocale,
    )
    return text ? [{ course, text }] : []
  })
  const courseIds = shown.map((s) => s.course.id)
  const lessons = courseIds.length
    ? await db
        .select()
        .from(courseLessons)
        .where(inArray(courseLessons.courseId, courseIds))
        .orderBy(asc(courseLessons.position))
    : []
  const [described, done, certified] = await Promise.all([
    describeLessons(lessons, locale),
    completedLessonIds(db, { userId, lessons }),
    validCertificateOf({ userId, courseIds, now }),
  ])
  return shown.map(({ course, text }) => {
    const own = described.filter((l) => l.courseId === course.id)
    const doneCount = own.filter((l) => done.has(l.id)).length
    const resume = own.findIndex((l) => !done.has(l.id))
    return {
      key: course.key,
      title: text.title,
      summary: text.summary,
      textLocale: text.locale,
      fallback: text.fallback,
      lessonCount: own.length,
      minutes: courseMinutes(own.map((l) => l.length)),
      doneCount,
      /** 1-based position of the first lesson not done (the first lesson when all are done). */
      resumePosition: resume === -1 ? 1 : resume + 1,
      certificateCode: certified.get(course.id) ?? null,
    }
  })
}

/**
 * The course the home offers: the first one in catalog order the person started and has not
 * finished, else the first one they have not started; null when every course is done.
 */
export async function courseToResume({ locale, userId }: { locale: Locale; userId: number }) {
  const catalog = await listCourses({ locale, userId })
  const open = catalog.filter((c) => c.lessonCount > 0 && c.doneCount < c.lessonCount && !c.certificateCode)
  const course = open.find((c) => c.doneCount > 0) ?? open[0]
  return course ? { ...course, started: course.doneCount > 0 } : null
}

/** A course by its URL key with its ordered lessons, or null when unknown or not readable in any language. */
export async function getCourse({
  locale,
  key,
  userId,
  now = clock.now(),
}: {
  locale: Locale
  key: string
  userId: number | null
  now?: Date
}) {
  const course = await db.query.courses.findFirst({ where: eq(courses.key, key) })
  if (!course) return null
  const text = bestPublished(await courseTexts([course.id]), locale, course.sourceLocale)
  if (!text) return null
  const lessons = await db
    .select()
    .from(courseLessons)
    .where(eq(courseLessons.courseId, course.id))
    .orderBy(asc(courseLessons.position), asc(courseLessons.id))
  const [described, done, certified] = await Promise.all([
    describeLessons(lessons, locale),
    completedLessonIds(db, { userId, lessons }),
    validCertificateOf({ userId, courseIds: [course.id], now }),
  ])
  const resume = described.findIndex((l) => !done.has(l.id))
  return {
    id: course.id,
    key: course.key,
    title: text.title,
    summary: text.summary,
    textLocale: text.locale,
    fallback: text.fallback,
    certificateValidityMonths: course.certificateValidityMonths,
    minutes: courseMinutes(described.map((l) => l.length)),
    lessons: described.map((l, index) => ({
      id: l.id,
      /** Lessons are addressed by their 1-based place in the course. */
      position: index + 1,
      kind: l.kind,
      title: l.title,
      titleLocale: l.titleLocale,
      minutes: l.minutes,
      refKey: l.refKey,
      videoId: l.videoId,
      articleId: l.articleId,
      quizId: l.quizId,
      done: done.has(l.id),
    })),
    doneCount: done.size,
    resumePosition: resume === -1 ? 1 : resume + 1,
    certificateCode: certified.get(course.id) ?? null,
    /** What the person still lacks for the certificate (null for visitors). */
    certificate: userId ? certificateStandingOf(db, { userId, courseId: course.id, now }) : null,
  }
}

export type CourseForReader = NonNullable<Awaited<ReturnType<typeof getCourse>>>

/**
 * "Mark as read" on an article lesson. Recorded once; the first time is a `lesson` event
 * (self-service use of the portal) and, in the same transaction, issues the course's certificate
 * when this was the last thing missing. Returns whether it was new.
 */
export async function markArticleLessonRead({
  userId,
  accountId,
  lessonId,
  locale,
  now = clock.now(),
}: {
  userId: number
  accountId: number | null
  lessonId: number
  locale: Locale
  now?: Date
}) {
  const outcome = db.transaction(
    (tx) => {
      const lesson = tx
        .select({ kind: courseLessons.kind, courseId: courseLessons.courseId })
        .from(courseLessons)
        .where(eq(courseLessons.id, lessonId))
        .get()
      if (lesson?.kind !== 'article') return null
      const inserted = tx
        .insert(lessonProgress)
        .values({ userId, lessonId, accountId, completedAt: now })
        .onConflictDoNothing()
        .returning({ lessonId: lessonProgress.lessonId })
        .all()
      if (inserted.length === 0) return null
      return certifyCompletedCourses(tx, { userId, accountId, courseIds: [lesson.courseId], locale, now })
    },
    { behavior: 'immediate' },
  )
  if (!outcome) return false
  await recordEvent({ type: 'lesson', userId, accountId, ref: String(lessonId), locale, occurredAt: now })
  await afterCertification({ outcomes: outcome, userId, accountId, locale })
  return true
}

/**
 * A video lesson is done once its video is watched, which the player records on the video's own
 * page: inside that transaction every lesson showing the video gets its lesson_progress row, and
 * the courses they belong to issue their certificate when this was the last thing missing.
 * Returns the lessons newly done (for their `lesson` events) and the certification outcomes.
 */
export function completeVideoLessons(
  tx: Tx,
  {
    userId,
    accountId,
    videoId,
    locale,
    now,
  }: {
    userId: number
    accountId: number | null
    videoId: number
    locale: Locale
    now: Date
  },
) {
  const lessons = tx
    .select({ id: courseLessons.id, courseId: courseLessons.courseId })
    .from(courseLessons)
    .where(and(eq(courseLessons.kind, 'video'), eq(courseLessons.videoId, videoId)))
    .all()
  if (lessons.length === 0) return { newLessonIds: [], certification: [] }
  const inserted = tx
    .insert(lessonProgress)
    .values(lessons.map((l) => ({ userId, lessonId: l.id, accountId, completedAt: now })))
    .onConflictDoNothing()
    .returning({ lessonId: lessonProgress.lessonId })
    .all()
  const certification = certifyCompletedCourses(tx, {
    userId,
    accountId,
    courseIds: lessons.map((l) => l.courseId),
    locale,
    now,
  })
  return { newLessonIds: inserted.map((l) => l.lessonId), certification }
}

/** A video's title in the best published language, for a video lesson rendered as a link. */
export async function videoTitle({ videoId, locale }: { videoId: number; locale: Locale }) {
  const video = await db.query.videos.findFirst({
    where: eq(videos.id, videoId),
    columns: { key: true, sourceLocale: true },
  })
  if (!video) return null
  const texts = await db
    .select({
      locale: videoTranslations.locale,
      title: videoTranslations.title,
      status: videoTranslations.status,
      description: videoTranslations.description,
    })
    .from(videoTranslations)
    .where(eq(videoTranslations.videoId, videoId))
  const text = bestPublished(texts, locale, video.sourceLocale)
  return {
    key: video.key,
    title: text?.title ?? video.key,
    description: text?.description ?? '',
    locale: text?.locale ?? locale,
  }
}

/** Each course page in each language it is published in, for the sitemap. */
export async function listCourseUrls() {
  return db
    .select({ key: courses.key, locale: courseTranslations.locale, updatedAt: courseTranslations.updatedAt })
    .from(courseTranslations)
    .innerJoin(courses, eq(courses.id, courseTranslations.courseId))
    .where(eq(courseTranslations.status, 'published'))
    .orderBy(asc(courses.position), asc(courses.id))
}
