import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs'
import { basename, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import Database from 'better-sqlite3'
import { config } from '~/config.server'
import { openDatabase, servingProcess } from '~/db-connection.server'
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

const companions = ['', '-wal', '-shm']

/**
 * `npm run db:restore -- --from <backup>`: puts a backup in place of the database.
 *
 * Copying a backup over the database corrupts it: SQLite replays the old -wal file onto the new
 * pages at the next open. So the restore refuses while a portal serves the database, checks the
 * backup's integrity, moves the database with its -wal and -shm aside together (kept, in a
 * folder under `keepCopyIn`), writes the backup through SQLite's backup API, migrates it to the
 * current schema and checks it again. If any step after the move fails, the old files go back.
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
  const serving = servingProcess(to)
  if (serving !== null)
    throw new RestoreRefused(`The portal (process ${serving}) is serving ${to}: stop it first, then restore.`)
  let previous: string | null = null
  const aside = join(keepCopyIn, `before-restore-${new Date().toISOString().replace(/[:.]/g, '-')}`)
  const moved: string[] = []
  if (existsSync(to)) {
    mkdirSync(aside, { recursive: true })
    for (const suffix of companions) {
      if (!existsSync(to + suffix)) continue
      renameSync(to + suffix, join(aside, basename(to) + suffix))
      moved.push(suffix)
    }
    previous = join(aside, basename(to))
  }
  try {
    const source = new Database(from, { readonly: true, fileMustExist: true })
    try {
      await source.backup(to)
    } finally {
      source.close()
    }
    migrateDatabase(to)
    const restored = openDatabase(to)
    try {
      const integrity = restored.pragma('integrity_check', { simple: true }) as string
      if (integrity !== 'ok')
        throw new Error(`The restored database failed its integrity check: ${integrity}`)
    } finally {
      restored.close()
    }
  } catch (error) {
    for (const suffix of companions) rmSync(to + suffix, { force: true })
    for (const suffix of moved) renameSync(join(aside, basename(to) + suffix), to + suffix)
    throw error
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
