import { existsSync, statSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { SingleBar } from 'cli-progress'
import { sql } from 'drizzle-orm'
import * as schema from '#db/schema/index'
import { config } from '~/config.server'
import { createDb } from '~/db-connection.server'
import { importContent, importedCategory, type ImportOptions } from '~/modules/kb/content-import.server'
import { rebuildSearchIndexes } from '~/modules/search/search-index.server'

/**
 * `npm run content:import -- --dir <folder>`: imports `<folder>/<slug>/<lang>.md` (and
 * `<folder>/categories.yml`). Exits non-zero only when nothing could be imported.
 * Migrations are not run here (db:migrate and start do that).
 */
export function runImport(
  dir: string,
  file = config().DATABASE_URL,
  options: { quiet?: boolean } & ImportOptions = {},
) {
  const { db, sqlite } = createDb(file)
  const bar = new SingleBar({
    format: 'Importing {bar} {value}/{total} files',
    hideCursor: true,
    stream: process.stderr,
    noTTYOutput: false,
  })
  try {
    let started = false
    const report = importContent(
      db,
      dir,
      (done, total) => {
        if (options.quiet) return
        if (!started) bar.start(total, 0)
        started = true
        bar.update(done)
      },
      { createCategories: options.createCategories },
    )
    if (started) bar.stop()
    rebuildSearchIndexes(db)
    return report
  } finally {
    sqlite.close()
  }
}

export const starterContentDir = fileURLToPath(new URL('../content/kb', import.meta.url))

/**
 * The shipped articles go into a knowledge base that has none yet. Never later: a restart
 * must not put the files' text over what editors have changed since.
 */
export function importStarterContentIfEmpty(file = config().DATABASE_URL) {
  const { db, sqlite } = createDb(file)
  const count =
    db
      .select({ n: sql<number>`count(*)` })
      .from(schema.articles)
      .get()?.n ?? 0
  sqlite.close()
  return count === 0 ? runImport(starterContentDir, file, { quiet: true }) : null
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({
    options: {
      dir: { type: 'string', default: 'content/kb' },
      'create-categories': { type: 'boolean', default: false },
    },
  })
  const dir = values.dir!
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    console.error(`No such folder: ${dir}`)
    process.exit(1)
  }
  const report = runImport(dir, undefined, { createCategories: values['create-categories'] })
  for (const { file, message } of report.errors) console.error(`✗ ${file}: ${message}`)
  console.log(
    `${report.files} files: ${report.created} new, ${report.updated} updated, ${report.unchanged} unchanged, ${report.errors.length} with errors`,
  )
  if (report.uncategorized > 0)
    console.log(
      `${report.uncategorized} articles without a known category went to "${importedCategory.titles.en}" (key ${importedCategory.key}); rename it or move them, or import again with --create-categories`,
    )
  if (report.categoriesCreated > 0) console.log(`${report.categoriesCreated} categories created`)
  const imported = report.created + report.updated + report.unchanged
  process.exit(imported === 0 ? 1 : 0)
}
