import { describe, expect, inject, it } from 'vitest'
import { createArticle } from '../factories/kb'
import { createAccount, createUser, signedInClient, unique } from '../factories/people'
import { queryDb } from '../setup/db'
import { createClient, type Client } from '../setup/http'
import { asHtml, tr } from '../setup/i18n'

const server = inject('server')

// The starter articles are only read here; a test that changes an article, or counts its
// views and answers, makes an article of its own.

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
    // The date is a <time> element inside the sentence.
    expect(html).toMatch(
      /Atualizado em <time dateTime="[\d-]+T[\d:.]+Z">\d{1,2} de [a-zç]{3,4}\.? de \d{4}<\/time>/,
    )
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
    // The English source is at revision 2; the Spanish text was translated from revision 1.
    const article = createArticle({
      translations: { en: { revision: 2 }, es: { revision: 1, sourceRevision: 1 } },
    })
    const fresh = createArticle({ translations: { en: {}, es: {} } })
    const html = await (await createClient(server.url).get(`/es/kb/${article.translations.es!.slug}`)).text()
    expect(html).toContain(asHtml(tr('es', 'kb:staleLink')))
    expect(html).toContain(`href="/en/kb/${article.translations.en!.slug}"`)
    // An up-to-date translation has no such warning.
    const freshHtml = await (
      await createClient(server.url).get(`/es/kb/${fresh.translations.es!.slug}`)
    ).text()
    expect(freshHtml).toContain(asHtml(fresh.translations.es!.title))
    expect(freshHtml).not.toContain(asHtml(tr('es', 'kb:staleLink')))
  })

  it('takes a slug of another language to this language’s slug', async () => {
    const key = unique('enlaces')
    createArticle({ key, translations: { en: { slug: key }, es: { slug: `crear-${key}` } } })
    const response = await createClient(server.url).get(`/es/kb/${key}`)
    expect(response.status).toBe(301)
    expect(response.headers.get('location')).toBe(`/es/kb/crear-${key}`)
    expect((await createClient(server.url).get(`/es/kb/crear-${key}`)).status).toBe(200)
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
    const customer = await signedInClient(createUser({ locale: 'en' }))
    expect((await customer.get('/en/kb/billing-and-invoices')).status).toBe(200)
  })

  it('keeps internal articles from customers and anonymous readers, also in .data requests', async () => {
    const customer = await signedInClient(createUser({ locale: 'en' }))
    for (const client of [createClient(server.url), customer]) {
      expect((await client.get('/en/kb/support-escalation-playbook')).status).toBe(404)
      const data = await client.get('/en/kb/support-escalation-playbook.data')
      expect(await data.text()).not.toContain('escalat')
      expect(await client.get('/en/kb.data').then((r) => r.text())).not.toContain(
        'support-escalation-playbook',
      )
    }
    const agent = await signedInClient(createUser({ role: 'agent' }))
    expect((await agent.get('/en/kb/support-escalation-playbook')).status).toBe(200)
  })

  it('hides them from search for those who may not read them', async () => {
    const search = async (client: Client, q: string) =>
      (
        (await (
          await client.get(`/api/search?${new URLSearchParams({ q, lang: 'en', limit: '50' })}`)
        ).json()) as { results: { slug: string }[] }
      ).results.map((r) => r.slug)
    const customer = await signedInClient(createUser({ locale: 'en' }))
    const agent = await signedInClient(createUser({ role: 'agent' }))
    expect(await search(createClient(server.url), 'invoice')).not.toContain('billing-and-invoices')
    expect(await search(customer, 'invoice')).toContain('billing-and-invoices')
    expect(await search(customer, 'escalation')).not.toContain('support-escalation-playbook')
    expect(await search(agent, 'escalation')).toContain('support-escalation-playbook')
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
    // Only the rows this test writes: other files search too.
    const [{ last }] = queryDb<{ last: number | null }>(
      server.databaseFile,
      'select max(id) as last from search_log',
    ) as [{ last: number | null }]
    const html = await (await createClient(server.url).get('/es/search?q=postbacks')).text()
    expect(html).toContain('/es/kb/set-up-postbacks')
    expect(html).toMatch(/<mark>[Pp]ostbacks?<\/mark>/)
    const nonsense = `zzqxv${unique('').replace(/[^a-z]/g, '')}`
    const none = await (await createClient(server.url).get(`/es/search?q=${nonsense}`)).text()
    expect(none).toContain(asHtml(tr('es', 'kb:search.none', { query: nonsense })))
    // Searches are written in batches, a second after they were made (app/modules/events/usage.server.ts).
    const log = () =>
      queryDb<{ query: string; result_count: number }>(
        server.databaseFile,
        "select query, result_count from search_log where locale = 'es' and id > ? order by id",
        last ?? 0,
      )
    await expect
      .poll(() => log().filter((l) => l.query === nonsense), { timeout: 5_000 })
      .toEqual([{ query: nonsense, result_count: 0 }])
    expect(log().find((l) => l.query === 'postbacks')!.result_count).toBeGreaterThan(0)
  })

  it("logs a search repeated within the page cache's time to live each time", async () => {
    const query = `zzrepeat${unique('').replace(/[^a-z]/g, '')}`
    const logged = () =>
      queryDb<{ n: number }>(
        server.databaseFile,
        'select count(*) as n from search_log where query = ?',
        query,
      )[0]!.n
    const first = await createClient(server.url).get(`/pt/search?q=${query}`)
    const second = await createClient(server.url).get(`/pt/search?q=${query}`)
    expect(second.headers.get('content-security-policy')).toContain("'sha256-") // the cached page
    expect(await second.text()).toBe(await first.text())
    await expect.poll(logged, { timeout: 5_000 }).toBe(2)
  })

  it('answers the API as docs/design.md describes and refuses a bad language', async () => {
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
      expect(html).toContain(asHtml(tr(lang, 'common:askUs.button')))
      expect(html).toContain(`/${lang}/tickets/new?subject=zzqxv+wwkq`)
      expect(html).toMatch(new RegExp(`href="/${lang}/kb/[a-z0-9-]+"`))
    }
    const maria = await signedInClient(createUser({ locale: 'es' }))
    const form = await page('/es/tickets/new?subject=zzqxv%20wwkq', maria)
    expect(form).toMatch(/name="subject"[^>]*value="zzqxv wwkq"|value="zzqxv wwkq"[^>]*name="subject"/)
  })

  it('tells an anonymous reader that some matches are for customers, with a way to sign in', async () => {
    const html = await page('/en/search?q=invoices%20billing')
    expect(html).toContain(asHtml(tr('en', 'kb:search.signIn')))
    expect(html).toContain('/en/login?redirectTo=')
    const emma = await signedInClient(createUser({ locale: 'en' }))
    expect(await page('/en/search?q=invoices%20billing', emma)).not.toContain(
      asHtml(tr('en', 'kb:search.signIn')),
    )
  })
})

describe('feedback and usage', () => {
  it('keeps one answer per person with the account’s market, tier and locale', async () => {
    const olga = createUser({ account: createAccount({ market: 'EMEA', tier: 'mid' }), locale: 'ru' })
    const client = await signedInClient(olga)
    expect(
      (await client.post('/ru/kb/set-up-postbacks', { helpful: 'no', reason: 'Мало примеров' })).status,
    ).toBe(200)
    expect((await client.post('/ru/kb/set-up-postbacks', { helpful: 'yes' })).status).toBe(200)
    const rows = queryDb<Record<string, unknown>>(
      server.databaseFile,
      "select f.helpful, f.reason, f.market_code, f.tier, f.locale, f.account_id from content_feedback f join articles a on a.id = f.content_id where f.kind = 'article' and a.key = 'set-up-postbacks' and f.user_id = ?",
      olga.id,
    )
    expect(rows).toEqual([
      {
        helpful: 1,
        reason: null,
        market_code: 'EMEA',
        tier: 'mid',
        locale: 'ru',
        account_id: olga.account!.id,
      },
    ])
  })

  it('lets an anonymous reader answer once per browser', async () => {
    const article = createArticle()
    const path = `/en/kb/${article.translations.en!.slug}`
    const visitor = createClient(server.url)
    const first = await visitor.post(path, { helpful: 'yes' })
    expect(first.status).toBe(200)
    expect(visitor.cookies.has('hub_visitor')).toBe(true)
    await visitor.post(path, { helpful: 'no' })
    const rows = () =>
      queryDb(
        server.databaseFile,
        "select helpful, user_id from content_feedback where kind = 'article' and content_id = ? and respondent like ?",
        article.id,
        'visitor:%',
      )
    expect(rows()).toEqual([{ helpful: 0, user_id: null }])
    expect((await visitor.post(path, { helpful: 'maybe' })).status).toBe(400)
    // Another browser is another answer.
    expect((await createClient(server.url).post(path, { helpful: 'yes' })).status).toBe(200)
    expect(rows()).toHaveLength(2)
  })

  it('records an article view with the person and the account', async () => {
    const maria = createUser({ account: createAccount({ market: 'LATAM' }), locale: 'es' })
    const client = await signedInClient(maria)
    const views = () =>
      queryDb<{ n: number }>(
        server.databaseFile,
        `select count(*) as n from events e where e.type = 'article' and e.user_id = ?
         and e.account_id = ? and e.locale = 'es' and e.ref = (select id from articles where key = 'welcome-to-orbit')`,
        maria.id,
        maria.account!.id,
      )[0]!.n
    expect(views()).toBe(0)
    expect((await client.get('/es/kb/welcome-to-orbit')).status).toBe(200)
    // Views are written in batches, a second after they happened.
    await expect.poll(views, { timeout: 5_000 }).toBe(1)
  })
})

describe('usage of anonymous readers', () => {
  it('serves anonymous readers an article from the page cache and still counts every view', async () => {
    const article = createArticle()
    const count = () =>
      queryDb<{ n: number }>(
        server.databaseFile,
        "select count(*) as n from events where type = 'article' and user_id is null and ref = ?",
        String(article.id),
      )[0]!.n
    expect(count()).toBe(0)
    const policies: string[] = []
    for (let i = 0; i < 3; i++) {
      const response = await createClient(server.url).get(`/en/kb/${article.translations.en!.slug}`, {
        headers: { Cookie: '_ga=GA1.1.123; cookie_consent=all' },
      })
      expect(response.status).toBe(200)
      expect(response.headers.get('x-hub-usage')).toBeNull()
      policies.push(response.headers.get('content-security-policy')!)
    }
    // Served from the cache: the same bytes for everyone, its scripts allowed by their hashes.
    expect(policies.every((p) => p.includes("'sha256-") && !p.includes("'nonce-"))).toBe(true)
    await expect.poll(count, { timeout: 5_000 }).toBe(3)
  })
})
