import { and, eq, ne, sql } from 'drizzle-orm'
import * as schema from '#db/schema/index'
import type { ArticleVisibility, TranslationStatus } from '#db/schema/kb'
import type { Db } from '~/db-connection.server'
import { clock } from '~/modules/clock/clock'
import type { Locale } from '~/modules/i18n/locales'

/**
 * Writes to the knowledge base, shared by the content import and the editors' pages. Each
 * takes the caller's transaction (the import passes its own database, the server its own).
 */
const { articles, articleTranslations, articleRevisions, categories, categoryTranslations } = schema

export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0]

export type TranslationText = { slug: string; title: string; summary: string; body: string; tags: string[] }

export type SaveOutcome = 'created' | 'updated' | 'unchanged' | 'conflict' | 'slug-taken'

/**
 * Writes one translation's text. A changed text gets the next revision and a history row; the
 * source locale keeps sourceRevision equal to its revision, and a changed translation records
 * `translatedFrom`, the source revision its translator worked from (an unchanged one keeps
 * its old one, and so becomes stale when the source moves on). `expectedRevision` refuses to
 * overwrite a newer save (two editors on one translation). Runs inside the caller's
 * immediate transaction.
 */
export function saveTranslation(
  tx: Tx,
  input: TranslationText & {
    articleId: number
    locale: Locale
    status: TranslationStatus
    translatedFrom?: number
    userId?: number | null
    expectedRevision?: number
  },
): { outcome: SaveOutcome; translationId: number | null; revision: number } {
  const article = tx.select().from(articles).where(eq(articles.id, input.articleId)).get()!
  const current = tx
    .select()
    .from(articleTranslations)
    .where(
      and(eq(articleTranslations.articleId, input.articleId), eq(articleTranslations.locale, input.locale)),
    )
    .get()
  if (current && input.expectedRevision !== undefined && current.revision !== input.expectedRevision) {
    return { outcome: 'conflict', translationId: current.id, revision: current.revision }
  }
  const slugOwner = tx
    .select({ articleId: articleTranslations.articleId })
    .from(articleTranslations)
    .where(
      and(
        eq(articleTranslations.locale, input.locale),
        eq(articleTranslations.slug, input.slug),
        ne(articleTranslations.articleId, input.articleId),
      ),
    )
    .get()
  if (slugOwner)
    return { outcome: 'slug-taken', translationId: current?.id ?? null, revision: current?.revision ?? 0 }

  const isSource = input.locale === article.sourceLocale
  const textChanged =
    !current ||
    current.title !== input.title ||
    current.summary !== input.summary ||
    current.body !== input.body ||
    current.slug !== input.slug ||
    JSON.stringify(current.tags) !== JSON.stringify(input.tags)
  const statusChanged = current?.status !== input.status
  if (current && !textChanged && !statusChanged) {
    return { outcome: 'unchanged', translationId: current.id, revision: current.revision }
  }

  const revision = current ? current.revision + (textChanged ? 1 : 0) : 1
  const values = {
    slug: input.slug,
    title: input.title,
    summary: input.summary,
    body: input.body,
    tags: input.tags,
    status: input.status,
    revision,
    sourceRevision: isSource
      ? revision
      : textChanged
        ? (input.translatedFrom ?? current?.sourceRevision ?? 1)
        : current!.sourceRevision,
    updatedById: input.userId ?? null,
    publishedAt:
      input.status === 'published'
        ? current?.status === 'published'
          ? current.publishedAt
          : clock.now()
        : null,
  }
  let translationId: number
  if (current) {
    tx.update(articleTranslations).set(values).where(eq(articleTranslations.id, current.id)).run()
    translationId = current.id
  } else {
    translationId = tx
      .insert(articleTranslations)
      .values({ ...values, articleId: input.articleId, locale: input.locale })
      .returning({ id: articleTranslations.id })
      .get().id
  }
  if (textChanged) {
    tx.insert(articleRevisions)
      .values({
        translationId,
        revision,
        title: input.title,
        summary: input.summary,
        body: input.body,
        tags: input.tags,
        createdById: input.userId ?? null,
      })
      .run()
  }
  return { outcome: current ? 'updated' : 'created', translationId, revision }
}

/** The revision of an article's source text now. */
export function sourceRevisionOf(tx: Tx, articleId: number) {
  const row = tx
    .select({ revision: articleTranslations.revision })
    .from(articleTranslations)
    .innerJoin(articles, eq(articles.id, articleTranslations.articleId))
    .where(
      and(
        eq(articleTranslations.articleId, articleId),
        sql`${articleTranslations.locale} = ${articles.sourceLocale}`,
      ),
    )
    .get()
  return row?.revision ?? 1
}

export type ArticleSettings = {
  key: string
  categoryKey: string
  position: number
  visibility: ArticleVisibility
  sourceLocale: Locale
}

/** Creates or updates the language-neutral part of an article; null when the category is unknown. */
export function upsertArticle(tx: Tx, settings: ArticleSettings): { id: number; changed: boolean } | null {
  const category = tx
    .select({ id: categories.id })
    .from(categories)
    .where(eq(categories.key, settings.categoryKey))
    .get()
  if (!category) return null
  const existing = tx.select().from(articles).where(eq(articles.key, settings.key)).get()
  const values = {
    categoryId: category.id,
    position: settings.position,
    visibility: settings.visibility,
    sourceLocale: settings.sourceLocale,
  }
  if (!existing)
    return {
      id: tx
        .insert(articles)
        .values({ key: settings.key, ...values })
        .returning({ id: articles.id })
        .get().id,
      changed: true,
    }
  const changed = (Object.keys(values) as (keyof typeof values)[]).some((k) => existing[k] !== values[k])
  if (changed) tx.update(articles).set(values).where(eq(articles.id, existing.id)).run()
  return { id: existing.id, changed }
}

export function upsertCategory(
  tx: Tx,
  input: {
    key: string
    position: number
    titles: Partial<Record<Locale, string>>
    descriptions: Partial<Record<Locale, string>>
  },
) {
  const existing = tx.select().from(categories).where(eq(categories.key, input.key)).get()
  const id =
    existing?.id ??
    tx
      .insert(categories)
      .values({ key: input.key, position: input.position })
      .returning({ id: categories.id })
      .get().id
  if (existing && existing.position !== input.position)
    tx.update(categories).set({ position: input.position }).where(eq(categories.id, id)).run()
  for (const [locale, title] of Object.entries(input.titles)) {
    tx.insert(categoryTranslations)
      .values({
        categoryId: id,
        locale: locale as Locale,
        title,
        description: input.descriptions[locale as Locale] ?? '',
      })
      .onConflictDoUpdate({
        target: [categoryTranslations.categoryId, categoryTranslations.locale],
        set: { title, description: input.descriptions[locale as Locale] ?? '' },
      })
      .run()
  }
  return id
}
