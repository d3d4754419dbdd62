import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import Database from 'better-sqlite3'
import { config } from '~/config.server'
import { openDatabase } from '~/db-connection.server'
import { backupDatabase } from './db-backup'
import { migrateDatabase } from './db-migrate'

export class RestoreRefused extends Error {}

/** A backup is restorable when SQLite finds it sound and it holds the portal's tables. */
function checkBackup(file: string) {
  if (!existsSync(file)) throw new RestoreRefused(`No backup at ${file}`)
  let sqlite: Database.Database
  try {
    sqlite = new Database(file, { readonly: true, fileMustExist: true })
  } catch (error) {
    throw new RestoreRefused(`${file} is not an SQLite database: ${(error as Error).message}`)
  }
  try {
    const integrity = sqlite.pragma('integrity_check', { simple: true }) as string
    if (integrity !== 'ok') throw new RestoreRefused(`${file} is damaged: ${integrity}`)
    const tables = sqlite
      .prepare("select name from sqlite_master where type = 'table' and name in ('users', 'accounts')")
      .all()
    if (tables.length !== 2) throw new RestoreRefused(`${file} is not a Customer Hub database`)
  } catch (error) {
    if (error instanceof RestoreRefused) throw error
    throw new RestoreRefused(`${file} cannot be read: ${(error as Error).message}`)
  } finally {
    sqlite.close()
  }
}

/**
 * `npm run db:restore -- --from <backup>`: puts a backup back in place of the database.
 *
 * Copying the backup file over the database corrupts it: SQLite replays the old -wal file
 * onto the new pages at the next open. This restores through SQLite's own backup API into
 * the database, under SQLite's locks, so the WAL is handled by SQLite itself. The database as
 * it was is first saved beside the backups, the restored one is migrated to the current
 * schema, and its integrity is checked. Stop the portal first (or restart it afterwards):
 * a running portal keeps its search indexes and caches of the old data.
 */
export async function restoreDatabase({
  from,
  to = config().DATABASE_URL,
  keepCopyIn = join(config().DATA_DIR, 'backups'),
}: {
  from: string
  to?: string
  keepCopyIn?: string
}) {
  checkBackup(from)
  let previous: string | null = null
  if (existsSync(to)) {
    previous = join(keepCopyIn, `before-restore-${new Date().toISOString().replace(/[:.]/g, '-')}.db`)
    await backupDatabase(to, previous)
  }
  const source = new Database(from, { readonly: true, fileMustExist: true })
  try {
    // The destination is opened with the portal's pragmas first, so a new file is in WAL mode.
    openDatabase(to).close()
    await source.backup(to)
  } finally {
    source.close()
  }
  migrateDatabase(to)
  const restored = openDatabase(to)
  try {
    const integrity = restored.pragma('integrity_check', { simple: true }) as string
    if (integrity !== 'ok') throw new Error(`The restored database failed its integrity check: ${integrity}`)
  } finally {
    restored.close()
  }
  return { previous }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { from: { type: 'string' } } })
  if (!values.from) {
    console.error('Usage: npm run db:restore -- --from <backup file>')
    process.exit(2)
  }
  try {
    const { previous } = await restoreDatabase({ from: values.from })
    console.log(`Restored ${config().DATABASE_URL} from ${values.from}`)
    if (previous) console.log(`The database as it was is kept in ${previous}`)
  } catch (error) {
    if (!(error instanceof RestoreRefused)) throw error
    console.error(`Refused: ${error.message}`)
    process.exit(1)
  }
}
