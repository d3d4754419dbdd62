import { request as httpRequest } from 'node:http'
import { describe, expect, inject, it } from 'vitest'
import { createUser, unique } from '../factories/people'
import { hours, minutes, testClock } from '../setup/clock'
import { createClient } from '../setup/http'
import { asHtml, tr } from '../setup/i18n'
import { firstLink, readOutbox } from '../setup/outbox'

// The shared server's SITE_URL is its own address (tests/setup/server.ts): links in mail must
// start with it whatever Host header a request carries.
const server = inject('server')
const siteUrl = new URL(server.url)

async function requestReset(email: string, lang: string) {
  return createClient(server.url).post(`/${lang}/forgot-password`, { email })
}

/** A request whose Host header (and a matching Origin) an attacker chose; fetch cannot set Host. */
function requestResetWithHost(email: string, lang: string, host: string) {
  const body = new URLSearchParams({ email }).toString()
  return new Promise<number>((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port: Number(siteUrl.port),
        path: `/${lang}/forgot-password`,
        method: 'POST',
        headers: {
          Host: host,
          Origin: `http://${host}`,
          'Content-Type': 'application/x-www-form-urlencoded',
          'Content-Length': Buffer.byteLength(body),
        },
      },
      (res) => {
        res.resume()
        res.on('end', () => resolve(res.statusCode ?? 0))
      },
    )
    req.on('error', reject)
    req.end(body)
  })
}

describe('forgot and reset password', () => {
  it('gives known and unknown addresses the same answer, and mails only the known one', async () => {
    // A mail domain of this test's own, so the outbox is read for these two addresses only.
    const domain = `${unique('andes')}.example`
    const maria = createUser({ locale: 'es', email: `maria@${domain}` })
    const known = await requestReset(maria.email, 'es')
    const unknown = await requestReset(`nadie@${domain}`, 'es')
    expect(known.status).toBe(200)
    expect(unknown.status).toBe(200)
    const knownText = (await known.text()).replace(/nonce="[^"]*"/g, '')
    const unknownText = (await unknown.text()).replace(/nonce="[^"]*"/g, '')
    expect(knownText).toBe(unknownText)
    expect(knownText).toContain(asHtml(tr('es', 'auth:forgot.sent')))
    const mail = (await readOutbox(server.dataDir)).filter((m) => m.to.includes(domain))
    expect(mail).toHaveLength(1)
    expect(mail[0]!.to).toBe(maria.email)
  })

  it('mails a person at most three links an hour, however often the form is sent, and more after the hour', async () => {
    const clock = testClock('2026-12-02T10:00:00Z')
    const client = createClient(server.url, { now: clock.now })
    const domain = `${unique('flood')}.example`
    const joao = createUser({ locale: 'pt', email: `joao@${domain}` })
    for (let i = 0; i < 8; i++) {
      const response = await client.post('/pt/forgot-password', { email: joao.email })
      expect(response.status).toBe(200)
      expect(await response.text()).toContain(asHtml(tr('pt', 'auth:forgot.sent')))
    }
    const mailed = async () => (await readOutbox(server.dataDir)).filter((m) => m.to.includes(domain)).length
    expect(await mailed()).toBe(3)
    clock.advance(hours(1) + minutes(1))
    await client.post('/pt/forgot-password', { email: joao.email })
    expect(await mailed()).toBe(4)
  })

  it('writes the mail in the request language and builds the link from SITE_URL, not the Host header', async () => {
    const joao = createUser({ locale: 'pt' })
    expect(await requestResetWithHost(joao.email, 'pt', 'evil.example')).toBe(200)
    const mail = (await readOutbox(server.dataDir)).find((m) => m.to === joao.email)!
    expect(mail.subject).toBe(tr('pt', 'mail:reset.subject'))
    const link = firstLink(mail.text)!
    expect(link.startsWith(`${server.url}/pt/reset-password/`), link).toBe(true)
    expect(link).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/pt\/reset-password\/[\w-]{40,}$/)
    expect(mail.text).not.toContain('evil.example')
  })

  it('sets the new password once, signs the person in, and refuses the link a second time', async () => {
    const emma = createUser({ locale: 'en' })
    await requestReset(emma.email, 'en')
    const mail = (await readOutbox(server.dataDir)).find((m) => m.to === emma.email)!
    const path = new URL(firstLink(mail.text)!).pathname
    const client = createClient(server.url)
    expect((await client.get(path)).status).toBe(200)

    const mismatch = await client.post(path, { password: 'a-new-password-1', confirm: 'something-else' })
    expect(mismatch.status).toBe(400)

    const done = await client.post(path, { password: 'a-new-password-1', confirm: 'a-new-password-1' })
    expect(done.status).toBe(302)
    // Signed in, on their own home, as after a sign-in.
    expect(done.headers.get('location')).toBe('/en')
    expect((await client.get('/en/account')).status).toBe(200)

    const again = await createClient(server.url).post(path, {
      password: 'another-password-2',
      confirm: 'another-password-2',
    })
    expect(again.status).toBe(410)
    expect(await again.text()).toContain(asHtml(tr('en', 'auth:reset.expired')))

    // The refused sign-in is counted at a moment of its own in the past, so it never adds to the
    // per-client limit of the sign-ins other tests of the shared server make now.
    const past = createClient(server.url, { now: () => new Date('2024-01-01T00:00:00Z') })
    expect((await past.signIn(emma.email, 'hub-demo-2026')).status).toBe(401)
    expect((await createClient(server.url).signIn(emma.email, 'a-new-password-1')).status).toBe(302)
  })

  it('lands a member of staff on the staff area after setting a new password', async () => {
    const agent = createUser({ role: 'agent', locale: 'ru' })
    await requestReset(agent.email, 'ru')
    const mail = (await readOutbox(server.dataDir)).find((m) => m.to === agent.email)!
    const path = new URL(firstLink(mail.text)!).pathname
    const done = await createClient(server.url).post(path, {
      password: 'a-new-password-1',
      confirm: 'a-new-password-1',
    })
    expect(done.status).toBe(302)
    expect(done.headers.get('location')).toBe('/ru/staff')
  })

  it('voids an older link when a newer one is sent', async () => {
    const domain = `${unique('twice')}.example`
    const emma = createUser({ locale: 'en', email: `emma@${domain}` })
    await requestReset(emma.email, 'en')
    await requestReset(emma.email, 'en')
    const links = (await readOutbox(server.dataDir))
      .filter((m) => m.to === emma.email)
      .map((m) => new URL(firstLink(m.text)!).pathname)
    expect(links).toHaveLength(2)
    const client = createClient(server.url)
    expect(await (await client.get(links[0]!)).text()).toContain(asHtml(tr('en', 'auth:reset.expired')))
    expect(await (await client.get(links[1]!)).text()).not.toContain(asHtml(tr('en', 'auth:reset.expired')))
  })

  it('refuses a made-up token', async () => {
    const response = await createClient(server.url).get('/ru/reset-password/not-a-real-token')
    expect(response.status).toBe(200)
    expect(await response.text()).toContain(asHtml(tr('ru', 'auth:reset.expired')))
  })
})
