import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse as parseYaml } from 'yaml'
import { z } from 'zod'
import type { Locale } from '~/modules/i18n/locales'
import { isStopWord, normalizeText, trimWord, wordTerms } from './lunr.server'

/**
 * The editors' synonym lists, `content/search/synonyms.<lang>.yaml`: groups of words that mean
 * the same to our readers (android/андроид, postback/постбэк). Applied to queries only, so a
 * change to a list needs no new index.
 */
const groupsSchema = z.array(z.array(z.union([z.string(), z.number()]).transform(String)).min(2))

/**
 * For each entry of a group, by its key (see `synonymKey`), the words of every other entry of
 * its groups.
 */
export type Synonyms = Map<string, string[][]>

/** The longest entry, in words, that a query is checked against. */
export const longestSynonym = 4

const words = (entry: string) =>
  normalizeText(entry)
    .split(/[^\p{L}\p{N}]+/u)
    .map(trimWord)
    .filter(Boolean)

/**
 * The key of an entry or of words of a query: the first index term of each word, so inflected
 * forms find it too (андроида → андроид, «enlaces profundos» → enlace profundo).
 */
export const synonymKey = (locale: Locale, entryWords: string[]) =>
  entryWords.map((word) => wordTerms(locale, word)[0] ?? word).join(' ')

/** A locale's synonyms from a list's groups of entries (a word, or a few words such as "deep link"). */
export function synonymsOf(locale: Locale, groups: string[][]): Synonyms {
  const synonyms: Synonyms = new Map()
  for (const group of groups) {
    // Without stop words, as a query's words are matched («kit de desarrollo» → kit desarrollo).
    const entries = group
      .map((entry) => {
        const all = words(entry)
        const content = all.filter((word) => !isStopWord(locale, word))
        return content.length > 0 ? content : all
      })
      .filter((entry) => entry.length > 0 && entry.length <= longestSynonym)
    for (const entry of entries) {
      const key = synonymKey(locale, entry)
      const others = entries.filter((other) => other !== entry)
      synonyms.set(key, [...(synonyms.get(key) ?? []), ...others])
    }
  }
  return synonyms
}

export const synonymsDir = () => join(process.cwd(), 'content', 'search')

const loaded = new Map<Locale, Synonyms>()

/**
 * The synonyms of a locale, read once per process. A list that is missing or not valid YAML
 * gives none: search works without it, and the error is logged for the editors.
 */
export function localeSynonyms(locale: Locale, dir = synonymsDir()): Synonyms {
  const cached = loaded.get(locale)
  if (cached) return cached
  const file = join(dir, `synonyms.${locale}.yaml`)
  let synonyms: Synonyms = new Map()
  if (existsSync(file)) {
    try {
      synonyms = synonymsOf(locale, groupsSchema.parse(parseYaml(readFileSync(file, 'utf8')) ?? []))
    } catch (error) {
      console.warn(`Ignoring ${file}: ${(error as Error).message.split('\n')[0]}`)
    }
  }
  loaded.set(locale, synonyms)
  return synonyms
}
