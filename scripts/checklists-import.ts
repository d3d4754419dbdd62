import { existsSync, statSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { sql } from 'drizzle-orm'
import * as schema from '#db/schema/index'
import { config } from '~/config.server'
import { createDb } from '~/db-connection.server'
import { importPlaybooks } from '~/modules/onboarding/playbook-import.server'

/**
 * `npm run checklists:import -- --dir <folder>`: imports the onboarding playbooks
 * `<folder>/<key>.yml`. Exits non-zero only when nothing could be imported.
 */
export function runPlaybookImport(dir: string, file = config().DATABASE_URL) {
  const { db, sqlite } = createDb(file)
  try {
    return importPlaybooks(db, dir)
  } finally {
    sqlite.close()
  }
}

export const starterPlaybooksDir = fileURLToPath(new URL('../content/checklists', import.meta.url))

/** Like the articles: the shipped playbooks go in once, never over what editors changed. */
export function importStarterPlaybooksIfEmpty(file = config().DATABASE_URL) {
  const { db, sqlite } = createDb(file)
  const count =
    db
      .select({ n: sql<number>`count(*)` })
      .from(schema.checklists)
      .get()?.n ?? 0
  sqlite.close()
  return count === 0 ? runPlaybookImport(starterPlaybooksDir, file) : null
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { dir: { type: 'string', default: 'content/checklists' } } })
  const dir = values.dir!
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    console.error(`No such folder: ${dir}`)
    process.exit(1)
  }
  const report = runPlaybookImport(dir)
  for (const { file, message } of report.errors) console.error(`✗ ${file}: ${message}`)
  console.log(
    `${report.files} playbooks: ${report.created} new, ${report.updated} updated, ${report.unchanged} unchanged, ${report.errors.length} with errors`,
  )
  process.exit(report.created + report.updated + report.unchanged === 0 ? 1 : 0)
}
