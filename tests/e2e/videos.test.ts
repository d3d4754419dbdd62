import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { signInAs } from '../setup/axe'
import { browserLocales, useBrowser, waitForHydration } from '../setup/browser'
import { queryDb } from '../setup/db'
import { tr } from '../setup/i18n'
import { startServer, type TestServer } from '../setup/server'

let server: TestServer

beforeAll(async () => {
  server = await startServer()
})
afterAll(async () => {
  await server?.stop()
})

const browser = useBrowser({ baseURL: () => server.url })

describe('watching a video in Russian', () => {
  it('shows Russian captions by default, seeks from the transcript, and records the video as watched', async () => {
    const page = await browser.newPage({ locale: browserLocales.ru! })
    await signInAs(page, 'ru', 'olga@volga.example')
    await page.goto('/ru/videos/dashboard-tour')
    await waitForHydration(page)
    await page.getByRole('heading', { level: 1, name: 'Обзор дашборда Orbit' }).waitFor()

    // The ru track is the one showing, and its cues are the Russian captions.
    await page.waitForFunction(() => {
      const video = document.querySelector('video')!
      const showing = [...video.textTracks].filter((track) => track.mode === 'showing')
      return showing.length === 1 && showing[0]!.language === 'ru' && (showing[0]!.cues?.length ?? 0) === 5
    })
    const firstCue = await page.evaluate(() => {
      const track = [...document.querySelector('video')!.textTracks].find((t) => t.mode === 'showing')!
      return (track.cues![0] as VTTCue).text
    })
    expect(firstCue).toContain('Это Overview')

    await page.getByRole('button', { name: tr('ru', 'videos:player.seek', { time: '0:12' }) }).click()
    await page.waitForFunction(() => Math.abs(document.querySelector('video')!.currentTime - 12) < 2)

    // Played from the start to the end, fast and muted: the whole video counts as watched.
    await page.evaluate(async () => {
      const video = document.querySelector('video')!
      video.pause()
      video.currentTime = 0
      video.muted = true
      video.playbackRate = 16
      await video.play()
    })
    await page.waitForFunction(() => document.querySelector('video')!.ended, undefined, { timeout: 20_000 })
    await page
      .locator('.video-status')
      .getByText(tr('ru', 'videos:player.watched'), { exact: true })
      .waitFor()

    const olga = queryDb<{ id: number }>(
      server.databaseFile,
      "select id from users where email = 'olga@volga.example'",
    )[0]!
    const progress = queryDb<{ watched_share: number; watched_at: number | null }>(
      server.databaseFile,
      "select watched_share, watched_at from video_progress where user_id = ? and video_id = (select id from videos where key = 'dashboard-tour')",
      olga.id,
    )[0]!
    expect(progress.watched_share).toBeGreaterThanOrEqual(0.9)
    expect(progress.watched_at).not.toBeNull()

    await page.getByRole('link', { name: tr('ru', 'videos:player.back') }).click()
    await page.getByRole('heading', { level: 1, name: tr('ru', 'videos:library.title') }).waitFor()
    const card = page.locator('li.video-card', { hasText: 'Обзор дашборда Orbit' })
    await card.getByText(tr('ru', 'videos:library.watched'), { exact: true }).waitFor()
  })
})

describe('coming back to a video', () => {
  it('resumes where the person stopped', async () => {
    const page = await browser.newPage({ locale: browserLocales.en! })
    await signInAs(page, 'en', 'emma@harbor.example')
    const videoId = queryDb<{ id: number }>(
      server.databaseFile,
      "select id from videos where key = 'tracking-links'",
    )[0]!.id
    const saved = await page.request.post('/en/videos/tracking-links', {
      form: { intent: 'progress', videoId: String(videoId), position: '14.2', watchedShare: '0.45' },
    })
    expect(saved.status()).toBe(200)

    await page.goto('/en/videos/tracking-links')
    await waitForHydration(page)
    await page.getByText(tr('en', 'videos:player.resume', { time: '0:14' })).waitFor()
    await page.waitForFunction(() => Math.abs(document.querySelector('video')!.currentTime - 14) < 1)
  })
})
