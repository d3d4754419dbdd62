import { db, schema } from '~/db.server'
import type { Locale } from '~/modules/i18n/locales'
import { visibleTo, type Viewer } from '~/modules/kb/visibility'
import { foldAccents, internals, isStopWord, lunr, normalizeText, wordTerms } from './lunr.server'
import {
  contentFingerprint,
  loadSearchIndexes,
  rebuildSearchIndexes,
  type LocaleIndex,
  type SearchDocument,
} from './search-index.server'
import { snippetOf } from './snippets.server'

/** Limits that keep every query cheap, whatever is typed. */
export const searchLimits = { maxQueryLength: 200, maxTerms: 12, maxTermLength: 40, maxResults: 50 }

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
let fingerprintOfIndexes = ''
let checkedAt = 0
let rebuilding = false
let rebuildAgain = false

/**
 * The indexes in memory: loaded from data/search when they match the database, built
 * otherwise. Every few seconds the content fingerprint is compared again, so an import or a
 * publish is picked up; the rebuild runs after the current request, which keeps the old
 * indexes until the new ones are ready.
 */
function currentIndexes() {
  if (!indexes) {
    fingerprintOfIndexes = contentFingerprint(db)
    indexes = loadSearchIndexes(fingerprintOfIndexes) ?? rebuildSearchIndexes(db)
    checkedAt = Date.now()
  } else if (Date.now() - checkedAt > 5_000) {
    checkedAt = Date.now()
    if (contentFingerprint(db) !== fingerprintOfIndexes) scheduleSearchRebuild()
  }
  return indexes
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
 * Rebuilds off the request path after content changed (publish, unpublish, visibility). A
 * change that arrives during a rebuild runs one more rebuild afterwards, so none is lost.
 */
export function scheduleSearchRebuild() {
  if (rebuilding) {
    rebuildAgain = true
    return
  }
  rebuilding = true
  setImmediate(() => {
    try {
      fingerprintOfIndexes = contentFingerprint(db)
      indexes = rebuildSearchIndexes(db)
    } finally {
      rebuilding = false
      if (rebuildAgain) {
        rebuildAgain = false
        scheduleSearchRebuild()
      }
    }
  })
}

/**
 * The words of a query, normalised as documents are, without any of lunr's syntax: nothing
 * typed can reach its parser.
 */
export function queryTerms(query: string) {
  return (
    normalizeText(query.slice(0, searchLimits.maxQueryLength))
      .split(/[^\p{L}\p{N}]+/u)
      // Single characters ("2", "a") match nearly everything and say nothing about the need.
      .filter((term) => term.length > 1 && term.length <= searchLimits.maxTermLength)
      .slice(0, searchLimits.maxTerms)
  )
}

/**
 * The words a query searches for: its stop words are left out («cómo instalar el sdk» looks
 * for «instalar sdk»), unless nothing else would remain; then the words are kept as typed.
 */
export function searchedWords(locale: Locale, terms: string[]) {
  const content = terms.filter((term) => !isStopWord(locale, term))
  return content.length > 0 ? content : terms
}

/** The tokens a pattern such as `postb*` stands for; lunr's types leave this constructor out. */
const tokenPattern = (pattern: string) =>
  (lunr.TokenSet as unknown as { fromString(pattern: string): lunr.TokenSet }).fromString(pattern)

/**
 * The index tokens a query looks up, with their weights. Each word is analysed as documents
 * are (see `wordTerms`); the last one also matches as the start of a token, at half
 * weight, for search as you type ("postb" finds postbacks). Words of one or two letters would
 * expand to too much to be worth it. No word gets a per-field boost here: lunr divides each
 * field's score by the length of that field's query vector, so boosting every word in the
 * title cancels out. A title weighs more through its boost at build time.
 */
function queryTokens(locale: Locale, index: lunr.Index, terms: string[]) {
  const { invertedIndex, tokenSet } = internals(index)
  const weights = new Map<string, number>()
  const add = (token: string, weight: number) => weights.set(token, (weights.get(token) ?? 0) + weight)
  for (const term of terms) {
    // The stem of the word as typed; for a word with accents, its unaccented stem if the index lacks that.
    const token = wordTerms(locale, term).find((t) => t in invertedIndex)
    if (token) add(token, 1)
  }
  const last = terms[terms.length - 1]!
  if (last.length >= 3) {
    for (const token of tokenSet.intersect(tokenPattern(`${foldAccents(last)}*`)).toArray()) add(token, 0.5)
  }
  return weights
}

/**
 * The matching documents, best first, scored exactly as lunr.Index.query scores a query of
 * optional terms on every field: the sum over fields of each token's weight in the document's
 * field vector (BM25, with the field boosts given at build time) times its query weight, over
 * the length of the query vector. lunr's own query also gathers match metadata and sets for
 * every (document, field) pair, which we never read and which took most of a query's time.
 */
function rankDocuments({ index, vectors, docs }: LocaleIndex, weights: Map<string, number>) {
  const { invertedIndex } = internals(index)
  let length = 0
  for (const weight of weights.values()) length += weight * weight
  length = Math.sqrt(length)
  // Scores by document position, and the positions in the order they first match: lunr's
  // order for equal scores.
  const scores = new Float64Array(docs.length)
  const isFound = new Uint8Array(docs.length)
  const found: number[] = []
  for (const [token, weight] of weights) {
    const posting = invertedIndex[token]!
    for (const [field, vectorAt] of vectors) {
      for (const ref in posting[field]) {
        const position = Number(ref)
        const vector = vectorAt[position]!
        if (!isFound[position]) {
          isFound[position] = 1
          found.push(position)
        }
        scores[position] =
          scores[position]! +
          (weight / length) * vector.elements[vector.positionForIndex(posting._index) + 1]!
      }
    }
  }
  return found.map((position): [number, number] => [position, scores[position]!]).sort((a, b) => b[1] - a[1])
}

/**
 * Searches the knowledge base in a locale for what the viewer may read. Field boosts (title
 * above summary and tags, above the body) are set when the index is built.
 */
export function searchContent(input: {
  locale: Locale
  query: string
  viewer: Pick<Viewer, 'role'>
  limit?: number
}): SearchResult[] {
  if (queryTerms(input.query).length === 0) return []
  return queryIndex(currentIndexes()[input.locale], input)
}

/** One locale's index asked for a query; separate from the loading so tests can build their own. */
export function queryIndex(
  localeIndex: LocaleIndex,
  {
    locale,
    query,
    viewer,
    limit = 10,
  }: { locale: Locale; query: string; viewer: Pick<Viewer, 'role'>; limit?: number },
): SearchResult[] {
  const terms = queryTerms(query)
  if (terms.length === 0) return []
  const { index, docs, sentences } = localeIndex
  const weights = queryTokens(locale, index, searchedWords(locale, terms))
  const allowed = visibleTo(viewer)
  // Snippets highlight the words that matched: the terms found in the index, prefixes included.
  const { invertedIndex } = internals(index)
  const matched = new Set([...weights.keys()].map((token) => invertedIndex[token]!._index))
  return rankDocuments(localeIndex, weights)
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
        url: `/${locale}/kb/${doc.slug}`,
        lang: doc.lang,
        score: Math.round(score * 1000) / 1000,
      }
    })
}

/** Every search is kept with its locale and result count: the editors' list of missing content. */
export async function logSearch(input: {
  query: string
  locale: Locale
  resultCount: number
  userId: number | null
}) {
  const query = input.query.trim().slice(0, searchLimits.maxQueryLength)
  if (!query) return
  await db.insert(schema.searchLog).values({ ...input, query })
}
