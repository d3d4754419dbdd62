import { createHash } from 'node:crypto'
import {
  closeSync,
  mkdirSync,
  openSync,
  readFileSync,
  readSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs'
import { join } from 'node:path'
import { eq, sql } from 'drizzle-orm'
import * as schema from '#db/schema/index'
import type { ArticleVisibility } from '#db/schema/kb'
import { config } from '~/config.server'
import type { Db } from '~/db-connection.server'
import { transcriptFromWebVtt } from '~/modules/academy/webvtt'
import { locales, type Locale } from '~/modules/i18n/locales'
import { plainText } from '~/modules/kb/markdown.server'
import type { Viewer } from '~/modules/kb/visibility'
import { isStorageError, noteStorageFailure } from '~/modules/storage/storage.server'
import { compactPostings, fieldVectorsByPosition, languagePlugin, lunr, analysisVersion } from './lunr.server'
import { platformsOfDocument, type Platform } from './platforms.server'
import type { readableArticles, SearchInput, SearchOutcome } from './search-query.server'
import { documentSentences, type DocumentSentences, wordForms, type WordForms } from './snippets.server'

const { articles, articleTranslations, videos, videoTranslations, courses, courseTranslations } = schema

export const searchDocumentTypes = ['article', 'video', 'course'] as const
export type SearchDocumentType = (typeof searchDocumentTypes)[number]

/** What a result can be: an article, a video (with its captions' text) or a course. */
export type SearchDocument = {
  type: SearchDocumentType
  id: number
  /** The article's slug in its language, the video's or the course's key. */
  slug: string
  title: string
  summary: string
  text: string
  /** The language of the text: another one than the index's when it is not translated. */
  lang: Locale
  /** Videos and courses are public, like the library and the catalog. */
  visibility: ArticleVisibility
  tags: string[]
}

/** Where a result opens in a locale (docs/design.md's URLs). */
export function urlOf(doc: Pick<SearchDocument, 'type' | 'slug'>, locale: Locale) {
  if (doc.type === 'video') return `/${locale}/videos/${doc.slug}`
  if (doc.type === 'course') return `/${locale}/academy/${doc.slug}`
  return `/${locale}/kb/${doc.slug}`
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

/** The fingerprint of each locale's index: see `localeFingerprints`. */
export type LocaleFingerprints = Record<Locale, string>

/** Starts every fingerprint: a file of an older format is never read. */
const fingerprintVersion = 'v6:'

/**
 * One fingerprint per locale, changing whenever anything its index shows changes: the texts it
 * holds (its own published translations, and the published source text of an item not
 * published in it), their revisions and visibility. Drafts are left out: saving one changes no
 * search result. A publish in Spanish thus rebuilds the Spanish index alone, unless the item was
 * written in Spanish and other locales fall back to it. The version changes with the stored
 * format and with the analysis, so a server never loads a file it cannot read or one whose terms
 * a query would no longer produce.
 */
export function localeFingerprints(db: Db): LocaleFingerprints {
  const fingerprints = {} as LocaleFingerprints
  for (const locale of locales) {
    const rows = db.all<{ v: string | null }>(sql`
      select coalesce((select group_concat(x, ',') from (
        select 'a' || t.id || ':' || t.revision || ':' || a.visibility || ':' || t.locale as x
        from ${articleTranslations} t join ${articles} a on a.id = t.article_id
        where t.status = 'published' and (t.locale = ${locale} or (t.locale = a.source_locale and not exists (
          select 1 from ${articleTranslations} o
          where o.article_id = t.article_id and o.locale = ${locale} and o.status = 'published')))
        order by t.id)), '')
      || '|' || coalesce((select group_concat(x, ',') from (
        select 'v' || t.video_id || ':' || t.locale || ':' || t.revision || ':' || v.key as x
        from ${videoTranslations} t join ${videos} v on v.id = t.video_id
        where t.status = 'published' and (t.locale = ${locale} or (t.locale = v.source_locale and not exists (
          select 1 from ${videoTranslations} o
          where o.video_id = t.video_id and o.locale = ${locale} and o.status = 'published')))
        order by t.video_id, t.locale)), '')
      || '|' || coalesce((select group_concat(x, ',') from (
        select 'c' || t.course_id || ':' || t.locale || ':' || t.revision || ':' || c.key as x
        from ${courseTranslations} t join ${courses} c on c.id = t.course_id
        where t.status = 'published' and (t.locale = ${locale} or (t.locale = c.source_locale and not exists (
          select 1 from ${courseTranslations} o
          where o.course_id = t.course_id and o.locale = ${locale} and o.status = 'published')))
        order by t.course_id, t.locale)), '') as v`)
    fingerprints[locale] = `${fingerprintVersion}${createHash('sha256')
      .update(`${analysisVersion}.${locale}:${rows[0]?.v ?? ''}`)
      .digest('hex')}`
  }
  return fingerprints
}

/**
 * A published text of one language, and the language its item was written in. Its document is
 * made when a locale keeps it (once): turning Markdown or captions into plain text is most of
 * reading, and a build of one locale keeps about a quarter of the texts.
 */
type PublishedText = { key: string; locale: Locale; sourceLocale: Locale; doc: () => SearchDocument }

const once = <T>(make: () => T) => {
  let made: T | undefined
  return () => (made ??= make())
}

/**
 * Published texts per locale: the locale's own, or the source text of an item (article, video,
 * course) that is not translated into it.
 */
export function documentsByLocale(
  db: Db,
  only: readonly Locale[] = locales,
): Record<Locale, SearchDocument[]> {
  const texts: PublishedText[] = [...articleTexts(db), ...videoTexts(db), ...courseTexts(db)]
  const byLocale = Object.fromEntries(locales.map((l) => [l, [] as SearchDocument[]])) as Record<
    Locale,
    SearchDocument[]
  >
  for (const locale of only) {
    const own = new Set(texts.filter((t) => t.locale === locale).map((t) => t.key))
    for (const text of texts) {
      if (text.locale === locale) byLocale[locale].push(text.doc())
      else if (!own.has(text.key) && text.locale === text.sourceLocale) byLocale[locale].push(text.doc())
    }
  }
  return byLocale
}

/** One locale's documents (what a build worker indexes). */
export const documentsOfLocale = (db: Db, locale: Locale) => documentsByLocale(db, [locale])[locale]

function articleTexts(db: Db): PublishedText[] {
  return db
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
    .where(eq(articleTranslations.status, 'published'))
    .all()
    .map((row) => ({
      key: `article:${row.articleId}`,
      locale: row.locale,
      sourceLocale: row.sourceLocale,
      doc: once(() => ({
        type: 'article',
        id: row.articleId,
        slug: row.slug,
        title: row.title,
        summary: row.summary,
        text: searchableText(row.body),
        lang: row.locale,
        visibility: row.visibility,
        tags: row.tags,
      })),
    }))
}

/**
 * The words of an article's Markdown that search looks at: its plain text, without the template
 * shortcodes imported documentation may still hold (`{{< figure src="…" >}}`, `{{% notice %}}`,
 * Liquid `{% include … %}`), whose words («figure», «src») are nobody's query.
 */
export function searchableText(markdown: string) {
  return plainText(markdown.replace(/\{\{[<%][\s\S]*?[%>]\}\}|\{%[\s\S]*?%\}/g, ' '))
}

/** Videos: title, description, and the words of their captions as one text. */
function videoTexts(db: Db): PublishedText[] {
  return db
    .select({
      videoId: videoTranslations.videoId,
      locale: videoTranslations.locale,
      key: videos.key,
      title: videoTranslations.title,
      description: videoTranslations.description,
      captions: videoTranslations.captions,
      sourceLocale: videos.sourceLocale,
    })
    .from(videoTranslations)
    .innerJoin(videos, eq(videos.id, videoTranslations.videoId))
    .where(eq(videoTranslations.status, 'published'))
    .all()
    .map((row) => ({
      key: `video:${row.videoId}`,
      locale: row.locale,
      sourceLocale: row.sourceLocale,
      doc: once(() => ({
        type: 'video',
        id: row.videoId,
        slug: row.key,
        title: row.title,
        summary: row.description,
        text: captionText(row.captions),
        lang: row.locale,
        visibility: 'public',
        tags: [],
      })),
    }))
}

/** The spoken words of WebVTT captions, each cue a sentence (captions that do not parse give none). */
function captionText(captions: string) {
  return transcriptFromWebVtt(captions)
    .map((cue) => cue.text.replace(/\s+/g, ' ').trim())
    .filter(Boolean)
    .map((line) => (/[.!?…]$/.test(line) ? line : `${line}.`))
    .join(' ')
}

function courseTexts(db: Db): PublishedText[] {
  return db
    .select({
      courseId: courseTranslations.courseId,
      locale: courseTranslations.locale,
      key: courses.key,
      title: courseTranslations.title,
      summary: courseTranslations.summary,
      sourceLocale: courses.sourceLocale,
    })
    .from(courseTranslations)
    .innerJoin(courses, eq(courses.id, courseTranslations.courseId))
    .where(eq(courseTranslations.status, 'published'))
    .all()
    .map((row) => ({
      key: `course:${row.courseId}`,
      locale: row.locale,
      sourceLocale: row.sourceLocale,
      doc: once(() => ({
        type: 'course',
        id: row.courseId,
        slug: row.key,
        title: row.title,
        summary: row.summary,
        text: '',
        lang: row.locale,
        visibility: 'public',
        tags: [],
      })),
    }))
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
  compactPostings(index)
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

/**
 * Writes a locale's file to data/search/. Written aside and renamed: a reader never sees half a
 * file. Throws what the disk throws; the caller decides (see `isStorageError`).
 */
export function writeIndexFile(locale: Locale, json: string) {
  try {
    mkdirSync(indexDir(), { recursive: true })
    writeFileSync(`${indexFile(locale)}.tmp`, json)
    renameSync(`${indexFile(locale)}.tmp`, indexFile(locale))
  } catch (error) {
    rmSync(`${indexFile(locale)}.tmp`, { force: true })
    throw error
  }
}

/**
 * Builds every locale's index from the database and writes them to data/search/ (the import
 * script, in a process of its own). The files only spare the next start a rebuild: when the
 * disk cannot take them, search goes on from memory.
 */
export function rebuildSearchIndexes(db: Db): Record<Locale, LocaleIndex> {
  const fingerprints = localeFingerprints(db)
  const docs = documentsByLocale(db)
  const built = {} as Record<Locale, LocaleIndex>
  for (const locale of locales) {
    built[locale] = buildLocaleIndex(locale, docs[locale])
    try {
      writeIndexFile(locale, serializeIndex(fingerprints[locale], built[locale]))
    } catch (error) {
      if (!isStorageError(error)) throw error
      noteStorageFailure(error)
    }
  }
  return built
}

/** A locale's index on disk and the fingerprint it was built from, or null when there is none that this version can read. */
export function loadIndexFile(locale: Locale): { fingerprint: string; index: LocaleIndex } | null {
  try {
    const stored = JSON.parse(readFileSync(indexFile(locale), 'utf8')) as Stored
    if (!stored.fingerprint.startsWith(fingerprintVersion)) return null
    const index = openIndex(lunr.Index.load(stored.index), stored.docs, stored.sentences, stored.forms)
    return { fingerprint: stored.fingerprint, index }
  } catch {
    return null
  }
}

/**
 * The fingerprint a locale's file on disk was built from, read from the file's first bytes
 * (`serializeIndex` writes it first), or null when there is none: whether the file is current,
 * without parsing it.
 */
export function indexFileFingerprint(locale: Locale): string | null {
  let fd: number | null = null
  try {
    fd = openSync(indexFile(locale), 'r')
    const head = Buffer.alloc(160)
    const read = readSync(fd, head, 0, head.length, 0)
    return /^\{"fingerprint":"([^"]+)"/.exec(head.toString('utf8', 0, read))?.[1] ?? null
  } catch {
    return null
  } finally {
    if (fd !== null) closeSync(fd)
  }
}

/**
 * What search-index.worker.ts is given. `build`: the database and the fingerprints of the
 * indexes in use; it builds one locale that differs and has no current file. `serve`: the
 * fingerprints to load, and the indexes (serialized) that the disk refused. `watch`: the
 * database whose fingerprints it computes when asked.
 */
export type SearchWorkerInput =
  | { mode: 'build'; databaseFile: string; known: Partial<LocaleFingerprints>; only?: Locale }
  | { mode: 'watch'; databaseFile: string }
  | {
      mode: 'serve'
      databaseFile: string
      fingerprints: LocaleFingerprints
      unwritten: Partial<Record<Locale, Uint8Array>>
    }

/** What the main thread asks a search worker: a search, or the articles a reader may read. */
export type SearchWorkerQuestion =
  { type: 'search'; input: SearchInput } | { type: 'articles'; locale: Locale; viewer: Pick<Viewer, 'role'> }
/** A question with the id its answer comes back with. */
export type SearchWorkerRequest = SearchWorkerQuestion & { id: number }

/**
 * What a search worker posts. Building: that no locale changed, or what it built (then it
 * ends). Serving: that its indexes are ready, and the answer to each question. Watching: the
 * fingerprints of the moment. Building or serving: a disk that refused an index file.
 */
export type SearchWorkerMessage =
  | { type: 'unchanged' }
  | {
      type: 'built'
      fingerprints: LocaleFingerprints
      unwritten: Partial<Record<Locale, Uint8Array>>
      /** The changed locales still to build, each by a worker of its own. */
      rest: Locale[]
    }
  | { type: 'ready'; fingerprints: LocaleFingerprints }
  | { type: 'fingerprints'; fingerprints: LocaleFingerprints }
  | { type: 'storage-error'; code: string; message: string }
  | { type: 'answer'; id: number; value: SearchOutcome | ReturnType<typeof readableArticles> }
  | { type: 'failed'; id: number; message: string }
