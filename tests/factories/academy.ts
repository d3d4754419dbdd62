import { cpSync, existsSync } from 'node:fs'
import { join } from 'node:path'
import type Database from 'better-sqlite3'
import { eq } from 'drizzle-orm'
import * as schema from '#db/schema/index'
import { testDb, unique } from './people'

/**
 * Writes a small course straight into a database file: an optional video lesson, an optional
 * article lesson (an article that already exists, e.g. from the imported knowledge base) and a
 * final quiz of three questions whose texts exist in all four languages. Independent of the
 * starter courses, so tests know every id and which options are correct.
 */

export type FactoryLocale = 'en' | 'ru' | 'es' | 'pt'
export const factoryLocales: FactoryLocale[] = ['en', 'ru', 'es', 'pt']

const questionWord: Record<FactoryLocale, string> = {
  en: 'Question',
  ru: 'Вопрос',
  es: 'Pregunta',
  pt: 'Pergunta',
}
const optionWord: Record<FactoryLocale, string> = { en: 'Option', ru: 'Вариант', es: 'Opción', pt: 'Opção' }
const courseWord: Record<FactoryLocale, string> = { en: 'Course', ru: 'Курс', es: 'Curso', pt: 'Curso' }
const quizWord: Record<FactoryLocale, string> = {
  en: 'Final quiz',
  ru: 'Итоговый тест',
  es: 'Evaluación final',
  pt: 'Teste final',
}
const videoWord: Record<FactoryLocale, string> = { en: 'Video', ru: 'Видео', es: 'Video', pt: 'Vídeo' }

export type OptionFixture = {
  id: number
  key: string
  correct: boolean
  texts: Record<FactoryLocale, string>
}
export type QuestionFixture = {
  id: number
  key: string
  kind: 'single' | 'multiple'
  prompts: Record<FactoryLocale, string>
  options: OptionFixture[]
}
export type CourseFixture = {
  courseId: number
  key: string
  quizId: number
  videoId: number | null
  lessons: { id: number; position: number; kind: 'video' | 'article' | 'quiz' }[]
  titles: Record<FactoryLocale, string>
  questions: QuestionFixture[]
}

/** Three questions: a single choice of three, a multiple choice of four with two right, a single choice of four. */
const questionPlan = [
  { key: 'first', kind: 'single', options: [{ key: 'a' }, { key: 'b', correct: true }, { key: 'c' }] },
  {
    key: 'second',
    kind: 'multiple',
    options: [{ key: 'a', correct: true }, { key: 'b' }, { key: 'c', correct: true }, { key: 'd' }],
  },
  {
    key: 'third',
    kind: 'single',
    options: [{ key: 'a' }, { key: 'b' }, { key: 'c' }, { key: 'd', correct: true }],
  },
] as const

export function insertCourse(
  db: Database.Database,
  overrides: {
    key?: string
    certificateValidityMonths?: number | null
    articleId?: number | null
    withVideo?: boolean
    /** An existing video for the video lesson (e.g. a starter video with its media files) instead of a new row. */
    videoId?: number
    passMark?: number
    maxAttempts?: number
    cooldownMinutes?: number
    /** Languages the course's texts are published in (default: all four). */
    courseLocales?: FactoryLocale[]
    sourceLocale?: FactoryLocale
    position?: number
  } = {},
): CourseFixture {
  const key = overrides.key ?? `course-${Math.random().toString(36).slice(2, 10)}`
  const now = Date.now()
  const sourceLocale = overrides.sourceLocale ?? 'en'
  const courseLocales = overrides.courseLocales ?? factoryLocales
  const titles = Object.fromEntries(factoryLocales.map((l) => [l, `${courseWord[l]} ${key}`])) as Record<
    FactoryLocale,
    string
  >
  return db.transaction(() => {
    const courseId = Number(
      db
        .prepare(
          'insert into courses (key, position, certificate_validity_months, source_locale, created_at, updated_at) values (?, ?, ?, ?, ?, ?)',
        )
        .run(
          key,
          overrides.position ?? 100,
          overrides.certificateValidityMonths === undefined ? 12 : overrides.certificateValidityMonths,
          sourceLocale,
          now,
          now,
        ).lastInsertRowid,
    )
    for (const locale of courseLocales) {
      db.prepare(
        "insert into course_translations (course_id, locale, title, summary, status, revision, source_revision, updated_at, published_at) values (?, ?, ?, ?, 'published', 1, 1, ?, ?)",
      ).run(courseId, locale, titles[locale], `${titles[locale]}: summary`, now, now)
    }

    let videoId: number | null = overrides.videoId ?? null
    if (!videoId && (overrides.withVideo ?? true)) {
      videoId = Number(
        db
          .prepare(
            "insert into videos (key, source, file, mime_type, duration_seconds, position, source_locale, created_at, updated_at) values (?, 'file', 'video.mp4', 'video/mp4', 180, 0, 'en', ?, ?)",
          )
          .run(`${key}-video`, now, now).lastInsertRowid,
      )
      for (const locale of factoryLocales) {
        db.prepare(
          "insert into video_translations (video_id, locale, title, description, captions, status, revision, source_revision, updated_at, published_at) values (?, ?, ?, '', '', 'published', 1, 1, ?, ?)",
        ).run(videoId, locale, `${videoWord[locale]} ${key}`, now, now)
      }
    }

    const quizId = Number(
      db
        .prepare(
          'insert into quizzes (key, pass_mark, max_attempts, cooldown_minutes, source_locale, created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?)',
        )
        .run(
          `${key}-final`,
          overrides.passMark ?? 100,
          overrides.maxAttempts ?? 3,
          overrides.cooldownMinutes ?? 60,
          'en',
          now,
          now,
        ).lastInsertRowid,
    )
    const questions: QuestionFixture[] = questionPlan.map((plan, index) => {
      const id = Number(
        db
          .prepare('insert into quiz_questions (quiz_id, key, position, kind) values (?, ?, ?, ?)')
          .run(quizId, plan.key, index, plan.kind).lastInsertRowid,
      )
      const options = plan.options.map((option, position) => {
        const correct = 'correct' in option && option.correct === true
        const optionId = Number(
          db
            .prepare('insert into quiz_options (question_id, key, position, correct) values (?, ?, ?, ?)')
            .run(id, option.key, position, correct ? 1 : 0).lastInsertRowid,
        )
        const texts = Object.fromEntries(
          factoryLocales.map((l) => [l, `${optionWord[l]} ${index + 1}${option.key.toUpperCase()}`]),
        ) as Record<FactoryLocale, string>
        return { id: optionId, key: option.key, correct, texts }
      })
      const prompts = Object.fromEntries(
        factoryLocales.map((l) => [l, `${questionWord[l]} ${key} ${index + 1}?`]),
      ) as Record<FactoryLocale, string>
      return { id, key: plan.key, kind: plan.kind, prompts, options }
    })
    for (const locale of factoryLocales) {
      const texts = Object.fromEntries(
        questions.map((q) => [
          q.key,
          {
            prompt: q.prompts[locale],
            options: Object.fromEntries(q.options.map((o) => [o.key, o.texts[locale]])),
          },
        ]),
      )
      db.prepare(
        "insert into quiz_translations (quiz_id, locale, title, questions, status, revision, source_revision, updated_at, published_at) values (?, ?, ?, ?, 'published', 1, 1, ?, ?)",
      ).run(quizId, locale, `${quizWord[locale]} ${key}`, JSON.stringify(texts), now, now)
    }

    const lessons: CourseFixture['lessons'] = []
    const addLesson = (
      kind: 'video' | 'article' | 'quiz',
      ref: { videoId?: number | null; articleId?: number | null; quizId?: number | null },
    ) => {
      const position = lessons.length + 1
      const id = Number(
        db
          .prepare(
            'insert into course_lessons (course_id, position, kind, video_id, article_id, quiz_id) values (?, ?, ?, ?, ?, ?)',
          )
          .run(courseId, position, kind, ref.videoId ?? null, ref.articleId ?? null, ref.quizId ?? null)
          .lastInsertRowid,
      )
      lessons.push({ id, position, kind })
    }
    if (videoId) addLesson('video', { videoId })
    if (overrides.articleId) addLesson('article', { articleId: overrides.articleId })
    addLesson('quiz', { quizId })
    return { courseId, key, quizId, videoId, lessons, titles, questions }
  })()
}

/** A customer without a password anyone knows, for tests that call the domain directly. */
export function insertPerson(
  db: Database.Database,
  overrides: {
    email?: string
    name?: string
    accountId?: number | null
    role?: string
    locale?: FactoryLocale
  } = {},
) {
  const now = Date.now()
  const email = overrides.email ?? `person-${Math.random().toString(36).slice(2, 10)}@example.test`
  const name = overrides.name ?? 'Ana Test'
  const id = Number(
    db
      .prepare(
        'insert into users (email, name, role, account_id, is_account_admin, locale, password_hash, disabled, created_at, updated_at) values (?, ?, ?, ?, 0, ?, ?, 0, ?, ?)',
      )
      .run(
        email,
        name,
        overrides.role ?? 'customer',
        overrides.accountId ?? null,
        overrides.locale ?? 'en',
        'not-a-password-hash',
        now,
        now,
      ).lastInsertRowid,
  )
  return { id, email, name }
}

/**
 * The answers of an attempt as its form sends them (`q1` → option places), from the stored
 * layout and the correct flags: `pick` chooses which options of each question to send.
 */
export function answersFor(
  db: Database.Database,
  attemptId: number,
  pick: (question: {
    index: number
    kind: string
    options: { id: number; correct: boolean }[]
  }) => number[] = (q) => q.options.flatMap((o, i) => (o.correct ? [i] : [])),
) {
  const attempt = db.prepare('select layout from quiz_attempts where id = ?').get(attemptId) as {
    layout: string
  }
  const layout = JSON.parse(attempt.layout) as { questionId: number; optionIds: number[] }[]
  const answers: Record<string, string[]> = {}
  layout.forEach((entry, index) => {
    const kind = (
      db.prepare('select kind from quiz_questions where id = ?').get(entry.questionId) as { kind: string }
    ).kind
    const options = entry.optionIds.map((id) => ({
      id,
      correct:
        (db.prepare('select correct from quiz_options where id = ?').get(id) as { correct: number })
          .correct === 1,
    }))
    answers[`q${index + 1}`] = pick({ index, kind, options }).map(String)
  })
  return answers
}

/** Right answers everywhere but the first question, where the first wrong option is chosen. */
export const oneWrong = (q: { index: number; options: { correct: boolean }[] }) =>
  q.index === 0
    ? [q.options.findIndex((o) => !o.correct)]
    : q.options.flatMap((o, i) => (o.correct ? [i] : []))

/**
 * A copy of a starter video (its row, its texts in every language and its media files, copied
 * into the server's data folder) under a unique key, for a test that changes a video: the
 * starter videos other files read stay as they are. `drafts` lists languages left unpublished.
 */
export function copyStarterVideo(
  starterKey: string,
  server: { dataDir: string },
  overrides: { key?: string; drafts?: FactoryLocale[] } = {},
  db = testDb(),
) {
  const starter = db.select().from(schema.videos).where(eq(schema.videos.key, starterKey)).get()
  if (!starter) throw new Error(`copyStarterVideo: no video ${starterKey}`)
  const key = overrides.key ?? unique('video')
  const { id: starterId, createdAt: _c, updatedAt: _u, ...fields } = starter
  const video = db
    .insert(schema.videos)
    .values({ ...fields, key })
    .returning()
    .get()
  const texts = db
    .select()
    .from(schema.videoTranslations)
    .where(eq(schema.videoTranslations.videoId, starterId))
    .all()
  for (const text of texts) {
    const draft = overrides.drafts?.includes(text.locale) ?? false
    db.insert(schema.videoTranslations)
      .values({
        ...text,
        videoId: video.id,
        status: draft ? 'draft' : text.status,
        publishedAt: draft ? null : text.publishedAt,
      })
      .run()
  }
  const media = join(server.dataDir, 'media', 'videos')
  if (existsSync(join(media, starterKey)))
    cpSync(join(media, starterKey), join(media, key), { recursive: true })
  return {
    ...video,
    titles: Object.fromEntries(texts.map((t) => [t.locale, t.title])) as Record<FactoryLocale, string>,
  }
}

/** An embedded (YouTube) video with an English title, published, under a unique key. */
export function createEmbedVideo(overrides: { key?: string; title?: string } = {}, db = testDb()) {
  const key = overrides.key ?? unique('webinar')
  const video = db
    .insert(schema.videos)
    .values({
      key,
      source: 'embed',
      provider: 'youtube',
      providerId: 'dQw4w9WgXcQ',
      durationSeconds: 600,
      sourceLocale: 'en',
      position: 99,
    })
    .returning()
    .get()
  const title = overrides.title ?? `Quarterly webinar ${key}`
  db.insert(schema.videoTranslations)
    .values({ videoId: video.id, locale: 'en', title, status: 'published', publishedAt: new Date() })
    .run()
  return { ...video, title }
}

/**
 * A certificate of a starter course held by `user` (as if they passed its final quiz), for tests
 * that count who is certified; the code is unique like the portal's.
 */
export function createCertificate(
  user: { id: number; name: string; locale: FactoryLocale; accountId: number | null },
  db = testDb(),
) {
  const course = db
    .select({ id: schema.courses.id })
    .from(schema.courses)
    .orderBy(schema.courses.position)
    .get()
  if (!course) throw new Error('createCertificate: the test database has no course')
  return db
    .insert(schema.certificates)
    .values({
      code: unique('HUB-TEST').toUpperCase(),
      userId: user.id,
      accountId: user.accountId,
      courseId: course.id,
      holderName: user.name,
      locale: user.locale,
      issuedAt: new Date(),
    })
    .returning()
    .get()
}

/** Lessons `user` has done (as if they finished them in the portal), for tests that report progress. */
export function completeLessons(
  user: { id: number; accountId: number | null },
  lessonIds: number[],
  at = new Date(),
  db = testDb(),
) {
  for (const lessonId of lessonIds)
    db.insert(schema.lessonProgress)
      .values({ userId: user.id, lessonId, accountId: user.accountId, completedAt: at })
      .run()
}

/** A video `user` has watched (as if the player reported 100%), for tests whose subject comes after it. */
export function watchVideo(
  user: { id: number; accountId: number | null },
  videoId: number,
  at = new Date(),
  db = testDb(),
) {
  db.insert(schema.videoProgress)
    .values({
      userId: user.id,
      videoId,
      accountId: user.accountId,
      watchedShare: 1,
      watchedAt: at,
      updatedAt: at,
    })
    .run()
}
