import { and, eq, sql } from 'drizzle-orm'
import { createHash } from 'node:crypto'
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { config } from '~/config.server'
import type { Db } from '~/db-connection.server'
import * as schema from '#db/schema/index'
import type { ArticleVisibility } from '#db/schema/kb'
import { plainText } from '~/modules/kb/markdown.server'
import { locales, type Locale } from '~/modules/i18n/locales'
import { languagePlugin, lunr } from './lunr.server'

const { articles, articleTranslations } = schema

/** What a result can be; videos and courses join the same index later. */
export type SearchDocument = {
  ref: string
  type: 'article'
  id: number
  slug: string
  title: string
  summary: string
  text: string
  /** The language of the text: another one than the index's when the article is not translated. */
  lang: Locale
  visibility: ArticleVisibility
  tags: string[]
}

export type LocaleIndex = { index: lunr.Index; docs: Map<string, SearchDocument> }

type Stored = { fingerprint: string; index: object; docs: SearchDocument[] }

/** Changes whenever anything that search shows changes: texts, statuses, visibility. */
export function contentFingerprint(db: Db) {
  const rows = db.all<{ v: string }>(sql`
    select group_concat(t.id || ':' || t.revision || ':' || t.status || ':' || a.visibility || ':' || a.source_locale, ',') as v
    from ${articleTranslations} t join ${articles} a on a.id = t.article_id`)
  return createHash('sha256').update(`v1:${rows[0]?.v ?? ''}`).digest('hex')
}

/** Published texts per locale: the locale's own, or the source text of an untranslated article. */
export function documentsByLocale(db: Db): Record<Locale, SearchDocument[]> {
  const rows = db
    .select({
      articleId: articleTranslations.articleId,
      locale: articleTranslations.locale,
      slug: articleTranslations.slug,
      title: articleTranslations.title,
      summary: articleTranslations.summary,
      body: articleTranslations.body,
      tags: articleTranslations.tags,
      visibility: articles.visibility,
      sourceLocale: articles.sourceLocale,
    })
    .from(articleTranslations)
    .innerJoin(articles, eq(articles.id, articleTranslations.articleId))
    .where(and(eq(articleTranslations.status, 'published')))
    .all()
  const byLocale = Object.fromEntries(locales.map((l) => [l, [] as SearchDocument[]])) as Record<Locale, SearchDocument[]>
  const toDoc = (row: (typeof rows)[number]): SearchDocument => ({
    ref: `article:${row.articleId}`,
    type: 'article',
    id: row.articleId,
    slug: row.slug,
    title: row.title,
    summary: row.summary,
    text: plainText(row.body),
    lang: row.locale,
    visibility: row.visibility,
    tags: row.tags,
  })
  for (const locale of locales) {
    const own = new Map(rows.filter((r) => r.locale === locale).map((r) => [r.articleId, r]))
    for (const row of rows) {
      if (row.locale === locale) byLocale[locale].push(toDoc(row))
      else if (!own.has(row.articleId) && row.locale === row.sourceLocale) byLocale[locale].push(toDoc(row))
    }
  }
  return byLocale
}

/** Title and summary weigh more than the body; tags are searchable words too. */
export function buildIndex(locale: Locale, docs: SearchDocument[]) {
  return lunr(function () {
    this.use(languagePlugin(locale))
    this.ref('ref')
    this.field('title', { boost: 8 })
    this.field('summary', { boost: 4 })
    this.field('tags', { boost: 4 })
    this.field('text')
    for (const doc of docs) this.add({ ...doc, tags: doc.tags.join(' ') })
  })
}

const indexDir = () => join(config().DATA_DIR, 'search')
const indexFile = (locale: Locale) => join(indexDir(), `${locale}.json`)

/** Builds every locale's index from the database and writes them to data/search/. */
export function rebuildSearchIndexes(db: Db): Record<Locale, LocaleIndex> {
  const fingerprint = contentFingerprint(db)
  const docs = documentsByLocale(db)
  mkdirSync(indexDir(), { recursive: true })
  const built = {} as Record<Locale, LocaleIndex>
  for (const locale of locales) {
    const index = buildIndex(locale, docs[locale])
    const stored: Stored = { fingerprint, index: index.toJSON(), docs: docs[locale] }
    // Written aside and renamed: a reader never sees half a file.
    writeFileSync(`${indexFile(locale)}.tmp`, JSON.stringify(stored))
    renameSync(`${indexFile(locale)}.tmp`, indexFile(locale))
    built[locale] = { index, docs: new Map(docs[locale].map((d) => [d.ref, d])) }
  }
  return built
}

/** The indexes on disk, if they were built from the content the database holds now. */
export function loadSearchIndexes(fingerprint: string): Record<Locale, LocaleIndex> | null {
  const loaded = {} as Record<Locale, LocaleIndex>
  for (const locale of locales) {
    try {
      const stored = JSON.parse(readFileSync(indexFile(locale), 'utf8')) as Stored
      if (stored.fingerprint !== fingerprint) return null
      loaded[locale] = { index: lunr.Index.load(stored.index), docs: new Map(stored.docs.map((d) => [d.ref, d])) }
    } catch {
      return null
    }
  }
  return loaded
}
