import type { Locale } from '~/modules/i18n/locales'
import { foldAccents, internals, isStopWord, lunr, normalizeText, wordTerms } from './lunr.server'
import type { LocaleIndex } from './search-index.server'
import { longestSynonym, synonymKey, type Synonyms } from './synonyms.server'

/** Limits that keep every query cheap, whatever is typed. */
export const searchLimits = { maxQueryLength: 200, maxTerms: 12, maxTermLength: 40, maxResults: 50 }

/**
 * The words of a query, normalised as documents are, without any of lunr's syntax: nothing
 * typed can reach its parser.
 */
export function queryTerms(query: string) {
  return (
    normalizeText(query.slice(0, searchLimits.maxQueryLength))
      .split(/[^\p{L}\p{N}\p{M}]+/u)
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

/**
 * An index token a query looks up. `exact`: it stands for a word as typed (or its synonym, or
 * the correction of a word the index does not hold at all); not exact: a near neighbour of a
 * word that has few matches, whose documents rank after every exact match.
 */
export type Lookup = { weight: number; exact: boolean }

export type QueryPlan = {
  tokens: Map<string, Lookup>
  /** The query as searched when a word the index lacks was replaced; null when none was. */
  correctedQuery: string | null
}

/** A word that matches in fewer documents than this is also looked up by its near neighbours. */
const fewMatches = 2
/** ...by the neighbours that match in at least this many documents, so they are worth it. */
const usefulNeighbour = 3
const nearWeight = 0.3

/**
 * Words shorter than this are never corrected: one edit makes another common word of most
 * three-letter words («kit» → hit, «app» → api).
 */
const minCorrectable = 4

/** Edits allowed for a typed word: one, two for words of eight letters or more. */
export const editsAllowed = (word: string) => (word.length >= 8 ? 2 : 1)

/**
 * Optimal string alignment distance: insertions, deletions, substitutions and transpositions
 * of neighbours each count one, as lunr's fuzzy token sets count them.
 */
export function editDistance(a: string, b: string) {
  return boundedEditDistance(a, b, Math.max(a.length, b.length))
}

/** The number of documents a token is in, counted up to `cap` (enough to compare with a threshold). */
function documentCount(localeIndex: LocaleIndex, token: string, cap = Infinity) {
  const posting = internals(localeIndex.index).invertedIndex[token]
  if (!posting) return 0
  const seen = new Set<number>()
  for (const field of localeIndex.vectors.keys()) {
    for (const position of posting[field]!) {
      seen.add(position)
      if (seen.size >= cap) return seen.size
    }
  }
  return seen.size
}

type TokenSetStatics = { fromString(pattern: string): lunr.TokenSet }
const tokenSets = lunr.TokenSet as unknown as TokenSetStatics

/**
 * An index's vocabulary by length, for finding near words: its tokens, and the words of its
 * documents with accents folded (each with the word as written and its token). Built on the
 * first correction a locale needs, not at load: most queries need none. lunr's fuzzy token
 * sets took 5 to 25 ms for a word of twelve letters; comparing with the words of about the
 * same length and the same first or second letter, stopping each comparison as soon as it is
 * too far, takes a fraction of one.
 */
type Vocabulary = {
  /** The number of documents each token is in. */
  documents: Map<string, number>
  tokens: Buckets
  words: Buckets
  wordOf: Map<string, { word: string; token: string }>
}
const vocabularies = new WeakMap<LocaleIndex, Vocabulary>()
function vocabulary(localeIndex: LocaleIndex): Vocabulary {
  let built = vocabularies.get(localeIndex)
  if (!built) {
    const byLength = (strings: Iterable<string>) => {
      const map = new Map<string, string[]>()
      const put = (key: string, string: string) => {
        const list = map.get(key)
        if (list) list.push(string)
        else map.set(key, [string])
      }
      for (const string of strings) {
        put(bucket(string.length, 0, string[0]!), string)
        if (string.length > 1) put(bucket(string.length, 1, string[1]!), string)
      }
      return map
    }
    const wordOf = new Map<string, { word: string; token: string }>()
    for (const [token, forms] of Object.entries(localeIndex.forms)) {
      for (const word of forms) {
        const folded = foldAccents(word)
        if (!wordOf.has(folded)) wordOf.set(folded, { word, token })
      }
    }
    const tokens = Object.keys(internals(localeIndex.index).invertedIndex)
    built = {
      documents: new Map(tokens.map((token) => [token, documentCount(localeIndex, token)])),
      tokens: byLength(tokens),
      words: byLength(wordOf.keys()),
      wordOf,
    }
    vocabularies.set(localeIndex, built)
  }
  return built
}

/**
 * Words by length and by their first letter, and again by length and their second letter: a
 * near word shares one of the two with what was typed (people seldom get both wrong), so a
 * search looks at a few buckets instead of the whole vocabulary.
 */
type Buckets = Map<string, string[]>
const bucket = (length: number, place: 0 | 1, letter: string) => `${length}:${place}:${letter}`

/** The strings of `buckets` within `edits` of `text` that share its first or second letter, with their distance. */
function near(buckets: Buckets, text: string, edits: number) {
  const found = new Map<string, number>()
  for (let length = text.length - edits; length <= text.length + edits; length++) {
    for (const place of [0, 1] as const) {
      for (const candidate of buckets.get(bucket(length, place, text[place] ?? '')) ?? []) {
        if (candidate === text || found.has(candidate)) continue
        const distance = boundedEditDistance(text, candidate, edits)
        if (distance <= edits) found.set(candidate, distance)
      }
    }
  }
  return found
}

/**
 * `editDistance`, or `max + 1` as soon as it is sure to be more than `max` (when a whole row of
 * the table is above it).
 */
export function boundedEditDistance(a: string, b: string, max: number) {
  if (Math.abs(a.length - b.length) > max) return max + 1
  const width = b.length + 1
  if (rows.length < 3 * width) rows = new Int32Array(6 * width)
  // Three rows of the table in one buffer, reused: this runs for thousands of words per correction.
  let before = 0
  let previous = width
  let current = 2 * width
  for (let j = 0; j < width; j++) rows[previous + j] = j
  for (let i = 1; i <= a.length; i++) {
    rows[current] = i
    let rowMin = i
    for (let j = 1; j <= b.length; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1
      let best = Math.min(rows[previous + j]! + 1, rows[current + j - 1]! + 1, rows[previous + j - 1]! + cost)
      if (
        i > 1 &&
        j > 1 &&
        a.charCodeAt(i - 1) === b.charCodeAt(j - 2) &&
        a.charCodeAt(i - 2) === b.charCodeAt(j - 1)
      )
        best = Math.min(best, rows[before + j - 2]! + 1)
      rows[current + j] = best
      if (best < rowMin) rowMin = best
    }
    if (rowMin > max) return max + 1
    ;[before, previous, current] = [previous, current, before]
  }
  return rows[previous + b.length]!
}
let rows = new Int32Array(0)

type Neighbour = { token: string; word: string; distance: number; documents: number }

/**
 * The index's tokens within the allowed edits of a typed word, nearest first, then the most
 * used: by the word's stem against the index's own vocabulary, and by the word as typed against
 * the words of the documents (a misspelt word often stems differently: «instalasion» keeps its
 * ending, «instalación» loses it). Skipped for short words and words with digits (versions,
 * codes).
 */
function neighbours(localeIndex: LocaleIndex, typed: string, token: string): Neighbour[] {
  if (typed.length < minCorrectable || /\p{N}/u.test(typed)) return []
  const edits = editsAllowed(typed)
  const { documents, tokens, words, wordOf } = vocabulary(localeIndex)
  const best = new Map<string, Neighbour>()
  const consider = (candidate: string, word: string, distance: number) => {
    if (candidate === token) return
    const known = best.get(candidate)
    if (known && known.distance <= distance) return
    best.set(candidate, { token: candidate, word, distance, documents: 0 })
  }
  for (const [candidate, distance] of near(tokens, token, edits))
    consider(candidate, shownWord(localeIndex, candidate, typed), distance)
  for (const [match, distance] of near(words, foldAccents(typed), edits)) {
    const { word, token: candidate } = wordOf.get(match)!
    consider(candidate, word, distance)
  }
  const found = [...best.values()]
  for (const neighbour of found) neighbour.documents = documents.get(neighbour.token) ?? 0
  return found.sort((a, b) => a.distance - b.distance || b.documents - a.documents)
}

/** The word of the documents a token stands for that is nearest to what was typed. */
function shownWord(localeIndex: LocaleIndex, token: string, typed: string) {
  const forms = localeIndex.forms[token]
  if (!forms?.length) return token
  const distance = (form: string) => editDistance(foldAccents(form), foldAccents(typed))
  return forms.reduce((best, form) => (distance(form) < distance(best) ? form : best))
}

/** The first index term of a word that the index holds. */
function indexedTerm(localeIndex: LocaleIndex, locale: Locale, word: string) {
  const { invertedIndex } = internals(localeIndex.index)
  return wordTerms(locale, word).find((term) => term in invertedIndex)
}

/**
 * A word the index lacks, split in two words it holds («deeplink» → deep link), the split
 * whose rarer half is in the most documents.
 */
function split(localeIndex: LocaleIndex, locale: Locale, word: string) {
  let best: { words: [string, string]; tokens: [string, string]; documents: number } | null = null
  for (let at = 2; at <= word.length - 2; at++) {
    const left = word.slice(0, at)
    const right = word.slice(at)
    const leftToken = indexedTerm(localeIndex, locale, left)
    const rightToken = leftToken && indexedTerm(localeIndex, locale, right)
    if (!leftToken || !rightToken) continue
    const documents = Math.min(documentCount(localeIndex, leftToken), documentCount(localeIndex, rightToken))
    if (!best || documents > best.documents)
      best = { words: [left, right], tokens: [leftToken, rightToken], documents }
  }
  return best
}

/**
 * What a query looks up, and how much each token weighs. For each word, in this order:
 * 1. its index term (see `wordTerms`), and the terms of the synonyms of the words and phrases
 *    of the query in the editors' list (a word a synonym covers is no typo);
 * 2. for a word the index lacks entirely (unless `exact`): its nearest neighbour one edit
 *    away, else the two words it splits into, else its nearest neighbour two edits away (for
 *    words of eight letters or more); the query is then shown corrected;
 * 3. for a word with few matches (unless `exact`): its useful neighbours, at a low weight
 *    and ranked after exact matches.
 * Two neighbouring words are also looked up joined («deep link» → deeplink) when the index
 * holds that. The last word also matches as the start of a token, at half weight, for search
 * as you type ("postb" finds postbacks), and is not corrected when it starts some.
 *
 * No token gets a per-field boost here: lunr divides each field's score by the length of the
 * query vector, so boosting every word in the title cancels out. A title weighs more through
 * its boost at build time.
 */
export function planQuery(
  localeIndex: LocaleIndex,
  {
    locale,
    query,
    synonyms,
    exact = false,
  }: { locale: Locale; query: string; synonyms: Synonyms; exact?: boolean },
): QueryPlan {
  const { invertedIndex, tokenSet } = internals(localeIndex.index)
  const tokens = new Map<string, Lookup>()
  const add = (token: string, weight: number, isExact: boolean) => {
    const current = tokens.get(token)
    tokens.set(token, {
      weight: (current?.weight ?? 0) + weight,
      exact: (current?.exact ?? false) || isExact,
    })
  }
  const typed = queryTerms(query)
  const words = searchedWords(locale, typed)
  // A query of stop words only is searched as typed: "correcting" «the» finds nothing meant.
  if (words.length > 0 && words.every((word) => isStopWord(locale, word))) exact = true
  const shown = [...words]
  let corrected = false

  // Synonyms of the query's words and phrases, longest first: a word they cover is no typo.
  const covered = new Set<number>()
  for (let length = Math.min(longestSynonym, words.length); length >= 1; length--) {
    for (let start = 0; start + length <= words.length; start++) {
      const group = synonyms.get(synonymKey(locale, words.slice(start, start + length)))
      if (!group) continue
      for (const synonym of group) {
        for (const synonymWord of synonym) {
          const synonymTerm = indexedTerm(localeIndex, locale, synonymWord)
          if (!synonymTerm) continue
          add(synonymTerm, 1 / synonym.length, true)
          for (let at = start; at < start + length; at++) covered.add(at)
        }
      }
    }
  }

  // The last word may be unfinished (search as you type): it also matches as the start of
  // tokens, at half weight, and is no typo when it starts some ("postb" finds postbacks).
  const last = words[words.length - 1]
  const completions =
    last && last.length >= 3
      ? tokenSet
          .intersect(tokenSets.fromString(`${foldAccents(last)}*`))
          .toArray()
          .filter((token) => token in invertedIndex)
      : []
  for (const token of completions) add(token, 0.5, true)

  words.forEach((word, position) => {
    const term = indexedTerm(localeIndex, locale, word)
    const typedTerm = term ?? wordTerms(locale, word)[0]
    const found =
      Boolean(term) || covered.has(position) || (position === words.length - 1 && completions.length > 0)
    if (term) add(term, 1, true)
    if (exact || !typedTerm) return
    if (!found) {
      // One typo is likelier than two words run together, and two words than two typos.
      const [nearest] = neighbours(localeIndex, word, typedTerm)
      const parts = nearest?.distance === 1 ? null : split(localeIndex, locale, word)
      if (parts) {
        for (const token of parts.tokens) add(token, 1, true)
        shown[position] = parts.words.join(' ')
        corrected = true
      } else if (nearest) {
        add(nearest.token, 1, true)
        shown[position] = nearest.word
        corrected = true
      }
    } else if (term && documentCount(localeIndex, term, fewMatches + 1) <= fewMatches) {
      for (const near of neighbours(localeIndex, word, term)) {
        if (near.documents >= usefulNeighbour) add(near.token, nearWeight, false)
      }
    }
  })

  for (let i = 0; i + 1 < words.length; i++) {
    const joined = indexedTerm(localeIndex, locale, `${words[i]}${words[i + 1]}`)
    if (joined) add(joined, 1, true)
  }

  return { tokens, correctedQuery: corrected ? shown.join(' ') : null }
}
