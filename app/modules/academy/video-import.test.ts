// @vitest-environment node
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createDb } from '~/db-connection.server'
import { starterVideosDir } from '../../../scripts/academy-import'
import { migrateDatabase } from '../../../scripts/db-migrate'
import { importVideos } from './video-import.server'

let dir: string
let mediaDir: string
let handle: ReturnType<typeof createDb>

beforeEach(() => {
  const root = mkdtempSync(join(tmpdir(), 'hub-video-import-'))
  dir = join(root, 'videos')
  mediaDir = join(root, 'media', 'videos')
  cpSync(starterVideosDir, dir, { recursive: true })
  const file = join(root, 'hub.db')
  migrateDatabase(file)
  handle = createDb(file)
})
afterEach(() => handle.sqlite.close())

type Row = {
  key: string
  locale: string
  title: string
  revision: number
  source_revision: number
  status: string
  captions: string
}
const texts = () =>
  handle.sqlite
    .prepare(
      'select v.key, t.locale, t.title, t.revision, t.source_revision, t.status, t.captions from video_translations t join videos v on v.id = t.video_id order by v.key, t.locale',
    )
    .all() as Row[]

describe('importVideos', () => {
  it('imports the starter videos with their captions and media, then changes nothing on a second run', () => {
    const first = importVideos({ db: handle.db, dir, mediaDir })
    expect(first).toEqual({ folders: 4, created: 4, updated: 0, unchanged: 0, errors: [] })
    const rows = texts()
    expect(rows).toHaveLength(16)
    expect(
      rows.every((r) => r.status === 'published' && r.revision === 1 && r.captions.startsWith('WEBVTT')),
    ).toBe(true)
    expect(
      readFileSync(join(mediaDir, 'dashboard-tour', 'video.webm')).equals(
        readFileSync(join(dir, 'dashboard-tour', 'video.webm')),
      ),
    ).toBe(true)
    expect(existsSync(join(mediaDir, 'dashboard-tour', 'poster.jpg'))).toBe(true)
    const video = handle.sqlite
      .prepare(
        "select source, file, mime_type, poster, duration_seconds from videos where key = 'install-the-sdk'",
      )
      .get()
    expect(video).toEqual({
      source: 'file',
      file: 'video.webm',
      mime_type: 'video/webm',
      poster: 'poster.jpg',
      duration_seconds: 30,
    })

    expect(importVideos({ db: handle.db, dir, mediaDir })).toEqual({
      folders: 4,
      created: 0,
      updated: 0,
      unchanged: 4,
      errors: [],
    })
    expect(texts()).toEqual(rows)
  })

  it('gives a changed source text the next revision and leaves the untouched translations stale', () => {
    importVideos({ db: handle.db, dir, mediaDir })
    const yml = join(dir, 'tracking-links', 'video.yml')
    writeFileSync(
      yml,
      readFileSync(yml, 'utf8').replace('en: "Create attribution links"', 'en: "Create tracking links"'),
    )
    expect(importVideos({ db: handle.db, dir, mediaDir })).toMatchObject({ updated: 1, unchanged: 3 })
    const rows = texts().filter((r) => r.key === 'tracking-links')
    expect(rows.find((r) => r.locale === 'en')).toMatchObject({
      title: 'Create tracking links',
      revision: 2,
      source_revision: 2,
    })
    expect(rows.find((r) => r.locale === 'ru')).toMatchObject({ revision: 1, source_revision: 1 })
  })

  it('counts a replaced media file as a change, so the media URL (which carries updatedAt) changes too', () => {
    importVideos({ db: handle.db, dir, mediaDir })
    const updatedAt = () =>
      (
        handle.sqlite.prepare("select updated_at from videos where key = 'dashboard-tour'").get() as {
          updated_at: number
        }
      ).updated_at
    const before = updatedAt()
    writeFileSync(
      join(dir, 'dashboard-tour', 'poster.jpg'),
      Buffer.concat([readFileSync(join(dir, 'dashboard-tour', 'poster.jpg')), Buffer.from([0])]),
    )
    expect(importVideos({ db: handle.db, dir, mediaDir })).toMatchObject({ updated: 1, unchanged: 3 })
    expect(updatedAt()).toBeGreaterThanOrEqual(before)
    expect(
      readFileSync(join(mediaDir, 'dashboard-tour', 'poster.jpg')).equals(
        readFileSync(join(dir, 'dashboard-tour', 'poster.jpg')),
      ),
    ).toBe(true)
  })

  it('reports a bad folder and imports the others', () => {
    writeFileSync(
      join(dir, 'attribution-windows', 'ru.vtt'),
      'WEBVTT\n\n00:05.000 --> 00:01.000\nНазад во времени\n',
    )
    cpSync(join(dir, 'dashboard-tour'), join(dir, 'embedded'), { recursive: true })
    writeFileSync(
      join(dir, 'embedded', 'video.yml'),
      'duration: 20\nembed: { provider: youtube, id: "dQw4w9WgXcQ&autoplay=1" }\ntitle: { en: Embedded }\n',
    )
    const report = importVideos({ db: handle.db, dir, mediaDir })
    expect(report.created).toBe(3)
    expect(report.errors).toEqual([
      { file: join(dir, 'attribution-windows', 'ru.vtt'), message: 'line 3: endBeforeStart' },
      { file: join(dir, 'embedded', 'video.yml'), message: 'embed: is not a valid id for this provider' },
    ])
    expect(texts().some((r) => r.key === 'attribution-windows')).toBe(false)
  })

  it('stores an embed as a provider and its id', () => {
    const embedDir = mkdtempSync(join(tmpdir(), 'hub-video-embed-'))
    cpSync(join(dir, 'tracking-links'), join(embedDir, 'webinar'), { recursive: true })
    for (const locale of ['es', 'pt']) rmSync(join(embedDir, 'webinar', `${locale}.vtt`))
    writeFileSync(
      join(embedDir, 'webinar', 'video.yml'),
      'duration: 600\nembed: { provider: vimeo, id: "76979871" }\ntitle: { en: Webinar, ru: Вебинар }\n',
    )
    expect(importVideos({ db: handle.db, dir: embedDir, mediaDir })).toMatchObject({ created: 1, errors: [] })
    const video = handle.sqlite
      .prepare("select source, file, provider, provider_id from videos where key = 'webinar'")
      .get()
    expect(video).toEqual({ source: 'embed', file: null, provider: 'vimeo', provider_id: '76979871' })
  })
})
