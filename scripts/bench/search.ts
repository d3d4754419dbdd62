/**
 * Search cost at 1,000 and 10,000 articles per locale: lunr (what the portal uses) against
 * SQLite FTS5 in the same run as the baseline. Prints build time, load time of the stored
 * file (what a server start pays per locale: parsing it, loading the index, preparing the
 * snippet tables), p50/p95 query time (snippets included), the same for the queries with one
 * typo (`+typo`: typo tolerance at work) and the memory the loaded index holds.
 *
 * First, quality on the team's fixture queries (see search-quality.ts).
 *
 *   npm run bench:search [-- --sizes 1000,10000 --queries 300]
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import Database from 'better-sqlite3'
import { createRandom } from '#db/seed/random'
import { locales, type Locale } from '~/modules/i18n/locales'
import { plainText } from '~/modules/kb/markdown.server'
import {
  buildLocaleIndex,
  parseIndex,
  serializeIndex,
  type SearchDocument,
} from '~/modules/search/search-index.server'
import { queryIndex } from '~/modules/search/search.server'
import { measureQuality, printQuality } from './search-quality'

const { values } = parseArgs({
  options: { sizes: { type: 'string', default: '1000,10000' }, queries: { type: 'string', default: '300' } },
})
const sizes = values.sizes!.split(',').map(Number)
const queryCount = Number(values.queries)

/** Words of our own articles in each language, so the synthetic corpus reads like ours. */
function vocabulary(locale: Locale) {
  const root = 'content/kb'
  const words = new Set<string>()
  for (const folder of readdirSync(root, { withFileTypes: true }).filter((d) => d.isDirectory())) {
    try {
      const text = plainText(readFileSync(join(root, folder.name, `${locale}.md`), 'utf8'))
      for (const word of text.split(/[^\p{L}\p{N}]+/u)) if (word.length > 2) words.add(word.toLowerCase())
    } catch {
      // not translated
    }
  }
  return [...words]
}

function corpus(locale: Locale, size: number, words: string[]) {
  const random = createRandom(size)
  const sentence = (n: number) => Array.from({ length: n }, () => random.pick(words)).join(' ')
  return Array.from({ length: size }, (_, i): SearchDocument => ({
    type: 'article',
    id: i + 1,
    slug: `article-${i + 1}`,
    title: sentence(5),
    summary: sentence(18),
    text: Array.from({ length: 12 }, () => `${sentence(15)}.`).join(' '),
    lang: locale,
    visibility: 'public',
    tags: [random.pick(words), random.pick(words)],
  }))
}

/** A query with one letter of its longest word replaced, dropped or swapped with the next. */
function misspell(query: string, random: ReturnType<typeof createRandom>) {
  const words = query.split(' ')
  const longest = words.reduce((at, w, i) => (w.length > words[at]!.length ? i : at), 0)
  const word = words[longest]!
  const at = random.int(1, Math.max(1, word.length - 2))
  const edits = [
    () => `${word.slice(0, at)}x${word.slice(at + 1)}`,
    () => `${word.slice(0, at)}${word.slice(at + 1)}`,
    () => `${word.slice(0, at)}${word[at + 1] ?? ''}${word[at] ?? ''}${word.slice(at + 2)}`,
  ]
  words[longest] = random.pick(edits)()
  return words.join(' ')
}

const percentile = (values: number[], p: number) =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * p))]!
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`
const ms = (value: number) => `${value.toFixed(2)} ms`

// Without a collection the heap still holds the build's garbage: memory figures would be
// noise, and the load would pay for collecting it, which a server start does not.
setFlagsFromString('--expose-gc')
const gc = runInNewContext('gc') as () => void
function heap() {
  gc()
  return process.memoryUsage().heapUsed
}

/** The stored file of a corpus; the built index is garbage once this returns. */
function buildFile(locale: Locale, docs: SearchDocument[]) {
  const started = performance.now()
  const index = buildLocaleIndex(locale, docs)
  return { buildMs: performance.now() - started, file: serializeIndex('bench', index) }
}

printQuality(await measureQuality())

for (const size of sizes) {
  console.log(`\n${size} articles per locale`)
  console.log('locale  engine  build       load        p50        p95        memory')
  for (const locale of locales) {
    const words = vocabulary(locale)
    const docs = corpus(locale, size, words)
    const random = createRandom(7)
    const queries = Array.from({ length: queryCount }, () =>
      Array.from({ length: random.int(1, 3) }, () => random.pick(words)).join(' '),
    )

    const { buildMs, file } = buildFile(locale, docs)
    const before = heap()
    let started = performance.now()
    const loaded = parseIndex(file, 'bench')!
    const loadMs = performance.now() - started
    const lunrMemory = heap() - before
    const timed = (list: string[]) =>
      list.map((query) => {
        const t = performance.now()
        queryIndex(loaded, { locale, query, viewer: { role: null }, limit: 10 })
        return performance.now() - t
      })
    const lunrTimes = timed(queries)
    // The same queries with one letter of one word changed: what typo tolerance costs.
    const typoTimes = timed(queries.map((query) => misspell(query, random)))

    const db = new Database(':memory:')
    started = performance.now()
    db.exec(
      "create virtual table docs using fts5(title, summary, tags, text, tokenize = 'unicode61 remove_diacritics 2')",
    )
    const insert = db.prepare('insert into docs (rowid, title, summary, tags, text) values (?, ?, ?, ?, ?)')
    db.transaction(() =>
      docs.forEach((d) => insert.run(d.id, d.title, d.summary, d.tags.join(' '), d.text)),
    )()
    const ftsBuildMs = performance.now() - started
    const search = db.prepare(
      "select rowid, snippet(docs, 3, '[', ']', '…', 12) as snippet from docs where docs match ? order by bm25(docs, 8.0, 4.0, 4.0, 1.0) limit 10",
    )
    const ftsTimes = queries.map((query) => {
      const t = performance.now()
      search.all(
        query
          .split(' ')
          .map((w) => `"${w.replace(/"/g, '')}"`)
          .join(' OR '),
      )
      return performance.now() - t
    })
    db.close()

    console.log(
      `${locale.padEnd(8)}lunr    ${ms(buildMs).padEnd(12)}${ms(loadMs).padEnd(12)}${ms(percentile(lunrTimes, 0.5)).padEnd(11)}${ms(percentile(lunrTimes, 0.95)).padEnd(11)}${mb(lunrMemory)} (file ${mb(file.length)})`,
    )
    console.log(
      `${''.padEnd(8)}+typo   ${'—'.padEnd(12)}${'—'.padEnd(12)}${ms(percentile(typoTimes, 0.5)).padEnd(11)}${ms(percentile(typoTimes, 0.95)).padEnd(11)}`,
    )
    console.log(
      `${''.padEnd(8)}fts5    ${ms(ftsBuildMs).padEnd(12)}${'—'.padEnd(12)}${ms(percentile(ftsTimes, 0.5)).padEnd(11)}${ms(percentile(ftsTimes, 0.95)).padEnd(11)}`,
    )
  }
}
console.log('\nTargets at 1,000 articles per locale: lunr p95 under 2 ms, load under 300 ms.')
