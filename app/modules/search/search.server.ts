import { existsSync } from 'node:fs'
import { Worker } from 'node:worker_threads'
import { and, eq, gte, sql } from 'drizzle-orm'
import { config } from '~/config.server'
import { db, schema } from '~/db.server'
import { locales, type Locale } from '~/modules/i18n/locales'
import type { Viewer } from '~/modules/kb/visibility'
import { noteStorageFailure } from '~/modules/storage/storage.server'
import { createIndexRefresher } from './index-refresh.server'
import { queryTerms, searchLimits } from './query-plan.server'
import {
  type LocaleFingerprints,
  type SearchWorkerInput,
  type SearchWorkerMessage,
  type SearchWorkerQuestion,
  type SearchWorkerRequest,
} from './search-index.server'
import type { readableArticles, SearchInput, SearchOutcome, SearchResult } from './search-query.server'

export { queryTerms, searchedWords, searchLimits } from './query-plan.server'
export {
  otherLanguageFactor,
  otherPlatformFactor,
  queryIndex,
  samePlatformFactor,
  searchIndex,
  type SearchInput,
  type SearchOutcome,
  type SearchResult,
} from './search-query.server'

/**
 * The indexes live in a worker thread, one generation at a time (search-index.worker.ts): the
 * main thread holds none, so its heap stays small and its garbage collection short, and it asks
 * the worker for each search. A rebuild builds the changed locales in a short-lived worker, then
 * starts the next generation, which loads every locale while the current one answers; once it
 * is ready, searches go to it and the previous one ends when its last answer is out.
 */
type Generation = {
  ask<T>(request: SearchWorkerQuestion, fallback: T): Promise<T>
  /** No more questions: it ends once it has answered those it has. */
  retire(): void
}

/**
 * How long a search waits for the worker's answer before it gets the fallback (no results): a
 * search answers in milliseconds, so only a worker that has stopped or hangs comes near it.
 */
const answerTimeoutMs = 5_000

let serving: Generation | null = null
let servedOnce = false
let started: Promise<void> | null = null
let checkedAt = 0

const refresher = createIndexRefresher<Generation>({
  build: async (known, deliver) => {
    const built = await buildChanged(known)
    if (!built) return
    // The other changed locales, one worker each, with the fingerprint each one was built from.
    for (const locale of built.rest) {
      const next = await buildChanged(known, locale)
      if (!next) continue
      built.fingerprints[locale] = next.fingerprints[locale]
      Object.assign(built.unwritten, next.unwritten)
    }
    const generation = await startGeneration(built)
    const changed = locales.filter((locale) => known[locale] !== built.fingerprints[locale])
    if (changed.length === 0) generation.retire()
    for (const locale of changed)
      await deliver({ locale, fingerprint: built.fingerprints[locale], payload: generation })
  },
  // Every changed locale of a build comes in the same generation: the first one switches.
  install: async ({ payload }) => {
    if (serving === payload) return
    const previous = serving
    serving = payload
    servedOnce = true
    previous?.retire()
  },
  onError: (error) => console.error('Could not rebuild the search indexes', error),
})

/** The first generation: a start loads (or builds) the indexes in the worker, and the first searches wait for it. */
function start() {
  if (!started) {
    checkedAt = Date.now()
    refresher.request()
    started = refresher.idle()
  }
  return started
}

/** Loads the indexes when the server starts, so the first search does not wait. */
export function warmSearchIndexes() {
  void start()
}

/**
 * Asks the generation in use. The first searches after a start wait for the first generation;
 * while a stopped worker is replaced, searches get `fallback` at once. Every few seconds the
 * fingerprints are compared again, so an import by another process is picked up too.
 */
async function ask<T>(request: SearchWorkerQuestion, fallback: T): Promise<T> {
  if (!servedOnce) await start()
  if (Date.now() - checkedAt > 5_000) {
    checkedAt = Date.now()
    if (!refresher.building) watcher().postMessage('check')
  }
  return serving ? serving.ask(request, fallback) : fallback
}

let watching: Worker | null = null

/** The worker that computes the fingerprints off the main thread (see `watch` in the worker). */
function watcher() {
  if (!watching) {
    const worker = newWorker({ mode: 'watch', databaseFile: config().DATABASE_URL })
    worker.unref()
    worker.on('message', (message: SearchWorkerMessage) => {
      if (message.type !== 'fingerprints') return
      if (!refresher.building && refresher.isStale(message.fingerprints)) refresher.request()
    })
    worker.on('error', (error) => console.error('The search index watcher failed', error))
    // Started again at the next check.
    worker.on('exit', () => (watching = null))
    watching = worker
  }
  return watching
}

/** Searches everything the viewer may read in a locale; the query as corrected, if it was. */
export async function search(input: SearchInput): Promise<SearchOutcome> {
  const none: SearchOutcome = { results: [], correctedQuery: null, forCustomers: 0 }
  if (queryTerms(input.query).length === 0) return none
  // Only what the worker needs crosses to it: a viewer is its role.
  return ask<SearchOutcome>(
    { type: 'search', input: { ...input, viewer: { role: input.viewer.role } } },
    none,
  )
}

/** The results of `search`, for callers that do not show corrections. */
export async function searchContent(input: SearchInput): Promise<SearchResult[]> {
  return (await search(input)).results
}

/**
 * After content changed (publish, unpublish, visibility, import): starts the next generation
 * and answers at once. Changes during a rebuild are coalesced into one more (see
 * createIndexRefresher).
 */
export function scheduleSearchRebuild() {
  if (!started) return // the start loads the current content anyway
  refresher.request()
}

/** Resolves when no rebuild runs or waits (for scripts and tests). */
export const searchRebuilt = () => refresher.idle()

/** Whether a rebuild is running (the health check shows it). */
export const searchRebuilding = () => refresher.building

/**
 * A search worker: the file beside the server bundle once built (vite.config.ts builds it), the
 * TypeScript source when the app runs from source (vite dev, scripts, tests), with tsx registered
 * inside the worker: Node 20 does not honour `--import tsx` in a worker's execArgv.
 */
function newWorker(workerData: SearchWorkerInput, transferList: ArrayBuffer[] = []) {
  const built = new URL(builtWorkerFile, import.meta.url)
  if (existsSync(built)) return new Worker(built, { workerData, transferList })
  const source = JSON.stringify(new URL(sourceWorkerFile, import.meta.url).href)
  const bootstrap = `import('tsx/esm/api').then(({ register }) => { register(); return import(${source}) })`
  return new Worker(bootstrap, { eval: true, workerData, transferList })
}
const builtWorkerFile = 'search-index.worker.js'
const sourceWorkerFile = 'search-index.worker.ts'

type Built = Extract<SearchWorkerMessage, { type: 'built' }>

/**
 * Builds, in a worker of its own, one locale whose content differs from `known` and that has no
 * current file (`only`, or the first one); resolves with every locale's fingerprint and the
 * changed locales still to build, or with null when none changed.
 */
function buildChanged(known: Partial<LocaleFingerprints>, only?: Locale) {
  return new Promise<Built | null>((resolve, reject) => {
    const worker = newWorker({ mode: 'build', databaseFile: config().DATABASE_URL, known, only })
    let done = false
    worker.on('message', (message: SearchWorkerMessage) => {
      if (message.type === 'storage-error') {
        noteStorageFailure(Object.assign(new Error(message.message), { code: message.code }))
      } else if (message.type === 'built' || message.type === 'unchanged') {
        done = true
        resolve(message.type === 'built' ? message : null)
      }
    })
    worker.on('error', reject)
    worker.on('exit', (code) => {
      if (!done) reject(new Error(`The search index build stopped (exit code ${code})`))
    })
  })
}

/** Starts a generation serving the indexes `built` names; resolves once they are loaded. */
function startGeneration({ fingerprints, unwritten }: Built) {
  return new Promise<Generation>((resolve, reject) => {
    const worker = newWorker(
      { mode: 'serve', databaseFile: config().DATABASE_URL, fingerprints, unwritten },
      Object.values(unwritten).map((bytes) => bytes.buffer as ArrayBuffer),
    )
    // A script that searched may end while a generation is loaded.
    worker.unref()
    type Answer = Extract<SearchWorkerMessage, { type: 'answer' | 'failed' }>
    const pending = new Map<number, (answer: Answer | null) => void>()
    let state: 'loading' | 'ready' | 'retired' = 'loading'
    let lastId = 0
    const endIfDone = () => {
      if (state === 'retired' && pending.size === 0) void worker.terminate()
    }
    const generation: Generation = {
      ask: <T>(request: SearchWorkerQuestion, fallback: T) =>
        new Promise<T>((answer) => {
          const id = ++lastId
          const settle = (message: Answer | null) => {
            clearTimeout(timer)
            pending.delete(id)
            if (message?.type === 'answer') return answer(message.value as T)
            console.error('A search got no answer from the search worker', message?.message ?? '')
            answer(fallback)
          }
          const timer = setTimeout(() => settle(null), answerTimeoutMs)
          pending.set(id, settle)
          worker.postMessage({ ...request, id } as SearchWorkerRequest)
        }),
      retire() {
        state = 'retired'
        endIfDone()
      },
    }
    worker.on('message', (message: SearchWorkerMessage) => {
      if (message.type === 'ready') {
        state = 'ready'
        resolve(generation)
      } else if (message.type === 'answer' || message.type === 'failed') {
        pending.get(message.id)?.(message)
        endIfDone()
      }
    })
    worker.on('error', (error) => {
      if (state === 'loading') reject(error)
      else console.error('The search worker failed', error)
    })
    worker.on('exit', (code) => {
      for (const settle of [...pending.values()]) settle(null)
      if (state === 'loading') reject(new Error(`The search generation stopped (exit code ${code})`))
      // The generation in use stopped: searches answer with nothing until the next is ready.
      if (state === 'ready' && serving === generation) {
        serving = null
        refresher.forget()
        refresher.request()
      }
    })
  })
}

/**
 * What a search that found nothing offers instead: the articles of the locale read most in the
 * last 90 days that the viewer may read, topped up in the knowledge base's order.
 */
export async function popularArticles({
  locale,
  viewer,
  limit = 5,
}: {
  locale: Locale
  viewer: Pick<Viewer, 'role'>
  limit?: number
}): Promise<{ id: number; title: string; url: string; lang: Locale }[]> {
  const readable = await ask<ReturnType<typeof readableArticles>>(
    { type: 'articles', locale, viewer: { role: viewer.role } },
    [],
  )
  const since = new Date(Date.now() - 90 * 24 * 60 * 60 * 1000)
  const views = new Map(
    db
      .select({ ref: schema.events.ref, views: sql<number>`count(*)` })
      .from(schema.events)
      .where(
        and(
          eq(schema.events.type, 'article'),
          eq(schema.events.locale, locale),
          gte(schema.events.occurredAt, since),
        ),
      )
      .groupBy(schema.events.ref)
      .all()
      .map((row) => [Number(row.ref), row.views]),
  )
  return readable
    .map((doc, order) => ({ doc, order, views: views.get(doc.id) ?? 0 }))
    .sort((a, b) => b.views - a.views || a.order - b.order)
    .slice(0, limit)
    .map(({ doc }) => ({ id: doc.id, title: doc.title, url: `/${locale}/kb/${doc.slug}`, lang: doc.lang }))
}

/**
 * Every search is kept with its locale and result count: the editors' list of missing content.
 * The search names it in its response (see app/modules/events/usage.ts) and the server logs it
 * each time the answer is served, a repeated search from the page cache too.
 */
export function searchUsage(input: {
  query: string
  locale: Locale
  resultCount: number
  userId: number | null
}) {
  const query = input.query.trim().slice(0, searchLimits.maxQueryLength)
  return query ? [{ kind: 'search' as const, ...input, query }] : []
}
