import { existsSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { sql } from 'drizzle-orm'
import * as schema from '#db/schema/index'
import { config } from '~/config.server'
import { createDb } from '~/db-connection.server'
import { importCourses, type CourseImportReport } from '~/modules/academy/course-import.server'
import { videoMediaDir } from '~/modules/academy/media.server'
import { importVideos, type VideoImportReport } from '~/modules/academy/video-import.server'

/**
 * `npm run academy:import -- [--videos <folder>] [--media <folder>] [--courses <folder>]`:
 * imports the academy's content: first the videos of content/videos (their captions and
 * media), then the courses of content/academy, whose lessons name those videos and the
 * knowledge base's articles (import the articles first). Exits non-zero only when nothing
 * could be imported.
 */
export type AcademyPart = 'videos' | 'courses'
/** One report per part; null for a part that was not imported. */
export type AcademyImportReport = { videos: VideoImportReport | null; courses: CourseImportReport | null }

export const starterVideosDir = fileURLToPath(new URL('../content/videos', import.meta.url))
export const starterCoursesDir = fileURLToPath(new URL('../content/academy', import.meta.url))

export function runAcademyImport(
  input: {
    databaseFile?: string
    videosDir?: string
    mediaDir?: string
    coursesDir?: string
    parts?: AcademyPart[]
  } = {},
): AcademyImportReport {
  const parts = input.parts ?? ['videos', 'courses']
  const { db, sqlite } = createDb(input.databaseFile ?? config().DATABASE_URL)
  try {
    // Videos first: the courses' lessons refer to them.
    const videos = parts.includes('videos')
      ? importVideos({
          db,
          dir: input.videosDir ?? starterVideosDir,
          mediaDir: input.mediaDir ?? videoMediaDir(),
        })
      : null
    const courses = parts.includes('courses')
      ? importCourses({ db, dir: input.coursesDir ?? starterCoursesDir })
      : null
    return { videos, courses }
  } finally {
    sqlite.close()
  }
}

/**
 * Like the articles and playbooks: each part of the shipped academy (videos, courses) goes
 * into a database that has none of it yet, never later, so a restart does not put the files'
 * text over what editors changed since. Null when there was nothing to import.
 * `mediaDir` defaults to `<DATA_DIR>/media/videos`.
 */
export function importStarterAcademyIfEmpty(
  databaseFile = config().DATABASE_URL,
  mediaDir = videoMediaDir(),
) {
  const { db, sqlite } = createDb(databaseFile)
  const count = (table: typeof schema.videos | typeof schema.courses) =>
    db
      .select({ n: sql<number>`count(*)` })
      .from(table)
      .get()?.n ?? 0
  const parts: AcademyPart[] = []
  if (count(schema.videos) === 0) parts.push('videos')
  if (count(schema.courses) === 0) parts.push('courses')
  sqlite.close()
  return parts.length > 0 ? runAcademyImport({ databaseFile, mediaDir, parts }) : null
}

/** Every error of an import, videos' and courses' alike. */
export const academyImportErrors = (report: AcademyImportReport) => [
  ...(report.videos?.errors ?? []),
  ...(report.courses?.errors ?? []),
]

export function describeAcademyImport(report: AcademyImportReport) {
  const lines: string[] = []
  const v = report.videos
  if (v)
    lines.push(
      `${v.folders} videos: ${v.created} new, ${v.updated} updated, ${v.unchanged} unchanged, ${v.errors.length} with errors`,
    )
  const c = report.courses
  if (c)
    lines.push(
      `${c.files} courses: ${c.created} new, ${c.updated} updated, ${c.unchanged} unchanged, ${c.errors.length} with errors`,
    )
  return lines.join('\n')
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({
    options: {
      videos: { type: 'string', default: 'content/videos' },
      media: { type: 'string' },
      courses: { type: 'string', default: 'content/academy' },
    },
  })
  for (const dir of [values.videos!, values.courses!]) {
    if (!existsSync(dir) || !statSync(dir).isDirectory()) {
      console.error(`No such folder: ${dir}`)
      process.exit(1)
    }
  }
  const report = runAcademyImport({
    videosDir: values.videos!,
    coursesDir: values.courses!,
    mediaDir: values.media ?? join(config().DATA_DIR, 'media', 'videos'),
  })
  for (const { file, message } of academyImportErrors(report)) console.error(`✗ ${file}: ${message}`)
  console.log(describeAcademyImport(report))
  const imported = [report.videos, report.courses].reduce(
    (n, r) => n + (r ? r.created + r.updated + r.unchanged : 0),
    0,
  )
  process.exit(imported === 0 ? 1 : 0)
}
