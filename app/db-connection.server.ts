import { existsSync, mkdirSync, readFileSync } from 'node:fs'
import { dirname } from 'node:path'
import Database from 'better-sqlite3'
import { drizzle } from 'drizzle-orm/better-sqlite3'
import * as schema from '#db/schema/index'

/**
 * Pragmas chosen for one Node process serving many readers:
 * - WAL lets readers run while a writer commits.
 * - synchronous=FULL: a commit is on disk before we answer, so an acknowledged ticket or
 *   reply survives a power loss too (NORMAL would only survive a process crash). Our
 *   writes are small and infrequent enough to pay the fsync.
 * - busy_timeout: a second connection (a script, a backup) waits instead of failing.
 * - foreign_keys: SQLite leaves them off unless asked, per connection.
 */
export const requiredPragmas = {
  journal_mode: 'wal',
  synchronous: 2, // FULL
  busy_timeout: 5000,
  foreign_keys: 1,
} as const

/**
 * Benchmarks only: `bench:tickets` runs the server once with HUB_SQLITE_SYNCHRONOUS=NORMAL to
 * measure what FULL costs. Never set it on a real server: NORMAL loses the last acknowledged
 * commits on a power loss.
 */
function synchronousSetting() {
  return process.env.HUB_SQLITE_SYNCHRONOUS === 'NORMAL'
    ? { name: 'NORMAL', level: 1 }
    : { name: 'FULL', level: requiredPragmas.synchronous }
}

export function openDatabase(file: string) {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true })
  const sqlite = new Database(file)
  sqlite.pragma('journal_mode = WAL')
  sqlite.pragma(`synchronous = ${synchronousSetting().name}`)
  sqlite.pragma(`busy_timeout = ${requiredPragmas.busy_timeout}`)
  sqlite.pragma('foreign_keys = ON')
  checkPragmas(sqlite, file)
  return sqlite
}

/** Reads the pragmas back: a setting SQLite silently ignored must stop the start. */
export function checkPragmas(sqlite: Database.Database, file: string) {
  const required = { ...requiredPragmas, synchronous: synchronousSetting().level }
  for (const [name, expected] of Object.entries(required)) {
    const actual = sqlite.pragma(name, { simple: true })
    const memoryJournal = file === ':memory:' && name === 'journal_mode'
    if (String(actual) !== String(expected) && !memoryJournal) {
      throw new Error(`SQLite pragma ${name} is ${String(actual)}, expected ${expected}`)
    }
  }
}

/**
 * Beside the database while a portal serves it, holding the portal's process id: a restore
 * refuses to replace a database under a running portal (it would keep serving the old data
 * from its caches and write into files that are no longer the database).
 */
export const servingMarker = (file: string) => `${file}.serving`

/** The id of the live process serving this database, or null (none, or it died without cleaning up). */
export function servingProcess(file: string): number | null {
  if (!existsSync(servingMarker(file))) return null
  const pid = Number(readFileSync(servingMarker(file), 'utf8').trim())
  if (!Number.isInteger(pid) || pid <= 0) return null
  try {
    process.kill(pid, 0)
    return pid
  } catch {
    return null
  }
}

/** The database must not be served as it is; the message says why and what to do. */
export class StorageRefused extends Error {}

/**
 * What SQLite's quick_check finds wrong with the database, or null when it is sound. A corrupt
 * file can also fail to be read at all; that is reported the same way.
 */
export function integrityProblem(sqlite: Database.Database): string | null {
  try {
    const rows = sqlite.pragma('quick_check') as { quick_check: string }[]
    const problems = rows.map((row) => row.quick_check).filter((line) => line !== 'ok')
    return problems.length === 0 ? null : problems.slice(0, 5).join('; ')
  } catch (error) {
    return error instanceof Error ? error.message : String(error)
  }
}

/**
 * Opens the database only when it is sound: one that fails quick_check (or cannot even be read)
 * is refused with the reason, because a portal on a corrupt file would answer with wrong data
 * or fail mid-write.
 */
export function openSoundDatabase(file: string) {
  const refuse = (problem: string) =>
    new StorageRefused(
      `The database ${file} fails SQLite's quick_check: ${problem}\n` +
        'The portal will not serve it. Restore the latest backup: npm run db:restore -- <backup file>',
    )
  let sqlite: Database.Database
  try {
    sqlite = openDatabase(file)
  } catch (error) {
    const code = (error as { code?: unknown }).code
    if (code === 'SQLITE_CORRUPT' || code === 'SQLITE_NOTADB') throw refuse((error as Error).message)
    throw error
  }
  const problem = integrityProblem(sqlite)
  if (problem) {
    sqlite.close()
    throw refuse(problem)
  }
  return sqlite
}

export function createDb(file: string) {
  const sqlite = openDatabase(file)
  return { sqlite, db: drizzle(sqlite, { schema }) }
}

export type Db = ReturnType<typeof createDb>['db']
