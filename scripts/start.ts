// First: the demo's defaults must be in the environment before any module reads it.
import './demo-defaults'
import { demoLogins, demoPassword } from '#db/seed/demo'
import { config, ConfigError } from '~/config.server'
import { StorageRefused } from '~/db-connection.server'
import { importStarterAcademyIfEmpty } from './academy-import'
import { buildIfNeeded } from './build-if-needed'
import { importStarterPlaybooksIfEmpty } from './checklists-import'
import { importStarterContentIfEmpty } from './content-import'
import { migrateDatabase } from './db-migrate'
import { seedDatabase } from './db-seed'

/**
 * `npm start`: migrate, seed the demo into an empty database, build when sources changed,
 * then serve in production mode and say where (see demo-defaults.ts for its switches).
 */
async function start() {
  const settings = config()
  migrateDatabase(settings.DATABASE_URL)
  const starter = importStarterContentIfEmpty(settings.DATABASE_URL)
  if (starter) console.log(`Imported the starter knowledge base: ${starter.created} article translations.`)
  const playbooks = importStarterPlaybooksIfEmpty(settings.DATABASE_URL)
  if (playbooks) console.log(`Imported the starter onboarding playbooks: ${playbooks.created}.`)
  const academy = importStarterAcademyIfEmpty(settings.DATABASE_URL)
  if (academy)
    console.log(
      `Imported the starter academy: ${academy.videos?.created ?? 0} videos, ${academy.courses?.created ?? 0} courses.`,
    )
  let demo = false
  if (settings.DEMO_DATA) {
    const { seeded } = await seedDatabase({ file: settings.DATABASE_URL }).catch((error: Error) => {
      console.log(error.message)
      return { seeded: false }
    })
    demo = seeded || (await isDemoDatabase())
  }
  buildIfNeeded()
  const { serve } = await import('./serve')
  await serve(settings)
  console.log(`\nCustomer Hub is running at ${settings.SITE_URL}/`)
  console.log(`Database: ${settings.DATABASE_URL}`)
  if (demo) {
    console.log(`\nDemo logins (password "${demoPassword}"):`)
    for (const login of demoLogins)
      console.log(`  ${login.email.padEnd(24)} ${login.role}${login.account ? `, ${login.account}` : ''}`)
  }
}

async function isDemoDatabase() {
  const { createDb } = await import('~/db-connection.server')
  const { databaseKind } = await import('#db/seed/demo')
  const { db, sqlite } = createDb(config().DATABASE_URL)
  try {
    return databaseKind(db) === 'demo'
  } finally {
    sqlite.close()
  }
}

start().catch((error: unknown) => {
  console.error(error instanceof ConfigError || error instanceof StorageRefused ? error.message : error)
  process.exit(1)
})
