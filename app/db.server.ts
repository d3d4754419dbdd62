import * as schema from '#db/schema/index'
import { config } from './config.server'
import { createDb } from './db-connection.server'

export type { Db } from './db-connection.server'

const globalForDb = globalThis as unknown as { hubDb?: ReturnType<typeof createDb> }

// One connection per process, kept across dev-server reloads.
globalForDb.hubDb ??= createDb(config().DATABASE_URL)

export const db = globalForDb.hubDb.db
export const sqlite = globalForDb.hubDb.sqlite

export { schema }
