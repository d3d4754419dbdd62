import { mkdirSync, readdirSync, rmSync, statSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { config } from '~/config.server'
import { openDatabase } from '~/db-connection.server'

/**
 * `npm run db:backup [-- --out file]`: a consistent copy through SQLite's backup API, safe
 * while the portal runs (copying the file of a WAL database is not).
 */
export async function backupDatabase(source: string, destination: string) {
  mkdirSync(dirname(destination), { recursive: true })
  const sqlite = openDatabase(source)
  try {
    await sqlite.backup(destination)
  } finally {
    sqlite.close()
  }
}

/** Daily backups are named `hub-<ISO time>.db`; only those are ever pruned, never a kept copy. */
const backupName = /^hub-\d{4}-\d{2}-\d{2}T[\d-]+Z\.db$/

/** Removes the daily backups in `dir` older than `keepDays` days; returns the names removed. */
export function pruneBackups(dir: string, keepDays: number, now = new Date()) {
  const cutoff = now.getTime() - keepDays * 24 * 3600 * 1000
  const removed = readdirSync(dir)
    .filter((name) => backupName.test(name) && statSync(join(dir, name)).mtimeMs < cutoff)
    .sort()
  for (const name of removed) rmSync(join(dir, name))
  return removed
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { out: { type: 'string' }, 'keep-days': { type: 'string' } } })
  const stamp = new Date().toISOString().replace(/[:.]/g, '-')
  const dir = join(config().DATA_DIR, 'backups')
  const destination = values.out ?? join(dir, `hub-${stamp}.db`)
  await backupDatabase(config().DATABASE_URL, destination)
  console.log(`Backed up ${config().DATABASE_URL} to ${destination}`)
  if (values['keep-days'] !== undefined) {
    const keepDays = Number(values['keep-days'])
    if (!Number.isInteger(keepDays) || keepDays < 1) {
      console.error('--keep-days takes a whole number of days, at least 1')
      process.exit(2)
    }
    const removed = pruneBackups(dir, keepDays)
    console.log(`Removed ${removed.length} backup(s) older than ${keepDays} days from ${dir}`)
  }
}
