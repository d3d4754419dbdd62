/**
 * The search indexes off the main thread, in two kinds of worker (see search.server):
 *
 * - `build`, short-lived: reads the database through its own read-only connection, builds one
 *   locale whose content changed and writes its file, then ends, and its memory (lunr's
 *   builder, the documents) goes back at once. On Linux it runs at the lowest priority, so the
 *   threads that answer requests get the CPU first.
 * - `serve`, one generation of the indexes: loads every locale's file (or the index the disk
 *   refused, handed over) and answers the main thread's searches until a newer generation
 *   replaces it and it is ended.
 * - `watch`, long-lived and idle but when asked: the current fingerprints.
 *
 * The main thread holds no index: at 1,000 long articles per language lunr's indexes were
 * gigabytes of small objects, and that heap cost the main thread garbage collection pauses of
 * up to a second during rebuilds. A generation loads while the previous one still answers, so
 * neither its loading nor its garbage delays a search.
 */
import { setPriority } from 'node:os'
import { parentPort, workerData } from 'node:worker_threads'
import Database from 'better-sqlite3'
import { drizzle } from 'drizzle-orm/better-sqlite3'
import * as schema from '#db/schema/index'
import { locales, type Locale } from '~/modules/i18n/locales'
import { isStorageError } from '~/modules/storage/storage.server'
import {
  buildLocaleIndex,
  documentsOfLocale,
  indexFileFingerprint,
  loadIndexFile,
  localeFingerprints,
  parseIndex,
  serializeIndex,
  writeIndexFile,
  type LocaleIndex,
  type SearchWorkerInput,
  type SearchWorkerMessage,
  type SearchWorkerRequest,
} from './search-index.server'
import { readableArticles, searchIndex } from './search-query.server'

const post = (message: SearchWorkerMessage, transfer: ArrayBuffer[] = []) =>
  parentPort!.postMessage(message, transfer)

function openDatabase(file: string) {
  const sqlite = new Database(file, { readonly: true, fileMustExist: true })
  sqlite.pragma('busy_timeout = 5000')
  return { sqlite, db: drizzle(sqlite, { schema }) }
}

/**
 * Builds one locale: `only`, or else the first whose content differs from `known` and has no
 * current file, and names the others still to build. One locale per worker: lunr's builder
 * holds several times the finished index, and a worker's memory goes back only when it ends.
 */
function build({ databaseFile, known, only }: Extract<SearchWorkerInput, { mode: 'build' }>) {
  // On Linux a thread's priority is its own: this one yields the CPU to the main thread and to
  // the generation answering searches (elsewhere it would lower the whole process).
  if (process.platform === 'linux') setPriority(19)
  const { sqlite, db } = openDatabase(databaseFile)
  // One read transaction: the fingerprints and the texts are of the same moment.
  const built = sqlite.transaction(() => {
    const fingerprints = localeFingerprints(db)
    const changed = locales.filter((locale) => known[locale] !== fingerprints[locale])
    if (changed.length === 0) return null
    const [locale, ...rest] = changed.filter(
      (l) => (only ?? l) === l && indexFileFingerprint(l) !== fingerprints[l],
    )
    const unwritten: Partial<Record<Locale, Uint8Array>> = {}
    if (locale) {
      const json = serializeIndex(
        fingerprints[locale],
        buildLocaleIndex(locale, documentsOfLocale(db, locale)),
      )
      try {
        writeIndexFile(locale, json)
      } catch (error) {
        // The file only spares the next start a build: the index goes to the generation in
        // memory, and the main thread records the failure where the health check reads it.
        if (!isStorageError(error)) throw error
        const { code, message } = error as { code?: string; message?: string }
        post({ type: 'storage-error', code: code ?? '', message: message ?? String(error) })
        unwritten[locale] = new TextEncoder().encode(json)
      }
    }
    return { fingerprints, unwritten, rest }
  })()
  sqlite.close()
  if (!built) return post({ type: 'unchanged' })
  post(
    { type: 'built', ...built },
    Object.values(built.unwritten).map((bytes) => bytes.buffer as ArrayBuffer),
  )
}

function serve({ databaseFile, fingerprints, unwritten }: Extract<SearchWorkerInput, { mode: 'serve' }>) {
  const loaded = {} as Record<Locale, LocaleIndex>
  for (const locale of locales) {
    const bytes = unwritten[locale]
    const handed = bytes ? parseIndex(new TextDecoder().decode(bytes), fingerprints[locale]) : null
    if (handed) {
      loaded[locale] = handed
      continue
    }
    const file = loadIndexFile(locale)
    if (file?.fingerprint === fingerprints[locale]) {
      loaded[locale] = file.index
      continue
    }
    // No current file (an earlier build's the disk refused, or another process replaced it):
    // built here, from the content as it is now.
    const { sqlite, db } = openDatabase(databaseFile)
    loaded[locale] = buildLocaleIndex(locale, documentsOfLocale(db, locale))
    sqlite.close()
  }
  parentPort!.on('message', (request: SearchWorkerRequest) => {
    try {
      const value =
        request.type === 'search'
          ? searchIndex(loaded[request.input.locale], request.input)
          : readableArticles(loaded[request.locale], request.viewer)
      post({ type: 'answer', id: request.id, value })
    } catch (error) {
      post({ type: 'failed', id: request.id, message: String((error as Error)?.stack ?? error) })
    }
  })
  post({ type: 'ready', fingerprints })
}

/**
 * Computes the fingerprints whenever the main thread asks (every few seconds while searches
 * come): at 1,000 articles per language the query reads every translation and took the main
 * thread 65–100 ms. Another process's import, or a video published from the academy editor, is
 * noticed this way.
 */
function watch({ databaseFile }: Extract<SearchWorkerInput, { mode: 'watch' }>) {
  if (process.platform === 'linux') setPriority(19)
  const { db } = openDatabase(databaseFile)
  parentPort!.on('message', () => post({ type: 'fingerprints', fingerprints: localeFingerprints(db) }))
}

const input = workerData as SearchWorkerInput
if (input.mode === 'build') build(input)
else if (input.mode === 'watch') watch(input)
else serve(input)
