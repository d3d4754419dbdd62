import { and, eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import * as schema from '#db/schema/index'
import { createUser, testDb } from '../factories/people'
import { browserLocales, useBrowser, waitForHydration } from '../setup/browser'
import { tr } from '../setup/i18n'

const browser = useBrowser()

const videoId = (key: string) =>
  testDb().select({ id: schema.videos.id }).from(schema.videos).where(eq(schema.videos.key, key)).get()!.id

describe('watching a video in Russian', () => {
  it('shows Russian captions by default, seeks from the transcript, and records the video as watched', async () => {
    const olga = createUser({ locale: 'ru' })
    const page = await browser.signedInPage(olga, { locale: browserLocales.ru! })
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

    const progress = testDb()
      .select()
      .from(schema.videoProgress)
      .where(
        and(
          eq(schema.videoProgress.userId, olga.id),
          eq(schema.videoProgress.videoId, videoId('dashboard-tour')),
        ),
      )
      .get()!
    expect(progress.watchedShare).toBeGreaterThanOrEqual(0.9)
    expect(progress.watchedAt).not.toBeNull()

    await page.getByRole('link', { name: tr('ru', 'videos:player.back') }).click()
    await page.getByRole('heading', { level: 1, name: tr('ru', 'videos:library.title') }).waitFor()
    const card = page.locator('li.video-card', { hasText: 'Обзор дашборда Orbit' })
    await card.getByText(tr('ru', 'videos:library.watched'), { exact: true }).waitFor()
  })
})

describe('coming back to a video', () => {
  it('resumes where the person stopped', async () => {
    const page = await browser.signedInPage(createUser({ locale: 'en' }), { locale: browserLocales.en! })
    const saved = await page.request.post('/en/videos/tracking-links', {
      form: {
        intent: 'progress',
        videoId: String(videoId('tracking-links')),
        position: '14.2',
        watchedShare: '0.45',
      },
    })
    expect(saved.status()).toBe(200)

    await page.goto('/en/videos/tracking-links')
    await waitForHydration(page)
    await page.getByText(tr('en', 'videos:player.resume', { time: '0:14' })).waitFor()
    await page.waitForFunction(() => Math.abs(document.querySelector('video')!.currentTime - 14) < 1)
  })
})
