import { fileURLToPath } from 'node:url'

export const projectRoot = fileURLToPath(new URL('../..', import.meta.url))

/**
 * Test databases and data folders of one run live under their own folder (set by the global
 * setup and inherited by the workers), so two runs at once never delete each other's files.
 */
export const testRunsDir = `${projectRoot}.cache/test`
export function testTmp() {
  const dir = process.env.HUB_TEST_RUN_DIR
  if (!dir) throw new Error('HUB_TEST_RUN_DIR is not set: run the tests through vitest')
  return dir
}
/** A migrated, seeded demo database that each test file copies instead of seeding again. */
export const templateDb = () => `${testTmp()}/template.db`
/** The media folder of the template (`<DATA_DIR>/media`), copied into every test server's data folder. */
export const templateMediaDir = () => `${testTmp()}/media`
