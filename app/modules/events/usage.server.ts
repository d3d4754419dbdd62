import { db, schema } from '~/db.server'
import { clock } from '~/modules/clock/clock'
import { isStorageError, noteStorageFailure } from '~/modules/storage/storage.server'
import { installUsageRecorder, type Usage } from './usage'

/**
 * Page views and searches are many and cheap to lose one second of, so they are not written in
 * the request: they wait here and are written together, one second after the first of a batch
 * arrives, and when the process exits. A crash loses at most the last second.
 */
export const usageFlushMs = 1_000

type Pending = Usage & { at: Date }
const pending: Pending[] = []
let timer: NodeJS.Timeout | undefined

export function recordUsage(usages: Usage[], at = clock.now()) {
  for (const usage of usages) pending.push({ ...usage, at })
  timer ??= setTimeout(flushUsage, usageFlushMs)
}

/** SQLite allows 32,766 bound values per statement; events take 6 a row. */
const rowsPerInsert = 1_000

function write(batch: Pending[]) {
  const events = batch.flatMap((u) =>
    u.kind === 'event'
      ? [
          {
            type: u.type,
            userId: u.userId,
            accountId: u.accountId,
            ref: u.ref,
            locale: u.locale,
            occurredAt: u.at,
          },
        ]
      : [],
  )
  const searches = batch.flatMap((u) =>
    u.kind === 'search'
      ? [{ query: u.query, locale: u.locale, resultCount: u.resultCount, userId: u.userId, createdAt: u.at }]
      : [],
  )
  db.transaction((tx) => {
    for (let i = 0; i < events.length; i += rowsPerInsert)
      tx.insert(schema.events)
        .values(events.slice(i, i + rowsPerInsert))
        .run()
    for (let i = 0; i < searches.length; i += rowsPerInsert)
      tx.insert(schema.searchLog)
        .values(searches.slice(i, i + rowsPerInsert))
        .run()
  })
}

export function flushUsage() {
  clearTimeout(timer)
  timer = undefined
  if (!pending.length) return
  const batch = pending.splice(0)
  try {
    write(batch)
  } catch (error) {
    if (isStorageError(error)) return noteStorageFailure(error)
    // One bad row (a person deleted meanwhile) must not cost the others: write them one by one.
    for (const usage of batch) {
      try {
        write([usage])
      } catch (single) {
        if (isStorageError(single)) return noteStorageFailure(single)
        console.error('Could not record a page use', usage, single)
      }
    }
  }
}

installUsageRecorder((usages) => recordUsage(usages))
process.once('exit', flushUsage)
