import { db, schema } from '~/db.server'
import type { Locale } from '~/modules/i18n/locales'
import { visibleTo, type Viewer } from '~/modules/kb/visibility'
import { foldAccents, lunr, wordNormalizer } from './lunr.server'
import { contentFingerprint, loadSearchIndexes, rebuildSearchIndexes, type LocaleIndex, type SearchDocument } from './search-index.server'

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

/** The words of a query, without any of lunr's syntax: nothing typed can reach its parser. */
export function queryTerms(query: string) {
  return query
    .slice(0, searchLimits.maxQueryLength)
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    // Single characters ("2", "a") match nearly everything and say nothing about the need.
    .filter((term) => term.length > 1 && term.length <= searchLimits.maxTermLength)
    .slice(0, searchLimits.maxTerms)
}

type Sentence = { sentence: string; words: string[] }
const sentenceCache = new WeakMap<SearchDocument, Sentence[]>()

/** A document's first sentences and their words, split once and kept while the index lives. */
function sentencesOf(doc: SearchDocument) {
  let sentences = sentenceCache.get(doc)
  if (!sentences) {
    sentences = `${doc.summary} ${doc.text}`
      .split(/(?<=[.!?])\s+/)
      .filter((s) => s.length >= 20)
      .slice(0, 80)
      .map((sentence) => ({ sentence, words: sentence.split(/[^\p{L}\p{N}]+/u).filter(Boolean) }))
    sentenceCache.set(doc, sentences)
  }
  return sentences
}

function snippetOf(doc: SearchDocument, matches: (word: string) => boolean) {
  // The sentence with the most query words, preferring real sentences to fragments.
  let best = doc.summary
  let bestScore = -1
  for (const { sentence, words } of sentencesOf(doc)) {
    let score = 0
    const counted = new Set<string>()
    for (const word of words) {
      if (!counted.has(word) && matches(word)) {
        counted.add(word)
        score++
      }
    }
    if (score > bestScore) {
      best = sentence
      bestScore = score
    }
  }
  const snippet = best.length > 240 ? `${best.slice(0, 237).replace(/\s+\S*$/, '')}…` : best
  const highlights: [number, number][] = []
  for (const match of snippet.matchAll(/[\p{L}\p{N}]+/gu)) {
    if (matches(match[0])) highlights.push([match.index, match[0].length])
  }
  return { snippet, highlights }
}

/**
 * Searches the knowledge base in a locale for what the viewer may read. Each word is looked
 * up through the locale's own pipeline (folding, stemming); the last word also matches as a
 * prefix, for search as you type.
 */
export function searchContent(input: { locale: Locale; query: string; viewer: Pick<Viewer, 'role'>; limit?: number }): SearchResult[] {
  if (queryTerms(input.query).length === 0) return []
  return queryIndex(currentIndexes()[input.locale], input)
}

/** One locale's index asked for a query; separate from the loading so tests can build their own. */
export function queryIndex(
  { index, docs }: LocaleIndex,
  { locale, query, viewer, limit = 10 }: { locale: Locale; query: string; viewer: Pick<Viewer, 'role'>; limit?: number },
): SearchResult[] {
  const terms = queryTerms(query)
  if (terms.length === 0) return []
  const allowed = visibleTo(viewer)
  const results = index.query((q) => {
    terms.forEach((term, position) => {
      q.term(term, { usePipeline: true })
      // A word of the title is worth more than the same word repeated in a long body.
      q.term(term, { usePipeline: true, fields: ['title'], boost: 4 })
      const isLast = position === terms.length - 1
      if (isLast && term.length >= 3) {
        q.term(foldAccents(term), { usePipeline: false, wildcard: lunr.Query.wildcard.TRAILING, boost: 0.5 })
      }
    })
  })
  // Stemming is the costly part of a snippet: each distinct word is stemmed once per query.
  const stemWord = wordNormalizer(locale)
  const seen = new Map<string, string>()
  const normalize = (word: string) => {
    let stem = seen.get(word)
    if (stem === undefined) {
      stem = stemWord(word)
      seen.set(word, stem)
    }
    return stem
  }
  const stems = new Set(terms.map(normalize).filter(Boolean))
  // A word can only share a stem with a query word if it starts like one: most words are
  // ruled out by comparing their first two letters (folded once per distinct pair) before
  // the stemmer runs.
  const prefixes = new Set([...stems].map((stem) => stem.slice(0, 2)))
  const foldedPairs = new Map<string, string>()
  const verdicts = new Map<string, boolean>()
  const matches = (word: string) => {
    const pair = word.slice(0, 2).toLowerCase()
    let folded = foldedPairs.get(pair)
    if (folded === undefined) {
      folded = foldAccents(pair)
      foldedPairs.set(pair, folded)
    }
    if (!prefixes.has(folded)) return false
    let verdict = verdicts.get(word)
    if (verdict === undefined) {
      verdict = stems.has(normalize(word))
      verdicts.set(word, verdict)
    }
    return verdict
  }
  return results
    .map((result) => ({ result, doc: docs.get(result.ref) }))
    .filter((entry): entry is { result: lunr.Index.Result; doc: SearchDocument } => !!entry.doc && allowed.includes(entry.doc.visibility))
    .slice(0, Math.min(limit, searchLimits.maxResults))
    .map(({ result, doc }) => ({
      type: doc.type,
      id: doc.id,
      slug: doc.slug,
      title: doc.title,
      ...snippetOf(doc, matches),
      url: `/${locale}/kb/${doc.slug}`,
      lang: doc.lang,
      score: Math.round(result.score * 1000) / 1000,
    }))
}

/** Every search is kept with its locale and result count: the editors' list of missing content. */
export async function logSearch(input: { query: string; locale: Locale; resultCount: number; userId: number | null }) {
  const query = input.query.trim().slice(0, searchLimits.maxQueryLength)
  if (!query) return
  await db.insert(schema.searchLog).values({ ...input, query })
}

