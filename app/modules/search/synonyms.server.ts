import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse as parseYaml } from 'yaml'
import { z } from 'zod'
import type { Locale } from '~/modules/i18n/locales'
import { normalizeText, trimWord, wordTerms } from './lunr.server'

/**
 * The editors' synonym lists, `content/search/synonyms.<lang>.yaml`: groups of words that mean
 * the same to our readers (android/андроид, postback/постбэк). Applied to queries only, so a
 * change to a list needs no new index.
 */
const groupsSchema = z.array(z.array(z.union([z.string(), z.number()]).transform(String)).min(2))

/** For each index term of a single-word entry, the words of every other entry of its groups. */
export type Synonyms = Map<string, string[][]>

const words = (entry: string) =>
  normalizeText(entry)
    .split(/[^\p{L}\p{N}]+/u)
    .map(trimWord)
    .filter(Boolean)

/**
 * A locale's synonyms from a list's groups. An entry of one word is looked up by its index
 * term, so inflected forms find it too (андроида → андроид); an entry of several words
 * ("deep link") is searched as its words and does not trigger a group itself.
 */
export function synonymsOf(locale: Locale, groups: string[][]): Synonyms {
  const synonyms: Synonyms = new Map()
  for (const group of groups) {
    const entries = group.map(words).filter((entry) => entry.length > 0)
    for (const entry of entries) {
      if (entry.length !== 1) continue
      for (const term of wordTerms(locale, entry[0]!)) {
        const others = entries.filter((other) => other !== entry)
        synonyms.set(term, [...(synonyms.get(term) ?? []), ...others])
      }
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
