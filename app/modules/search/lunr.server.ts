import lunr from 'lunr'
import lunrEs from 'lunr-languages/lunr.es.js'
import lunrPt from 'lunr-languages/lunr.pt.js'
import lunrRu from 'lunr-languages/lunr.ru.js'
import stemmerSupport from 'lunr-languages/lunr.stemmer.support.js'
import type { Locale } from '~/modules/i18n/locales'

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
  { stemmer: lunr.PipelineFunction; trimmer: lunr.PipelineFunction }
>
const languages = lunr as unknown as typeof lunr & Languages & Record<'ru' | 'es' | 'pt', lunr.Builder.Plugin>

/**
 * Accents are folded on both sides, before stemming, so `configuracao` finds `configuração`
 * and `ola` finds `Olá`. Only marks on Latin letters go: Russian й keeps its breve (the
 * stemmer needs it), ё becomes е as Russian readers write it.
 */
export function foldAccents(text: string) {
  // Plain ASCII has nothing to fold, and it is most words: skip the Unicode normalization.
  if (!/[^\x00-\x7f]/.test(text)) return text
  return text
    .normalize('NFD')
    .replace(/([a-z])[\u0300-\u036f]+/gi, '$1')
    .normalize('NFC')
    .replace(/ё/g, 'е')
}

const fold = registered((token) => token.update((text) => foldAccents(text)), 'hubFoldAccents')

/**
 * Trims punctuation, keeping letters of every script: the trimmers of lunr-languages keep
 * only their own alphabet, so the Russian one would drop "SDK", "iOS" or "postback".
 */
const trimmer = registered(
  (token) => token.update((text) => text.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '')),
  'hubTrimmer',
)

function stemmerOf(locale: Locale): lunr.PipelineFunction {
  return locale === 'en' ? lunr.stemmer : languages[locale].stemmer
}

/** The lunr plugin of a locale: its trimmer, stop words and stemmer, with folding before stemming. */
export function languagePlugin(locale: Locale): lunr.Builder.Plugin {
  return function (this: lunr.Builder) {
    if (locale !== 'en') this.use(languages[locale])
    const languageTrimmer = locale === 'en' ? lunr.trimmer : languages[locale].trimmer
    for (const pipeline of [this.pipeline, this.searchPipeline]) {
      pipeline.remove(languageTrimmer)
      const first = (pipeline as unknown as { _stack: lunr.PipelineFunction[] })._stack[0]!
      pipeline.before(first, trimmer)
      pipeline.before(stemmerOf(locale), fold)
    }
  }
}

/** Turns one word into what the index of `locale` stores for it (for highlighting). */
export function wordNormalizer(locale: Locale) {
  const pipeline = new lunr.Pipeline()
  pipeline.add(fold, stemmerOf(locale))
  return (word: string) => pipeline.runString(word.toLowerCase())[0] ?? ''
}

type FieldVector = lunr.Vector & { elements: number[] }

/** The parts of a lunr.Index that we read directly: lunr sets them up, its types leave them out. */
type IndexInternals = {
  invertedIndex: Record<string, Record<string, Record<string, unknown>> & { _index: number }>
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

export { lunr }
