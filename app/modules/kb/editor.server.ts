import { diffLines } from 'diff'
import { and, asc, desc, eq, lte, max, ne, sql } from 'drizzle-orm'
import type { ArticleVisibility, TranslationStatus } from '#db/schema/kb'
import { db, schema } from '~/db.server'
import { publicPagesChanged } from '~/modules/http/page-cache.server'
import { locales, type Locale } from '~/modules/i18n/locales'
import { scheduleSearchRebuild } from '~/modules/search/search.server'
import type { MatrixFilters, TranslationState } from './editor.schema'
import {
  saveTranslation,
  sourceRevisionOf,
  upsertArticle,
  type SaveOutcome,
  type TranslationText,
  type Tx,
} from './kb-writes.server'

/**
 * The editors' side of the knowledge base: the translation matrix, one translation beside its
 * source, and every command that changes content. Writes run in immediate transactions with
 * synchronous statements (better-sqlite3), and ask for a search rebuild when what readers
 * can find changes.
 */
const {
  articles,
  articleTranslations,
  articleRevisions,
  categories,
  categoryTranslations,
  searchLog,
  users,
} = schema

const immediate = { behavior: 'immediate' } as const

/** A translation's state for editors: stale wins over its status, since it needs work. */

/** What readers see changed: search is rebuilt, and no cached page shows the old text. */
function publishedContentChanged() {
  scheduleSearchRebuild()
  publicPagesChanged()
}

export function translationState(
  translation: { status: TranslationStatus; sourceRevision: number } | undefined,
  sourceRevision: number,
  isSource: boolean,
): TranslationState {
  if (!translation) return 'missing'
  if (!isSource && translation.sourceRevision < sourceRevision) return 'stale'
  return translation.status === 'published' ? 'published' : 'draft'
}

/** Category keys and titles in the editor's language (the key when a title is missing). */
export async function listCategoryOptions({ locale }: { locale: Locale }) {
  const rows = await db
    .select({ key: categories.key, locale: categoryTranslations.locale, title: categoryTranslations.title })
    .from(categories)
    .leftJoin(categoryTranslations, eq(categoryTranslations.categoryId, categories.id))
    .orderBy(asc(categories.position), asc(categories.id))
  const byKey = new Map<string, { title: string; rank: number }>()
  for (const row of rows) {
    const rank = row.locale === locale ? 0 : row.locale === 'en' ? 1 : 2
    const known = byKey.get(row.key)
    if (!known || rank < known.rank) byKey.set(row.key, { title: row.title ?? row.key, rank })
  }
  return [...byKey].map(([key, { title }]) => ({ key, title }))
}

/** Every article against every locale, filtered by category, and by state in one or any locale. */
export async function listTranslationMatrix({ locale, filters }: { locale: Locale; filters: MatrixFilters }) {
  const [rows, translations, categoryOptions] = await Promise.all([
    db
      .select({
        id: articles.id,
        key: articles.key,
        sourceLocale: articles.sourceLocale,
        visibility: articles.visibility,
        categoryKey: categories.key,
      })
      .from(articles)
      .innerJoin(categories, eq(categories.id, articles.categoryId))
      .orderBy(asc(categories.position), asc(articles.position), asc(articles.id)),
    db
      .select({
        articleId: articleTranslations.articleId,
        locale: articleTranslations.locale,
        title: articleTranslations.title,
        status: articleTranslations.status,
        revision: articleTranslations.revision,
        sourceRevision: articleTranslations.sourceRevision,
      })
      .from(articleTranslations),
    listCategoryOptions({ locale }),
  ])
  const categoryTitles = new Map(categoryOptions.map((c) => [c.key, c.title]))
  const byArticle = new Map<number, Map<Locale, (typeof translations)[number]>>()
  for (const t of translations) {
    if (!byArticle.has(t.articleId)) byArticle.set(t.articleId, new Map())
    byArticle.get(t.articleId)!.set(t.locale, t)
  }
  const matrix = rows.map((article) => {
    const own = byArticle.get(article.id) ?? new Map()
    const source = own.get(article.sourceLocale)
    const sourceRevision = source?.revision ?? 1
    const cells = Object.fromEntries(
      locales.map((l) => [l, translationState(own.get(l), sourceRevision, l === article.sourceLocale)]),
    ) as Record<Locale, TranslationState>
    return {
      id: article.id,
      key: article.key,
      sourceLocale: article.sourceLocale,
      visibility: article.visibility,
      categoryKey: article.categoryKey,
      categoryTitle: categoryTitles.get(article.categoryKey) ?? article.categoryKey,
      title: source?.title ?? article.key,
      cells,
    }
  })
  const filtered = matrix.filter(
    (row) =>
      (!filters.category || row.categoryKey === filters.category) &&
      (!filters.state ||
        (filters.locale
          ? row.cells[filters.locale] === filters.state
          : locales.some((l) => row.cells[l] === filters.state))),
  )
  return { rows: filtered, total: matrix.length, categories: categoryOptions }
}

export type DiffLine = { kind: 'added' | 'removed' | 'same'; text: string }

/** Line diff of two texts, as plain lines the page renders as text. */
export function lineDiff(before: string, after: string): DiffLine[] {
  const lines: DiffLine[] = []
  for (const part of diffLines(before, after)) {
    const kind = part.added ? 'added' : part.removed ? 'removed' : 'same'
    const partLines = part.value.replace(/\n$/, '').split('\n')
    for (const text of partLines) lines.push({ kind, text })
  }
  return lines
}

/** What an editor compares: the title, summary and body as one text. */
const comparable = (t: { title: string; summary: string; body: string }) =>
  `# ${t.title}\n\n${t.summary ? `${t.summary}\n\n` : ''}${t.body}`

async function findArticle(articleId: number) {
  return (
    (await db
      .select({
        id: articles.id,
        key: articles.key,
        sourceLocale: articles.sourceLocale,
        visibility: articles.visibility,
        position: articles.position,
        categoryKey: categories.key,
      })
      .from(articles)
      .innerJoin(categories, eq(categories.id, articles.categoryId))
      .where(eq(articles.id, articleId))
      .get()) ?? null
  )
}

async function findTranslation(articleId: number, locale: Locale) {
  return (
    (await db
      .select()
      .from(articleTranslations)
      .where(and(eq(articleTranslations.articleId, articleId), eq(articleTranslations.locale, locale)))
      .get()) ?? null
  )
}

/**
 * One translation beside its source, its history and, when stale, what changed in the source
 * since the revision it was translated from. Null when the article does not exist.
 */
export async function getTranslationForEditor({ articleId, locale }: { articleId: number; locale: Locale }) {
  const article = await findArticle(articleId)
  if (!article) return null
  const [translation, source] = await Promise.all([
    findTranslation(articleId, locale),
    findTranslation(articleId, article.sourceLocale),
  ])
  const isSource = locale === article.sourceLocale
  const sourceRevision = source?.revision ?? 1
  const state = translationState(translation ?? undefined, sourceRevision, isSource)

  const revisions = translation
    ? await db
        .select({
          revision: articleRevisions.revision,
          createdAt: articleRevisions.createdAt,
          author: users.name,
        })
        .from(articleRevisions)
        .leftJoin(users, eq(users.id, articleRevisions.createdById))
        .where(eq(articleRevisions.translationId, translation.id))
        .orderBy(desc(articleRevisions.revision))
        .limit(100)
    : []

  let sourceChanges: DiffLine[] | null = null
  if (state === 'stale' && translation && source) {
    const translatedFrom = await db
      .select({
        title: articleRevisions.title,
        summary: articleRevisions.summary,
        body: articleRevisions.body,
      })
      .from(articleRevisions)
      .where(
        and(
          eq(articleRevisions.translationId, source.id),
          eq(articleRevisions.revision, translation.sourceRevision),
        ),
      )
      .get()
    if (translatedFrom) sourceChanges = lineDiff(comparable(translatedFrom), comparable(source))
  }

  return {
    article,
    isSource,
    state,
    sourceRevision,
    source: source && {
      title: source.title,
      summary: source.summary,
      body: source.body,
      tags: source.tags,
      slug: source.slug,
      revision: source.revision,
      locale: source.locale,
    },
    translation: translation && {
      slug: translation.slug,
      title: translation.title,
      summary: translation.summary,
      body: translation.body,
      tags: translation.tags,
      status: translation.status,
      revision: translation.revision,
      sourceRevision: translation.sourceRevision,
      updatedAt: translation.updatedAt,
      publishedAt: translation.publishedAt,
    },
    revisions,
    sourceChanges,
  }
}

export type EditorSaveResult = { outcome: SaveOutcome | 'not-found'; revision: number }

/** Whether a change of status or text alters what search shows. */
const searchChanged = (
  before: TranslationStatus | undefined,
  after: TranslationStatus,
  outcome: SaveOutcome,
) =>
  outcome !== 'unchanged' &&
  outcome !== 'conflict' &&
  outcome !== 'slug-taken' &&
  (before === 'published' || after === 'published')

/**
 * Saves the text of one translation with the given status (null keeps the current one; a new
 * translation starts as a draft). Refuses a save made against an older revision.
 */
export function saveTranslationText({
  articleId,
  locale,
  text,
  status,
  expectedRevision,
  translatedFrom,
  minorEdit = false,
  userId,
}: {
  articleId: number
  locale: Locale
  text: TranslationText
  status: TranslationStatus | null
  expectedRevision?: number
  translatedFrom?: number
  minorEdit?: boolean
  userId: number
}): EditorSaveResult {
  let before: TranslationStatus | undefined
  let nextStatus: TranslationStatus = 'draft'
  const result = db.transaction((tx) => {
    const article = tx
      .select({ id: articles.id, sourceLocale: articles.sourceLocale })
      .from(articles)
      .where(eq(articles.id, articleId))
      .get()
    if (!article) return { outcome: 'not-found' as const, revision: 0 }
    const current = tx
      .select({ status: articleTranslations.status, revision: articleTranslations.revision })
      .from(articleTranslations)
      .where(and(eq(articleTranslations.articleId, articleId), eq(articleTranslations.locale, locale)))
      .get()
    // A form for a missing translation carries revision 0: someone else creating it first is a conflict too.
    if (!current && expectedRevision !== undefined && expectedRevision !== 0)
      return { outcome: 'conflict' as const, revision: 0 }
    if (current && expectedRevision === 0) return { outcome: 'conflict' as const, revision: current.revision }
    before = current?.status
    nextStatus = status ?? current?.status ?? 'draft'
    const saved = saveTranslation(tx, {
      ...text,
      articleId,
      locale,
      status: nextStatus,
      translatedFrom: translatedFrom ?? sourceRevisionOf(tx, articleId),
      userId,
      expectedRevision: current && expectedRevision !== undefined ? expectedRevision : undefined,
    })
    // A minor edit of the source (a typo) moves the translations that were current along with
    // it, so readers see no outdated notice for a change that does not concern them.
    const previousSourceRevision = current?.revision
    if (minorEdit && saved.outcome === 'updated' && previousSourceRevision !== undefined) {
      if (article.sourceLocale === locale && saved.revision > previousSourceRevision) {
        tx.update(articleTranslations)
          .set({ sourceRevision: saved.revision })
          .where(
            and(
              eq(articleTranslations.articleId, articleId),
              ne(articleTranslations.locale, locale),
              eq(articleTranslations.sourceRevision, previousSourceRevision),
            ),
          )
          .run()
      }
    }
    return { outcome: saved.outcome, revision: saved.revision }
  }, immediate)
  if (result.outcome !== 'not-found' && searchChanged(before, nextStatus, result.outcome))
    publishedContentChanged()
  return result
}

/**
 * Takes a published translation off the site, changing nothing else: edits pending in the
 * editor's text form are never saved with it.
 */
export function unpublishTranslation({
  articleId,
  locale,
  expectedRevision,
}: {
  articleId: number
  locale: Locale
  expectedRevision?: number
}) {
  const outcome = db.transaction((tx) => {
    const current = tx
      .select({
        id: articleTranslations.id,
        revision: articleTranslations.revision,
        status: articleTranslations.status,
      })
      .from(articleTranslations)
      .where(and(eq(articleTranslations.articleId, articleId), eq(articleTranslations.locale, locale)))
      .get()
    if (!current) return 'not-found' as const
    if (expectedRevision !== undefined && current.revision !== expectedRevision) return 'conflict' as const
    if (current.status !== 'published') return 'unchanged' as const
    tx.update(articleTranslations)
      .set({ status: 'draft', publishedAt: null })
      .where(eq(articleTranslations.id, current.id))
      .run()
    return 'updated' as const
  }, immediate)
  if (outcome === 'updated') publishedContentChanged()
  return outcome
}

/** Records that a translation matches the source's current revision, without touching its text. */
export function markTranslationUpToDate({
  articleId,
  locale,
  expectedRevision,
}: {
  articleId: number
  locale: Locale
  expectedRevision?: number
}) {
  return db.transaction((tx) => {
    const current = tx
      .select({ id: articleTranslations.id, revision: articleTranslations.revision })
      .from(articleTranslations)
      .where(and(eq(articleTranslations.articleId, articleId), eq(articleTranslations.locale, locale)))
      .get()
    if (!current) return 'not-found' as const
    if (expectedRevision !== undefined && current.revision !== expectedRevision) return 'conflict' as const
    tx.update(articleTranslations)
      .set({ sourceRevision: sourceRevisionOf(tx, articleId) })
      .where(eq(articleTranslations.id, current.id))
      .run()
    return 'updated' as const
  }, immediate)
}

/**
 * The source revision a translator had in front of them when they wrote a translation's
 * revision: the newest source revision saved at or before it (0 when none was, which reads
 * as out of date).
 */
function sourceRevisionAt(tx: Tx, { articleId, at }: { articleId: number; at: Date }) {
  const row = tx
    .select({ revision: max(articleRevisions.revision) })
    .from(articleRevisions)
    .innerJoin(articleTranslations, eq(articleTranslations.id, articleRevisions.translationId))
    .innerJoin(articles, eq(articles.id, articleTranslations.articleId))
    .where(
      and(
        eq(articleTranslations.articleId, articleId),
        sql`${articleTranslations.locale} = ${articles.sourceLocale}`,
        lte(articleRevisions.createdAt, at),
      ),
    )
    .get()
  return row?.revision ?? 0
}

/**
 * Saves an earlier revision's text as a new revision; the slug and status stay as they are.
 * A restored translation is as fresh as the text it brings back: it records the source
 * revision of that time, so restoring an old translation never marks it up to date.
 */
export function restoreTranslationRevision({
  articleId,
  locale,
  revision,
  expectedRevision,
  userId,
}: {
  articleId: number
  locale: Locale
  revision: number
  expectedRevision?: number
  userId: number
}): EditorSaveResult {
  let published = false
  const result = db.transaction((tx) => {
    const current = tx
      .select()
      .from(articleTranslations)
      .where(and(eq(articleTranslations.articleId, articleId), eq(articleTranslations.locale, locale)))
      .get()
    if (!current) return { outcome: 'not-found' as const, revision: 0 }
    const old = tx
      .select()
      .from(articleRevisions)
      .where(and(eq(articleRevisions.translationId, current.id), eq(articleRevisions.revision, revision)))
      .get()
    if (!old) return { outcome: 'not-found' as const, revision: current.revision }
    published = current.status === 'published'
    const saved = saveTranslation(tx, {
      articleId,
      locale,
      slug: current.slug,
      title: old.title,
      summary: old.summary,
      body: old.body,
      tags: old.tags,
      status: current.status,
      translatedFrom: sourceRevisionAt(tx, { articleId, at: old.createdAt }),
      userId,
      expectedRevision: expectedRevision ?? current.revision,
    })
    return { outcome: saved.outcome, revision: saved.revision }
  }, immediate)
  if (published && result.outcome === 'updated') publishedContentChanged()
  return result
}

/** Category, visibility and position of an article; a visibility change is a change of search. */
export function updateArticleSettings({
  articleId,
  categoryKey,
  visibility,
  position,
}: {
  articleId: number
  categoryKey: string
  visibility: ArticleVisibility
  position: number
}): 'updated' | 'unchanged' | 'not-found' | 'unknown-category' {
  let visibilityChanged = false
  const result = db.transaction((tx) => {
    const article = tx.select().from(articles).where(eq(articles.id, articleId)).get()
    if (!article) return 'not-found' as const
    visibilityChanged = article.visibility !== visibility
    const saved = upsertArticle(tx, {
      key: article.key,
      sourceLocale: article.sourceLocale,
      categoryKey,
      visibility,
      position,
    })
    if (!saved) return 'unknown-category' as const
    return saved.changed ? ('updated' as const) : ('unchanged' as const)
  }, immediate)
  if (result === 'updated' && visibilityChanged) publishedContentChanged()
  return result
}

/**
 * A new article with its source text as a draft. Its key is its first slug, so the content
 * import and the editors agree on which article is which.
 */
export function createArticle({
  sourceLocale,
  categoryKey,
  visibility,
  text,
  userId,
}: {
  sourceLocale: Locale
  categoryKey: string
  visibility: ArticleVisibility
  text: TranslationText
  userId: number
}): { outcome: 'created'; articleId: number } | { outcome: 'slug-taken' | 'unknown-category' } {
  return db.transaction((tx) => {
    const keyTaken = tx.select({ id: articles.id }).from(articles).where(eq(articles.key, text.slug)).get()
    const slugTaken = tx
      .select({ id: articleTranslations.id })
      .from(articleTranslations)
      .where(and(eq(articleTranslations.locale, sourceLocale), eq(articleTranslations.slug, text.slug)))
      .get()
    if (keyTaken || slugTaken) return { outcome: 'slug-taken' as const }
    const category = tx
      .select({ id: categories.id })
      .from(categories)
      .where(eq(categories.key, categoryKey))
      .get()
    if (!category) return { outcome: 'unknown-category' as const }
    const last = tx
      .select({ position: max(articles.position) })
      .from(articles)
      .where(eq(articles.categoryId, category.id))
      .get()
    const created = upsertArticle(tx, {
      key: text.slug,
      sourceLocale,
      categoryKey,
      visibility,
      position: (last?.position ?? 0) + 10,
    })!
    saveTranslation(tx, { ...text, articleId: created.id, locale: sourceLocale, status: 'draft', userId })
    return { outcome: 'created' as const, articleId: created.id }
  }, immediate)
}

/** Searches that found nothing, per query and locale: the editors' list of missing content. */
export async function listSearchesWithoutResults({
  locale,
  limit = 200,
}: {
  locale?: Locale
  limit?: number
}) {
  const normalized = sql<string>`lower(trim(${searchLog.query}))`
  return db
    .select({
      query: sql<string>`min(${searchLog.query})`,
      locale: searchLog.locale,
      count: sql<number>`count(*)`,
      lastSearchedAt: sql<number>`max(${searchLog.createdAt})`,
    })
    .from(searchLog)
    .where(and(eq(searchLog.resultCount, 0), locale ? eq(searchLog.locale, locale) : undefined))
    .groupBy(searchLog.locale, normalized)
    .orderBy(desc(sql`count(*)`), desc(sql`max(${searchLog.createdAt})`))
    .limit(limit)
}
