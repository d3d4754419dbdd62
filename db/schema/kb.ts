import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core'
import { createdAt, id, stringList, timestamp, updatedAt } from './columns'
import type { Locale } from './enums'
import { users } from './users'

export const articleVisibilities = ['public', 'customers', 'internal'] as const
export type ArticleVisibility = (typeof articleVisibilities)[number]

export const translationStatuses = ['draft', 'published', 'archived'] as const
export type TranslationStatus = (typeof translationStatuses)[number]

export const categories = sqliteTable('kb_categories', {
  id: id(),
  key: text('key').notNull().unique(),
  position: integer('position').notNull().default(0),
  createdAt: createdAt(),
})

export const categoryTranslations = sqliteTable(
  'kb_category_translations',
  {
    categoryId: integer('category_id')
      .notNull()
      .references(() => categories.id, { onDelete: 'cascade' }),
    locale: text('locale').$type<Locale>().notNull(),
    title: text('title').notNull(),
    description: text('description').notNull().default(''),
  },
  (t) => [primaryKey({ columns: [t.categoryId, t.locale] })],
)

/** Language-neutral: what the article is, where it sits and who may read it. */
export const articles = sqliteTable('articles', {
  id: id(),
  /** The folder name in content/kb: ties files to the article across imports. */
  key: text('key').notNull().unique(),
  categoryId: integer('category_id')
    .notNull()
    .references(() => categories.id),
  position: integer('position').notNull().default(0),
  visibility: text('visibility').$type<ArticleVisibility>().notNull(),
  sourceLocale: text('source_locale').$type<Locale>().notNull(),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
})

export type Article = typeof articles.$inferSelect

/**
 * One language of an article. `revision` counts changes of its text; `sourceRevision` is
 * the revision of the source-locale text it was translated from, so it is stale when the
 * source has moved on.
 */
export const articleTranslations = sqliteTable(
  'article_translations',
  {
    id: id(),
    articleId: integer('article_id')
      .notNull()
      .references(() => articles.id, { onDelete: 'cascade' }),
    locale: text('locale').$type<Locale>().notNull(),
    slug: text('slug').notNull(),
    title: text('title').notNull(),
    summary: text('summary').notNull().default(''),
    body: text('body').notNull(),
    tags: stringList('tags'),
    status: text('status').$type<TranslationStatus>().notNull(),
    revision: integer('revision').notNull().default(1),
    sourceRevision: integer('source_revision').notNull().default(1),
    updatedById: integer('updated_by_id').references(() => users.id, { onDelete: 'set null' }),
    updatedAt: updatedAt(),
    publishedAt: timestamp('published_at'),
  },
  (t) => [
    uniqueIndex('article_translations_article_locale').on(t.articleId, t.locale),
    uniqueIndex('article_translations_locale_slug').on(t.locale, t.slug),
  ],
)

export type ArticleTranslation = typeof articleTranslations.$inferSelect

/** Every saved text of a translation, for history, restore and the source diff. */
export const articleRevisions = sqliteTable(
  'article_revisions',
  {
    id: id(),
    translationId: integer('translation_id')
      .notNull()
      .references(() => articleTranslations.id, { onDelete: 'cascade' }),
    revision: integer('revision').notNull(),
    title: text('title').notNull(),
    summary: text('summary').notNull(),
    body: text('body').notNull(),
    tags: stringList('tags'),
    createdById: integer('created_by_id').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('article_revisions_translation_revision').on(t.translationId, t.revision)],
)

export const searchLog = sqliteTable(
  'search_log',
  {
    id: id(),
    query: text('query').notNull(),
    locale: text('locale').$type<Locale>().notNull(),
    resultCount: integer('result_count').notNull(),
    userId: integer('user_id').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (t) => [index('search_log_locale_idx').on(t.locale, t.resultCount, t.createdAt)],
)
