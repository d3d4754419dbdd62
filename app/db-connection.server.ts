import { mkdirSync } from 'node:fs'
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

export function openDatabase(file: string) {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true })
  const sqlite = new Database(file)
  sqlite.pragma('journal_mode = WAL')
  sqlite.pragma('synchronous = FULL')
  sqlite.pragma(`busy_timeout = ${requiredPragmas.busy_timeout}`)
  sqlite.pragma('foreign_keys = ON')
  checkPragmas(sqlite, file)
  return sqlite
}

/** Reads the pragmas back: a setting SQLite silently ignored must stop the start. */
export function checkPragmas(sqlite: Database.Database, file: string) {
  for (const [name, expected] of Object.entries(requiredPragmas)) {
    const actual = sqlite.pragma(name, { simple: true })
    const memoryJournal = file === ':memory:' && name === 'journal_mode'
    if (String(actual) !== String(expected) && !memoryJournal) {
      throw new Error(`SQLite pragma ${name} is ${String(actual)}, expected ${expected}`)
    }
  }
}

export function createDb(file: string) {
  const sqlite = openDatabase(file)
  return { sqlite, db: drizzle(sqlite, { schema }) }
}

export type Db = ReturnType<typeof createDb>['db']
