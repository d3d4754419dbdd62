import { fileURLToPath } from 'node:url'
import { migrate } from 'drizzle-orm/better-sqlite3/migrator'
import { config } from '~/config.server'
import { createDb } from '~/db-connection.server'

export const migrationsFolder = fileURLToPath(new URL('../db/migrations', import.meta.url))

/** Applies pending drizzle-kit migrations; the only place the schema changes. */
export function migrateDatabase(file = config().DATABASE_URL) {
  const { db, sqlite } = createDb(file)
  try {
    migrate(db, { migrationsFolder })
  } finally {
    sqlite.close()
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  migrateDatabase()
  console.log(`Migrated ${config().DATABASE_URL}`)
}
