import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { and, eq, inArray, ne, notInArray } from 'drizzle-orm'
import type { QuizTexts } from '#db/schema/academy'
import { locales, type Locale } from '#db/schema/enums'
import * as schema from '#db/schema/index'
import { config } from '~/config.server'
import { createDb, type Db } from '~/db-connection.server'
import { clock } from '~/modules/clock/clock'
import {
  academyKeyPattern,
  lessonRef,
  parseCourseFile,
  quizLocales,
  type CourseFile,
  type LessonRef,
  type QuizFile,
} from './course-files.server'

const {
  articles,
  courseLessons,
  courseTranslations,
  courses,
  quizOptions,
  quizQuestions,
  quizTranslations,
  quizzes,
  videos,
} = schema

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0]
type Outcome = 'created' | 'updated' | 'unchanged'

export type CourseImportReport = {
  files: number
  created: number
  updated: number
  unchanged: number
  errors: { file: string; message: string }[]
}

/** A problem with one file found while writing it: the file's transaction rolls back, the others go on. */
class CourseFileError extends Error {}

/**
 * Imports `<dir>/<course-key>.yml` (see content/academy): the course, its lessons in order
 * and its quiz with questions, options and every language's texts. Idempotent: an unchanged
 * file changes nothing. Texts follow the revision rule of the playbooks (docs/decisions/0004):
 * a changed text gets the next revision, a translation changed with its source follows it,
 * one left as it was becomes stale. Lessons name videos and articles by key; an unknown key
 * rejects that file only. Without `db`, the configured database is opened and closed.
 */
export function importCourses(input: { db?: Db; dir: string }): CourseImportReport {
  if (!input.db) {
    const { db, sqlite } = createDb(config().DATABASE_URL)
    try {
      return importCourses({ db, dir: input.dir })
    } finally {
      sqlite.close()
    }
  }
  const { db, dir } = input
  const report: CourseImportReport = { files: 0, created: 0, updated: 0, unchanged: 0, errors: [] }
  for (const name of readdirSync(dir)
    .filter((n) => n.endsWith('.yml'))
    .sort()) {
    const file = join(dir, name)
    report.files++
    const key = name.replace(/\.yml$/, '')
    if (!academyKeyPattern.test(key)) {
      report.errors.push({
        file,
        message: `file name "${key}" is not a course key (lowercase letters, digits and hyphens)`,
      })
      continue
    }
    const parsed = parseCourseFile(readFileSync(file, 'utf8'))
    if (!parsed.ok) {
      report.errors.push({ file, message: parsed.error })
      continue
    }
    try {
      const outcome = db.transaction((tx) => writeCourse(tx, { key, course: parsed.course }), {
        behavior: 'immediate',
      })
      report[outcome]++
    } catch (error) {
      if (!(error instanceof CourseFileError)) throw error
      report.errors.push({ file, message: error.message })
    }
  }
  return report
}

function writeCourse(tx: Tx, input: { key: string; course: CourseFile }): Outcome {
  const { course } = input
  const fields = {
    position: course.order,
    certificateValidityMonths: course.certificateValidityMonths ?? null,
    sourceLocale: course.sourceLocale,
  }
  const found = tx.select().from(courses).where(eq(courses.key, input.key)).get()
  const row =
    found ??
    tx
      .insert(courses)
      .values({ key: input.key, ...fields })
      .returning()
      .get()
  let changed = false
  if (found && (Object.keys(fields) as (keyof typeof fields)[]).some((k) => found[k] !== fields[k])) {
    tx.update(courses)
      .set({ ...fields, updatedAt: clock.now() })
      .where(eq(courses.id, found.id))
      .run()
    changed = true
  }

  const courseTexts = Object.fromEntries(
    locales
      .filter((l) => course.title[l])
      .map((l) => [l, { title: course.title[l]!, summary: course.summary[l] ?? '' }]),
  )
  changed =
    writeLocales(tx, { table: courseTable(row.id), sourceLocale: course.sourceLocale, texts: courseTexts }) ||
    changed

  const quizId = course.quiz
    ? writeQuiz(tx, { courseId: row.id, quiz: course.quiz, sourceLocale: course.sourceLocale })
    : null
  if (quizId) changed = quizId.changed || changed
  changed =
    writeLessons(tx, {
      courseId: row.id,
      lessons: course.lessons.map(lessonRef),
      quizId: quizId?.id ?? null,
    }) || changed
  return !found ? 'created' : changed ? 'updated' : 'unchanged'
}

/**
 * The course's lessons become the file's, in its order. A lesson that stays (same video,
 * article or quiz) keeps its row, and with it everyone's progress; only lessons that left
 * the file are deleted.
 */
function writeLessons(
  tx: Tx,
  input: { courseId: number; lessons: LessonRef[]; quizId: number | null },
): boolean {
  const targets = input.lessons.map((ref, position) => ({
    position,
    kind: ref.kind,
    ...resolveLesson(tx, ref, input.quizId),
  }))
  const existing = tx.select().from(courseLessons).where(eq(courseLessons.courseId, input.courseId)).all()
  const sameTarget = (a: (typeof existing)[number], b: (typeof targets)[number]) =>
    a.kind === b.kind && a.videoId === b.videoId && a.articleId === b.articleId && a.quizId === b.quizId
  let changed = false
  const kept = new Set<number>()
  for (const target of targets) {
    const current = existing.find((row) => !kept.has(row.id) && sameTarget(row, target))
    if (!current) {
      tx.insert(courseLessons)
        .values({ courseId: input.courseId, ...target })
        .run()
      changed = true
      continue
    }
    kept.add(current.id)
    if (current.position !== target.position) {
      tx.update(courseLessons)
        .set({ position: target.position })
        .where(eq(courseLessons.id, current.id))
        .run()
      changed = true
    }
  }
  const removed = existing.filter((row) => !kept.has(row.id)).map((row) => row.id)
  if (removed.length > 0) {
    tx.delete(courseLessons).where(inArray(courseLessons.id, removed)).run()
    changed = true
  }
  return changed
}

function resolveLesson(tx: Tx, ref: LessonRef, quizId: number | null) {
  const none = { videoId: null, articleId: null, quizId: null }
  if (ref.kind === 'quiz') return { ...none, quizId: quizId! }
  if (ref.kind === 'video') {
    const video = tx.select({ id: videos.id }).from(videos).where(eq(videos.key, ref.key)).get()
    if (!video)
      throw new CourseFileError(`lessons: no video with the key "${ref.key}" (content/videos/${ref.key})`)
    return { ...none, videoId: video.id }
  }
  const article = tx
    .select({ id: articles.id, visibility: articles.visibility })
    .from(articles)
    .where(eq(articles.key, ref.key))
    .get()
  if (!article)
    throw new CourseFileError(`lessons: no article with the key "${ref.key}" (content/kb/${ref.key})`)
  // Lesson titles show to every reader of the course: an internal article is never a lesson.
  if (article.visibility === 'internal')
    throw new CourseFileError(`lessons: the article "${ref.key}" is internal`)
  return { ...none, articleId: article.id }
}

function writeQuiz(
  tx: Tx,
  input: { courseId: number; quiz: QuizFile; sourceLocale: Locale },
): { id: number; changed: boolean } {
  const { quiz } = input
  const fields = {
    passMark: quiz.passMark,
    maxAttempts: quiz.maxAttempts,
    cooldownMinutes: quiz.cooldownMinutes,
    sourceLocale: input.sourceLocale,
  }
  const found = tx.select().from(quizzes).where(eq(quizzes.key, quiz.key)).get()
  if (found) {
    const elsewhere = tx
      .select({ courseId: courseLessons.courseId })
      .from(courseLessons)
      .where(and(eq(courseLessons.quizId, found.id), ne(courseLessons.courseId, input.courseId)))
      .get()
    if (elsewhere)
      throw new CourseFileError(`quiz.key: the quiz "${quiz.key}" already belongs to another course`)
  }
  const row =
    found ??
    tx
      .insert(quizzes)
      .values({ key: quiz.key, ...fields })
      .returning()
      .get()
  let changed = !found
  if (found && (Object.keys(fields) as (keyof typeof fields)[]).some((k) => found[k] !== fields[k])) {
    tx.update(quizzes)
      .set({ ...fields, updatedAt: clock.now() })
      .where(eq(quizzes.id, found.id))
      .run()
    changed = true
  }

  quiz.questions.forEach((question, position) => {
    let stored = tx
      .select()
      .from(quizQuestions)
      .where(and(eq(quizQuestions.quizId, row.id), eq(quizQuestions.key, question.key)))
      .get()
    if (!stored) {
      stored = tx
        .insert(quizQuestions)
        .values({ quizId: row.id, key: question.key, position, kind: question.kind })
        .returning()
        .get()
      changed = true
    } else if (stored.position !== position || stored.kind !== question.kind) {
      tx.update(quizQuestions)
        .set({ position, kind: question.kind })
        .where(eq(quizQuestions.id, stored.id))
        .run()
      changed = true
    }
    const questionId = stored.id
    question.options.forEach((option, optionPosition) => {
      const values = { position: optionPosition, correct: option.correct }
      const current = tx
        .select()
        .from(quizOptions)
        .where(and(eq(quizOptions.questionId, questionId), eq(quizOptions.key, option.key)))
        .get()
      if (!current) {
        tx.insert(quizOptions)
          .values({ questionId, key: option.key, ...values })
          .run()
        changed = true
      } else if (current.position !== values.position || current.correct !== values.correct) {
        tx.update(quizOptions).set(values).where(eq(quizOptions.id, current.id)).run()
        changed = true
      }
    })
    const optionKeys = question.options.map((o) => o.key)
    const removedOptions = tx
      .delete(quizOptions)
      .where(and(eq(quizOptions.questionId, questionId), notInArray(quizOptions.key, optionKeys)))
      .returning()
      .all()
    changed = removedOptions.length > 0 || changed
  })
  const questionKeys = quiz.questions.map((q) => q.key)
  const removedQuestions = tx
    .delete(quizQuestions)
    .where(and(eq(quizQuestions.quizId, row.id), notInArray(quizQuestions.key, questionKeys)))
    .returning()
    .all()
  changed = removedQuestions.length > 0 || changed

  const texts = Object.fromEntries(
    quizLocales(quiz).map((l) => [l, { title: quiz.title[l]!, questions: quizTextsOf(quiz, l) }]),
  )
  changed = writeLocales(tx, { table: quizTable(row.id), sourceLocale: input.sourceLocale, texts }) || changed
  return { id: row.id, changed }
}

/** One language of a quiz as stored in quiz_translations.questions. */
function quizTextsOf(quiz: QuizFile, locale: Locale): QuizTexts {
  return Object.fromEntries(
    quiz.questions.map((q) => [
      q.key,
      {
        prompt: q.prompt[locale]!,
        options: Object.fromEntries(q.options.map((o) => [o.key, o.text[locale]!])),
      },
    ]),
  )
}

// ---- The revision rule, for the two translation tables of the academy's courses ----

type Revisions = { revision: number; sourceRevision: number }
type CourseText = { title: string; summary: string }
type QuizText = { title: string; questions: QuizTexts }

/** One owner's translations: read by locale, insert and update with revisions. */
type TextTable<T> = {
  read: (tx: Tx) => Map<Locale, { text: T } & Revisions>
  insert: (tx: Tx, locale: Locale, values: T & Revisions) => void
  update: (tx: Tx, locale: Locale, values: T & Revisions) => void
}

const courseTable = (courseId: number): TextTable<CourseText> => ({
  read: (tx) =>
    new Map(
      tx
        .select()
        .from(courseTranslations)
        .where(eq(courseTranslations.courseId, courseId))
        .all()
        .map((r) => [
          r.locale,
          {
            text: { title: r.title, summary: r.summary },
            revision: r.revision,
            sourceRevision: r.sourceRevision,
          },
        ]),
    ),
  insert: (tx, locale, values) =>
    tx
      .insert(courseTranslations)
      .values({ courseId, locale, ...values, status: 'published', publishedAt: clock.now() })
      .run(),
  update: (tx, locale, values) =>
    tx
      .update(courseTranslations)
      .set({ ...values, status: 'published', updatedAt: clock.now(), publishedAt: clock.now() })
      .where(and(eq(courseTranslations.courseId, courseId), eq(courseTranslations.locale, locale)))
      .run(),
})

const quizTable = (quizId: number): TextTable<QuizText> => ({
  read: (tx) =>
    new Map(
      tx
        .select()
        .from(quizTranslations)
        .where(eq(quizTranslations.quizId, quizId))
        .all()
        .map((r) => [
          r.locale,
          {
            text: { title: r.title, questions: r.questions },
            revision: r.revision,
            sourceRevision: r.sourceRevision,
          },
        ]),
    ),
  insert: (tx, locale, values) =>
    tx
      .insert(quizTranslations)
      .values({ quizId, locale, ...values, status: 'published', publishedAt: clock.now() })
      .run(),
  update: (tx, locale, values) =>
    tx
      .update(quizTranslations)
      .set({ ...values, status: 'published', updatedAt: clock.now(), publishedAt: clock.now() })
      .where(and(eq(quizTranslations.quizId, quizId), eq(quizTranslations.locale, locale)))
      .run(),
})

/** The same value whatever the order of object keys (JSON read back from SQLite keeps its own order). */
export function sameContent(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (
    typeof a !== 'object' ||
    typeof b !== 'object' ||
    a === null ||
    b === null ||
    Array.isArray(a) !== Array.isArray(b)
  )
    return false
  const ka = Object.keys(a)
  const kb = Object.keys(b)
  return (
    ka.length === kb.length &&
    ka.every(
      (k) =>
        Object.hasOwn(b, k) &&
        sameContent((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]),
    )
  )
}

/**
 * The revision rule of docs/decisions/0004: the source goes first; a new text starts at
 * revision 1, a changed one gets the next, an unchanged one is left alone. The source's
 * sourceRevision equals its revision; a translation records the source revision it was
 * written against, so one left as it was while its source moved on is stale.
 */
function writeLocales<T>(
  tx: Tx,
  input: { table: TextTable<T>; sourceLocale: Locale; texts: Partial<Record<Locale, T>> },
): boolean {
  const existing = input.table.read(tx)
  let sourceRevision = existing.get(input.sourceLocale)?.revision ?? 1
  let changed = false
  for (const locale of [input.sourceLocale, ...locales.filter((l) => l !== input.sourceLocale)]) {
    const text = input.texts[locale]
    if (!text) continue
    const isSource = locale === input.sourceLocale
    const current = existing.get(locale)
    if (!current) {
      input.table.insert(tx, locale, { ...text, revision: 1, sourceRevision: isSource ? 1 : sourceRevision })
      changed = true
      continue
    }
    if (sameContent(current.text, text)) continue
    const revision = current.revision + 1
    input.table.update(tx, locale, {
      ...text,
      revision,
      sourceRevision: isSource ? revision : sourceRevision,
    })
    if (isSource) sourceRevision = revision
    changed = true
  }
  return changed
}
