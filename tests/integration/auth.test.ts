import { describe, expect, inject, it } from 'vitest'
import { createUser, signedInClient } from '../factories/people'
import { days, hours, minutes, testClock } from '../setup/clock'
import { createClient } from '../setup/http'
import { asHtml, tr } from '../setup/i18n'

const server = inject('server')

const sessionCookieOf = (response: Response) =>
  response.headers.getSetCookie().find((c) => c.startsWith('hub_session='))

describe('sign-in', () => {
  it('signs a customer in with a safe cookie and takes them to their own home', async () => {
    const emma = createUser({ locale: 'en' })
    const client = createClient(server.url)
    const response = await client.signIn(emma.email)
    expect(response.status).toBe(302)
    expect(response.headers.get('location')).toBe('/en')
    const cookie = sessionCookieOf(response)!
    expect(cookie).toMatch(/HttpOnly/i)
    expect(cookie).toMatch(/SameSite=Lax/i)
    // The test server's address is plain http: Secure comes with https (https-deployment.test.ts).
    expect(cookie).not.toMatch(/Secure/i)
    const account = await client.get('/en/account')
    expect(account.status).toBe(200)
    const html = await account.text()
    expect(html).toContain(asHtml(emma.account!.name))
    expect(account.headers.get('cache-control')).toBe('no-store')
  })

  it('accepts the email in any letter case', async () => {
    const olga = createUser({ locale: 'ru', email: `Olga.${Date.now()}@Volga.Example` })
    const response = await createClient(server.url).signIn(olga.email.toUpperCase())
    expect(response.status).toBe(302)
  })

  it('refuses a wrong password with a localized message and keeps no session', async () => {
    const maria = createUser({ locale: 'es' })
    const client = createClient(server.url)
    const response = await client.signIn(maria.email, 'wrong-password-1', 'es')
    expect(response.status).toBe(401)
    expect(sessionCookieOf(response)).toBeUndefined()
    const html = await response.text()
    expect(html).toContain(asHtml(tr('es', 'errors:auth.invalidCredentials')))
    expect(html).not.toContain('wrong-password-1')
  })

  it('answers an unknown email exactly like a wrong password', async () => {
    const joao = createUser({ locale: 'pt' })
    const unknown = await createClient(server.url).signIn('nobody@nowhere.example', 'whatever-123', 'pt')
    const wrong = await createClient(server.url).signIn(joao.email, 'whatever-123', 'pt')
    expect(unknown.status).toBe(wrong.status)
    // The pages differ only in the nonce and in the address typed back into the form.
    const strip = (html: string, email: string) =>
      html.replace(/nonce="[^"]*"/g, '').replaceAll(email, 'EMAIL')
    expect(strip(await unknown.text(), 'nobody@nowhere.example')).toBe(strip(await wrong.text(), joao.email))
  })

  it('gives missing fields a 400 with messages, never a 500', async () => {
    const client = createClient(server.url)
    const response = await client.post('/ru/login', { email: '', password: '' })
    expect(response.status).toBe(400)
    expect(await response.text()).toContain(asHtml(tr('ru', 'errors:form.required')))
    const weird = await client.post('/ru/login', {
      email: ['a@b.example', 'c@d.example'],
      password: '\u0000'.repeat(300),
    })
    expect(weird.status).toBe(400)
  })

  it('issues a new session id at every sign-in and ends the old one', async () => {
    const emma = createUser()
    const client = createClient(server.url)
    await client.signIn(emma.email)
    const first = client.cookies.get('hub_session')
    await client.signIn(emma.email)
    const second = client.cookies.get('hub_session')
    expect(second).toBeDefined()
    expect(second).not.toBe(first)
    const replay = await fetch(`${server.url}/en/account`, {
      headers: { Cookie: `hub_session=${first}` },
      redirect: 'manual',
    })
    expect(replay.status).toBe(302)
    expect(replay.headers.get('location')).toMatch(/^\/en\/login\?redirectTo=/)
  })

  it('returns to the page that asked for sign-in, and only to our own pages', async () => {
    const agent = createUser({ role: 'agent' })
    const client = createClient(server.url)
    const back = await client.post('/en/login?redirectTo=%2Fen%2Fstaff', {
      email: agent.email,
      password: 'hub-demo-2026',
      redirectTo: '/en/staff/accounts?tier=high',
    })
    expect(back.headers.get('location')).toBe('/en/staff/accounts?tier=high')
    const evil = await createClient(server.url).post('/en/login', {
      email: agent.email,
      password: 'hub-demo-2026',
      redirectTo: '/\\evil.example',
    })
    expect(evil.headers.get('location')).toBe('/en/staff')
  })
})

describe('sign-out', () => {
  it('ends the session on the server, so a copied cookie stops working', async () => {
    const client = await signedInClient(createUser({ locale: 'pt' }))
    const stolen = client.cookies.get('hub_session')
    const out = await client.post('/pt/logout', {})
    expect(out.status).toBe(302)
    expect(out.headers.get('location')).toBe('/pt')
    const replay = await fetch(`${server.url}/pt/account`, {
      headers: { Cookie: `hub_session=${stolen}` },
      redirect: 'manual',
    })
    expect(replay.status).toBe(302)
  })

  it('does nothing on GET', async () => {
    const client = await signedInClient(createUser())
    await client.get('/en/logout')
    expect((await client.get('/en/account')).status).toBe(200)
  })
})

// The server's clock follows the client's (X-Test-Now), so these tests move time, not wait.
describe('session timeouts', () => {
  it('ends a session after 72 hours without a request', async () => {
    const clock = testClock('2026-12-01T09:00:00Z')
    const client = createClient(server.url, { now: clock.now })
    await client.signIn(createUser().email)
    clock.advance(hours(71))
    expect((await client.get('/en/account')).status).toBe(200)
    clock.advance(hours(71))
    expect((await client.get('/en/account')).status).toBe(200)
    clock.advance(hours(72) + minutes(1))
    const expired = await client.get('/en/account')
    expect(expired.status).toBe(302)
    expect(expired.headers.get('location')).toMatch(/^\/en\/login\?redirectTo=/)
  })

  it('ends a session 30 days after sign-in even when it is used every day', async () => {
    const clock = testClock('2026-12-01T09:00:00Z')
    const client = createClient(server.url, { now: clock.now })
    await client.signIn(createUser().email)
    for (let day = 1; day < 30; day++) {
      clock.advance(days(1))
      expect((await client.get('/en/account')).status, `day ${day}`).toBe(200)
    }
    clock.advance(days(1))
    expect((await client.get('/en/account')).status).toBe(302)
  })
})

describe('changing the password', () => {
  it('ends every other session of the person and keeps the one that changed it', async () => {
    const person = createUser()
    const here = await signedInClient(person)
    const elsewhere = await signedInClient(person)
    const response = await here.post('/en/account', {
      intent: 'password',
      current: person.password,
      password: 'a-new-password-2026',
      confirm: 'a-new-password-2026',
    })
    expect(response.status).toBe(200)
    expect((await here.get('/en/account')).status).toBe(200)
    expect((await elsewhere.get('/en/account')).status).toBe(302)
    expect((await createClient(server.url).signIn(person.email, person.password)).status).toBe(401)
    expect((await createClient(server.url).signIn(person.email, 'a-new-password-2026')).status).toBe(302)
  })

  it('ends no session when the current password is wrong', async () => {
    const person = createUser()
    const here = await signedInClient(person)
    const elsewhere = await signedInClient(person)
    const response = await here.post('/en/account', {
      intent: 'password',
      current: 'not-the-password',
      password: 'a-new-password-2026',
      confirm: 'a-new-password-2026',
    })
    expect(response.status).toBe(400)
    expect((await elsewhere.get('/en/account')).status).toBe(200)
  })
})
