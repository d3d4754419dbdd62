import { fileURLToPath } from 'node:url'

export const projectRoot = fileURLToPath(new URL('../..', import.meta.url))
/** Test databases and data folders live here, one per test file, removed by the next run. */
export const testTmp = `${projectRoot}.cache/test`
/** A migrated, seeded demo database that each test file copies instead of seeding again. */
export const templateDb = `${testTmp}/template.db`
