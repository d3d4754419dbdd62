import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { config } from '~/config.server'
import { createDb } from '~/db-connection.server'
import { exportContent } from '~/modules/kb/content-export.server'

/** `npm run content:export -- --dir <folder>`: the same layout content:import reads. */
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { dir: { type: 'string' } } })
  if (!values.dir) {
    console.error('Usage: npm run content:export -- --dir <folder>')
    process.exit(1)
  }
  const { db, sqlite } = createDb(config().DATABASE_URL)
  try {
    const { articles, files } = exportContent(db, values.dir)
    console.log(`Exported ${articles} articles (${files} files) to ${values.dir}`)
  } finally {
    sqlite.close()
  }
}
