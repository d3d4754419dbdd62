import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { queryDb } from '../setup/db'
import { createClient } from '../setup/http'
import { asHtml, tr } from '../setup/i18n'
import { startServer, type TestServer } from '../setup/server'

let server: TestServer

function execute(sql: string, ...params: unknown[]) {
  const db = new Database(server.databaseFile)
  try {
    db.prepare(sql).run(...params)
  } finally {
    db.close()
  }
}

beforeAll(async () => {
  server = await startServer()
})
afterAll(async () => {
  await server?.stop()
})

const signedIn = async (email: string, lang = 'en') => {
  const client = createClient(server.url)
  await client.signIn(email, 'hub-demo-2026', lang)
  return client
}

describe('reading the knowledge base', () => {
  it('lists categories and articles in the reader’s language', async () => {
    const html = await (await createClient(server.url).get('/ru/kb')).text()
    expect(html).toContain(asHtml(tr('ru', 'kb:title')))
    expect(html).toContain('Начало работы')
    expect(html).toContain('/ru/kb/install-the-ios-sdk')
    expect(html).toContain('Установка iOS SDK')
  })

  it('renders an article with breadcrumbs, a date in the locale’s format, a table of contents and alternates', async () => {
    const response = await createClient(server.url).get('/pt/kb/install-the-ios-sdk')
    expect(response.status).toBe(200)
    const html = await response.text()
    expect(html).toContain(asHtml(tr('pt', 'kb:contents')))
    expect(html).toMatch(/<nav aria-label="[^"]+" class="breadcrumbs-trail">/)
    expect(html).toMatch(/Atualizado em \d{1,2} de [a-zç]{3,4}\.? de \d{4}/)
    expect(html).toContain(
      `<link rel="alternate" hrefLang="ru" href="${server.url}/ru/kb/install-the-ios-sdk"/>`,
    )
    expect(html).toContain(`<link rel="canonical" href="${server.url}/pt/kb/install-the-ios-sdk"/>`)
  })

  it('opens an untranslated article in the source language with a notice, never a 404', async () => {
    const response = await createClient(server.url).get('/ru/kb/legacy-sdk-migration-v3')
    expect(response.status).toBe(200)
    const html = await response.text()
    expect(html).toContain(asHtml(tr('ru', 'kb:notTranslated')))
    expect(html).toContain('<article class="article" lang="en">')
    // Only published translations are alternates.
    expect(html).toContain(`hrefLang="en" href="${server.url}/en/kb/legacy-sdk-migration-v3"`)
    expect(html).not.toContain(`hrefLang="ru" href="${server.url}/ru/kb/legacy-sdk-migration-v3"`)
  })

  it('warns that a translation is stale and links to the newer original', async () => {
    execute(
      "update article_translations set revision = revision + 1 where locale = 'en' and article_id = (select id from articles where key = 'deep-linking')",
    )
    const html = await (await createClient(server.url).get('/es/kb/deep-linking')).text()
    expect(html).toContain(asHtml(tr('es', 'kb:staleLink')))
    expect(html).toContain('href="/en/kb/deep-linking"')
  })

  it('takes a slug of another language to this language’s slug', async () => {
    execute(
      "update article_translations set slug = 'crear-enlaces' where locale = 'es' and article_id = (select id from articles where key = 'create-attribution-links')",
    )
    const response = await createClient(server.url).get('/es/kb/create-attribution-links')
    expect(response.status).toBe(301)
    expect(response.headers.get('location')).toBe('/es/kb/crear-enlaces')
    expect((await createClient(server.url).get('/es/kb/crear-enlaces')).status).toBe(200)
  })

  it('answers unknown slugs with a localized 404', async () => {
    for (const slug of ['no-such-article', '%00', 'a'.repeat(3000), '..%2F..%2Fetc']) {
      expect((await createClient(server.url).get(`/es/kb/${slug}`)).status).toBe(404)
    }
  })
})

describe('visibility is the same in pages, data requests, search and the sitemap', () => {
  it('asks anonymous readers to sign in for customer articles and shows them to customers', async () => {
    const anonymous = await createClient(server.url).get('/en/kb/billing-and-invoices')
    expect(anonymous.status).toBe(302)
    expect(anonymous.headers.get('location')).toMatch(/^\/en\/login\?redirectTo=/)
    const customer = await signedIn('emma@harbor.example')
    expect((await customer.get('/en/kb/billing-and-invoices')).status).toBe(200)
  })

  it('keeps internal articles from customers and anonymous readers, also in .data requests', async () => {
    const customer = await signedIn('emma@harbor.example')
    for (const client of [createClient(server.url), customer]) {
      expect((await client.get('/en/kb/support-escalation-playbook')).status).toBe(404)
      const data = await client.get('/en/kb/support-escalation-playbook.data')
      expect(await data.text()).not.toContain('escalat')
      expect(await client.get('/en/kb.data').then((r) => r.text())).not.toContain(
        'support-escalation-playbook',
      )
    }
    const agent = await signedIn('agent@hub.example')
    expect((await agent.get('/en/kb/support-escalation-playbook')).status).toBe(200)
  })

  it('hides them from search for those who may not read them', async () => {
    const search = async (client: ReturnType<typeof createClient>, q: string) =>
      (
        (await (
          await client.get(`/api/search?${new URLSearchParams({ q, lang: 'en', limit: '50' })}`)
        ).json()) as { results: { slug: string }[] }
      ).results.map((r) => r.slug)
    expect(await search(createClient(server.url), 'invoice')).not.toContain('billing-and-invoices')
    expect(await search(await signedIn('emma@harbor.example'), 'invoice')).toContain('billing-and-invoices')
    expect(await search(await signedIn('emma@harbor.example'), 'escalation')).not.toContain(
      'support-escalation-playbook',
    )
    expect(await search(await signedIn('agent@hub.example'), 'escalation')).toContain(
      'support-escalation-playbook',
    )
  })

  it('lists only public articles in the sitemap, with their language alternates', async () => {
    const xml = await (await createClient(server.url).get('/sitemap.xml')).text()
    expect(xml).toContain(`<loc>${server.url}/ru/kb/install-the-ios-sdk</loc>`)
    expect(xml).toContain(`hreflang="es" href="${server.url}/es/kb/install-the-ios-sdk"`)
    expect(xml).not.toContain('billing-and-invoices')
    expect(xml).not.toContain('support-escalation-playbook')
    const robots = await (await createClient(server.url).get('/robots.txt')).text()
    expect(robots).toContain(`Sitemap: ${server.url}/sitemap.xml`)
  })
})

describe('searching', () => {
  it('works without JavaScript, marks the matched words and logs the search', async () => {
    const html = await (await createClient(server.url).get('/es/search?q=postbacks')).text()
    expect(html).toContain('/es/kb/set-up-postbacks')
    expect(html).toMatch(/<mark>[Pp]ostbacks?<\/mark>/)
    const none = await (await createClient(server.url).get('/es/search?q=zzqxv')).text()
    expect(none).toContain(asHtml(tr('es', 'kb:search.none', { query: 'zzqxv' })))
    const log = queryDb<{ query: string; result_count: number }>(
      server.databaseFile,
      "select query, result_count from search_log where locale = 'es' order by id",
    )
    expect(log.find((l) => l.query === 'postbacks')!.result_count).toBeGreaterThan(0)
    expect(log.find((l) => l.query === 'zzqxv')!.result_count).toBe(0)
  })

  it('answers the API as DESIGN.md describes and refuses a bad language', async () => {
    const body = (await (
      await createClient(server.url).get('/api/search?q=ios%20sdk&lang=ru&limit=2')
    ).json()) as {
      query: string
      lang: string
      results: Record<string, unknown>[]
    }
    expect(body.query).toBe('ios sdk')
    expect(body.lang).toBe('ru')
    expect(body.results.length).toBeLessThanOrEqual(2)
    expect(Object.keys(body.results[0]!)).toEqual(
      expect.arrayContaining(['type', 'id', 'slug', 'title', 'snippet', 'url', 'lang', 'score']),
    )
    expect((await createClient(server.url).get('/api/search?q=x&lang=xx')).status).toBe(400)
    expect((await createClient(server.url).get('/api/search?q=x&limit=9999')).status).toBe(400)
  })

  it('never fails on query syntax', async () => {
    for (const q of ['~', ':', 'title:sdk', '*', '+-', '\\', '"', 'a'.repeat(3000), '^2']) {
      const response = await createClient(server.url).get(
        `/api/search?${new URLSearchParams({ q, lang: 'pt' })}`,
      )
      expect(response.status, q).toBe(200)
      expect(await response.text()).not.toMatch(/error|lunr|field/i)
    }
  })
})

describe('searching the way customers type', () => {
  const page = async (path: string, client = createClient(server.url)) => (await client.get(path)).text()

  it('shows what it searched for instead of a typo, with a link to the exact words, in every language', async () => {
    const cases: [string, string, string][] = [
      ['en', 'dashbord', 'dashboard'],
      ['ru', 'дашбоард', 'дашборд'],
      ['es', 'atrivucion', 'atribución'],
      ['pt', 'integrasao', 'integração'],
    ]
    for (const [lang, typed, meant] of cases) {
      const html = await page(`/${lang}/search?q=${encodeURIComponent(typed)}`)
      expect(html).toContain(asHtml(tr(lang, 'kb:search.correctedTo', { query: meant })))
      expect(html).toContain(asHtml(tr(lang, 'kb:search.searchExact', { query: typed })))
      expect(html).toContain(`/${lang}/search?q=${encodeURIComponent(typed)}&amp;exact=1`)
      const exact = await page(`/${lang}/search?q=${encodeURIComponent(typed)}&exact=1`)
      expect(exact).toContain(asHtml(tr(lang, 'kb:search.none', { query: typed })))
    }
  })

  it('answers the API with the corrected query, and the exact words when asked', async () => {
    const get = async (params: Record<string, string>) =>
      (await (await createClient(server.url).get(`/api/search?${new URLSearchParams(params)}`)).json()) as {
        correctedQuery: string | null
        results: { type: string; slug: string }[]
      }
    const corrected = await get({ q: 'postbak', lang: 'en' })
    expect(corrected.correctedQuery).toBe('postback')
    expect(corrected.results[0]!.slug).toBe('set-up-postbacks')
    expect(await get({ q: 'postbak', lang: 'en', exact: '1' })).toMatchObject({
      correctedQuery: null,
      results: [],
    })
    const russian = await get({ q: 'андроид', lang: 'ru' })
    expect(russian.results[0]!.slug).toBe('install-the-android-sdk')
    expect(russian.correctedQuery).toBeNull()
  })

  it('finds videos and courses with their type and their localized title', async () => {
    const body = (await (
      await createClient(server.url).get(
        `/api/search?${new URLSearchParams({ q: 'ventanas de atribución', lang: 'es', limit: '20' })}`,
      )
    ).json()) as { results: { type: string; url: string; title: string }[] }
    expect(body.results).toContainEqual(
      expect.objectContaining({
        type: 'video',
        url: '/es/videos/attribution-windows',
        title: 'Cómo funcionan las ventanas de atribución',
      }),
    )
    const html = await page('/pt/search?q=fundamentos%20da%20plataforma')
    expect(html).toContain('/pt/academy/platform-fundamentals')
    expect(html).toContain(asHtml(tr('pt', 'kb:search.type_course')))
  })

  it('offers popular articles, the knowledge base and a ticket prefilled with the query when nothing is found', async () => {
    for (const lang of ['en', 'ru', 'es', 'pt']) {
      const html = await page(`/${lang}/search?q=zzqxv%20wwkq`)
      expect(html).toContain(asHtml(tr(lang, 'kb:search.popular')))
      expect(html).toContain(asHtml(tr(lang, 'kb:search.askUs')))
      expect(html).toContain(`/${lang}/tickets/new?subject=zzqxv+wwkq`)
      expect(html).toMatch(new RegExp(`href="/${lang}/kb/[a-z0-9-]+"`))
    }
    const maria = await signedIn('maria@andes.example', 'es')
    const form = await page('/es/tickets/new?subject=zzqxv%20wwkq', maria)
    expect(form).toMatch(/name="subject"[^>]*value="zzqxv wwkq"|value="zzqxv wwkq"[^>]*name="subject"/)
  })

  it('tells an anonymous reader that some matches are for customers, with a way to sign in', async () => {
    const html = await page('/en/search?q=invoices%20billing')
    expect(html).toContain(asHtml(tr('en', 'kb:search.signIn')))
    expect(html).toContain('/en/login?redirectTo=')
    const emma = await signedIn('emma@harbor.example')
    expect(await page('/en/search?q=invoices%20billing', emma)).not.toContain(
      asHtml(tr('en', 'kb:search.signIn')),
    )
  })
})

describe('feedback and usage', () => {
  it('keeps one answer per person with the account’s market, tier and locale', async () => {
    const olga = await signedIn('olga@volga.example', 'ru')
    expect(
      (await olga.post('/ru/kb/set-up-postbacks', { helpful: 'no', reason: 'Мало примеров' })).status,
    ).toBe(200)
    expect((await olga.post('/ru/kb/set-up-postbacks', { helpful: 'yes' })).status).toBe(200)
    const rows = queryDb<Record<string, unknown>>(
      server.databaseFile,
      "select f.helpful, f.reason, f.market_code, f.tier, f.locale from article_feedback f join articles a on a.id = f.article_id where a.key = 'set-up-postbacks'",
    )
    expect(rows).toEqual([
      {
        helpful: 1,
        reason: null,
        market_code: 'EMEA',
        tier: expect.stringMatching(/^(high|mid|tech)$/),
        locale: 'ru',
      },
    ])
  })

  it('lets an anonymous reader answer once per browser', async () => {
    const visitor = createClient(server.url)
    const first = await visitor.post('/en/kb/deep-linking', { helpful: 'yes' })
    expect(first.status).toBe(200)
    expect(visitor.cookies.has('hub_visitor')).toBe(true)
    await visitor.post('/en/kb/deep-linking', { helpful: 'no' })
    const rows = queryDb(
      server.databaseFile,
      "select helpful from article_feedback f join articles a on a.id = f.article_id where a.key = 'deep-linking' and f.respondent like 'visitor:%'",
    )
    expect(rows).toEqual([{ helpful: 0 }])
    expect((await visitor.post('/en/kb/deep-linking', { helpful: 'maybe' })).status).toBe(400)
  })

  it('records an article view with the person and the account', async () => {
    const maria = await signedIn('maria@andes.example', 'es')
    // The demo's reading history may already hold views of this article: count the new one.
    const views = () =>
      queryDb<{ n: number }>(
        server.databaseFile,
        `select count(*) as n from events e join users u on u.id = e.user_id where e.type = 'article' and u.email = 'maria@andes.example'
         and e.account_id = u.account_id and e.locale = 'es' and e.ref = (select id from articles where key = 'welcome-to-orbit')`,
      )[0]!.n
    const before = views()
    await maria.get('/es/kb/welcome-to-orbit')
    expect(views()).toBe(before + 1)
  })
})

describe('usage of anonymous readers', () => {
  it('counts every anonymous view of an article, none is served from the page cache', async () => {
    const count = () =>
      queryDb<{ n: number }>(
        server.databaseFile,
        "select count(*) as n from events where type = 'article' and user_id is null and ref = (select id from articles where key = 'consent-and-att')",
      )[0]!.n
    const before = count()
    for (let i = 0; i < 3; i++) {
      const response = await createClient(server.url).get('/en/kb/consent-and-att')
      expect(response.headers.get('cache-control')).toBe('private, no-cache')
    }
    expect(count()).toBe(before + 3)
  })
})
