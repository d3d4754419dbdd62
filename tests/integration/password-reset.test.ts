import { request as httpRequest } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createClient } from '../setup/http'
import { asHtml, tr } from '../setup/i18n'
import { firstLink, readOutbox } from '../setup/outbox'
import { startServer, type TestServer } from '../setup/server'

let server: TestServer

beforeAll(async () => {
  server = await startServer({ env: { SITE_URL: 'https://hub.example' } })
})
afterAll(async () => {
  await server?.stop()
})

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
        port: server.port,
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
    const known = await requestReset('maria@andes.example', 'es')
    const unknown = await requestReset('nadie@andes.example', 'es')
    expect(known.status).toBe(200)
    expect(unknown.status).toBe(200)
    const knownText = (await known.text()).replace(/nonce="[^"]*"/g, '')
    const unknownText = (await unknown.text()).replace(/nonce="[^"]*"/g, '')
    expect(knownText).toBe(unknownText)
    expect(knownText).toContain(asHtml(tr('es', 'auth:forgot.sent')))
    const mail = (await readOutbox(server.dataDir)).filter((m) => m.to.includes('andes.example'))
    expect(mail).toHaveLength(1)
    expect(mail[0]!.to).toBe('maria@andes.example')
  })

  it('writes the mail in the request language and builds the link from SITE_URL, not the Host header', async () => {
    expect(await requestResetWithHost('joao@paulista.example', 'pt', 'evil.example')).toBe(200)
    const mail = (await readOutbox(server.dataDir)).find((m) => m.to === 'joao@paulista.example')!
    expect(mail.subject).toBe(tr('pt', 'mail:reset.subject'))
    const link = firstLink(mail.text)!
    expect(link).toMatch(/^https:\/\/hub\.example\/pt\/reset-password\/[\w-]{40,}$/)
    expect(mail.text).not.toContain('evil.example')
  })

  it('sets the new password once, signs the person in, and refuses the link a second time', async () => {
    await requestReset('emma@harbor.example', 'en')
    const mail = (await readOutbox(server.dataDir)).find((m) => m.to === 'emma@harbor.example')!
    const path = new URL(firstLink(mail.text)!).pathname
    const client = createClient(server.url)
    expect((await client.get(path)).status).toBe(200)

    const mismatch = await client.post(path, { password: 'a-new-password-1', confirm: 'something-else' })
    expect(mismatch.status).toBe(400)

    const done = await client.post(path, { password: 'a-new-password-1', confirm: 'a-new-password-1' })
    expect(done.status).toBe(302)
    expect(done.headers.get('location')).toBe('/en/account')
    expect((await client.get('/en/account')).status).toBe(200)

    const again = await createClient(server.url).post(path, {
      password: 'another-password-2',
      confirm: 'another-password-2',
    })
    expect(again.status).toBe(410)
    expect(await again.text()).toContain(asHtml(tr('en', 'auth:reset.expired')))

    expect((await createClient(server.url).signIn('emma@harbor.example', 'hub-demo-2026')).status).toBe(401)
    expect((await createClient(server.url).signIn('emma@harbor.example', 'a-new-password-1')).status).toBe(
      302,
    )
  })

  it('refuses a made-up token', async () => {
    const response = await createClient(server.url).get('/ru/reset-password/not-a-real-token')
    expect(response.status).toBe(200)
    expect(await response.text()).toContain(asHtml(tr('ru', 'auth:reset.expired')))
  })
})
