import { sql } from 'drizzle-orm'
import { existsSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { config } from '~/config.server'
import { createDb } from '~/db-connection.server'
import * as schema from '#db/schema/index'
import { videoMediaDir } from '~/modules/academy/media.server'
import { importVideos, type VideoImportReport } from '~/modules/academy/video-import.server'

/**
 * `npm run academy:import -- [--videos <folder>] [--media <folder>]`: imports the academy's
 * content (the videos of content/videos, their captions and media). Each part is one step of
 * `runAcademyImport`, so courses and quizzes can join as further steps. Exits non-zero only
 * when nothing could be imported.
 */
export type AcademyImportReport = { videos: VideoImportReport }

export const starterVideosDir = fileURLToPath(new URL('../content/videos', import.meta.url))

export function runAcademyImport(input: { databaseFile?: string; videosDir?: string; mediaDir?: string } = {}): AcademyImportReport {
  const { db, sqlite } = createDb(input.databaseFile ?? config().DATABASE_URL)
  try {
    const videos = importVideos({ db, dir: input.videosDir ?? starterVideosDir, mediaDir: input.mediaDir ?? videoMediaDir() })
    return { videos }
  } finally {
    sqlite.close()
  }
}

/**
 * Like the articles and playbooks: the shipped academy goes into a database that has none yet,
 * never later, so a restart does not put the files' text over what editors changed since.
 * `mediaDir` defaults to `<DATA_DIR>/media/videos`.
 */
export function importStarterAcademyIfEmpty(databaseFile = config().DATABASE_URL, mediaDir = videoMediaDir()) {
  const { db, sqlite } = createDb(databaseFile)
  const count =
    db
      .select({ n: sql<number>`count(*)` })
      .from(schema.videos)
      .get()?.n ?? 0
  sqlite.close()
  return count === 0 ? runAcademyImport({ databaseFile, mediaDir }) : null
}

export function describeAcademyImport(report: AcademyImportReport) {
  const v = report.videos
  return `${v.folders} videos: ${v.created} new, ${v.updated} updated, ${v.unchanged} unchanged, ${v.errors.length} with errors`
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { videos: { type: 'string', default: 'content/videos' }, media: { type: 'string' } } })
  const videosDir = values.videos!
  if (!existsSync(videosDir) || !statSync(videosDir).isDirectory()) {
    console.error(`No such folder: ${videosDir}`)
    process.exit(1)
  }
  const report = runAcademyImport({ videosDir, mediaDir: values.media ?? join(config().DATA_DIR, 'media', 'videos') })
  for (const { file, message } of report.videos.errors) console.error(`✗ ${file}: ${message}`)
  console.log(describeAcademyImport(report))
  const v = report.videos
  process.exit(v.created + v.updated + v.unchanged === 0 ? 1 : 0)
}
