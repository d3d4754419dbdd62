import { createHash } from 'node:crypto'
import { eq } from 'drizzle-orm'
import { describe, expect, inject, it } from 'vitest'
import * as schema from '#db/schema/index'
import { createAccount, createSession, createUser, signedInClient, testDb, unique } from '../factories/people'
import { createClient } from '../setup/http'
import { asHtml, tr } from '../setup/i18n'

const server = inject('server')

/** An account of its own with its admin (Emma) and a plain colleague. */
function harbor() {
  const account = createAccount({ market: 'US', name: unique('Harbor Fitness') })
  const emma = createUser({ account, isAccountAdmin: true })
  const colleague = createUser({ account })
  return { account, emma, colleague }
}

/** A member of another account, whose e-mail and account name say "volga". */
function volgaMember() {
  const account = createAccount({ market: 'EMEA', name: unique('Volga Games') })
  return createUser({ account, email: `${unique('member')}@volga.example` })
}

const userRow = (id: number) => testDb().select().from(schema.users).where(eq(schema.users.id, id)).get()!

/**
 * A client whose failed sign-ins are counted at a moment of its own in the past, so they never
 * add to the per-client limit of sign-ins that other tests of the shared server make now.
 */
const pastClient = () => createClient(server.url, { now: () => new Date('2024-01-01T00:00:00Z') })

const unknownId = 987654

describe('account scoping', () => {
  it('shows an account admin the members of their own account', async () => {
    const { emma: admin, colleague } = harbor()
    const emma = await signedInClient(admin)
    const response = await emma.get(`/en/account/team/${colleague.id}`)
    expect(response.status).toBe(200)
    expect(await response.text()).toContain(asHtml(colleague.name))
  })

  it("answers another account's member exactly like a missing one, for pages and .data requests", async () => {
    const emma = await signedInClient(harbor().emma)
    const volga = volgaMember()
    const foreign = await emma.get(`/en/account/team/${volga.id}`)
    const missing = await emma.get(`/en/account/team/${unknownId}`)
    expect(foreign.status).toBe(404)
    expect(missing.status).toBe(404)
    const foreignHtml = await foreign.text()
    expect(foreignHtml).toContain(asHtml(tr('en', 'errors:status.404.title')))
    expect(foreignHtml).not.toContain('volga')
    expect(foreignHtml).not.toContain(asHtml(volga.account!.name))

    const foreignData = await emma.get(`/en/account/team/${volga.id}.data`)
    const missingData = await emma.get(`/en/account/team/${unknownId}.data`)
    expect(foreignData.status).toBe(missingData.status)
    const body = await foreignData.text()
    expect(body).not.toContain('volga')
    expect(body.replace(String(volga.id), 'ID')).toBe(
      (await missingData.text()).replace(String(unknownId), 'ID'),
    )
  })

  it("cannot change another account's member", async () => {
    const emma = await signedInClient(harbor().emma)
    const volga = volgaMember()
    const response = await emma.post(`/en/account/team/${volga.id}`, { intent: 'disable' })
    expect(response.status).toBe(404)
    expect(userRow(volga.id).disabled).toBe(false)
  })

  it('keeps one active admin per account', async () => {
    const { emma: self } = harbor()
    const emma = await signedInClient(self)
    const response = await emma.post(`/en/account/team/${self.id}`, { intent: 'revokeAdmin' })
    expect(response.status).toBe(409)
    expect(await response.text()).toContain(asHtml(tr('en', 'errors:team.lastAdmin')))
    expect(userRow(self.id).isAccountAdmin).toBe(true)
  })

  it('treats malformed ids as missing', async () => {
    const emma = await signedInClient(harbor().emma)
    for (const id of ['abc', '-1', '1.5', '0', '9'.repeat(40), '%00']) {
      expect((await emma.get(`/en/account/team/${id}`)).status).toBe(404)
    }
  })
})

describe('roles', () => {
  it('gives customers a localized 403 on staff pages', async () => {
    const olga = await signedInClient(createUser({ locale: 'ru' }))
    const page = await olga.get('/ru/staff/accounts')
    expect(page.status).toBe(403)
    expect(await page.text()).toContain(asHtml(tr('ru', 'errors:status.403.title')))
    expect((await olga.get('/ru/staff/accounts.data')).status).toBe(403)
    const post = await olga.post('/ru/staff/settings/targets', { timeToValueDays: '1' })
    expect(post.status).toBe(403)
  })

  it('lets agents see accounts but keeps market settings for admins', async () => {
    const agent = await signedInClient(createUser({ role: 'agent' }))
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
    const { emma: admin, colleague } = harbor()
    const them = await signedInClient(colleague)
    expect((await them.get('/en/account')).status).toBe(200)
    const emma = await signedInClient(admin)
    expect((await emma.post(`/en/account/team/${colleague.id}`, { intent: 'disable' })).status).toBe(200)
    expect(userRow(colleague.id).disabled).toBe(true)
    expect((await them.get('/en/account')).status).toBe(302)
    expect((await pastClient().signIn(colleague.email)).status).toBe(401)
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
    // Signed in, the profile's language wins over the browser's.
    const olga = createClient(server.url, { headers: { 'Accept-Language': 'en' } })
    const session = await createSession(createUser({ locale: 'ru' }))
    olga.cookies.set(session.name, session.value)
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
    const maria = createUser({ locale: 'es' })
    const client = await signedInClient(maria)
    const switched = await client.post('/es/language', { locale: 'pt', returnTo: '/es/account?x=1' })
    expect(switched.status).toBe(302)
    expect(switched.headers.get('location')).toBe('/pt/account?x=1')
    expect(userRow(maria.id).locale).toBe('pt')
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

  it('runs only scripts that carry the nonce of the response, or on a cached page their hashes', async () => {
    const inlineScripts = (html: string) => [
      ...html.matchAll(/<script(?![^>]*\bsrc=)([^>]*)>([\s\S]*?)<\/script>/g),
    ]
    // A signed-in person's page is rendered for them: its scripts carry this response's nonce.
    const personal = await (await signedInClient(createUser())).get('/en/account')
    const nonce = /'nonce-([^']+)'/.exec(personal.headers.get('content-security-policy')!)![1]
    const scripts = inlineScripts(await personal.text())
    expect(scripts.length).toBeGreaterThan(0)
    for (const [, attributes] of scripts) expect(attributes).toContain(`nonce="${nonce}"`)
    // A visitor's page comes from the page cache, the same bytes for everyone: no nonce, and
    // exactly the hashes of its own inline scripts.
    const cached = await createClient(server.url).get('/en')
    const policy = cached.headers.get('content-security-policy')!
    expect(policy).not.toContain("'nonce-")
    const hashes = [...new Set(inlineScripts(await cached.text()).map(([, , text]) => sha256(text!)))]
    expect(hashes.length).toBeGreaterThan(0)
    expect(/script-src ([^;]*)/.exec(policy)![1]).toBe(["'self'", ...hashes].join(' '))
  })

  it('refuses mutations from another origin, including resource routes', async () => {
    const client = createClient(server.url)
    for (const path of ['/en/login', '/en/logout', '/healthz', '/en/language']) {
      const response = await client.post(
        path,
        { email: createUser().email, password: 'hub-demo-2026' },
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
    const joao = createUser({ locale: 'pt', name: unique('João Oliveira') })
    const client = await signedInClient(joao)
    const response = await client.post('/pt/account', {
      intent: 'profile',
      name: 'x'.repeat(2 * 1024 * 1024),
      locale: 'pt',
    })
    expect(response.status).toBe(413)
    expect(await response.text()).toContain(tr('pt', 'errors:status.413.title').replace(/'/g, '&#39;'))
    expect(userRow(joao.id).name).toBe(joao.name)
  })

  it('validates the profile and keeps odd Unicode out of names', async () => {
    const joao = createUser({ locale: 'pt' })
    const client = await signedInClient(joao)
    const empty = await client.post('/pt/account', { intent: 'profile', name: '\u200b \u202e', locale: 'pt' })
    expect(empty.status).toBe(400)
    expect(await empty.text()).toContain(asHtml(tr('pt', 'errors:form.required')))
    const badLocale = await client.post('/pt/account', { intent: 'profile', name: 'João', locale: 'klingon' })
    expect(badLocale.status).toBe(400)
    const unknownIntent = await client.post('/pt/account', { intent: 'drop-tables' })
    expect(unknownIntent.status).toBe(400)
    expect(userRow(joao.id)).toMatchObject({ name: joao.name, locale: 'pt' })
  })

  it('answers bodies that are not forms with a 400 on every form, never a 500', async () => {
    const client = await signedInClient(createUser({ role: 'admin' }))
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
      ['application/json', `{"email":"${createUser().email}"}`],
      ['text/plain', 'hello'],
      ['multipart/form-data; boundary=xyz', '--xyz\r\nbroken'],
    ]
    const redirected = ['/en/login', '/en/language']
    const post = (path: string, type: string, body: string) =>
      client.get(path, { method: 'POST', body, headers: { Origin: server.url, 'Content-Type': type } })
    for (const path of forms) {
      for (const [type, body] of bodies) {
        expect((await post(path, type, body)).status, `${path} ${type}`).toBe(400)
      }
      // A malformed but real form is parsed leniently and handled like any other: refused, or
      // sent on (the language switch falls back to a safe page; a signed-in person posting to
      // the sign-in form is sent to their start page).
      const lenient = await post(path, 'application/x-www-form-urlencoded', 'email=%zz&password=%')
      expect(lenient.status, path).toBeLessThan(500)
      expect(lenient.status, path).toBe(redirected.includes(path) ? 302 : 400)
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
    const client = await signedInClient(createUser())
    expect((await client.get('/en')).headers.get('cache-control')).toBe('no-store')
    expect((await client.get('/en/account.data')).headers.get('cache-control')).toBe('no-store')
  })
})

function sha256(text: string) {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`
}
