import type { Locale } from '~/modules/i18n/locales'
import { internals, lunr, wordNormalizer } from './lunr.server'
import type { SearchDocument } from './search-index.server'

/**
 * The sentences a document's snippet is chosen from: where each one is in
 * `summary + ' ' + text`, and the index term of each of its words (lunr's term number, -1
 * for a word the index leaves out, such as a stop word). Prepared with the index and stored
 * with it, so neither a query nor a server start splits or stems text: stemming the words of
 * each result cost as much as the search, and doing it for every document at load took
 * longer than loading the index.
 */
export type DocumentSentences = { bounds: [number, number][]; terms: number[][] }

const sentenceGap = /(?<=[.!?])\s+/g
const word = /[\p{L}\p{N}]+/gu

export function documentSentences(locale: Locale, index: lunr.Index, docs: SearchDocument[]) {
  const { invertedIndex } = internals(index)
  const normalize = wordNormalizer(locale)
  const termOfWord = new Map<string, number>()
  const termOf = (text: string) => {
    let term = termOfWord.get(text)
    if (term === undefined) {
      term = invertedIndex[normalize(text)]?._index ?? -1
      termOfWord.set(text, term)
    }
    return term
  }
  return docs.map((doc): DocumentSentences => {
    const full = `${doc.summary} ${doc.text}`
    // The first 80 sentences, leaving out fragments (headings, list items); the summary when
    // there is no sentence at all.
    const bounds: [number, number][] = []
    let start = 0
    for (const gap of full.matchAll(sentenceGap)) {
      if (gap.index - start >= 20) bounds.push([start, gap.index])
      start = gap.index + gap[0].length
    }
    if (full.length - start >= 20) bounds.push([start, full.length])
    if (bounds.length === 0) bounds.push([0, doc.summary.length])
    const kept = bounds.slice(0, 80)
    return {
      bounds: kept,
      terms: kept.map(([from, to]) => (full.slice(from, to).match(word) ?? []).map(termOf)),
    }
  })
}

/**
 * The sentence of a document with the most distinct matched terms (the first one on a tie),
 * cut to 240 characters, and the places of its words that matched.
 */
export function snippetOf(doc: SearchDocument, { bounds, terms }: DocumentSentences, matched: Set<number>) {
  let best = 0
  let bestScore = -1
  for (let i = 0; i < terms.length; i++) {
    const words = terms[i]!
    let score = 0
    for (let at = 0; at < words.length; at++) {
      // Each matched term counts once, at its first place in the sentence.
      if (matched.has(words[at]!) && words.indexOf(words[at]!) === at) score++
    }
    if (score > bestScore) {
      best = i
      bestScore = score
    }
  }
  const [from, to] = bounds[best]!
  const sentence = `${doc.summary} ${doc.text}`.slice(from, to)
  const snippet = sentence.length > 240 ? `${sentence.slice(0, 237).replace(/\s+\S*$/, '')}…` : sentence
  const highlights: [number, number][] = []
  // The words of the snippet are the first words of the sentence, in the same order.
  let position = 0
  for (const match of snippet.matchAll(word)) {
    if (matched.has(terms[best]![position++]!)) highlights.push([match.index, match[0].length])
  }
  return { snippet, highlights }
}

/** For each index token, the words (lowercase, as written) that it stands for. */
export type WordForms = Record<string, string[]>

/**
 * The words each token of the index stands for, from titles, summaries and texts: a corrected
 * query shows a word people write («dashboard»), not a stem («dashboard» is fine, «integr» is
 * not), and a misspelt word is compared with the words as written (see `neighbours`).
 */
export function wordForms(locale: Locale, index: lunr.Index, docs: SearchDocument[]): WordForms {
  const { invertedIndex } = internals(index)
  const normalize = wordNormalizer(locale)
  const seen = new Set<string>()
  const forms: WordForms = {}
  for (const doc of docs) {
    for (const text of [doc.title, doc.summary, doc.text]) {
      for (const [form] of text.toLowerCase().matchAll(word)) {
        if (seen.has(form)) continue
        seen.add(form)
        const token = normalize(form)
        if (!(token in invertedIndex)) continue
        ;(forms[token] ??= []).push(form)
      }
    }
  }
  return forms
}
