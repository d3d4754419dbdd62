// @vitest-environment node
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { expect, it } from 'vitest'
import { createDb } from '~/db-connection.server'
import { importContent } from '~/modules/kb/content-import.server'
import { importStarterAcademyIfEmpty } from '../../../scripts/academy-import'
import { migrateDatabase } from '../../../scripts/db-migrate'

/** `npm start` and the test setup: the knowledge base, then the academy's videos and courses, each once. */
it('imports the starter videos and then the courses into an empty database, and nothing the second time', () => {
  const root = mkdtempSync(join(tmpdir(), 'hub-academy-import-'))
  const file = join(root, 'hub.db')
  migrateDatabase(file)
  const kb = createDb(file)
  importContent(kb.db, fileURLToPath(new URL('../../../content/kb', import.meta.url)))
  kb.sqlite.close()
  const media = join(root, 'media', 'videos')

  const first = importStarterAcademyIfEmpty(file, media)
  expect(first?.videos).toMatchObject({ created: 4, errors: [] })
  expect(first?.courses).toMatchObject({ created: 2, errors: [] })
  expect(importStarterAcademyIfEmpty(file, media)).toBeNull()

  // A database that has its videos but no courses yet gets only the courses.
  const { sqlite } = createDb(file)
  sqlite.exec('delete from course_lessons; delete from courses')
  sqlite.close()
  expect(importStarterAcademyIfEmpty(file, media)).toMatchObject({
    videos: null,
    courses: { created: 2, errors: [] },
  })
})
