/**
 * Search quality on the team's own fixture queries (`tests/fixtures/search-queries/`): recall@5
 * (the share of queries whose expected article is in the first five results) and MRR (the mean
 * of 1/rank of the expected article, 0 when it is not in the first ten), per language, against
 * the starter content imported into a fresh database; and recall@5 of the same queries with a
 * typo (two neighbouring letters of their longest word swapped).
 *
 *   npx tsx scripts/bench/search-quality.ts
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createDb } from '~/db-connection.server'
import { buildLocaleIndex, documentsByLocale } from '~/modules/search/search-index.server'
import { queryIndex } from '~/modules/search/search.server'
import { runImport, starterContentDir } from '../content-import'
import { migrateDatabase } from '../db-migrate'

type Query = { lang: 'en' | 'ru' | 'es' | 'pt'; query: string; expected: string }

/** The query with two neighbouring letters in the middle of its longest word swapped. */
function withTypo(query: string) {
  const words = query.split(' ')
  const at = words.reduce((best, w, i) => (w.length > words[best]!.length ? i : best), 0)
  const word = words[at]!
  const middle = Math.floor(word.length / 2)
  if (word.length >= 4)
    words[at] = `${word.slice(0, middle - 1)}${word[middle]}${word[middle - 1]}${word.slice(middle + 1)}`
  return words.join(' ')
}

export async function measureQuality() {
  const dir = mkdtempSync(join(tmpdir(), 'hub-search-quality-'))
  const file = join(dir, 'hub.db')
  try {
    migrateDatabase(file)
    runImport(starterContentDir, file, { quiet: true })
    // Indexes built here from that file: the search module's own would open the configured database.
    const { db, sqlite } = createDb(file)
    const docs = documentsByLocale(db)
    sqlite.close()
    const fixtures = fileURLToPath(new URL('../../tests/fixtures/search-queries', import.meta.url))
    const queries = readdirSync(fixtures).flatMap(
      (name) => JSON.parse(readFileSync(join(fixtures, name), 'utf8')) as Query[],
    )
    return (['en', 'ru', 'es', 'pt'] as const).map((lang) => {
      const index = buildLocaleIndex(lang, docs[lang])
      const own = queries.filter((q) => q.lang === lang)
      const rankOf = (query: string, expected: string) =>
        queryIndex(index, { locale: lang, query, viewer: { role: 'customer' }, limit: 10 })
          .map((r) => r.slug)
          .indexOf(expected) + 1
      const recallOf = (ranks: number[]) =>
        ranks.filter((rank) => rank > 0 && rank <= 5).length / ranks.length
      const ranks = own.map(({ query, expected }) => rankOf(query, expected))
      const typoRanks = own.map(({ query, expected }) => rankOf(withTypo(query), expected))
      const mrr = ranks.reduce((sum, rank) => sum + (rank > 0 ? 1 / rank : 0), 0) / own.length
      return { lang, queries: own.length, recall: recallOf(ranks), mrr, typoRecall: recallOf(typoRanks) }
    })
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

export function printQuality(rows: Awaited<ReturnType<typeof measureQuality>>) {
  console.log('\nQuality on our fixture queries (starter content, customer viewer)')
  console.log('locale  queries  recall@5  MRR    recall@5 with a typo')
  for (const { lang, queries, recall, mrr, typoRecall } of rows)
    console.log(
      `${lang.padEnd(8)}${String(queries).padEnd(9)}${recall.toFixed(3).padEnd(10)}${mrr.toFixed(3).padEnd(7)}${typoRecall.toFixed(3)}`,
    )
}

if (process.argv[1] === fileURLToPath(import.meta.url)) printQuality(await measureQuality())
