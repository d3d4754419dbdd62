import { fileURLToPath } from 'node:url'
import { sql } from 'drizzle-orm'
import { databaseKind, demoPassword, isEmpty, seedDemo } from '#db/seed/demo'
import { config } from '~/config.server'
import { createDb } from '~/db-connection.server'
import { hashPassword } from '~/modules/auth/password.server'
import { importStarterPlaybooksIfEmpty } from './checklists-import'
import { migrateDatabase } from './db-migrate'

export class SeedRefused extends Error {}

/**
 * Writes the demo into an empty database, or rewrites a database that already is the demo
 * (with --reset). Anything else is refused: the demo never touches real data.
 */
export async function seedDatabase(options: { file?: string; reset?: boolean; today?: Date } = {}) {
  const file = options.file ?? config().DATABASE_URL
  migrateDatabase(file)
  const { db, sqlite } = createDb(file)
  try {
    const empty = isEmpty(db)
    const kind = databaseKind(db)
    if (!empty && kind !== 'demo') {
      throw new SeedRefused(`Refusing to seed ${file}: it holds data and is not the demo database.`)
    }
    if (!empty && !options.reset) return { seeded: false }
    if (!empty) {
      for (const table of [
        'events',
        'search_log',
        'content_feedback',
        'exchange_rates',
        'sessions',
        'invitations',
        'password_resets',
        'login_attempts',
        'arr_snapshots',
        'users',
        'accounts',
        'markets',
      ]) {
        db.run(sql.raw(`delete from ${table}`))
      }
    }
    // The demo's onboarding histories follow the starter playbooks, so they must be there first.
    importStarterPlaybooksIfEmpty(file)
    seedDemo(db, { passwordHash: await hashPassword(demoPassword), today: options.today ?? new Date() })
    return { seeded: true }
  } finally {
    sqlite.close()
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    const { seeded } = await seedDatabase({ reset: process.argv.includes('--reset') })
    console.log(
      seeded
        ? `Seeded the demo into ${config().DATABASE_URL}`
        : 'The demo is already there (use --reset to write it again).',
    )
  } catch (error) {
    console.error(error instanceof SeedRefused ? error.message : error)
    process.exit(1)
  }
}
