import type { RunResult } from 'better-sqlite3'
import { and, asc, eq, max, ne } from 'drizzle-orm'
import type { BaseSQLiteDatabase } from 'drizzle-orm/sqlite-core'
import type { LessonKind, QuestionKind, QuizTexts } from '#db/schema/academy'
import type { TranslationStatus } from '#db/schema/kb'
import { db, schema } from '~/db.server'
import { clock } from '~/modules/clock/clock'
import { locales, type Locale } from '~/modules/i18n/locales'
import type { TranslationState } from '~/modules/kb/editor.schema'
import { translationState } from '~/modules/kb/editor.server'
import type { AcademyKind, AcademyMatrixFilters } from './academy-editor.schema'
import { quizStructureProblems, type QuizProblem } from './quiz-structure'

/**
 * The editors' side of the academy: videos, courses and quizzes against every locale, one
 * translation beside its source, and the commands that change them. Texts follow the playbook
 * revision rule (docs/decisions/0004): a new text starts at revision 1, a changed one gets the
 * next revision, the source's sourceRevision is its revision, a translation records the source
 * revision its translator saw. Every write is one immediate transaction that reads what it checks.
 */
const {
  videos,
  videoTranslations,
  courses,
  courseTranslations,
  courseLessons,
  quizzes,
  quizQuestions,
  quizOptions,
  quizTranslations,
  articles,
  articleTranslations,
} = schema

const immediate = { behavior: 'immediate' } as const

/** The database or a transaction: reads outside a transaction use the same helpers. */
type Tx = BaseSQLiteDatabase<'sync', RunResult, typeof schema>

export type VideoText = { title: string; description: string; captions: string }
export type CourseText = { title: string; summary: string }
export type QuizText = { title: string; questions: QuizTexts }
export type TextOf<K extends AcademyKind> = K extends 'video'
  ? VideoText
  : K extends 'course'
    ? CourseText
    : QuizText

type StoredText<K extends AcademyKind> = {
  locale: Locale
  status: TranslationStatus
  revision: number
  sourceRevision: number
  updatedAt: number
  publishedAt: number | null
  text: TextOf<K>
}

type Owner = { id: number; key: string; sourceLocale: Locale }

/** Each kind's tables behind one shape: find the owner, read its texts, write one text. */
type Store<K extends AcademyKind> = {
  owner: (tx: Tx, id: number) => Owner | undefined
  read: (tx: Tx, id: number) => StoredText<K>[]
  insert: (
    tx: Tx,
    id: number,
    row: Omit<StoredText<K>, 'updatedAt' | 'publishedAt'> & {
      publishedAt: number | null
      updatedById: number
    },
  ) => void
  update: (
    tx: Tx,
    id: number,
    locale: Locale,
    values: Partial<Omit<StoredText<K>, 'locale' | 'text'>> & { text?: TextOf<K>; updatedById?: number },
  ) => void
}

const now = () => clock.now().getTime()

const videoStore: Store<'video'> = {
  owner: (tx, id) =>
    tx
      .select({ id: videos.id, key: videos.key, sourceLocale: videos.sourceLocale })
      .from(videos)
      .where(eq(videos.id, id))
      .get(),
  read: (tx, id) =>
    tx
      .select()
      .from(videoTranslations)
      .where(eq(videoTranslations.videoId, id))
      .all()
      .map((r) => ({
        ...r,
        updatedAt: +r.updatedAt,
        publishedAt: r.publishedAt ? +r.publishedAt : null,
        text: { title: r.title, description: r.description, captions: r.captions },
      })),
  insert: (tx, id, { text, publishedAt, ...row }) =>
    tx
      .insert(videoTranslations)
      .values({
        ...row,
        ...text,
        videoId: id,
        publishedAt: publishedAt === null ? null : new Date(publishedAt),
      })
      .run(),
  update: (tx, id, locale, { text, publishedAt, updatedAt: _u, ...values }) =>
    tx
      .update(videoTranslations)
      .set({
        ...values,
        ...text,
        updatedAt: clock.now(),
        ...(publishedAt !== undefined
          ? { publishedAt: publishedAt === null ? null : new Date(publishedAt) }
          : {}),
      })
      .where(and(eq(videoTranslations.videoId, id), eq(videoTranslations.locale, locale)))
      .run(),
}

const courseStore: Store<'course'> = {
  owner: (tx, id) =>
    tx
      .select({ id: courses.id, key: courses.key, sourceLocale: courses.sourceLocale })
      .from(courses)
      .where(eq(courses.id, id))
      .get(),
  read: (tx, id) =>
    tx
      .select()
      .from(courseTranslations)
      .where(eq(courseTranslations.courseId, id))
      .all()
      .map((r) => ({
        ...r,
        updatedAt: +r.updatedAt,
        publishedAt: r.publishedAt ? +r.publishedAt : null,
        text: { title: r.title, summary: r.summary },
      })),
  insert: (tx, id, { text, publishedAt, ...row }) =>
    tx
      .insert(courseTranslations)
      .values({
        ...row,
        ...text,
        courseId: id,
        publishedAt: publishedAt === null ? null : new Date(publishedAt),
      })
      .run(),
  update: (tx, id, locale, { text, publishedAt, updatedAt: _u, ...values }) =>
    tx
      .update(courseTranslations)
      .set({
        ...values,
        ...text,
        updatedAt: clock.now(),
        ...(publishedAt !== undefined
          ? { publishedAt: publishedAt === null ? null : new Date(publishedAt) }
          : {}),
      })
      .where(and(eq(courseTranslations.courseId, id), eq(courseTranslations.locale, locale)))
      .run(),
}

const quizStore: Store<'quiz'> = {
  owner: (tx, id) =>
    tx
      .select({ id: quizzes.id, key: quizzes.key, sourceLocale: quizzes.sourceLocale })
      .from(quizzes)
      .where(eq(quizzes.id, id))
      .get(),
  read: (tx, id) =>
    tx
      .select()
      .from(quizTranslations)
      .where(eq(quizTranslations.quizId, id))
      .all()
      .map((r) => ({
        ...r,
        updatedAt: +r.updatedAt,
        publishedAt: r.publishedAt ? +r.publishedAt : null,
        text: { title: r.title, questions: r.questions },
      })),
  insert: (tx, id, { text, publishedAt, ...row }) =>
    tx
      .insert(quizTranslations)
      .values({
        ...row,
        ...text,
        quizId: id,
        publishedAt: publishedAt === null ? null : new Date(publishedAt),
      })
      .run(),
  update: (tx, id, locale, { text, publishedAt, updatedAt: _u, ...values }) =>
    tx
      .update(quizTranslations)
      .set({
        ...values,
        ...text,
        updatedAt: clock.now(),
        ...(publishedAt !== undefined
          ? { publishedAt: publishedAt === null ? null : new Date(publishedAt) }
          : {}),
      })
      .where(and(eq(quizTranslations.quizId, id), eq(quizTranslations.locale, locale)))
      .run(),
}

const stores: { [K in AcademyKind]: Store<K> } = { video: videoStore, course: courseStore, quiz: quizStore }

/** JSON with sorted keys: two texts are the same when they say the same, whatever the key order. */
function canonical(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value)
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`
  const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) =>
    a < b ? -1 : a > b ? 1 : 0,
  )
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`
}

const sameText = (a: unknown, b: unknown) => canonical(a) === canonical(b)

/** What editors see of a stored text's state; the source decides which revision is current. */
function statesOf(
  texts: { locale: Locale; status: TranslationStatus; sourceRevision: number; revision: number }[],
  sourceLocale: Locale,
) {
  const byLocale = new Map(texts.map((t) => [t.locale, t]))
  const sourceRevision = byLocale.get(sourceLocale)?.revision ?? 1
  return Object.fromEntries(
    locales.map((l) => [l, translationState(byLocale.get(l), sourceRevision, l === sourceLocale)]),
  ) as Record<Locale, TranslationState>
}

/** A title in the editor's language, else in the source language, else the key. */
function titleIn(texts: { locale: Locale; title: string }[], locale: Locale, owner: Owner) {
  const own = texts.find((t) => t.locale === locale) ?? texts.find((t) => t.locale === owner.sourceLocale)
  return own
    ? { title: own.title, titleLocale: own.locale }
    : { title: owner.key, titleLocale: owner.sourceLocale }
}

type MatrixText = {
  ownerId: number
  locale: Locale
  title: string
  status: TranslationStatus
  revision: number
  sourceRevision: number
}

function matrixRows(owners: Owner[], texts: MatrixText[], locale: Locale, filters: AcademyMatrixFilters) {
  const byOwner = new Map<number, MatrixText[]>()
  for (const t of texts) byOwner.set(t.ownerId, [...(byOwner.get(t.ownerId) ?? []), t])
  return owners
    .map((owner) => {
      const own = byOwner.get(owner.id) ?? []
      return {
        id: owner.id,
        key: owner.key,
        sourceLocale: owner.sourceLocale,
        ...titleIn(own, locale, owner),
        cells: statesOf(own, owner.sourceLocale),
      }
    })
    .filter(
      (row) =>
        !filters.state ||
        (filters.locale
          ? row.cells[filters.locale] === filters.state
          : locales.some((l) => row.cells[l] === filters.state)),
    )
}

export type AcademyMatrixRow = ReturnType<typeof matrixRows>[number]

/** Every video, course and quiz against every locale; `kind` narrows to one section. */
export async function listAcademyMatrix({
  locale,
  filters,
}: {
  locale: Locale
  filters: AcademyMatrixFilters
}) {
  const wants = (kind: AcademyKind) => !filters.kind || filters.kind === kind
  const [videoRows, videoTexts, courseRows, courseTexts, quizRows, quizTexts] = await Promise.all([
    wants('video')
      ? db
          .select({ id: videos.id, key: videos.key, sourceLocale: videos.sourceLocale })
          .from(videos)
          .orderBy(asc(videos.position), asc(videos.id))
      : [],
    wants('video')
      ? db
          .select({
            ownerId: videoTranslations.videoId,
            locale: videoTranslations.locale,
            title: videoTranslations.title,
            status: videoTranslations.status,
            revision: videoTranslations.revision,
            sourceRevision: videoTranslations.sourceRevision,
          })
          .from(videoTranslations)
      : [],
    wants('course')
      ? db
          .select({ id: courses.id, key: courses.key, sourceLocale: courses.sourceLocale })
          .from(courses)
          .orderBy(asc(courses.position), asc(courses.id))
      : [],
    wants('course')
      ? db
          .select({
            ownerId: courseTranslations.courseId,
            locale: courseTranslations.locale,
            title: courseTranslations.title,
            status: courseTranslations.status,
            revision: courseTranslations.revision,
            sourceRevision: courseTranslations.sourceRevision,
          })
          .from(courseTranslations)
      : [],
    wants('quiz')
      ? db
          .select({ id: quizzes.id, key: quizzes.key, sourceLocale: quizzes.sourceLocale })
          .from(quizzes)
          .orderBy(asc(quizzes.key))
      : [],
    wants('quiz')
      ? db
          .select({
            ownerId: quizTranslations.quizId,
            locale: quizTranslations.locale,
            title: quizTranslations.title,
            status: quizTranslations.status,
            revision: quizTranslations.revision,
            sourceRevision: quizTranslations.sourceRevision,
          })
          .from(quizTranslations)
      : [],
  ])
  return {
    videos: wants('video') ? matrixRows(videoRows, videoTexts, locale, filters) : null,
    courses: wants('course') ? matrixRows(courseRows, courseTexts, locale, filters) : null,
    quizzes: wants('quiz') ? matrixRows(quizRows, quizTexts, locale, filters) : null,
  }
}

/** The questions of a quiz in order, each with its options in order. */
function readQuizStructure(tx: Tx, quizId: number) {
  const questions = tx
    .select()
    .from(quizQuestions)
    .where(eq(quizQuestions.quizId, quizId))
    .orderBy(asc(quizQuestions.position), asc(quizQuestions.id))
    .all()
  const options = questions.length
    ? tx
        .select({
          id: quizOptions.id,
          questionId: quizOptions.questionId,
          key: quizOptions.key,
          position: quizOptions.position,
          correct: quizOptions.correct,
        })
        .from(quizOptions)
        .innerJoin(quizQuestions, eq(quizQuestions.id, quizOptions.questionId))
        .where(eq(quizQuestions.quizId, quizId))
        .orderBy(asc(quizOptions.position), asc(quizOptions.id))
        .all()
    : []
  return questions.map((q) => ({
    id: q.id,
    key: q.key,
    kind: q.kind,
    options: options
      .filter((o) => o.questionId === q.id)
      .map((o) => ({ id: o.id, key: o.key, correct: o.correct })),
  }))
}

export type QuizStructure = ReturnType<typeof readQuizStructure>

/** Whether a quiz text has a title, a prompt for every question and a text for every option. */
function quizTextComplete(text: QuizText, structure: QuizStructure) {
  return structure.every(
    (q) => !!text.questions[q.key]?.prompt && q.options.every((o) => !!text.questions[q.key]?.options[o.key]),
  )
}

/** One translation beside its source, with the state and revisions its form needs. Null when unknown. */
export async function getAcademyTranslation<K extends AcademyKind>({
  kind,
  id,
  locale,
}: {
  kind: K
  id: number
  locale: Locale
}) {
  const store = stores[kind] as Store<K>
  const owner = store.owner(db, id)
  if (!owner) return null
  const texts = store.read(db, id)
  const source = texts.find((t) => t.locale === owner.sourceLocale) ?? null
  const translation = texts.find((t) => t.locale === locale) ?? null
  const isSource = locale === owner.sourceLocale
  const sourceRevision = source?.revision ?? 1
  const structure =
    kind === 'quiz'
      ? readQuizStructure(db, id).map((q) => ({
          key: q.key,
          kind: q.kind,
          options: q.options.map((o) => ({ key: o.key })),
        }))
      : []
  return {
    owner,
    isSource,
    sourceRevision,
    state: translationState(translation ?? undefined, sourceRevision, isSource),
    states: statesOf(texts, owner.sourceLocale),
    source,
    translation,
    structure,
    heading: titleIn(
      texts.map((t) => ({ locale: t.locale, title: t.text.title })),
      locale,
      owner,
    ),
  }
}

export type SaveTextResult =
  | { outcome: 'not-found' }
  | { outcome: 'conflict'; revision: number }
  | { outcome: 'quiz-invalid'; problems: QuizProblem[] }
  | { outcome: 'quiz-incomplete' }
  | { outcome: 'saved' | 'unchanged'; revision: number }

/**
 * Saves one translation's text, and its status when given (null keeps it; a new text is a
 * draft). A form opened at another revision is a conflict unless it stores exactly what is
 * there. A quiz is published only with a sound structure and every text filled in.
 */
export function saveAcademyText<K extends AcademyKind>({
  kind,
  id,
  locale,
  text,
  status,
  expectedRevision,
  translatedFrom,
  userId,
}: {
  kind: K
  id: number
  locale: Locale
  text: TextOf<K>
  status: 'draft' | 'published' | null
  expectedRevision: number
  translatedFrom: number
  userId: number
}): SaveTextResult {
  const store = stores[kind] as Store<K>
  return db.transaction((tx): SaveTextResult => {
    const owner = store.owner(tx, id)
    if (!owner) return { outcome: 'not-found' }
    const texts = store.read(tx, id)
    const current = texts.find((t) => t.locale === locale)
    const textChanged = !current || !sameText(current.text, text)
    if ((current?.revision ?? 0) !== expectedRevision && textChanged)
      return { outcome: 'conflict', revision: current?.revision ?? 0 }
    const nextStatus = status ?? current?.status ?? 'draft'
    if (kind === 'quiz' && nextStatus === 'published') {
      const structure = readQuizStructure(tx, id)
      const problems = quizStructureProblems(structure)
      if (problems.length > 0) return { outcome: 'quiz-invalid', problems }
      if (!quizTextComplete(text as QuizText, structure)) return { outcome: 'quiz-incomplete' }
    }
    const isSource = locale === owner.sourceLocale
    const sourceNow = texts.find((t) => t.locale === owner.sourceLocale)?.revision ?? 1
    const revision = !current ? 1 : textChanged ? current.revision + 1 : current.revision
    // A translator who worked from an older source than today's leaves the text stale, honestly.
    const sourceRevision = isSource ? revision : Math.max(1, Math.min(translatedFrom || sourceNow, sourceNow))
    const publishedAt =
      nextStatus === 'published'
        ? current?.status === 'published'
          ? (current.publishedAt ?? now())
          : now()
        : null
    if (!current) {
      store.insert(tx, id, {
        locale,
        text,
        status: nextStatus,
        revision,
        sourceRevision,
        publishedAt,
        updatedById: userId,
      })
      return { outcome: 'saved', revision }
    }
    if (!textChanged && current.status === nextStatus) return { outcome: 'unchanged', revision }
    store.update(tx, id, locale, {
      ...(textChanged ? { text, revision, sourceRevision } : {}),
      status: nextStatus,
      publishedAt,
      updatedById: userId,
    })
    return { outcome: 'saved', revision }
  }, immediate)
}

/**
 * Takes a published text off the site, changing nothing else: edits pending in the editor's
 * text form are never saved with it.
 */
export function unpublishAcademyText({
  kind,
  id,
  locale,
  expectedRevision,
  userId,
}: {
  kind: AcademyKind
  id: number
  locale: Locale
  expectedRevision?: number
  userId: number
}) {
  const store = stores[kind] as Store<AcademyKind>
  return db.transaction((tx) => {
    if (!store.owner(tx, id)) return 'not-found' as const
    const current = store.read(tx, id).find((t) => t.locale === locale)
    if (!current) return 'not-found' as const
    if (expectedRevision !== undefined && current.revision !== expectedRevision) return 'conflict' as const
    if (current.status !== 'published') return 'unchanged' as const
    store.update(tx, id, locale, { status: 'draft', publishedAt: null, updatedById: userId })
    return 'updated' as const
  }, immediate)
}

/**
 * Records that a translation already says what the source says, without changing its text. The
 * form carries both revisions the editor compared: if either moved on since, it is a conflict.
 */
export function markAcademyTextUpToDate({
  kind,
  id,
  locale,
  expectedRevision,
  sourceRevision,
}: {
  kind: AcademyKind
  id: number
  locale: Locale
  expectedRevision: number
  sourceRevision: number
}) {
  const store = stores[kind] as Store<AcademyKind>
  return db.transaction((tx) => {
    const owner = store.owner(tx, id)
    if (!owner) return 'not-found' as const
    if (locale === owner.sourceLocale) return 'is-source' as const
    const texts = store.read(tx, id)
    const current = texts.find((t) => t.locale === locale)
    if (!current) return 'not-found' as const
    const sourceNow = texts.find((t) => t.locale === owner.sourceLocale)?.revision ?? 1
    if (current.revision !== expectedRevision || sourceNow !== sourceRevision) return 'conflict' as const
    store.update(tx, id, locale, { sourceRevision })
    return 'updated' as const
  }, immediate)
}

const keyTaken = (tx: Tx, kind: AcademyKind, key: string) => {
  const table = kind === 'video' ? videos : kind === 'course' ? courses : quizzes
  return !!tx.select({ id: table.id }).from(table).where(eq(table.key, key)).get()
}

const nextPosition = (tx: Tx, table: typeof videos | typeof courses) =>
  (tx
    .select({ position: max(table.position) })
    .from(table)
    .get()?.position ?? 0) + 10

/** A new embedded video with its source title as a draft; file videos come from `npm run academy:import`. */
export function createEmbedVideo({
  key,
  title,
  sourceLocale,
  embed,
  durationSeconds,
  userId,
}: {
  key: string
  title: string
  sourceLocale: Locale
  embed: { provider: 'youtube' | 'vimeo'; providerId: string }
  durationSeconds: number
  userId: number
}) {
  return db.transaction((tx) => {
    if (keyTaken(tx, 'video', key)) return { outcome: 'key-taken' as const }
    const video = tx
      .insert(videos)
      .values({
        key,
        source: 'embed',
        provider: embed.provider,
        providerId: embed.providerId,
        durationSeconds,
        sourceLocale,
        position: nextPosition(tx, videos),
      })
      .returning({ id: videos.id })
      .get()
    videoStore.insert(tx, video.id, {
      locale: sourceLocale,
      text: { title, description: '', captions: '' },
      status: 'draft',
      revision: 1,
      sourceRevision: 1,
      publishedAt: null,
      updatedById: userId,
    })
    return { outcome: 'created' as const, id: video.id }
  }, immediate)
}

/** A new course with its source title as a draft and no lessons yet. */
export function createCourse({
  key,
  title,
  sourceLocale,
  validityMonths,
  userId,
}: {
  key: string
  title: string
  sourceLocale: Locale
  validityMonths: number | null
  userId: number
}) {
  return db.transaction((tx) => {
    if (keyTaken(tx, 'course', key)) return { outcome: 'key-taken' as const }
    const course = tx
      .insert(courses)
      .values({
        key,
        sourceLocale,
        certificateValidityMonths: validityMonths,
        position: nextPosition(tx, courses),
      })
      .returning({ id: courses.id })
      .get()
    courseStore.insert(tx, course.id, {
      locale: sourceLocale,
      text: { title, summary: '' },
      status: 'draft',
      revision: 1,
      sourceRevision: 1,
      publishedAt: null,
      updatedById: userId,
    })
    return { outcome: 'created' as const, id: course.id }
  }, immediate)
}

export type QuizRules = { passMark: number; maxAttempts: number; cooldownMinutes: number }

/** A new quiz with its source title as a draft and no questions yet. */
export function createQuiz({
  key,
  title,
  sourceLocale,
  rules,
  userId,
}: {
  key: string
  title: string
  sourceLocale: Locale
  rules: QuizRules
  userId: number
}) {
  return db.transaction((tx) => {
    if (keyTaken(tx, 'quiz', key)) return { outcome: 'key-taken' as const }
    const quiz = tx
      .insert(quizzes)
      .values({ key, sourceLocale, ...rules })
      .returning({ id: quizzes.id })
      .get()
    quizStore.insert(tx, quiz.id, {
      locale: sourceLocale,
      text: { title, questions: {} },
      status: 'draft',
      revision: 1,
      sourceRevision: 1,
      publishedAt: null,
      updatedById: userId,
    })
    return { outcome: 'created' as const, id: quiz.id }
  }, immediate)
}

/** A video's language-neutral settings and the state of its texts. Null when unknown. */
export async function getVideoForEditing({ videoId, locale }: { videoId: number; locale: Locale }) {
  const video = await db.select().from(videos).where(eq(videos.id, videoId)).get()
  if (!video) return null
  const texts = videoStore.read(db, videoId)
  return {
    video: {
      id: video.id,
      key: video.key,
      source: video.source,
      file: video.file,
      provider: video.provider,
      providerId: video.providerId,
      durationSeconds: video.durationSeconds,
      position: video.position,
      sourceLocale: video.sourceLocale,
    },
    ...titleIn(
      texts.map((t) => ({ locale: t.locale, title: t.text.title })),
      locale,
      video,
    ),
    states: statesOf(texts, video.sourceLocale),
  }
}

/** Position, duration and, for an embedded video, its provider and id. Last write wins. */
export function updateVideoSettings({
  videoId,
  position,
  durationSeconds,
  embed,
}: {
  videoId: number
  position: number
  durationSeconds: number
  embed: { provider: 'youtube' | 'vimeo'; providerId: string } | null
}) {
  return db.transaction((tx) => {
    const video = tx.select().from(videos).where(eq(videos.id, videoId)).get()
    if (!video) return 'not-found' as const
    const values = { position, durationSeconds, ...(embed && video.source === 'embed' ? embed : {}) }
    const changed = (Object.keys(values) as (keyof typeof values)[]).some((k) => video[k] !== values[k])
    if (!changed) return 'unchanged' as const
    tx.update(videos).set(values).where(eq(videos.id, videoId)).run()
    return 'updated' as const
  }, immediate)
}

/** Titles of things a lesson can show, in the editor's language where there is one. */
async function lessonChoices(locale: Locale) {
  const [videoRows, videoTexts, articleRows, articleTexts, quizRows, quizTexts] = await Promise.all([
    db
      .select({ id: videos.id, key: videos.key, sourceLocale: videos.sourceLocale })
      .from(videos)
      .orderBy(asc(videos.position), asc(videos.id)),
    db
      .select({
        ownerId: videoTranslations.videoId,
        locale: videoTranslations.locale,
        title: videoTranslations.title,
      })
      .from(videoTranslations),
    db
      .select({ id: articles.id, key: articles.key, sourceLocale: articles.sourceLocale })
      .from(articles)
      .where(ne(articles.visibility, 'internal'))
      .orderBy(asc(articles.key)),
    db
      .select({
        ownerId: articleTranslations.articleId,
        locale: articleTranslations.locale,
        title: articleTranslations.title,
      })
      .from(articleTranslations),
    db
      .select({ id: quizzes.id, key: quizzes.key, sourceLocale: quizzes.sourceLocale })
      .from(quizzes)
      .orderBy(asc(quizzes.key)),
    db
      .select({
        ownerId: quizTranslations.quizId,
        locale: quizTranslations.locale,
        title: quizTranslations.title,
      })
      .from(quizTranslations),
  ])
  const titled = (owners: Owner[], texts: { ownerId: number; locale: Locale; title: string }[]) =>
    owners.map((o) => ({
      id: o.id,
      key: o.key,
      ...titleIn(
        texts.filter((t) => t.ownerId === o.id),
        locale,
        o,
      ),
    }))
  return {
    video: titled(videoRows, videoTexts),
    article: titled(articleRows, articleTexts),
    quiz: titled(quizRows, quizTexts),
  }
}

/** A course's settings, its lessons in order with what each shows, and what a new lesson may show. Null when unknown. */
export async function getCourseForEditing({ courseId, locale }: { courseId: number; locale: Locale }) {
  const course = await db.select().from(courses).where(eq(courses.id, courseId)).get()
  if (!course) return null
  const [lessons, choices] = await Promise.all([
    db
      .select()
      .from(courseLessons)
      .where(eq(courseLessons.courseId, courseId))
      .orderBy(asc(courseLessons.position), asc(courseLessons.id)),
    lessonChoices(locale),
  ])
  const texts = courseStore.read(db, courseId)
  const refOf = (lesson: (typeof lessons)[number]) =>
    lesson.kind === 'video' ? lesson.videoId : lesson.kind === 'article' ? lesson.articleId : lesson.quizId
  return {
    course: {
      id: course.id,
      key: course.key,
      position: course.position,
      validityMonths: course.certificateValidityMonths,
      sourceLocale: course.sourceLocale,
    },
    ...titleIn(
      texts.map((t) => ({ locale: t.locale, title: t.text.title })),
      locale,
      course,
    ),
    states: statesOf(texts, course.sourceLocale),
    lessons: lessons.map((lesson) => {
      const ref = choices[lesson.kind].find((c) => c.id === refOf(lesson))
      return {
        id: lesson.id,
        position: lesson.position,
        kind: lesson.kind,
        title: ref?.title ?? '',
        titleLocale: ref?.titleLocale ?? locale,
        key: ref?.key ?? '',
      }
    }),
    choices,
  }
}

export function updateCourseSettings({
  courseId,
  position,
  validityMonths,
}: {
  courseId: number
  position: number
  validityMonths: number | null
}) {
  return db.transaction((tx) => {
    const course = tx.select().from(courses).where(eq(courses.id, courseId)).get()
    if (!course) return 'not-found' as const
    if (course.position === position && course.certificateValidityMonths === validityMonths)
      return 'unchanged' as const
    tx.update(courses)
      .set({ position, certificateValidityMonths: validityMonths })
      .where(eq(courses.id, courseId))
      .run()
    return 'updated' as const
  }, immediate)
}

function courseLessonRows(tx: Tx, courseId: number) {
  return tx
    .select({ id: courseLessons.id, position: courseLessons.position })
    .from(courseLessons)
    .where(eq(courseLessons.courseId, courseId))
    .orderBy(asc(courseLessons.position), asc(courseLessons.id))
    .all()
}

/** Numbers the lessons 1..n in the given order. */
function renumber(tx: Tx, ordered: { id: number; position: number }[]) {
  ordered.forEach((lesson, index) => {
    if (lesson.position !== index + 1)
      tx.update(courseLessons)
        .set({ position: index + 1 })
        .where(eq(courseLessons.id, lesson.id))
        .run()
  })
}

/** A new last lesson showing an existing video, article or quiz. */
export function addLesson({ courseId, kind, refId }: { courseId: number; kind: LessonKind; refId: number }) {
  return db.transaction((tx) => {
    if (!courseStore.owner(tx, courseId)) return 'not-found' as const
    const table = kind === 'video' ? videos : kind === 'article' ? articles : quizzes
    if (!tx.select({ id: table.id }).from(table).where(eq(table.id, refId)).get())
      return 'unknown-ref' as const
    // Lesson titles show to every reader of the course: an internal article is never a lesson.
    if (
      kind === 'article' &&
      tx
        .select({ id: articles.id })
        .from(articles)
        .where(and(eq(articles.id, refId), eq(articles.visibility, 'internal')))
        .get()
    )
      return 'unknown-ref' as const
    const lessons = courseLessonRows(tx, courseId)
    renumber(tx, lessons)
    tx.insert(courseLessons)
      .values({
        courseId,
        kind,
        position: lessons.length + 1,
        videoId: kind === 'video' ? refId : null,
        articleId: kind === 'article' ? refId : null,
        quizId: kind === 'quiz' ? refId : null,
      })
      .run()
    return 'added' as const
  }, immediate)
}

/** Swaps a lesson with its neighbour; positions stay 1..n. */
export function moveLesson({
  courseId,
  lessonId,
  direction,
}: {
  courseId: number
  lessonId: number
  direction: 'up' | 'down'
}) {
  return db.transaction((tx) => {
    const lessons = courseLessonRows(tx, courseId)
    const index = lessons.findIndex((l) => l.id === lessonId)
    if (index === -1) return 'not-found' as const
    const target = direction === 'up' ? index - 1 : index + 1
    if (target < 0 || target >= lessons.length) return 'unchanged' as const
    const order = [...lessons]
    ;[order[index], order[target]] = [order[target]!, order[index]!]
    renumber(tx, order)
    return 'moved' as const
  }, immediate)
}

/** Removes a lesson (and its learners' progress on it); the others close ranks. */
export function removeLesson({ courseId, lessonId }: { courseId: number; lessonId: number }) {
  return db.transaction((tx) => {
    const removed = tx
      .delete(courseLessons)
      .where(and(eq(courseLessons.courseId, courseId), eq(courseLessons.id, lessonId)))
      .returning({ id: courseLessons.id })
      .all()
    if (removed.length === 0) return 'not-found' as const
    renumber(tx, courseLessonRows(tx, courseId))
    return 'removed' as const
  }, immediate)
}

/** A quiz's rules, its questions and options (with which are right: staff only), the source texts for labels and the problems that block publishing. */
export async function getQuizForEditing({ quizId, locale }: { quizId: number; locale: Locale }) {
  const quiz = await db.select().from(quizzes).where(eq(quizzes.id, quizId)).get()
  if (!quiz) return null
  const structure = readQuizStructure(db, quizId)
  const texts = quizStore.read(db, quizId)
  const labels =
    (texts.find((t) => t.locale === locale) ?? texts.find((t) => t.locale === quiz.sourceLocale))?.text
      .questions ?? {}
  return {
    quiz: {
      id: quiz.id,
      key: quiz.key,
      passMark: quiz.passMark,
      maxAttempts: quiz.maxAttempts,
      cooldownMinutes: quiz.cooldownMinutes,
      sourceLocale: quiz.sourceLocale,
    },
    ...titleIn(
      texts.map((t) => ({ locale: t.locale, title: t.text.title })),
      locale,
      quiz,
    ),
    states: statesOf(texts, quiz.sourceLocale),
    questions: structure.map((q) => ({
      key: q.key,
      kind: q.kind,
      prompt: labels[q.key]?.prompt ?? '',
      options: q.options.map((o) => ({
        key: o.key,
        correct: o.correct,
        text: labels[q.key]?.options[o.key] ?? '',
      })),
    })),
    problems: quizStructureProblems(structure),
  }
}

export function updateQuizSettings({ quizId, rules }: { quizId: number; rules: QuizRules }) {
  return db.transaction((tx) => {
    const quiz = tx.select().from(quizzes).where(eq(quizzes.id, quizId)).get()
    if (!quiz) return 'not-found' as const
    if (
      quiz.passMark === rules.passMark &&
      quiz.maxAttempts === rules.maxAttempts &&
      quiz.cooldownMinutes === rules.cooldownMinutes
    )
      return 'unchanged' as const
    tx.update(quizzes).set(rules).where(eq(quizzes.id, quizId)).run()
    return 'updated' as const
  }, immediate)
}

/** The first `prefix<n>` that is not taken: keys are made for editors, who only see numbers and texts. */
const freeKey = (taken: string[], prefix: string) => {
  for (let n = taken.length + 1; ; n++) if (!taken.includes(`${prefix}${n}`)) return `${prefix}${n}`
}

function findQuestion(tx: Tx, quizId: number, questionKey: string) {
  return tx
    .select()
    .from(quizQuestions)
    .where(and(eq(quizQuestions.quizId, quizId), eq(quizQuestions.key, questionKey)))
    .get()
}

/** A new last question of the given kind, with no options yet. */
export function addQuestion({ quizId, kind }: { quizId: number; kind: QuestionKind }) {
  return db.transaction((tx) => {
    if (!quizStore.owner(tx, quizId)) return { outcome: 'not-found' as const }
    const questions = readQuizStructure(tx, quizId)
    const key = freeKey(
      questions.map((q) => q.key),
      'q',
    )
    tx.insert(quizQuestions)
      .values({ quizId, key, kind, position: questions.length + 1 })
      .run()
    return { outcome: 'added' as const, key }
  }, immediate)
}

/** Removes a question with its options; its texts stay in the stored JSON until the next save of each language. */
export function removeQuestion({ quizId, questionKey }: { quizId: number; questionKey: string }) {
  return db.transaction((tx) => {
    const removed = tx
      .delete(quizQuestions)
      .where(and(eq(quizQuestions.quizId, quizId), eq(quizQuestions.key, questionKey)))
      .returning({ id: quizQuestions.id })
      .all()
    return removed.length > 0 ? ('removed' as const) : ('not-found' as const)
  }, immediate)
}

/** A question's kind and its right options; an unknown option key is refused. */
export function updateQuestion({
  quizId,
  questionKey,
  kind,
  correct,
}: {
  quizId: number
  questionKey: string
  kind: QuestionKind
  correct: string[]
}) {
  return db.transaction((tx) => {
    const question = findQuestion(tx, quizId, questionKey)
    if (!question) return 'not-found' as const
    const options = tx.select().from(quizOptions).where(eq(quizOptions.questionId, question.id)).all()
    if (correct.some((key) => !options.some((o) => o.key === key))) return 'not-found' as const
    let changed = question.kind !== kind
    if (changed) tx.update(quizQuestions).set({ kind }).where(eq(quizQuestions.id, question.id)).run()
    for (const option of options) {
      const isCorrect = correct.includes(option.key)
      if (option.correct !== isCorrect) {
        tx.update(quizOptions).set({ correct: isCorrect }).where(eq(quizOptions.id, option.id)).run()
        changed = true
      }
    }
    return changed ? ('updated' as const) : ('unchanged' as const)
  }, immediate)
}

export function addOption({ quizId, questionKey }: { quizId: number; questionKey: string }) {
  return db.transaction((tx) => {
    const question = findQuestion(tx, quizId, questionKey)
    if (!question) return 'not-found' as const
    const options = tx
      .select({ key: quizOptions.key })
      .from(quizOptions)
      .where(eq(quizOptions.questionId, question.id))
      .all()
    tx.insert(quizOptions)
      .values({
        questionId: question.id,
        key: freeKey(
          options.map((o) => o.key),
          'o',
        ),
        position: options.length + 1,
        correct: false,
      })
      .run()
    return 'added' as const
  }, immediate)
}

export function removeOption({
  quizId,
  questionKey,
  optionKey,
}: {
  quizId: number
  questionKey: string
  optionKey: string
}) {
  return db.transaction((tx) => {
    const question = findQuestion(tx, quizId, questionKey)
    if (!question) return 'not-found' as const
    const removed = tx
      .delete(quizOptions)
      .where(and(eq(quizOptions.questionId, question.id), eq(quizOptions.key, optionKey)))
      .returning({ id: quizOptions.id })
      .all()
    return removed.length > 0 ? ('removed' as const) : ('not-found' as const)
  }, immediate)
}
