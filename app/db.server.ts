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

/**
 * A query built and prepared once per process, at its first use (when the migrations have run),
 * for the queries every page asks. Drizzle otherwise builds the SQL text and SQLite prepares it
 * again on each call, about a fifth of a signed-in page's server time. Values that change per
 * call go in as `sql.placeholder(name)` and are given to `.get`/`.all`.
 */
export function preparedOnce<T>(build: () => T): () => T {
  let statement: T | undefined
  return () => (statement ??= build())
}
