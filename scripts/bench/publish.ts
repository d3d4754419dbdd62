/**
 * How long the portal stops answering while content is published into a big knowledge base:
 * 1,000 articles per language, written in the shape of the longest starter articles. Starts
 * the built server, then polls /healthz and /api/search back to back, first with nothing
 * happening (the baseline of this run on this machine), then while an editor publishes
 * articles through the editor's own pages. Prints the longest wait and p99 of each phase, the
 * server's memory (steady state and the peak during rebuilds) and how long after a publish
 * search finds the article in each language (all four fall back to its English text).
 *
 *   npm run bench:publish [-- --articles 1000 --publishes 3 --baseline 8]
 *
 * `--node-options` is handed to the server as NODE_OPTIONS (a `--import` of a GC tracer, a heap
 * limit) and `--server-log FILE` keeps what the server printed, to see where a pause came from.
 */
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { sql } from 'drizzle-orm'
import * as schema from '#db/schema/index'
import { createRandom } from '#db/seed/random'
import { createDb } from '~/db-connection.server'
import { locales, type Locale } from '~/modules/i18n/locales'
import { createClient } from '../../tests/setup/http'
import { startServer } from '../../tests/setup/server'
import { prepareTemplate } from '../../tests/setup/template'

const { values } = parseArgs({
  options: {
    articles: { type: 'string', default: '1000' },
    publishes: { type: 'string', default: '3' },
    baseline: { type: 'string', default: '8' },
    'node-options': { type: 'string' },
    'server-log': { type: 'string' },
  },
})
const articleCount = Number(values.articles)
const publishCount = Number(values.publishes)
const baselineSeconds = Number(values.baseline)

/** The longest starter article of a locale, and the words of all of them. */
function starterShape(locale: Locale) {
  const root = 'content/kb'
  let longest = ''
  const words = new Set<string>()
  for (const folder of readdirSync(root, { withFileTypes: true }).filter((d) => d.isDirectory())) {
    let text: string
    try {
      text = readFileSync(join(root, folder.name, `${locale}.md`), 'utf8').replace(/^---[\s\S]*?---\n/, '')
    } catch {
      continue // not translated
    }
    if (text.length > longest.length) longest = text
    for (const word of text.match(/\p{L}{3,}/gu) ?? []) words.add(word.toLowerCase())
  }
  return { longest, words: [...words] }
}

/** The database: the demo's, plus `articleCount` published articles in every language. */
function bigKnowledgeBase(file: string) {
  const { db, sqlite } = createDb(file)
  const random = createRandom(articleCount)
  const shapes = Object.fromEntries(locales.map((l) => [l, starterShape(l)])) as Record<
    Locale,
    ReturnType<typeof starterShape>
  >
  // Every word of the longest article replaced by one of the language's words: the same
  // headings, lists, code and length, another text each time.
  const text = (locale: Locale) =>
    shapes[locale].longest.replace(/\p{L}{3,}/gu, () => random.pick(shapes[locale].words))
  const phrase = (locale: Locale, n: number) =>
    Array.from({ length: n }, () => random.pick(shapes[locale].words)).join(' ')
  const categoryId = db.select({ id: schema.categories.id }).from(schema.categories).get()!.id
  sqlite.transaction(() => {
    for (let i = 0; i < articleCount; i++) {
      const article = db
        .insert(schema.articles)
        .values({
          key: `bench-${i}`,
          categoryId,
          visibility: 'public',
          sourceLocale: 'en',
          position: 1000 + i,
        })
        .returning()
        .get()
      for (const locale of locales)
        db.insert(schema.articleTranslations)
          .values({
            articleId: article.id,
            locale,
            slug: `bench-${locale}-${i}`,
            title: phrase(locale, 6),
            summary: phrase(locale, 18),
            tags: [random.pick(shapes[locale].words)],
            body: text(locale),
            status: 'published',
          })
          .run()
    }
  })()
  const perLocale = db.all<{ locale: string; n: number; chars: number }>(
    sql`select locale, count(*) as n, avg(length(body)) as chars from article_translations where status = 'published' group by locale`,
  )
  sqlite.close()
  return perLocale
}

const percentile = (values: number[], p: number) =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * p))] ?? 0
const ms = (value: number) => `${value.toFixed(1)} ms`.padEnd(11)

/** The server's resident memory, from /proc. */
function rssMb(pid: number) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024
}

/** Requests `path` back to back until `stop()` says so; the time of each answer. */
async function poll(url: string, path: string, stop: () => boolean) {
  const waits: number[] = []
  while (!stop()) {
    const started = performance.now()
    const response = await fetch(`${url}${path}`)
    await response.arrayBuffer()
    if (!response.ok) throw new Error(`${path}: ${response.status}`)
    waits.push(performance.now() - started)
  }
  return waits
}

async function searchFinds(url: string, word: string, slug: string, lang: Locale) {
  const response = await fetch(`${url}/api/search?${new URLSearchParams({ q: word, lang })}`)
  const body = (await response.json()) as { results: { slug: string }[] }
  return body.results.some((r) => r.slug === slug)
}

await prepareTemplate()
const server0 = await startServer() // a data folder with the demo database in it
await server0.stop()
rmSync(join(server0.dataDir, 'search'), { recursive: true, force: true })
console.log('Writing the knowledge base…', JSON.stringify(bigKnowledgeBase(server0.databaseFile)))
const { db: benchDb, sqlite: benchSqlite } = createDb(server0.databaseFile)
const categoryKey = benchDb.select({ key: schema.categories.key }).from(schema.categories).get()!.key
benchSqlite.close()
console.log('Starting the server (it builds the indexes once, at start)…')
const server = await startServer({
  dataDir: server0.dataDir,
  env: values['node-options'] ? { NODE_OPTIONS: values['node-options'] } : {},
})
try {
  // The first search waits for the indexes the start builds: nothing is measured before. On a
  // busy machine that is longer than fetch waits for an answer (5 min): it asks again.
  const startedAt = performance.now()
  for (;;) {
    try {
      await (await fetch(`${server.url}/api/search?q=webhook&lang=en`)).arrayBuffer()
      break
    } catch (error) {
      if (performance.now() - startedAt > 1_800_000) throw error
    }
  }
  console.log(`The first search answered after ${((performance.now() - startedAt) / 1000).toFixed(0)} s`)

  const phase = async (name: string, during: () => Promise<void>) => {
    let done = false
    let peak = 0
    const memory = setInterval(() => (peak = Math.max(peak, rssMb(server.pid))), 50)
    const steady = rssMb(server.pid)
    const polls = Promise.all([
      poll(server.url, '/healthz', () => done),
      poll(server.url, '/api/search?q=webhook%20retry&lang=ru', () => done),
    ])
    try {
      // A request that fails (the server stopped) ends the phase at once, with the server's output.
      await Promise.race([during(), polls])
    } finally {
      // Polling stops whatever happened: the server's close waits for its connections to end.
      done = true
    }
    const [health, searches] = await polls
    clearInterval(memory)
    peak = Math.max(peak, rssMb(server.pid))
    console.log(
      `${name.padEnd(12)}${ms(Math.max(...health))}${ms(percentile(health, 0.99))}${ms(Math.max(...searches))}${ms(percentile(searches, 0.99))}${String(health.length + searches.length).padEnd(10)}${steady.toFixed(0)} → ${peak.toFixed(0)} MB`,
    )
  }

  const editor = createClient(server.url)
  const signIn = await editor.signIn('editor@hub.example')
  if (signIn.status !== 302) throw new Error(`sign-in: ${signIn.status}`)

  console.log(`\n${articleCount} articles per language`)
  console.log('phase       healthz max p99        search max p99         requests  memory (start → peak)')
  await phase('baseline', () => new Promise((resolve) => setTimeout(resolve, baselineSeconds * 1000)))
  const freshness: Record<Locale, number>[] = []
  await phase('publishing', async () => {
    for (let i = 0; i < publishCount; i++) {
      const word = `zephyr${'abcdefghij'.slice(i, i + 1)}${Date.now().toString(36).replace(/\d/g, '')}`
      const text = {
        title: `Configure the ${word} webhook`,
        slug: `configure-the-${word}-webhook`,
        summary: `Send ${word} events to your server.`,
        tags: `webhooks, ${word}`,
        body: '## Steps\n\nOpen the dashboard.\nChoose Webhooks.\n',
      }
      // As an editor does: a new article, then its publication (the request that rebuilds search).
      const created = await editor.post('/en/staff/content/new', {
        ...text,
        sourceLocale: 'en',
        categoryKey,
        visibility: 'public',
      })
      const id = /\/en\/staff\/content\/(\d+)\/en$/.exec(created.headers.get('Location') ?? '')?.[1]
      if (!id) throw new Error(`creating an article: ${created.status}`)
      const started = performance.now()
      const published = await editor.post(`/en/staff/content/${id}/en`, {
        ...text,
        intent: 'publish',
        expectedRevision: '1',
        translatedFrom: '1',
      })
      if (published.status !== 200) throw new Error(`publishing: ${published.status}`)
      // Every language falls back to the English text: each finds the article once its own
      // index is rebuilt.
      const found: Partial<Record<Locale, number>> = {}
      while (Object.keys(found).length < locales.length) {
        if (performance.now() - started > 600_000) throw new Error('search never found the article')
        for (const locale of locales.filter((l) => found[l] === undefined))
          if (await searchFinds(server.url, word, text.slug, locale))
            found[locale] = performance.now() - started
        await new Promise((resolve) => setTimeout(resolve, 100))
      }
      freshness.push(found as Record<Locale, number>)
    }
  })
  const seconds = (f: number) => `${(f / 1000).toFixed(1)} s`
  console.log('\nSearch finds a published article after (English first, then the last language):')
  for (const [n, found] of freshness.entries())
    console.log(
      `  publish ${n + 1}: ${locales.map((l) => `${l} ${seconds(found[l])}`).join(', ')}; all ${seconds(Math.max(...Object.values(found)))}`,
    )
  console.log('Target: longest wait of any request while publishing ≤ 100 ms.')
} catch (error) {
  // The server's last words say why it stopped answering (a crash, the memory limit).
  console.error(server.output().slice(-3000))
  throw error
} finally {
  await server.stop()
  if (values['server-log']) writeFileSync(values['server-log'], server.output())
  rmSync(server.dataDir, { recursive: true, force: true })
}
