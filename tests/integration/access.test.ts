import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { queryDb } from '../setup/db'
import { createClient } from '../setup/http'
import { asHtml, tr } from '../setup/i18n'
import { startServer, type TestServer } from '../setup/server'

let server: TestServer
type Member = { id: number; account: string }
let harborColleague: Member
let volgaMember: Member

beforeAll(async () => {
  server = await startServer()
  const members = queryDb<Member & { email: string }>(
    server.databaseFile,
    `select u.id, a.name as account, u.email from users u join accounts a on a.id = u.account_id
     where a.name in ('Harbor Fitness', 'Volga Games') and u.email not in ('emma@harbor.example', 'olga@volga.example')`,
  )
  harborColleague = members.find((m) => m.account === 'Harbor Fitness')!
  volgaMember = members.find((m) => m.account === 'Volga Games')!
})
afterAll(async () => {
  await server?.stop()
})

const unknownId = 987654

describe('account scoping', () => {
  it('shows an account admin the members of their own account', async () => {
    const emma = createClient(server.url)
    await emma.signIn('emma@harbor.example')
    const response = await emma.get(`/en/account/team/${harborColleague.id}`)
    expect(response.status).toBe(200)
  })

  it("answers another account's member exactly like a missing one, for pages and .data requests", async () => {
    const emma = createClient(server.url)
    await emma.signIn('emma@harbor.example')
    const foreign = await emma.get(`/en/account/team/${volgaMember.id}`)
    const missing = await emma.get(`/en/account/team/${unknownId}`)
    expect(foreign.status).toBe(404)
    expect(missing.status).toBe(404)
    const foreignHtml = await foreign.text()
    expect(foreignHtml).toContain(asHtml(tr('en', 'errors:status.404.title')))
    expect(foreignHtml).not.toContain('volga')

    const foreignData = await emma.get(`/en/account/team/${volgaMember.id}.data`)
    const missingData = await emma.get(`/en/account/team/${unknownId}.data`)
    expect(foreignData.status).toBe(missingData.status)
    const body = await foreignData.text()
    expect(body).not.toContain('volga')
    expect(body.replace(String(volgaMember.id), 'ID')).toBe(
      (await missingData.text()).replace(String(unknownId), 'ID'),
    )
  })

  it("cannot change another account's member", async () => {
    const emma = createClient(server.url)
    await emma.signIn('emma@harbor.example')
    const response = await emma.post(`/en/account/team/${volgaMember.id}`, { intent: 'disable' })
    expect(response.status).toBe(404)
    const [row] = queryDb<{ disabled: number }>(
      server.databaseFile,
      'select disabled from users where id = ?',
      volgaMember.id,
    )
    expect(row!.disabled).toBe(0)
  })

  it('keeps one active admin per account', async () => {
    const emma = createClient(server.url)
    await emma.signIn('emma@harbor.example')
    const [self] = queryDb<{ id: number }>(
      server.databaseFile,
      "select id from users where email = 'emma@harbor.example'",
    )
    const response = await emma.post(`/en/account/team/${self!.id}`, { intent: 'revokeAdmin' })
    expect(response.status).toBe(409)
    expect(await response.text()).toContain(asHtml(tr('en', 'errors:team.lastAdmin')))
  })

  it('treats malformed ids as missing', async () => {
    const emma = createClient(server.url)
    await emma.signIn('emma@harbor.example')
    for (const id of ['abc', '-1', '1.5', '0', '9'.repeat(40), '%00']) {
      expect((await emma.get(`/en/account/team/${id}`)).status).toBe(404)
    }
  })
})

describe('roles', () => {
  it('gives customers a localized 403 on staff pages', async () => {
    const olga = createClient(server.url)
    await olga.signIn('olga@volga.example', 'hub-demo-2026', 'ru')
    const page = await olga.get('/ru/staff/accounts')
    expect(page.status).toBe(403)
    expect(await page.text()).toContain(asHtml(tr('ru', 'errors:status.403.title')))
    expect((await olga.get('/ru/staff/accounts.data')).status).toBe(403)
    const post = await olga.post('/ru/staff/settings/targets', { timeToValueDays: '1' })
    expect(post.status).toBe(403)
  })

  it('lets agents see accounts but keeps market settings for admins', async () => {
    const agent = createClient(server.url)
    await agent.signIn('agent@hub.example')
    expect((await agent.get('/en/staff/accounts')).status).toBe(200)
    expect((await agent.get('/en/staff/settings/markets')).status).toBe(403)
    expect((await agent.post('/en/staff/settings/markets/US', { name: 'Hacked' })).status).toBe(403)
    expect((await agent.post('/en/staff/settings/targets', { timeToValueDays: '1' })).status).toBe(403)
  })

  it('sends anonymous visitors to sign in and back', async () => {
    const response = await createClient(server.url).get('/es/staff/accounts?tier=high')
    expect(response.status).toBe(302)
    expect(response.headers.get('location')).toBe(
      '/es/login?redirectTo=%2Fes%2Fstaff%2Faccounts%3Ftier%3Dhigh',
    )
  })

  it('ends the sessions of a deactivated member at once', async () => {
    const colleague = queryDb<{ email: string }>(
      server.databaseFile,
      'select email from users where id = ?',
      harborColleague.id,
    )[0]!
    const them = createClient(server.url)
    expect((await them.signIn(colleague.email)).status).toBe(302)
    const emma = createClient(server.url)
    await emma.signIn('emma@harbor.example')
    expect((await emma.post(`/en/account/team/${harborColleague.id}`, { intent: 'disable' })).status).toBe(
      200,
    )
    expect((await them.get('/en/account')).status).toBe(302)
    expect((await createClient(server.url).signIn(colleague.email)).status).toBe(401)
  })
})

describe('locales and routing', () => {
  it('redirects / by cookie, then profile, then Accept-Language, then English', async () => {
    const plain = await createClient(server.url).get('/')
    expect(plain.headers.get('location')).toBe('/en')
    const spanish = await createClient(server.url, { headers: { 'Accept-Language': 'es-419,es;q=0.9' } }).get(
      '/',
    )
    expect(spanish.headers.get('location')).toBe('/es')
    const chosen = createClient(server.url, { headers: { 'Accept-Language': 'es' } })
    await chosen.post('/es/language', { locale: 'pt', returnTo: '/es' })
    expect((await chosen.get('/')).headers.get('location')).toBe('/pt')
    const olga = createClient(server.url, { headers: { 'Accept-Language': 'en' } })
    await olga.signIn('olga@volga.example', 'hub-demo-2026', 'en')
    expect((await olga.get('/')).headers.get('location')).toBe('/ru')
  })

  it('answers an unknown locale prefix or page with a 404 page, not a crash', async () => {
    for (const path of [
      '/xx',
      '/de/kb',
      '/ru/no-such-page',
      '/%E2%80%AE',
      '/en/../../etc/passwd',
      '/xx.data',
    ]) {
      const response = await createClient(server.url).get(path)
      expect(response.status, path).toBe(404)
    }
    const russian = await createClient(server.url).get('/ru/no-such-page')
    expect(await russian.text()).toContain(asHtml(tr('ru', 'errors:status.404.title')))
  })

  it('keeps the page and saves the choice when the language changes', async () => {
    const client = createClient(server.url)
    await client.signIn('maria@andes.example', 'hub-demo-2026', 'es')
    const switched = await client.post('/es/language', { locale: 'pt', returnTo: '/es/account?x=1' })
    expect(switched.status).toBe(302)
    expect(switched.headers.get('location')).toBe('/pt/account?x=1')
    const [row] = queryDb<{ locale: string }>(
      server.databaseFile,
      "select locale from users where email = 'maria@andes.example'",
    )
    expect(row!.locale).toBe('pt')
    const evil = await client.post('/es/language', { locale: 'ru', returnTo: '//evil.example/x' })
    expect(evil.headers.get('location')).toBe('/ru')
  })

  it('marks public pages with canonical and hreflang alternates from SITE_URL', async () => {
    const html = await (await createClient(server.url).get('/pt')).text()
    expect(html).toContain(`<link rel="canonical" href="${server.url}/pt"/>`)
    for (const lang of ['en', 'ru', 'es', 'pt'])
      expect(html).toContain(`hrefLang="${lang}" href="${server.url}/${lang}"`)
    expect(html).toContain('<html lang="pt"')
  })
})

describe('safety', () => {
  it('puts security headers on pages, data, assets and refusals', async () => {
    for (const path of ['/en', '/en/login.data', '/favicon.svg', '/nope']) {
      const response = await createClient(server.url).get(path)
      expect(response.headers.get('content-security-policy'), path).toMatch(/frame-ancestors 'none'/)
      expect(response.headers.get('x-content-type-options'), path).toBe('nosniff')
      expect(response.headers.get('referrer-policy'), path).toBe('strict-origin-when-cross-origin')
    }
  })

  it('runs only scripts that carry the nonce of the response', async () => {
    const response = await createClient(server.url).get('/en')
    const nonce = /'nonce-([^']+)'/.exec(response.headers.get('content-security-policy')!)![1]
    const html = await response.text()
    const inline = [...html.matchAll(/<script(?![^>]*\bsrc=)([^>]*)>/g)]
    expect(inline.length).toBeGreaterThan(0)
    for (const [, attributes] of inline) expect(attributes).toContain(`nonce="${nonce}"`)
  })

  it('refuses mutations from another origin, including resource routes', async () => {
    const client = createClient(server.url)
    for (const path of ['/en/login', '/en/logout', '/healthz', '/en/language']) {
      const response = await client.post(
        path,
        { email: 'emma@harbor.example', password: 'hub-demo-2026' },
        { headers: { Origin: 'https://evil.example' } },
      )
      expect(response.status, path).toBe(403)
    }
    const crossSite = await client.post(
      '/en/login',
      { email: 'x@y.example', password: 'x' },
      { headers: { Origin: '', 'Sec-Fetch-Site': 'cross-site' } },
    )
    expect(crossSite.status).toBe(403)
  })

  it('refuses huge bodies with a localized 413 and stores nothing', async () => {
    const client = createClient(server.url)
    await client.signIn('joao@paulista.example', 'hub-demo-2026', 'pt')
    const response = await client.post('/pt/account', {
      intent: 'profile',
      name: 'x'.repeat(2 * 1024 * 1024),
      locale: 'pt',
    })
    expect(response.status).toBe(413)
    expect(await response.text()).toContain(tr('pt', 'errors:status.413.title').replace(/'/g, '&#39;'))
    const [row] = queryDb<{ name: string }>(
      server.databaseFile,
      "select name from users where email = 'joao@paulista.example'",
    )
    expect(row!.name).toBe('João Oliveira')
  })

  it('validates the profile and keeps odd Unicode out of names', async () => {
    const client = createClient(server.url)
    await client.signIn('joao@paulista.example', 'hub-demo-2026', 'pt')
    const empty = await client.post('/pt/account', { intent: 'profile', name: '\u200b \u202e', locale: 'pt' })
    expect(empty.status).toBe(400)
    expect(await empty.text()).toContain(asHtml(tr('pt', 'errors:form.required')))
    const badLocale = await client.post('/pt/account', { intent: 'profile', name: 'João', locale: 'klingon' })
    expect(badLocale.status).toBe(400)
    const unknownIntent = await client.post('/pt/account', { intent: 'drop-tables' })
    expect(unknownIntent.status).toBe(400)
  })

  it('answers bodies that are not forms with a 400 on every form, never a 500', async () => {
    const client = createClient(server.url)
    await client.signIn('admin@hub.example')
    const forms = [
      '/en/login',
      '/en/forgot-password',
      '/en/reset-password/x',
      '/en/invite/x',
      '/en/language',
      '/en/account',
      '/en/staff/settings/targets',
      '/en/staff/settings/markets/US',
    ]
    const bodies: [string, string][] = [
      ['application/json', '{"email":"emma@harbor.example"}'],
      ['text/plain', 'hello'],
      ['multipart/form-data; boundary=xyz', '--xyz\r\nbroken'],
      ['application/x-www-form-urlencoded', 'email=%zz&password=%'],
    ]
    for (const path of forms) {
      for (const [type, body] of bodies) {
        const response = await client.get(path, {
          method: 'POST',
          body,
          headers: { Origin: server.url, 'Content-Type': type },
        })
        // A malformed but real form is parsed leniently and validated like any other.
        if (type.startsWith('application/x-www-form-urlencoded'))
          expect(response.status, path).toBeLessThan(500)
        else expect(response.status, `${path} ${type}`).toBe(400)
      }
    }
  })

  it('reports the database in /healthz', async () => {
    const response = await createClient(server.url).get('/healthz')
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({ status: 'ok', database: 'ok' })
    expect(response.headers.get('cache-control')).toBe('no-store')
  })

  it('keeps pages of signed-in people out of caches and anonymous pages cacheable', async () => {
    const anonymous = await createClient(server.url).get('/en')
    expect(anonymous.headers.get('cache-control')).not.toBe('no-store')
    const client = createClient(server.url)
    await client.signIn('emma@harbor.example')
    expect((await client.get('/en')).headers.get('cache-control')).toBe('no-store')
    expect((await client.get('/en/account.data')).headers.get('cache-control')).toBe('no-store')
  })
})
