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
import { analysisVersion, fieldVectorsByPosition, languagePlugin, lunr } from './lunr.server'
import { platformsOfDocument, type Platform } from './platforms'
import { documentSentences, wordForms, type DocumentSentences, type WordForms } from './snippets.server'

const { articles, articleTranslations } = schema

/** What a result can be; videos and courses join the same index later. */
export type SearchDocument = {
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

/**
 * A locale's index. lunr knows each document by its position in `docs` (and in `sentences`):
 * JSON.parse reads postings keyed by small integers about three times faster than postings
 * keyed by strings such as "article:12", and that parse is most of a server start's work.
 */
export type LocaleIndex = {
  index: lunr.Index
  vectors: ReturnType<typeof fieldVectorsByPosition>
  docs: SearchDocument[]
  sentences: DocumentSentences[]
  /** For each token, the words of the documents it stands for: a correction shows one. */
  forms: WordForms
  /** For each document (by position), the platforms it is about: see `platformsOfDocument`. */
  platforms: Platform[][]
}

type Stored = {
  fingerprint: string
  index: object
  docs: SearchDocument[]
  sentences: DocumentSentences[]
  forms: WordForms
}

/**
 * Changes whenever anything that search shows changes: texts, statuses, visibility. The
 * version changes with the stored format and with the analysis, so a server never loads a
 * file it cannot read or one whose terms a query would no longer produce.
 */
export function contentFingerprint(db: Db) {
  const rows = db.all<{ v: string }>(sql`
    select group_concat(t.id || ':' || t.revision || ':' || t.status || ':' || a.visibility || ':' || a.source_locale, ',') as v
    from ${articleTranslations} t join ${articles} a on a.id = t.article_id`)
  return createHash('sha256')
    .update(`v3.${analysisVersion}:${rows[0]?.v ?? ''}`)
    .digest('hex')
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
  const byLocale = Object.fromEntries(locales.map((l) => [l, [] as SearchDocument[]])) as Record<
    Locale,
    SearchDocument[]
  >
  const toDoc = (row: (typeof rows)[number]): SearchDocument => ({
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

/**
 * A locale's index of `docs`, with the sentences their snippets come from. Title and summary
 * weigh more than the body; tags are searchable words too.
 */
export function buildLocaleIndex(locale: Locale, docs: SearchDocument[]): LocaleIndex {
  const index = lunr(function () {
    this.use(languagePlugin(locale))
    this.ref('position')
    this.field('title', { boost: 8 })
    this.field('summary', { boost: 4 })
    this.field('tags', { boost: 4 })
    this.field('text')
    docs.forEach((doc, position) => this.add({ ...doc, position, tags: doc.tags.join(' ') }))
  })
  return openIndex(index, docs, documentSentences(locale, index, docs), wordForms(locale, index, docs))
}

/** What queries need besides lunr's own structures: field vectors by position, platforms. */
function openIndex(
  index: lunr.Index,
  docs: SearchDocument[],
  sentences: DocumentSentences[],
  forms: WordForms,
): LocaleIndex {
  return {
    index,
    vectors: fieldVectorsByPosition(index),
    docs,
    sentences,
    forms,
    platforms: docs.map(platformsOfDocument),
  }
}

/** One locale's file in data/search/. */
export function serializeIndex(fingerprint: string, { index, docs, sentences, forms }: LocaleIndex) {
  const stored: Stored = { fingerprint, index: index.toJSON(), docs, sentences, forms }
  return JSON.stringify(stored)
}

/** A file of data/search/ back in memory, if it was built from `fingerprint`: what a server start pays per locale. */
export function parseIndex(json: string, fingerprint: string): LocaleIndex | null {
  const stored = JSON.parse(json) as Stored
  if (stored.fingerprint !== fingerprint) return null
  return openIndex(lunr.Index.load(stored.index), stored.docs, stored.sentences, stored.forms)
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
    built[locale] = buildLocaleIndex(locale, docs[locale])
    // Written aside and renamed: a reader never sees half a file.
    writeFileSync(`${indexFile(locale)}.tmp`, serializeIndex(fingerprint, built[locale]))
    renameSync(`${indexFile(locale)}.tmp`, indexFile(locale))
  }
  return built
}

/** The indexes on disk, if they were built from the content the database holds now. */
export function loadSearchIndexes(fingerprint: string): Record<Locale, LocaleIndex> | null {
  const loaded = {} as Record<Locale, LocaleIndex>
  for (const locale of locales) {
    try {
      const index = parseIndex(readFileSync(indexFile(locale), 'utf8'), fingerprint)
      if (!index) return null
      loaded[locale] = index
    } catch {
      return null
    }
  }
  return loaded
}
