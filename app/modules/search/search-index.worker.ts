/**
 * One generation of the search indexes, in a worker thread of its own (see `startGeneration` in
 * search.server): it reads the database through its own read-only connection, loads each
 * locale's file when it matches the content and builds the others (writing their files), then
 * answers the main thread's searches until a newer generation replaces it and it is ended.
 *
 * The main thread holds no index: the indexes of 1,000 long articles per language are about a
 * gigabyte of small objects, and a heap that size cost the main thread garbage collection pauses
 * of hundreds of milliseconds, and its heap limit, while a rebuild held the new index beside the
 * old. A generation is loaded while the previous one still answers, so its loading and its
 * garbage never delay a search; the previous one's memory goes back all at once when it ends.
 */
import { parentPort, workerData } from 'node:worker_threads'
import Database from 'better-sqlite3'
import { drizzle } from 'drizzle-orm/better-sqlite3'
import * as schema from '#db/schema/index'
import { locales, type Locale } from '~/modules/i18n/locales'
import { isStorageError } from '~/modules/storage/storage.server'
import {
  buildLocaleIndex,
  documentsByLocale,
  loadIndexFile,
  localeFingerprints,
  serializeIndex,
  writeIndexFile,
  type LocaleIndex,
  type SearchDocument,
  type SearchWorkerInput,
  type SearchWorkerMessage,
  type SearchWorkerRequest,
} from './search-index.server'
import { readableArticles, searchIndex } from './search-query.server'

const { databaseFile, known } = workerData as SearchWorkerInput
const post = (message: SearchWorkerMessage) => parentPort!.postMessage(message)

const sqlite = new Database(databaseFile, { readonly: true, fileMustExist: true })
sqlite.pragma('busy_timeout = 5000')
const db = drizzle(sqlite, { schema })

// One read transaction: the fingerprints and the texts are of the same moment.
const indexes = sqlite.transaction(() => {
  const fingerprints = localeFingerprints(db)
  if (locales.every((locale) => known[locale] === fingerprints[locale])) return null
  const loaded = {} as Record<Locale, LocaleIndex>
  let docs: Record<Locale, SearchDocument[]> | null = null
  for (const locale of locales) {
    const file = loadIndexFile(locale)
    if (file && file.fingerprint === fingerprints[locale]) {
      loaded[locale] = file.index
      continue
    }
    docs ??= documentsByLocale(db)
    loaded[locale] = buildLocaleIndex(locale, docs[locale])
    // Only one locale's documents are kept once its index is built.
    docs[locale] = []
    try {
      writeIndexFile(locale, serializeIndex(fingerprints[locale], loaded[locale]))
    } catch (error) {
      // The file only spares the next generation a build: search goes on from memory, and the
      // main thread records the failure where the portal's health check reads it.
      if (!isStorageError(error)) throw error
      const { code, message } = error as { code?: string; message?: string }
      post({ type: 'storage-error', code: code ?? '', message: message ?? String(error) })
    }
  }
  return { fingerprints, loaded }
})()
sqlite.close()

if (!indexes) {
  post({ type: 'unchanged' })
} else {
  const { fingerprints, loaded } = indexes
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
