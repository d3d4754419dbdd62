import { existsSync } from 'node:fs'
import { Worker } from 'node:worker_threads'
import { and, eq, gte, sql } from 'drizzle-orm'
import { config } from '~/config.server'
import { db, schema } from '~/db.server'
import { locales, type Locale } from '~/modules/i18n/locales'
import { visibleTo, type Viewer } from '~/modules/kb/visibility'
import { isStorageError, noteStorageFailure } from '~/modules/storage/storage.server'
import { createIndexRefresher, runInSteps, type BuiltLocale } from './index-refresh.server'
import { internals } from './lunr.server'
import { platformsNamed, type Platform } from './platforms.server'
import { planQuery, queryTerms, searchLimits, type QueryPlan } from './query-plan.server'
import {
  buildLocaleIndex,
  documentsByLocale,
  loadIndexFile,
  loadIndexInSteps,
  localeFingerprints,
  serializeIndex,
  unpackPieces,
  urlOf,
  writeIndexFile,
  type PackedPieces,
  type IndexWorkerInput,
  type IndexWorkerMessage,
  type LocaleIndex,
  type SearchDocument,
} from './search-index.server'
import { snippetOf } from './snippets.server'
import { localeSynonyms, type Synonyms } from './synonyms.server'

export { queryTerms, searchedWords, searchLimits } from './query-plan.server'

export type SearchResult = {
  type: SearchDocument['type']
  id: number
  slug: string
  title: string
  snippet: string
  /** [start, length] of the words in `snippet` that match the query. */
  highlights: [number, number][]
  url: string
  lang: Locale
  score: number
}

let indexes: Record<Locale, LocaleIndex> | null = null
let checkedAt = 0

/**
 * Rebuilds run in a worker thread (search-index.worker.ts): the main thread only takes each
 * changed locale's pieces back, a few milliseconds at a time, and swaps the locale's index in
 * one assignment. Until then searches answer from the previous index.
 */
const refresher = createIndexRefresher<PackedPieces>({
  build: buildInWorker,
  install: async ({ locale, payload }) => {
    const { index } = await runInSteps(loadIndexInSteps(unpackPieces(payload)))
    if (indexes) indexes[locale] = index
  },
  onError: (error) => console.error('Could not rebuild the search indexes', error),
})

/**
 * The indexes in memory. At start each locale's file in data/search is loaded when it was built
 * from the content the database holds; a locale without one is built here, once, so the first
 * searches after a start already see every published text (the start imports content just
 * before). Every few seconds the fingerprints are compared again, so an import by another
 * process is picked up too, by the worker.
 */
function currentIndexes() {
  if (!indexes) {
    const fingerprints = localeFingerprints(db)
    const loaded = {} as Record<Locale, LocaleIndex>
    let missing: Record<Locale, SearchDocument[]> | null = null
    for (const locale of locales) {
      const file = loadIndexFile(locale)
      if (file && file.fingerprint === fingerprints[locale]) {
        loaded[locale] = file.index
      } else {
        missing ??= documentsByLocale(db)
        loaded[locale] = buildLocaleIndex(locale, missing[locale])
        writeOrNote(() => writeIndexFile(locale, serializeIndex(fingerprints[locale], loaded[locale])))
      }
      refresher.markInstalled(locale, fingerprints[locale])
    }
    indexes = loaded
    checkedAt = Date.now()
  } else if (Date.now() - checkedAt > 5_000) {
    checkedAt = Date.now()
    if (!refresher.building && refresher.isStale(localeFingerprints(db))) refresher.request()
  }
  return indexes
}

function writeOrNote(write: () => void) {
  try {
    write()
  } catch (error) {
    if (!isStorageError(error)) throw error
    noteStorageFailure(error)
  }
}

/** Loads (or builds) the indexes when the server starts, so the first search does not wait. */
export function warmSearchIndexes() {
  setImmediate(() => {
    try {
      currentIndexes()
    } catch (error) {
      console.error('Could not prepare the search indexes', error)
    }
  })
}

/**
 * After content changed (publish, unpublish, visibility, import): rebuilds the locales it
 * changed in the worker and answers at once. Changes during a rebuild are coalesced into one
 * more (see createIndexRefresher).
 */
export function scheduleSearchRebuild() {
  if (!indexes) return // the first search loads the current content anyway
  refresher.request()
}

/** Resolves when no rebuild runs or waits (for scripts and tests). */
export const searchRebuilt = () => refresher.idle()

/** Whether a rebuild is running (the health check shows it). */
export const searchRebuilding = () => refresher.building

/**
 * The worker's file: beside the server bundle once built (vite.config.ts builds it), the
 * TypeScript source through tsx when the app runs from source (vite dev, scripts).
 */
function workerEntry(): { url: URL; execArgv: string[] } {
  const built = new URL(builtWorkerFile, import.meta.url)
  if (existsSync(built)) return { url: built, execArgv: [] }
  return { url: new URL(sourceWorkerFile, import.meta.url), execArgv: ['--import', 'tsx'] }
}
const builtWorkerFile = 'search-index.worker.js'
const sourceWorkerFile = 'search-index.worker.ts'

/**
 * One worker per rebuild: its memory (the documents, lunr's builder) goes back when it ends,
 * and the steady state holds only the indexes in use.
 */
function buildInWorker(
  known: Partial<Record<Locale, string>>,
  deliver: (built: BuiltLocale<PackedPieces>) => Promise<void>,
) {
  return new Promise<void>((resolve, reject) => {
    const { url, execArgv } = workerEntry()
    const input: IndexWorkerInput = { databaseFile: config().DATABASE_URL, known }
    const worker = new Worker(url, { workerData: input, execArgv })
    let delivered = Promise.resolve()
    let done = false
    worker.on('message', (message: IndexWorkerMessage) => {
      if (message.type === 'built') {
        const { locale, fingerprint, pieces } = message
        delivered = delivered.then(() => deliver({ locale, fingerprint, payload: pieces }))
      } else if (message.type === 'storage-error') {
        noteStorageFailure(Object.assign(new Error(message.message), { code: message.code }))
      } else {
        done = true
        delivered.then(resolve, reject)
      }
    })
    worker.on('error', reject)
    worker.on('exit', (code) => {
      if (!done) reject(new Error(`The search index worker stopped (exit code ${code})`))
    })
  })
}

/** A document's score is multiplied by this when its text is a fallback in another language. */
export const otherLanguageFactor = 0.75
/** ...by this when the query names a platform the document is about, */
export const samePlatformFactor = 1.5
/** ...and by this when the document is about other platforms only. */
export const otherPlatformFactor = 0.6

/**
 * The matching documents, best first. A document's relevance is scored exactly as
 * lunr.Index.query scores a query of optional terms on every field: the sum over fields of
 * each token's weight in the document's field vector (BM25, with the field boosts given at
 * build time) times its query weight, over the length of the query vector. lunr's own query
 * also gathers match metadata and sets for every (document, field) pair, which we never read
 * and which took most of a query's time. Then, in this order (the search README has the rules
 * and their tests):
 * - documents matched only through near neighbours of a rare word come after all others;
 * - a text in another language than the reader's weighs `otherLanguageFactor` of its score;
 * - a query naming a platform favours the documents about it (see `platformsOfDocument`).
 */
function rankDocuments(
  localeIndex: LocaleIndex,
  locale: Locale,
  plan: QueryPlan,
  queryPlatforms: Platform[],
) {
  const { index, vectors, docs, platforms } = localeIndex
  const { invertedIndex } = internals(index)
  let length = 0
  for (const { weight } of plan.tokens.values()) length += weight * weight
  length = Math.sqrt(length)
  // Scores by document position, and the positions in the order they first match: lunr's
  // order for equal scores.
  // Near neighbours score apart: they only order the documents that no exact token found, so
  // they never lift a document above another that matches the words as typed.
  const scores = new Float64Array(docs.length)
  const nearScores = new Float64Array(docs.length)
  const isFound = new Uint8Array(docs.length)
  const isExact = new Uint8Array(docs.length)
  const found: number[] = []
  for (const [token, { weight, exact }] of plan.tokens) {
    const posting = invertedIndex[token]!
    const into = exact ? scores : nearScores
    for (const [field, vectorAt] of vectors) {
      for (const ref in posting[field]) {
        const position = Number(ref)
        const vector = vectorAt[position]!
        if (!isFound[position]) {
          isFound[position] = 1
          found.push(position)
        }
        if (exact) isExact[position] = 1
        into[position] =
          into[position]! + (weight / length) * vector.elements[vector.positionForIndex(posting._index) + 1]!
      }
    }
  }
  for (const position of found) {
    if (!isExact[position]) scores[position] = nearScores[position]!
    if (docs[position]!.lang !== locale) scores[position] = scores[position]! * otherLanguageFactor
    const about = platforms[position]!
    if (queryPlatforms.length > 0 && about.length > 0)
      scores[position] =
        scores[position]! *
        (about.some((p) => queryPlatforms.includes(p)) ? samePlatformFactor : otherPlatformFactor)
  }
  return found
    .map((position): [number, number] => [position, scores[position]!])
    .sort((a, b) => isExact[b[0]]! - isExact[a[0]]! || b[1] - a[1])
}

export type SearchInput = {
  locale: Locale
  query: string
  viewer: Pick<Viewer, 'role'>
  limit?: number
  /** Search the words as typed: no split words, no corrections, no near neighbours. */
  exact?: boolean
}

export type SearchOutcome = {
  results: SearchResult[]
  /** The query as searched when a word was corrected or split; null when the words were searched as typed. */
  correctedQuery: string | null
  /** Matches left out because they are for customers and the reader is not signed in. */
  forCustomers: number
}

/** Searches everything the viewer may read in a locale; the query as corrected, if it was. */
export function search(input: SearchInput): SearchOutcome {
  if (queryTerms(input.query).length === 0) return { results: [], correctedQuery: null, forCustomers: 0 }
  return searchIndex(currentIndexes()[input.locale], input)
}

/** The results of `search`, for callers that do not show corrections. */
export function searchContent(input: SearchInput): SearchResult[] {
  return search(input).results
}

/** One locale's index asked for a query; separate from the loading so tests can build their own. */
export function searchIndex(
  localeIndex: LocaleIndex,
  { locale, query, viewer, limit = 10, exact = false }: SearchInput,
  synonyms: Synonyms = localeSynonyms(locale),
): SearchOutcome {
  if (queryTerms(query).length === 0) return { results: [], correctedQuery: null, forCustomers: 0 }
  const { index, docs, sentences } = localeIndex
  const plan = planQuery(localeIndex, { locale, query, synonyms, exact })
  const allowed = visibleTo(viewer)
  // Snippets highlight the words that matched: the terms found in the index, prefixes included.
  const { invertedIndex } = internals(index)
  const matched = new Set([...plan.tokens.keys()].map((token) => invertedIndex[token]!._index))
  const ranked = rankDocuments(localeIndex, locale, plan, platformsNamed(query))
  const forCustomers = viewer.role
    ? 0
    : ranked.filter(([position]) => docs[position]!.visibility === 'customers').length
  const results = ranked
    .filter(([position]) => allowed.includes(docs[position]!.visibility))
    .slice(0, Math.min(limit, searchLimits.maxResults))
    .map(([position, score]) => {
      const doc = docs[position]!
      return {
        type: doc.type,
        id: doc.id,
        slug: doc.slug,
        title: doc.title,
        ...snippetOf(doc, sentences[position]!, matched),
        url: urlOf(doc, locale),
        lang: doc.lang,
        score: Math.round(score * 1000) / 1000,
      }
    })
  return { results, correctedQuery: plan.correctedQuery, forCustomers }
}

/** `searchIndex`'s results alone. */
export function queryIndex(
  localeIndex: LocaleIndex,
  input: SearchInput,
  synonyms?: Synonyms,
): SearchResult[] {
  return searchIndex(localeIndex, input, synonyms).results
}

/**
 * What a search that found nothing offers instead: the articles of the locale read most in the
 * last 90 days that the viewer may read, topped up in the knowledge base's order.
 */
export function popularArticles({
  locale,
  viewer,
  limit = 5,
}: {
  locale: Locale
  viewer: Pick<Viewer, 'role'>
  limit?: number
}): { id: number; title: string; url: string; lang: Locale }[] {
  const allowed = visibleTo(viewer)
  const readable = currentIndexes()[locale].docs.filter(
    (doc) => doc.type === 'article' && allowed.includes(doc.visibility),
  )
  const since = new Date(Date.now() - 90 * 24 * 60 * 60 * 1000)
  const views = new Map(
    db
      .select({ ref: schema.events.ref, views: sql<number>`count(*)` })
      .from(schema.events)
      .where(
        and(
          eq(schema.events.type, 'article'),
          eq(schema.events.locale, locale),
          gte(schema.events.occurredAt, since),
        ),
      )
      .groupBy(schema.events.ref)
      .all()
      .map((row) => [Number(row.ref), row.views]),
  )
  return readable
    .map((doc, order) => ({ doc, order, views: views.get(doc.id) ?? 0 }))
    .sort((a, b) => b.views - a.views || a.order - b.order)
    .slice(0, limit)
    .map(({ doc }) => ({ id: doc.id, title: doc.title, url: `/${locale}/kb/${doc.slug}`, lang: doc.lang }))
}

/**
 * Every search is kept with its locale and result count: the editors' list of missing content.
 * The search names it in its response (see app/modules/events/usage.ts) and the server logs it
 * each time the answer is served, a repeated search from the page cache too.
 */
export function searchUsage(input: {
  query: string
  locale: Locale
  resultCount: number
  userId: number | null
}) {
  const query = input.query.trim().slice(0, searchLimits.maxQueryLength)
  return query ? [{ kind: 'search' as const, ...input, query }] : []
}
