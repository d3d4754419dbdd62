import type { Locale } from '~/modules/i18n/locales'
import { visibleTo, type Viewer } from '~/modules/kb/visibility'
import { internals } from './lunr.server'
import { platformsNamed, type Platform } from './platforms.server'
import { planQuery, queryTerms, searchLimits, type QueryPlan } from './query-plan.server'
import { urlOf, type LocaleIndex, type SearchDocument } from './search-index.server'
import { snippetOf } from './snippets.server'
import { localeSynonyms, type Synonyms } from './synonyms.server'

/*
 * A query against one locale's index: what the search worker (search-index.worker.ts) runs for
 * each search. Kept apart from search.server, which opens the portal's database, so that the
 * worker holds no connection it does not need.
 */

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
      for (const position of posting[field]!) {
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

/** The articles of a locale's index that the viewer may read, in the knowledge base's order. */
export function readableArticles(localeIndex: LocaleIndex, viewer: Pick<Viewer, 'role'>) {
  const allowed = visibleTo(viewer)
  return localeIndex.docs
    .filter((doc) => doc.type === 'article' && allowed.includes(doc.visibility))
    .map(({ id, title, slug, lang }) => ({ id, title, slug, lang }))
}
