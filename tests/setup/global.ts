import { mkdirSync, rmSync } from 'node:fs'
import { buildIfNeeded } from '../../scripts/build-if-needed'
import { seedDatabase } from '../../scripts/db-seed'
import { templateDb, testTmp } from './paths'

/**
 * Once per run: build the portal (integration tests talk HTTP to the built server) and write
 * the demo database that every test file copies.
 */
export default async function setup() {
  rmSync(testTmp, { recursive: true, force: true })
  mkdirSync(testTmp, { recursive: true })
  buildIfNeeded()
  // A fixed day keeps the demo identical from run to run.
  await seedDatabase({ file: templateDb, today: new Date('2026-11-02T00:00:00Z') })
}
