import { mkdirSync } from 'node:fs'
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

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { out: { type: 'string' } } })
  const stamp = new Date().toISOString().replace(/[:.]/g, '-')
  const destination = values.out ?? join(config().DATA_DIR, 'backups', `hub-${stamp}.db`)
  await backupDatabase(config().DATABASE_URL, destination)
  console.log(`Backed up ${config().DATABASE_URL} to ${destination}`)
}
