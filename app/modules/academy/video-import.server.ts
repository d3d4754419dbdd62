import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { and, eq } from 'drizzle-orm'
import { locales, type Locale } from '#db/schema/enums'
import * as schema from '#db/schema/index'
import { config } from '~/config.server'
import { createDb, type Db } from '~/db-connection.server'
import { clock } from '~/modules/clock/clock'
import { videoKeyPattern, videoMimeType } from './media.server'
import { parseVideoFile, type VideoFile } from './video-files.server'
import { parseWebVtt } from './webvtt'

const { videos, videoTranslations } = schema

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0]
type VideoText = { title: string; description: string; captions: string }

export type VideoImportReport = {
  folders: number
  created: number
  updated: number
  unchanged: number
  errors: { file: string; message: string }[]
}

/**
 * Imports `<dir>/<key>/video.yml` with its captions `<lang>.vtt` and media, copying the media to
 * `<mediaDir>/<key>/`. Idempotent: an unchanged folder changes nothing. Texts follow the revision
 * rule of the playbooks (docs/decisions/0004): a changed text gets the next revision, an
 * unchanged one is left alone, so a translation left behind by its source becomes stale.
 * A bad folder is reported and never stops the others.
 */
export function importVideos(input: { db?: Db; dir: string; mediaDir: string }): VideoImportReport {
  if (!input.db) {
    const { db, sqlite } = createDb(config().DATABASE_URL)
    try {
      return importVideos({ ...input, db })
    } finally {
      sqlite.close()
    }
  }
  const db = input.db
  const report: VideoImportReport = { folders: 0, created: 0, updated: 0, unchanged: 0, errors: [] }
  const folders = readdirSync(input.dir, { withFileTypes: true }).filter((entry) => entry.isDirectory())
  for (const key of folders.map((entry) => entry.name).sort()) {
    const folder = join(input.dir, key)
    report.folders++
    try {
      const read = readVideoFolder(folder, key)
      if (!read.ok) {
        report.errors.push({ file: read.file, message: read.error })
        continue
      }
      const mediaChanged = copyMedia({
        from: folder,
        to: join(input.mediaDir, key),
        files: [read.video.file, read.video.poster],
      })
      const outcome = db.transaction(
        (tx) => writeVideo(tx, { key, video: read.video, texts: read.texts, mediaChanged }),
        { behavior: 'immediate' },
      )
      report[outcome]++
    } catch (error) {
      report.errors.push({ file: folder, message: (error as Error).message })
    }
  }
  return report
}

type ReadFolder =
  | { ok: true; video: VideoFile; texts: Partial<Record<Locale, VideoText>> }
  | { ok: false; file: string; error: string }

function readVideoFolder(folder: string, key: string): ReadFolder {
  const yml = join(folder, 'video.yml')
  if (!videoKeyPattern.test(key) || key.length > 64)
    return { ok: false, file: folder, error: 'the folder name must be lowercase letters, digits and hyphens' }
  if (!existsSync(yml)) return { ok: false, file: yml, error: 'missing video.yml' }
  const parsed = parseVideoFile(readFileSync(yml, 'utf8'))
  if (!parsed.ok) return { ok: false, file: yml, error: parsed.error }
  const { video } = parsed
  for (const name of [video.file, video.poster]) {
    if (name && !existsSync(join(folder, name)))
      return { ok: false, file: join(folder, name), error: 'file not found' }
  }
  const texts: Partial<Record<Locale, VideoText>> = {}
  for (const locale of locales) {
    const vtt = join(folder, `${locale}.vtt`)
    const captions = existsSync(vtt)
      ? readFileSync(vtt, 'utf8')
          .replace(/^\uFEFF/, '')
          .replace(/\r\n?/g, '\n')
      : ''
    if (captions) {
      const result = parseWebVtt(captions)
      if (!result.ok)
        return { ok: false, file: vtt, error: `line ${result.error.line}: ${result.error.code}` }
    }
    const title = video.title[locale]
    if (!title) {
      if (captions) return { ok: false, file: vtt, error: `captions without a title.${locale} in video.yml` }
      continue
    }
    texts[locale] = { title, description: video.description[locale] ?? '', captions }
  }
  return { ok: true, video, texts }
}

/** Copies only what differs, through a temporary name, so a server reading the old file never sees half a new one. */
/** Copies the files that differ; true when any did, since media URLs carry the video's updatedAt. */
function copyMedia(input: { from: string; to: string; files: (string | undefined)[] }) {
  mkdirSync(input.to, { recursive: true })
  let copied = false
  for (const name of input.files) {
    if (!name) continue
    const source = join(input.from, name)
    const target = join(input.to, name)
    if (
      existsSync(target) &&
      statSync(target).size === statSync(source).size &&
      readFileSync(target).equals(readFileSync(source))
    )
      continue
    copyFileSync(source, `${target}.tmp`)
    renameSync(`${target}.tmp`, target)
    copied = true
  }
  return copied
}

function writeVideo(
  tx: Tx,
  input: { key: string; video: VideoFile; texts: Partial<Record<Locale, VideoText>>; mediaChanged: boolean },
): 'created' | 'updated' | 'unchanged' {
  const { video } = input
  const fields = {
    source: video.file ? ('file' as const) : ('embed' as const),
    file: video.file ?? null,
    mimeType: video.file ? videoMimeType(video.file) : null,
    provider: video.embed?.provider ?? null,
    providerId: video.embed?.id ?? null,
    poster: video.poster ?? null,
    durationSeconds: video.duration,
    position: video.order,
    sourceLocale: video.sourceLocale,
  }
  const found = tx.select().from(videos).where(eq(videos.key, input.key)).get()
  const row =
    found ??
    tx
      .insert(videos)
      .values({ key: input.key, ...fields })
      .returning()
      .get()
  let changed = false
  // A re-encoded file under the same name is a change too: its URL must change with it.
  if (
    found &&
    (input.mediaChanged ||
      Object.entries(fields).some(([name, value]) => found[name as keyof typeof fields] !== value))
  ) {
    tx.update(videos)
      .set({ ...fields, updatedAt: clock.now() })
      .where(eq(videos.id, found.id))
      .run()
    changed = true
  }
  changed =
    writeTexts(tx, { videoId: row.id, sourceLocale: video.sourceLocale, texts: input.texts }) || changed
  return !found ? 'created' : changed ? 'updated' : 'unchanged'
}

/** The source goes first, so translations changed alongside it point at its new revision. */
function writeTexts(
  tx: Tx,
  input: { videoId: number; sourceLocale: Locale; texts: Partial<Record<Locale, VideoText>> },
) {
  const existing = new Map(
    tx
      .select()
      .from(videoTranslations)
      .where(eq(videoTranslations.videoId, input.videoId))
      .all()
      .map((row) => [row.locale, row]),
  )
  const order = [input.sourceLocale, ...locales.filter((l) => l !== input.sourceLocale)]
  let sourceRevision = existing.get(input.sourceLocale)?.revision ?? 1
  let changed = false
  const now = clock.now()
  for (const locale of order) {
    const text = input.texts[locale]
    if (!text) continue
    const isSource = locale === input.sourceLocale
    const current = existing.get(locale)
    if (!current) {
      tx.insert(videoTranslations)
        .values({
          videoId: input.videoId,
          locale,
          ...text,
          status: 'published',
          revision: 1,
          sourceRevision: isSource ? 1 : sourceRevision,
          publishedAt: now,
        })
        .run()
      changed = true
      continue
    }
    const same =
      current.title === text.title &&
      current.description === text.description &&
      current.captions === text.captions &&
      current.status === 'published'
    if (same) {
      if (isSource) sourceRevision = current.revision
      continue
    }
    const revision = current.revision + 1
    tx.update(videoTranslations)
      .set({
        ...text,
        status: 'published',
        revision,
        sourceRevision: isSource ? revision : sourceRevision,
        updatedAt: now,
        publishedAt: current.publishedAt ?? now,
      })
      .where(and(eq(videoTranslations.videoId, input.videoId), eq(videoTranslations.locale, locale)))
      .run()
    if (isSource) sourceRevision = revision
    changed = true
  }
  return changed
}
