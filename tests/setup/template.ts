import { existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { academyImportErrors, importStarterAcademyIfEmpty } from '../../scripts/academy-import'
import { buildIfNeeded } from '../../scripts/build-if-needed'
import { importStarterContentIfEmpty } from '../../scripts/content-import'
import { migrateDatabase } from '../../scripts/db-migrate'
import { seedDatabase } from '../../scripts/db-seed'
import { templateDb, templateMediaDir, testRunsDir } from './paths'

/**
 * Once per run, whichever project asks first: build the portal (integration tests talk HTTP
 * to the built server) and write the demo database that every test server copies. The run's
 * folder is named after the vitest process, so the second project finds the work done.
 */
export async function prepareTemplate() {
  const runDir = join(testRunsDir, `run-${process.pid}`)
  process.env.HUB_TEST_RUN_DIR = runDir
  const done = join(runDir, 'template.done')
  if (existsSync(done)) return
  mkdirSync(testRunsDir, { recursive: true })
  // Folders of earlier runs are removed once they are an hour old.
  for (const name of readdirSync(testRunsDir)) {
    const path = join(testRunsDir, name)
    if (path !== runDir && Date.now() - statSync(path).mtimeMs > 3600_000) {
      rmSync(path, { recursive: true, force: true })
    }
  }
  rmSync(runDir, { recursive: true, force: true })
  mkdirSync(runDir, { recursive: true })
  buildIfNeeded()
  // As `npm start` does: the articles first, so the demo's reading history can refer to them.
  migrateDatabase(templateDb())
  importStarterContentIfEmpty(templateDb())
  // The academy: videos, then the courses that name them and the articles. The videos' media go
  // beside the template; each test server copies them into its data folder.
  const academy = importStarterAcademyIfEmpty(templateDb(), join(templateMediaDir(), 'videos'))
  if (academy && academyImportErrors(academy).length) {
    throw new Error(`Starter academy: ${JSON.stringify(academyImportErrors(academy))}`)
  }
  // A fixed day keeps the demo identical from run to run.
  await seedDatabase({ file: templateDb(), today: new Date('2026-11-02T00:00:00Z') })
  writeFileSync(done, new Date().toISOString())
}
