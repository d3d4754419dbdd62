import lunr from 'lunr'
import lunrEs from 'lunr-languages/lunr.es.js'
import lunrPt from 'lunr-languages/lunr.pt.js'
import lunrRu from 'lunr-languages/lunr.ru.js'
import stemmerSupport from 'lunr-languages/lunr.stemmer.support.js'
import type { Locale } from '~/modules/i18n/locales'

/** Changes whenever a text would get other index terms: stored indexes are then rebuilt. */
export const analysisVersion = 6

type Registry = { registeredFunctions: Record<string, lunr.PipelineFunction> }
const registry = lunr.Pipeline as unknown as Registry

// The start script and the server build each load this module into one process: register
// the languages and our functions once, and reuse what is already registered.
if (!('ru' in lunr)) {
  stemmerSupport(lunr)
  lunrRu(lunr)
  lunrEs(lunr)
  lunrPt(lunr)
}

function registered(fn: lunr.PipelineFunction, label: string): lunr.PipelineFunction {
  const existing = registry.registeredFunctions[label]
  if (existing) return existing
  lunr.Pipeline.registerFunction(fn, label)
  return fn
}

type Languages = Record<
  'ru' | 'es' | 'pt',
  { stemmer: lunr.PipelineFunction; stopWordFilter: lunr.PipelineFunction }
>
const languages = lunr as unknown as typeof lunr & Languages

/**
 * Unicode normalisation and case folding, the first step for documents and queries: NFKC
 * composes a letter and its combining accent into one character (as the stemmers expect) and
 * turns compatibility forms (ligatures such as "ﬁ", full-width letters) into plain ones.
 */
export function normalizeText(text: string) {
  // Plain ASCII is already normal, and it is most words: skip the Unicode normalisation.
  return (/[^\x00-\x7f]/.test(text) ? text.normalize('NFKC') : text).toLowerCase()
}

/**
 * Removes the accents of Latin letters (`configuração` → `configuracao`). Applied to what the
 * stemmer returns, never before it: the Spanish and Portuguese stemmers need the accents to
 * find suffixes such as -ción. Cyrillic keeps its marks (й is a letter of its own).
 */
export function foldAccents(text: string) {
  if (!/[^\x00-\x7f]/.test(text)) return text
  return text
    .normalize('NFD')
    .replace(/([a-z])[\u0300-\u036f]+/gi, '$1')
    .normalize('NFC')
}

/**
 * What a language needs before its Snowball stemmer.
 * - Russian: ё is written е by most readers.
 * - Portuguese: the stemmer leaves -ção and -ções apart (atribuiçã, atribuiçõ), so the plurals
 *   of -ão words become singular first.
 * - Spanish and Portuguese: a word typed without accents gets them back where its ending
 *   allows only one spelling (-cion is always -ción, -cao and -coes always -ção and -ções), so
 *   «integracion» and «integraciones» meet; loanwords lose their plural -s after a consonant
 *   (links, postbacks, dashboards), which the stemmers leave.
 */
const loanwordPlural = /([bcdfgkpt])s$/
const prepare: Record<Locale, (word: string) => string> = {
  en: (word) => word,
  es: (word) => word.replace(/([cs])ion$/, '$1ión').replace(loanwordPlural, '$1'),
  pt: (word) =>
    word
      .replace(/coes$/, 'ções')
      .replace(/cao$/, 'ção')
      .replace(/(?:ões|ães|ãos)$/, 'ão')
      .replace(loanwordPlural, '$1'),
  ru: (word) => word.replace(/ё/g, 'е'),
}

/** Words of a stop list that are content in our documents: es «estado» is a ticket's status. */
const keptFromStopLists: Record<Locale, Set<string>> = {
  en: new Set(),
  es: new Set(['estado', 'estados']),
  pt: new Set(),
  ru: new Set(),
}

const stemmers: Record<Locale, lunr.PipelineFunction> = {
  en: lunr.stemmer,
  es: languages.es.stemmer,
  pt: languages.pt.stemmer,
  ru: languages.ru.stemmer,
}
const stopWordFilters: Record<Locale, lunr.PipelineFunction> = {
  en: lunr.stopWordFilter,
  es: languages.es.stopWordFilter,
  pt: languages.pt.stopWordFilter,
  ru: languages.ru.stopWordFilter,
}

const stemOne = (locale: Locale, word: string) =>
  String(stemmers[locale](new lunr.Token(prepare[locale](word), {}), 0, []))

/** Whether a normalised word is on the locale's stop list (and not one we keep). */
export function isStopWord(locale: Locale, word: string) {
  if (keptFromStopLists[locale].has(word)) return false
  return !stopWordFilters[locale](new lunr.Token(word, {}), 0, [])
}

/**
 * The index terms of one normalised word: the stem of the word as written, accents folded
 * afterwards; and, for a word with accents, the stem of the word without them, folded too,
 * which is what a reader who types without accents gets («integracion» stems to itself, not to
 * «integr»). Documents and queries go through this same function.
 */
export function wordTerms(locale: Locale, word: string): string[] {
  const cache = termCache[locale]
  let terms = cache.get(word)
  if (!terms) {
    terms = analyse(locale, word)
    // Words repeat across documents: the cache saves most of an index build's stemming. It is
    // emptied when full rather than kept in order, which costs more than it saves.
    if (cache.size >= 100_000) cache.clear()
    cache.set(word, terms)
  }
  return terms
}

const termCache = { en: new Map(), ru: new Map(), es: new Map(), pt: new Map() } as Record<
  Locale,
  Map<string, string[]>
>

function analyse(locale: Locale, word: string): string[] {
  const primary = foldAccents(stemOne(locale, word))
  const folded = foldAccents(word)
  if (folded === word) return primary ? [primary] : []
  const plain = foldAccents(stemOne(locale, folded))
  return plain && plain !== primary ? [primary, plain] : [primary]
}

/** Trims punctuation, keeping letters of every script (the lunr-languages trimmers drop other scripts). */
export function trimWord(text: string) {
  return text.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '')
}

const normalizer = registered(
  (token) => token.update((text) => trimWord(normalizeText(text))),
  'hubNormalize',
)

const analyzers = {} as Record<Locale, { stopWords: lunr.PipelineFunction; terms: lunr.PipelineFunction }>
for (const locale of ['en', 'ru', 'es', 'pt'] as const) {
  analyzers[locale] = {
    stopWords: registered(
      (token) => (token.toString() && !isStopWord(locale, token.toString()) ? token : null),
      `hubStopWords-${locale}`,
    ),
    terms: registered((token) => {
      const terms = wordTerms(locale, token.toString())
      return terms.map((term) => token.clone(() => term))
    }, `hubTerms-${locale}`),
  }
}

/**
 * Splits text into words at anything that is not a letter, digit or combining mark, as
 * `queryTerms` splits a query. lunr's own tokenizer splits only at spaces and hyphens, which
 * left tokens such as `ios/runner/info.plist`: a prefix search for "ios" found those.
 */
function tokenizer(value: unknown, metadata?: object): lunr.Token[] {
  if (value === null || value === undefined) return []
  const tokens: lunr.Token[] = []
  for (const match of String(value).matchAll(/[\p{L}\p{N}\p{M}]+/gu)) {
    tokens.push(
      new lunr.Token(match[0].toLowerCase(), {
        ...metadata,
        position: [match.index, match[0].length],
        index: tokens.length,
      }),
    )
  }
  return tokens
}

/**
 * The lunr plugin of a locale, for documents: normalise and trim, drop stop words, then stem
 * and fold (see `wordTerms`). Queries do not use lunr's search pipeline: `search.server`
 * analyses each word with the same functions.
 */
export function languagePlugin(locale: Locale): lunr.Builder.Plugin {
  return function (this: lunr.Builder) {
    ;(this as unknown as { tokenizer: typeof tokenizer }).tokenizer = tokenizer
    this.pipeline.reset()
    this.pipeline.add(normalizer, analyzers[locale].stopWords, analyzers[locale].terms)
    this.searchPipeline.reset()
    this.searchPipeline.add(normalizer, analyzers[locale].terms)
  }
}

/** Turns one word into the index term that `locale` stores first for it (for highlighting). */
export function wordNormalizer(locale: Locale) {
  return (word: string) => wordTerms(locale, trimWord(normalizeText(word)))[0] ?? ''
}

type FieldVector = lunr.Vector & { elements: number[] }

/** The parts of a lunr.Index that we read directly: lunr sets them up, its types leave them out. */
type IndexInternals = {
  /** By term, then by field: the positions of the documents holding it, ascending (see `compactPostings`). */
  invertedIndex: Record<string, Record<string, number[]> & { _index: number }>
  fieldVectors: Record<string, FieldVector>
  tokenSet: lunr.TokenSet
  pipeline: lunr.Pipeline
  fields: string[]
}
export const internals = (index: lunr.Index) => index as unknown as IndexInternals

/**
 * An index's field vectors by field (in the order of its fields), then by document ref, for
 * an index whose refs are the positions 0, 1, 2… lunr keys them by `field/ref`: building and
 * hashing that string for every matching document took a quarter of a query.
 */
export function fieldVectorsByPosition(index: lunr.Index) {
  const { fields, fieldVectors } = internals(index)
  const byField = new Map(fields.map((field) => [field, [] as FieldVector[]]))
  for (const key in fieldVectors) {
    const slash = key.indexOf('/')
    byField.get(key.slice(0, slash))![Number(key.slice(slash + 1))] = fieldVectors[key]!
  }
  return byField
}

/**
 * Replaces, in a freshly built index, each term's postings per field (an object keyed by
 * document ref whose values, the match metadata, nothing reads) by the documents' positions,
 * ascending: the order lunr's objects listed them in. At 1,000 long articles per language the
 * objects were 720,000 per locale and about 150 MB of heap; the arrays are a few megabytes, and
 * the stored file keeps them as they are (lunr.Index.load takes postings as given). lunr's own
 * `Index.search` cannot read them; search.server scores documents itself.
 */
export function compactPostings(index: lunr.Index) {
  const { invertedIndex, fields } = index as unknown as {
    invertedIndex: Record<string, Record<string, unknown>>
    fields: string[]
  }
  for (const term in invertedIndex) {
    const posting = invertedIndex[term]!
    for (const field of fields) posting[field] = Object.keys(posting[field] as object).map(Number)
  }
  return index
}

export { lunr }
