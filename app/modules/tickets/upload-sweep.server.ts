import { existsSync } from 'node:fs'
import { readdir, rename, unlink } from 'node:fs/promises'
import { join } from 'node:path'
import type Database from 'better-sqlite3'
import { pendingSuffix } from './attachments'

/**
 * Settles the upload folder before the portal serves, after whatever stopped it last: a pending
 * file whose row was committed is renamed to its stored name (the crash came between the commit
 * and the rename); a pending file without a row, and any file no row names, is removed (the
 * crash came before the commit, or an older version left it). Runs while nothing else writes.
 */
export async function sweepUploads(sqlite: Database.Database, dir: string) {
  const result = { settled: 0, removed: 0 }
  if (!existsSync(dir)) return result
  const stored = new Set(
    sqlite
      .prepare('select stored_name as storedName from ticket_attachments')
      .all()
      .map((row) => (row as { storedName: string }).storedName),
  )
  for (const name of await readdir(dir)) {
    const pending = name.endsWith(pendingSuffix)
    const storedName = pending ? name.slice(0, -pendingSuffix.length) : name
    if (pending && stored.has(storedName)) {
      await rename(join(dir, name), join(dir, storedName))
      result.settled++
    } else if (!stored.has(storedName)) {
      await unlink(join(dir, name))
      result.removed++
    }
  }
  return result
}
