import type { ServerBuild } from '@remix-run/node'
import { createServer as createViteServer } from 'vite'
import { config } from '~/config.server'
import { importStarterContentIfEmpty } from './content-import'
import { migrateDatabase } from './db-migrate'
import { seedDatabase } from './db-seed'
import { createApp } from './serve'

/**
 * `npm run dev`: the same Express server as production (headers, origin check, load context)
 * with Vite's middleware for hot reloading instead of the built files.
 */
const settings = config()
migrateDatabase(settings.DATABASE_URL)
importStarterContentIfEmpty(settings.DATABASE_URL)
if (settings.DEMO_DATA)
  await seedDatabase({ file: settings.DATABASE_URL }).catch((error: Error) => console.log(error.message))
const vite = await createViteServer({ server: { middlewareMode: true } })
const app = createApp(
  () => vite.ssrLoadModule('virtual:remix/server-build') as Promise<ServerBuild>,
  settings,
  vite,
)
app.listen(settings.PORT, settings.HOST, () =>
  console.log(`Customer Hub (development) on ${settings.SITE_URL}/`),
)
