import { asc, eq } from 'drizzle-orm'
import type { Locale } from '#db/schema/enums'
import * as schema from '#db/schema/index'
import type { ArticleVisibility, TranslationStatus } from '#db/schema/kb'
import type { Client } from '../setup/http'
import { testDb, unique } from './people'

/**
 * Knowledge-base articles of a test's own, with unique keys, slugs and titles, so a test that
 * changes an article (or counts its views and answers) never touches the starter articles
 * other files read. Written with drizzle and the real schema; an article written this way is
 * not in the search index (which rebuilds when the app publishes): tests of search use the
 * starter articles, or `createArticleAsEditor` + `publishAsEditor`, which go through the app.
 */

export type ArticleTextOverrides = {
  title?: string
  slug?: string
  summary?: string
  body?: string
  tags?: string[]
  status?: TranslationStatus
  revision?: number
  sourceRevision?: number
  /** When a published text was published (now by default). */
  publishedAt?: Date
}

export type ArticleOverrides = {
  key?: string
  /** A category key; the first category of the knowledge base by default. */
  categoryKey?: string
  visibility?: ArticleVisibility
  sourceLocale?: Locale
  position?: number
  /** The languages the article has, with their texts; the source language, published, by default. */
  translations?: Partial<Record<Locale, ArticleTextOverrides>>
}

/** The first category of the knowledge base (the starter content has several). */
export function firstCategory(db = testDb()) {
  const category = db.select().from(schema.categories).orderBy(asc(schema.categories.position)).get()
  if (!category) throw new Error('firstCategory: the test database has no knowledge-base category')
  return category
}

export function createArticle(overrides: ArticleOverrides = {}, db = testDb()) {
  const key = overrides.key ?? unique('article')
  const sourceLocale = overrides.sourceLocale ?? 'en'
  const category = overrides.categoryKey
    ? db.select().from(schema.categories).where(eq(schema.categories.key, overrides.categoryKey)).get()
    : firstCategory(db)
  if (!category) throw new Error(`createArticle: no category ${overrides.categoryKey}`)
  const article = db
    .insert(schema.articles)
    .values({
      key,
      categoryId: category.id,
      position: overrides.position ?? 1000,
      visibility: overrides.visibility ?? 'public',
      sourceLocale,
    })
    .returning()
    .get()
  const texts = overrides.translations ?? { [sourceLocale]: {} }
  const translations: Partial<Record<Locale, typeof schema.articleTranslations.$inferSelect>> = {}
  for (const [locale, text] of Object.entries(texts) as [Locale, ArticleTextOverrides][]) {
    const status = text.status ?? 'published'
    const revision = text.revision ?? 1
    const values = {
      title: text.title ?? `Article ${key} (${locale})`,
      summary: text.summary ?? `What ${key} is about.`,
      body: text.body ?? `## Steps\n\nRead ${key} in ${locale}.\n`,
      tags: text.tags ?? [],
    }
    const translation = db
      .insert(schema.articleTranslations)
      .values({
        articleId: article.id,
        locale,
        slug: text.slug ?? `${key}-${locale}`,
        ...values,
        status,
        revision,
        sourceRevision: text.sourceRevision ?? revision,
        publishedAt: status === 'published' ? (text.publishedAt ?? new Date()) : null,
      })
      .returning()
      .get()
    db.insert(schema.articleRevisions)
      .values({ translationId: translation.id, revision, ...values })
      .run()
    translations[locale] = translation
  }
  return { ...article, translations }
}

export type TestArticle = ReturnType<typeof createArticle>

/** The source-language form of the editor's "new article" page. */
export type EditorArticleText = { title: string; slug: string; summary: string; tags: string; body: string }

/** A unique English source text, with one made-up word that only this article carries (for search). */
export function editorArticleText(overrides: Partial<EditorArticleText> = {}): EditorArticleText & {
  word: string
} {
  // Letters only: the search index splits words at digits and hyphens.
  const word = `zephyr${unique('')
    .replace(/[^a-z0-9]/g, '')
    .replace(/\d/g, (d) => 'abcdefghij'[Number(d)]!)}`
  return {
    word,
    title: `Configure the ${word} webhook`,
    slug: `configure-the-${word}-webhook`,
    summary: `Send ${word} events to your server.`,
    tags: `webhooks, ${word}`,
    body: '## Steps\n\nOpen the dashboard.\nChoose Webhooks.\n',
    ...overrides,
  }
}

/**
 * An article created through the editor's own page (`editor` is a signed-in editor's client),
 * as a draft in English: the app's own logic runs (revisions, the search rebuild later on).
 */
export async function createArticleAsEditor(
  editor: Client,
  text: EditorArticleText,
  options: { visibility?: ArticleVisibility; categoryKey?: string } = {},
) {
  const response = await editor.post('/en/staff/content/new', {
    ...text,
    sourceLocale: 'en',
    categoryKey: options.categoryKey ?? firstCategory().key,
    visibility: options.visibility ?? 'public',
  })
  const match = /\/en\/staff\/content\/(\d+)\/en$/.exec(response.headers.get('Location') ?? '')
  if (response.status !== 302 || !match) {
    throw new Error(`createArticleAsEditor: ${response.status} ${await response.text()}`)
  }
  return Number(match[1])
}

/** Publishes the English text of an article through the editor (which rebuilds the search index). */
export async function publishAsEditor(editor: Client, articleId: number, text: EditorArticleText) {
  const response = await editor.post(`/en/staff/content/${articleId}/en`, {
    ...text,
    intent: 'publish',
    expectedRevision: '1',
    translatedFrom: '1',
  })
  if (response.status !== 200) throw new Error(`publishAsEditor: ${response.status}`)
  return response
}
