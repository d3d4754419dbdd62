import { index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core'
import { accounts } from './accounts'
import { createdAt, id, timestamp, updatedAt } from './columns'
import type { Locale } from './enums'
import { articles, type TranslationStatus } from './kb'
import { users } from './users'

/** Where a video plays from: a file the portal serves, or an embed from an allowlisted provider. */
export const videoSources = ['file', 'embed'] as const
export type VideoSource = (typeof videoSources)[number]

/** Embeds are stored as a provider and its id, never as a URL: the URL is rebuilt from a fixed template. */
export const videoProviders = ['youtube', 'vimeo'] as const
export type VideoProvider = (typeof videoProviders)[number]

export const lessonKinds = ['video', 'article', 'quiz'] as const
export type LessonKind = (typeof lessonKinds)[number]

export const questionKinds = ['single', 'multiple'] as const
export type QuestionKind = (typeof questionKinds)[number]

/** Language-neutral: where the video plays from and how long it is. */
export const videos = sqliteTable('videos', {
  id: id(),
  /** The folder name in content/videos: ties files to the video across imports; also its URL. */
  key: text('key').notNull().unique(),
  source: text('source').$type<VideoSource>().notNull(),
  /** For `file`: the file name inside the video's media folder (data/media/videos/<key>/). */
  file: text('file'),
  mimeType: text('mime_type'),
  /** For `embed`: a provider of the allowlist and the id it gives the video. */
  provider: text('provider').$type<VideoProvider>(),
  providerId: text('provider_id'),
  /** The poster image's file name inside the media folder. */
  poster: text('poster'),
  durationSeconds: integer('duration_seconds').notNull(),
  position: integer('position').notNull().default(0),
  sourceLocale: text('source_locale').$type<Locale>().notNull(),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
})

export type Video = typeof videos.$inferSelect

/** One language of a video: its title, description and WebVTT captions (the transcript is built from them). */
export const videoTranslations = sqliteTable(
  'video_translations',
  {
    videoId: integer('video_id')
      .notNull()
      .references(() => videos.id, { onDelete: 'cascade' }),
    locale: text('locale').$type<Locale>().notNull(),
    title: text('title').notNull(),
    description: text('description').notNull().default(''),
    captions: text('captions').notNull().default(''),
    status: text('status').$type<TranslationStatus>().notNull(),
    revision: integer('revision').notNull().default(1),
    sourceRevision: integer('source_revision').notNull().default(1),
    updatedById: integer('updated_by_id').references(() => users.id, { onDelete: 'set null' }),
    updatedAt: updatedAt(),
    publishedAt: timestamp('published_at'),
  },
  (t) => [primaryKey({ columns: [t.videoId, t.locale] })],
)

export type VideoTranslation = typeof videoTranslations.$inferSelect

/** Per person: where to resume and how much of the video they actually played. */
export const videoProgress = sqliteTable(
  'video_progress',
  {
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    videoId: integer('video_id')
      .notNull()
      .references(() => videos.id, { onDelete: 'cascade' }),
    accountId: integer('account_id').references(() => accounts.id, { onDelete: 'cascade' }),
    positionSeconds: real('position_seconds').notNull().default(0),
    /** Share of the video played, 0–1; it only grows. */
    watchedShare: real('watched_share').notNull().default(0),
    /** When the watched share first reached the threshold (90%). */
    watchedAt: timestamp('watched_at'),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.videoId] })],
)

export const quizzes = sqliteTable('quizzes', {
  id: id(),
  key: text('key').notNull().unique(),
  /** Share of questions to answer right, in percent. */
  passMark: integer('pass_mark').notNull().default(80),
  /** Failed attempts allowed before the cool-down starts. */
  maxAttempts: integer('max_attempts').notNull().default(3),
  cooldownMinutes: integer('cooldown_minutes').notNull().default(60),
  sourceLocale: text('source_locale').$type<Locale>().notNull(),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
})

export type Quiz = typeof quizzes.$inferSelect

/** Language-neutral question structure; which options are correct lives only here, on the server. */
export const quizQuestions = sqliteTable(
  'quiz_questions',
  {
    id: id(),
    quizId: integer('quiz_id')
      .notNull()
      .references(() => quizzes.id, { onDelete: 'cascade' }),
    key: text('key').notNull(),
    position: integer('position').notNull().default(0),
    kind: text('kind').$type<QuestionKind>().notNull(),
  },
  (t) => [uniqueIndex('quiz_questions_quiz_key').on(t.quizId, t.key)],
)

export const quizOptions = sqliteTable(
  'quiz_options',
  {
    id: id(),
    questionId: integer('question_id')
      .notNull()
      .references(() => quizQuestions.id, { onDelete: 'cascade' }),
    key: text('key').notNull(),
    position: integer('position').notNull().default(0),
    correct: integer('correct', { mode: 'boolean' }).notNull().default(false),
  },
  (t) => [uniqueIndex('quiz_options_question_key').on(t.questionId, t.key)],
)

/** The texts of a quiz in one language, keyed by question and option keys. */
export type QuizTexts = Record<string, { prompt: string; options: Record<string, string> }>

export const quizTranslations = sqliteTable(
  'quiz_translations',
  {
    quizId: integer('quiz_id')
      .notNull()
      .references(() => quizzes.id, { onDelete: 'cascade' }),
    locale: text('locale').$type<Locale>().notNull(),
    title: text('title').notNull(),
    questions: text('questions', { mode: 'json' }).$type<QuizTexts>().notNull(),
    status: text('status').$type<TranslationStatus>().notNull(),
    revision: integer('revision').notNull().default(1),
    sourceRevision: integer('source_revision').notNull().default(1),
    updatedById: integer('updated_by_id').references(() => users.id, { onDelete: 'set null' }),
    updatedAt: updatedAt(),
    publishedAt: timestamp('published_at'),
  },
  (t) => [primaryKey({ columns: [t.quizId, t.locale] })],
)

export const courses = sqliteTable('courses', {
  id: id(),
  /** The file name in content/academy and the course's URL segment. */
  key: text('key').notNull().unique(),
  position: integer('position').notNull().default(0),
  /** How long a certificate of this course stays valid; null: it does not expire. */
  certificateValidityMonths: integer('certificate_validity_months'),
  sourceLocale: text('source_locale').$type<Locale>().notNull(),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
})

export type Course = typeof courses.$inferSelect

export const courseTranslations = sqliteTable(
  'course_translations',
  {
    courseId: integer('course_id')
      .notNull()
      .references(() => courses.id, { onDelete: 'cascade' }),
    locale: text('locale').$type<Locale>().notNull(),
    title: text('title').notNull(),
    summary: text('summary').notNull().default(''),
    status: text('status').$type<TranslationStatus>().notNull(),
    revision: integer('revision').notNull().default(1),
    sourceRevision: integer('source_revision').notNull().default(1),
    updatedById: integer('updated_by_id').references(() => users.id, { onDelete: 'set null' }),
    updatedAt: updatedAt(),
    publishedAt: timestamp('published_at'),
  },
  (t) => [primaryKey({ columns: [t.courseId, t.locale] })],
)

/** One step of a course: exactly one of video, article or quiz, by `kind`. */
export const courseLessons = sqliteTable(
  'course_lessons',
  {
    id: id(),
    courseId: integer('course_id')
      .notNull()
      .references(() => courses.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    kind: text('kind').$type<LessonKind>().notNull(),
    videoId: integer('video_id').references(() => videos.id, { onDelete: 'restrict' }),
    articleId: integer('article_id').references(() => articles.id, { onDelete: 'restrict' }),
    quizId: integer('quiz_id').references(() => quizzes.id, { onDelete: 'restrict' }),
  },
  (t) => [index('course_lessons_course_idx').on(t.courseId, t.position)],
)

export type CourseLesson = typeof courseLessons.$inferSelect

export const lessonProgress = sqliteTable(
  'lesson_progress',
  {
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    lessonId: integer('lesson_id')
      .notNull()
      .references(() => courseLessons.id, { onDelete: 'cascade' }),
    accountId: integer('account_id').references(() => accounts.id, { onDelete: 'cascade' }),
    completedAt: timestamp('completed_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.lessonId] })],
)

/** The order a person saw: question ids, and per question its option ids, shuffled at the start. */
export type AttemptLayout = { questionId: number; optionIds: number[] }[]

export const quizAttempts = sqliteTable(
  'quiz_attempts',
  {
    id: id(),
    quizId: integer('quiz_id')
      .notNull()
      .references(() => quizzes.id, { onDelete: 'cascade' }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    accountId: integer('account_id').references(() => accounts.id, { onDelete: 'cascade' }),
    locale: text('locale').$type<Locale>().notNull(),
    layout: text('layout', { mode: 'json' }).$type<AttemptLayout>().notNull(),
    /** Chosen option ids per question id; null until submitted. */
    answers: text('answers', { mode: 'json' }).$type<Record<string, number[]>>(),
    scorePercent: integer('score_percent'),
    passed: integer('passed', { mode: 'boolean' }),
    startedAt: timestamp('started_at').notNull(),
    submittedAt: timestamp('submitted_at'),
  },
  (t) => [index('quiz_attempts_user_idx').on(t.userId, t.quizId, t.startedAt)],
)

export type QuizAttempt = typeof quizAttempts.$inferSelect

export const certificates = sqliteTable(
  'certificates',
  {
    id: id(),
    /** The public verification code: random, unguessable, unique. */
    code: text('code').notNull().unique(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    accountId: integer('account_id').references(() => accounts.id, { onDelete: 'cascade' }),
    courseId: integer('course_id')
      .notNull()
      .references(() => courses.id, { onDelete: 'cascade' }),
    attemptId: integer('attempt_id').references(() => quizAttempts.id, { onDelete: 'set null' }),
    /** The name as it was when issued: a certificate does not change when a profile does. */
    holderName: text('holder_name').notNull(),
    locale: text('locale').$type<Locale>().notNull(),
    issuedAt: timestamp('issued_at').notNull(),
    expiresAt: timestamp('expires_at'),
  },
  (t) => [index('certificates_user_idx').on(t.userId), index('certificates_account_idx').on(t.accountId)],
)

export type Certificate = typeof certificates.$inferSelect
