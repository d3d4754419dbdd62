/**
 * The search index build, in a worker thread of its own (see `startIndexWorker` in
 * search.server): it reads the database through its own read-only connection, builds the
 * indexes of the locales whose content changed, posts each one in pieces and writes its file.
 * Reading the database here costs the main thread nothing; receiving the documents from it
 * would have cost it their serialization.
 */
import { parentPort, workerData } from 'node:worker_threads'
import Database from 'better-sqlite3'
import { drizzle } from 'drizzle-orm/better-sqlite3'
import * as schema from '#db/schema/index'
import { locales } from '~/modules/i18n/locales'
import { isStorageError } from '~/modules/storage/storage.server'
import {
  buildLocaleIndex,
  documentsByLocale,
  indexPieces,
  localeFingerprints,
  packPieces,
  serializeIndex,
  writeIndexFile,
  type IndexWorkerInput,
  type IndexWorkerMessage,
} from './search-index.server'

const { databaseFile, known } = workerData as IndexWorkerInput
const post = (message: IndexWorkerMessage) => parentPort!.postMessage(message)

const sqlite = new Database(databaseFile, { readonly: true, fileMustExist: true })
sqlite.pragma('busy_timeout = 5000')
const db = drizzle(sqlite, { schema })
// One read transaction: the fingerprints and the texts are of the same moment.
const { fingerprints, docs } = sqlite.transaction(() => ({
  fingerprints: localeFingerprints(db),
  docs: documentsByLocale(db),
}))()
sqlite.close()

for (const locale of locales) {
  if (known[locale] === fingerprints[locale]) continue
  const built = buildLocaleIndex(locale, docs[locale])
  const pieces = packPieces(indexPieces(fingerprints[locale], built))
  const message: IndexWorkerMessage = { type: 'built', locale, fingerprint: fingerprints[locale], pieces }
  parentPort!.postMessage(message, [pieces.bytes.buffer as ArrayBuffer])
  // Only one locale's documents and index are held at a time.
  docs[locale] = []
  try {
    writeIndexFile(locale, serializeIndex(fingerprints[locale], built))
  } catch (error) {
    // The file only spares the next start a build: search goes on from memory, and the main
    // thread records the failure where the portal's health check reads it.
    if (!isStorageError(error)) throw error
    const { code, message } = error as { code?: string; message?: string }
    post({ type: 'storage-error', code: code ?? '', message: message ?? String(error) })
  }
}
post({ type: 'done' })
