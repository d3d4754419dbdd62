import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, inject, it } from 'vitest'
import { copyStarterVideo, createEmbedVideo } from '../factories/academy'
import { addPlaybookItem, createOnboardingCustomer } from '../factories/onboarding'
import { createAccount, createUser, signedInClient, type TestUser } from '../factories/people'
import { queryDb } from '../setup/db'
import { createClient, type Client } from '../setup/http'
import { asHtml, tr } from '../setup/i18n'
import { projectRoot } from '../setup/paths'

// The starter videos and their media are only read here; a test that changes a video works
// on a copy or a video of its own, and everyone who watches is a factory person.
const server = inject('server')

const langs = ['en', 'ru', 'es', 'pt'] as const
const videoFile = readFileSync(join(projectRoot, 'content/videos/dashboard-tour/video.webm'))
const titles = {
  en: 'A tour of the Orbit dashboard',
  ru: 'Обзор дашборда Orbit',
  es: 'Recorrido por el dashboard de Orbit',
  pt: 'Um tour pelo painel da Orbit',
}
const firstCue = {
  en: 'This is Overview',
  ru: 'Это Overview',
  es: 'Este es Overview',
  pt: 'Este é o Overview',
}

const videoId = (key: string) =>
  queryDb<{ id: number }>(server.databaseFile, 'select id from videos where key = ?', key)[0]!.id
type ProgressRow = { position_seconds: number; watched_share: number; watched_at: number | null }
const progressOf = (user: TestUser, key: string) =>
  queryDb<ProgressRow>(
    server.databaseFile,
    'select position_seconds, watched_share, watched_at from video_progress where user_id = ? and video_id = ?',
    user.id,
    videoId(key),
  )[0]

const progress = (client: Client, lang: string, key: string, fields: Record<string, string>) =>
  client.post(`/${lang}/videos/${key}`, { intent: 'progress', videoId: String(videoId(key)), ...fields })

describe('the video library', () => {
  it.each(langs)(
    'lists the starter videos in %s with posters, durations and localized titles',
    async (lang) => {
      const response = await createClient(server.url).get(`/${lang}/videos`)
      expect(response.status).toBe(200)
      const html = await response.text()
      expect(html).toContain(asHtml(tr(lang, 'videos:library.title')))
      expect(html).toContain(asHtml(titles[lang]))
      for (const key of ['dashboard-tour', 'install-the-sdk', 'tracking-links', 'attribution-windows'])
        expect(html).toContain(`href="/${lang}/videos/${key}"`)
      expect(html).toMatch(/<img src="\/media\/videos\/dashboard-tour\/poster\.jpg\?v=\d+" alt=""/)
      const duration = { en: '30 seconds', ru: '30 секунд', es: '30 segundos', pt: '30 segundos' }[lang]
      expect(html).toContain(asHtml(tr(lang, 'videos:library.duration', { duration })))
    },
  )

  it('shows the source language with a notice when a video is not translated', async () => {
    // A copy of the starter video whose Portuguese text is still a draft.
    const video = copyStarterVideo('tracking-links', server, { drafts: ['pt'] })
    expect(video.titles.en).toBe('Create attribution links')
    const library = await (await createClient(server.url).get('/pt/videos?untranslated')).text()
    expect(library).toContain(`href="/pt/videos/${video.key}"`)
    expect(library).toContain('Create attribution links')
    expect(library).toContain(asHtml(tr('pt', 'videos:library.otherLanguage', { language: 'inglês' })))
    const page = await (await createClient(server.url).get(`/pt/videos/${video.key}`)).text()
    expect(page).toContain(asHtml(tr('pt', 'videos:player.notTranslated', { language: 'inglês' })))
    expect(page).toContain('<h1 lang="en">Create attribution links</h1>')
    expect(page).not.toContain('srcLang="pt"')
    const captions = await createClient(server.url).get(`/media/videos/${video.key}/captions/pt.vtt`)
    expect(captions.status).toBe(404)
    // The published languages' captions are served as usual.
    expect((await createClient(server.url).get(`/media/videos/${video.key}/captions/es.vtt`)).status).toBe(
      200,
    )
  })
})

describe('the sitemap', () => {
  it('lists the library and each video in every language it is published in', async () => {
    const xml = await (await createClient(server.url).get('/sitemap.xml')).text()
    expect(xml).toContain(`<loc>${server.url}/es/videos</loc>`)
    expect(xml).toContain(`<loc>${server.url}/ru/videos/dashboard-tour</loc>`)
    expect(xml).toContain(`hreflang="pt" href="${server.url}/pt/videos/dashboard-tour"`)
  })
})

describe('the player page', () => {
  it.each(langs)(
    'in %s: a plain video with captions in every language, its own on by default, and a transcript',
    async (lang) => {
      const response = await createClient(server.url).get(`/${lang}/videos/dashboard-tour`)
      expect(response.status).toBe(200)
      const html = await response.text()
      expect(html).toContain(`<h1 lang="${lang}">${asHtml(titles[lang])}</h1>`)
      expect(html).toMatch(
        /<video[^>]* controls="" preload="metadata" poster="\/media\/videos\/dashboard-tour\/poster\.jpg\?v=\d+"/,
      )
      expect(html).toMatch(
        /<source src="\/media\/videos\/dashboard-tour\/video\.webm\?v=\d+" type="video\/webm"\/>/,
      )
      for (const other of langs) {
        const track = new RegExp(
          `<track kind="captions" src="/media/videos/dashboard-tour/captions/${other}\\.vtt\\?v=1" srcLang="${other}" label="[^"]+"${other === lang ? ' default=""' : ''}/>`,
        )
        expect(html).toMatch(track)
      }
      expect(html).toContain(asHtml(tr(lang, 'videos:player.transcript')))
      expect(html).toContain(`<span class="video-transcript__time">0:06</span>`)
      expect(html).toContain(asHtml(firstCue[lang]))
      expect(html).toContain(asHtml(tr(lang, 'videos:player.signIn')))
    },
  )

  it('is a 404 for an unknown video or a malformed key', async () => {
    expect((await createClient(server.url).get('/en/videos/no-such-video')).status).toBe(404)
    expect((await createClient(server.url).get('/en/videos/Dashboard_Tour')).status).toBe(404)
  })

  it('renders an allowlisted embed as a fixed-template iframe', async () => {
    const webinar = createEmbedVideo()
    const html = await (await createClient(server.url).get(`/en/videos/${webinar.key}`)).text()
    expect(html).toContain('src="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"')
    expect(html).toContain(`title="${webinar.title}"`)
    expect(html).toContain('sandbox="allow-scripts allow-same-origin allow-presentation allow-popups"')
    expect(html).toContain('referrerPolicy="strict-origin-when-cross-origin"')
    expect(html).not.toContain('<video')
    expect(html).not.toContain(asHtml(tr('en', 'videos:player.markWatched')))
  })

  it('lets a signed-in person mark an embed watched by hand, since its player reports nothing', async () => {
    const webinar = createEmbedVideo()
    const mariaUser = createUser({ account: createAccount({ market: 'LATAM' }), locale: 'es' })
    const maria = await signedInClient(mariaUser)
    const page = await (await maria.get(`/es/videos/${webinar.key}`)).text()
    expect(page).toContain(asHtml(tr('es', 'videos:player.markWatched')))
    expect((await progress(maria, 'es', webinar.key, { position: '0', watchedShare: '1' })).status).toBe(200)
    expect(progressOf(mariaUser, webinar.key)).toMatchObject({ watched_share: 1 })
    expect(progressOf(mariaUser, webinar.key)!.watched_at).not.toBeNull()
    expect(await (await maria.get(`/es/videos/${webinar.key}`)).text()).not.toContain(
      asHtml(tr('es', 'videos:player.markWatched')),
    )
  })
})

describe('media files', () => {
  const path = '/media/videos/dashboard-tour/video.webm'

  it('serves the whole file with its type, caching and range support', async () => {
    const response = await createClient(server.url).get(path)
    expect(response.status).toBe(200)
    expect(response.headers.get('Content-Type')).toBe('video/webm')
    expect(response.headers.get('Accept-Ranges')).toBe('bytes')
    expect(response.headers.get('X-Content-Type-Options')).toBe('nosniff')
    expect(response.headers.get('Cache-Control')).toContain('max-age=31536000')
    expect(response.headers.get('ETag')).toBeTruthy()
    expect(response.headers.get('Last-Modified')).toBeTruthy()
    expect(Buffer.from(await response.arrayBuffer()).equals(videoFile)).toBe(true)
  })

  it('answers a byte range with 206 and exactly those bytes, even when compression is offered', async () => {
    const response = await createClient(server.url).get(path, {
      headers: { Range: 'bytes=100-1099', 'Accept-Encoding': 'gzip, br' },
    })
    expect(response.status).toBe(206)
    expect(response.headers.get('Content-Range')).toBe(`bytes 100-1099/${videoFile.length}`)
    expect(response.headers.get('Content-Length')).toBe('1000')
    expect(response.headers.get('Content-Encoding')).toBeNull()
    expect(Buffer.from(await response.arrayBuffer()).equals(videoFile.subarray(100, 1100))).toBe(true)

    const tail = await createClient(server.url).get(path, { headers: { Range: 'bytes=-500' } })
    expect(tail.status).toBe(206)
    expect(Buffer.from(await tail.arrayBuffer()).equals(videoFile.subarray(videoFile.length - 500))).toBe(
      true,
    )

    const open = await createClient(server.url).get(path, {
      headers: { Range: `bytes=${videoFile.length - 10}-` },
    })
    expect(open.headers.get('Content-Range')).toBe(
      `bytes ${videoFile.length - 10}-${videoFile.length - 1}/${videoFile.length}`,
    )
    expect(Buffer.from(await open.arrayBuffer()).equals(videoFile.subarray(videoFile.length - 10))).toBe(true)
  })

  it('answers HEAD with the headers only, and sends the whole file when If-Range no longer matches', async () => {
    const head = await createClient(server.url).get(path, { method: 'HEAD' })
    expect(head.status).toBe(200)
    expect(head.headers.get('Content-Length')).toBe(String(videoFile.length))
    const stale = await createClient(server.url).get(path, {
      headers: { Range: 'bytes=0-9', 'If-Range': '"an-older-version"' },
    })
    expect(stale.status).toBe(200)
    expect(Buffer.from(await stale.arrayBuffer()).length).toBe(videoFile.length)
  })

  it('refuses a range past the end with 416', async () => {
    const response = await createClient(server.url).get(path, {
      headers: { Range: `bytes=${videoFile.length}-` },
    })
    expect(response.status).toBe(416)
    expect(response.headers.get('Content-Range')).toBe(`bytes */${videoFile.length}`)
    expect(response.headers.get('Cache-Control')).toBe('no-store')
  })

  it('answers several ranges with the whole file rather than the first range alone', async () => {
    const response = await createClient(server.url).get(path, { headers: { Range: 'bytes=0-9, 100-109' } })
    expect(response.status).toBe(200)
    expect(Buffer.from(await response.arrayBuffer()).equals(videoFile)).toBe(true)
  })

  it('answers a conditional request with 304', async () => {
    const etag = (await createClient(server.url).get(path)).headers.get('ETag')!
    expect((await createClient(server.url).get(path, { headers: { 'If-None-Match': etag } })).status).toBe(
      304,
    )
  })

  it('serves the poster as an image', async () => {
    const response = await createClient(server.url).get('/media/videos/dashboard-tour/poster.jpg')
    expect(response.status).toBe(200)
    expect(response.headers.get('Content-Type')).toBe('image/jpeg')
  })

  it.each([
    '/media/videos/no-such-video/video.webm',
    '/media/videos/dashboard-tour/other.webm',
    '/media/videos/dashboard-tour/en.vtt',
    '/media/videos/dashboard-tour/video.yml',
    '/media/videos/dashboard-tour/..%2F..%2F..%2Fhub.db',
    '/media/videos/..%2F..%2Fhub.db/video.webm',
    '/media/videos/dashboard-tour/%2e%2e',
    '/media/videos/%2e%2e/hub.db',
  ])('is a 404 for %s', async (url) => {
    expect((await createClient(server.url).get(url)).status).toBe(404)
  })
})

describe('captions', () => {
  it.each(langs)('serves the %s captions as text/vtt', async (lang) => {
    const response = await createClient(server.url).get(`/media/videos/install-the-sdk/captions/${lang}.vtt`)
    expect(response.status).toBe(200)
    expect(response.headers.get('Content-Type')).toBe('text/vtt; charset=utf-8')
    const text = await response.text()
    expect(text).toBe(readFileSync(join(projectRoot, `content/videos/install-the-sdk/${lang}.vtt`), 'utf8'))
  })

  it('is a 404 for an unknown language or video', async () => {
    expect((await createClient(server.url).get('/media/videos/install-the-sdk/captions/de.vtt')).status).toBe(
      404,
    )
    expect((await createClient(server.url).get('/media/videos/no-such-video/captions/en.vtt')).status).toBe(
      404,
    )
  })
})

describe('progress', () => {
  it('refuses anonymous visitors and stores nothing', async () => {
    // A video of this test's own, so nobody else's progress is counted.
    const video = copyStarterVideo('install-the-sdk', server)
    const stored = () =>
      queryDb<{ n: number }>(
        server.databaseFile,
        'select count(*) as n from video_progress where video_id = ?',
        video.id,
      )[0]!.n
    const response = await progress(createClient(server.url), 'en', video.key, {
      position: '5',
      watchedShare: '0.2',
    })
    expect(response.status).toBe(401)
    expect(stored()).toBe(0)
  })

  it('refuses bad numbers with 400 and an unknown video with 404', async () => {
    const emma = await signedInClient(createUser({ locale: 'en' }))
    for (const fields of [
      { position: 'abc', watchedShare: '0.1' },
      { position: '5', watchedShare: '1.5' },
      { position: '-1', watchedShare: '0.1' },
      { position: 'Infinity', watchedShare: '0.1' },
    ]) {
      expect((await progress(emma, 'en', 'install-the-sdk', fields)).status).toBe(400)
    }
    const unknown = await emma.post('/en/videos/install-the-sdk', {
      intent: 'progress',
      videoId: '999999',
      position: '1',
      watchedShare: '0.1',
    })
    expect(unknown.status).toBe(404)
    expect(
      (
        await emma.post('/en/videos/no-such-video', {
          intent: 'progress',
          videoId: '1',
          position: '1',
          watchedShare: '0.1',
        })
      ).status,
    ).toBe(404)
  })

  it('keeps the largest share, resumes from the last position, and marks the video watched once at 90%', async () => {
    const key = 'dashboard-tour'
    // Emma's account follows a playbook of its own with a step linked to this video that says
    // completeOn: read: watching the video completes the step.
    const { user: emmaUser, playbook } = createOnboardingCustomer({ market: 'US', locale: 'en' })
    const itemKey = addPlaybookItem(playbook, { linkType: 'video', linkKey: key, completeOnRead: true }).key
    const events = () =>
      queryDb<{ n: number }>(
        server.databaseFile,
        "select count(*) as n from events where type = 'video' and user_id = ? and ref = ?",
        emmaUser.id,
        String(videoId(key)),
      )[0]!.n
    const doneBy = () =>
      queryDb<{ source: string }>(
        server.databaseFile,
        'select source from account_item_progress where account_id = ? and item_key = ?',
        emmaUser.accountId,
        itemKey,
      )
    expect(events()).toBe(0)

    const emma = await signedInClient(emmaUser)
    expect((await progress(emma, 'en', key, { position: '12.5', watchedShare: '0.4' })).status).toBe(200)
    expect(progressOf(emmaUser, key)).toMatchObject({
      position_seconds: 12.5,
      watched_share: 0.4,
      watched_at: null,
    })
    expect(events()).toBe(1)

    const page = await (await emma.get(`/en/videos/${key}`)).text()
    expect(page).toContain(asHtml(tr('en', 'videos:player.progress', { percent: '40%' })))
    expect(page).toContain(asHtml(tr('en', 'videos:player.resume', { time: '0:12' })))

    await progress(emma, 'en', key, { position: '8', watchedShare: '0.2' })
    expect(progressOf(emmaUser, key)).toMatchObject({ position_seconds: 8, watched_share: 0.4 })
    expect(doneBy()).toEqual([])

    await progress(emma, 'en', key, { position: '28', watchedShare: '0.93' })
    const watched = progressOf(emmaUser, key)!
    expect(watched.watched_at).not.toBeNull()
    expect(doneBy()).toEqual([{ source: 'video' }])

    await progress(emma, 'en', key, { position: '30', watchedShare: '1' })
    expect(progressOf(emmaUser, key)!.watched_at).toBe(watched.watched_at)
    expect(events()).toBe(1)

    const library = await (await emma.get('/en/videos')).text()
    expect(library).toContain(asHtml(tr('en', 'videos:library.watched')))

    // Someone else sees none of it.
    const olga = await signedInClient(
      createUser({ account: createAccount({ market: 'EMEA' }), locale: 'ru' }),
    )
    const olgaPage = await (await olga.get(`/ru/videos/${key}`)).text()
    expect(olgaPage).not.toContain(asHtml(tr('ru', 'videos:player.watched')))
    expect(olgaPage).not.toContain(asHtml(tr('ru', 'videos:player.resume', { time: '0:12' })))
    expect(await (await olga.get('/ru/videos')).text()).not.toContain(
      asHtml(tr('ru', 'videos:library.watched')),
    )
  })
})
