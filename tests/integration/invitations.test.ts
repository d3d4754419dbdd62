import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createClient } from '../setup/http'
import { asHtml, tr } from '../setup/i18n'
import { firstLink, readOutbox } from '../setup/outbox'
import { startServer, type TestServer } from '../setup/server'

let server: TestServer

beforeAll(async () => {
  server = await startServer()
})
afterAll(async () => {
  await server?.stop()
})

describe('invitations', () => {
  it('lets an account admin invite a colleague who joins the same account through a single-use link', async () => {
    const admin = createClient(server.url)
    await admin.signIn('olga@volga.example', 'hub-demo-2026', 'ru')
    const sent = await admin.post('/ru/account', {
      intent: 'invite',
      email: 'Ivan@Volga.Example',
      locale: 'ru',
    })
    expect(sent.status).toBe(200)
    expect(await sent.text()).toContain(asHtml(tr('ru', 'account:team.invited')))

    const mail = (await readOutbox(server.dataDir)).find((m) => m.to === 'ivan@volga.example')!
    expect(mail.subject).toContain('Volga Games')
    const path = new URL(firstLink(mail.text)!).pathname
    expect(path).toMatch(/^\/ru\/invite\//)

    const invited = createClient(server.url)
    expect(await (await invited.get(path)).text()).toContain('ivan@volga.example')
    const joined = await invited.post(path, {
      name: 'Иван Петров',
      password: 'volga-password-1',
      confirm: 'volga-password-1',
    })
    expect(joined.status).toBe(302)
    const account = await (await invited.get('/ru/account')).text()
    expect(account).toContain('Volga Games')
    expect(account).toContain('Иван Петров')

    const reused = await createClient(server.url).post(path, {
      name: 'Someone',
      password: 'another-password',
      confirm: 'another-password',
    })
    expect(reused.status).toBe(410)
  })

  it('refuses invitations from people who are not account admins', async () => {
    const admin = createClient(server.url)
    await admin.signIn('olga@volga.example', 'hub-demo-2026', 'ru')
    await admin.post('/ru/account', { intent: 'invite', email: 'plain@volga.example', locale: 'ru' })
    const mail = (await readOutbox(server.dataDir)).find((m) => m.to === 'plain@volga.example')!
    const plain = createClient(server.url)
    await plain.post(new URL(firstLink(mail.text)!).pathname, {
      name: 'Plain',
      password: 'plain-password-1',
      confirm: 'plain-password-1',
    })
    const attempt = await plain.post('/ru/account', {
      intent: 'invite',
      email: 'x@volga.example',
      locale: 'ru',
    })
    expect(attempt.status).toBe(403)
  })

  it('does not invite an address that already has an account elsewhere', async () => {
    const admin = createClient(server.url)
    await admin.signIn('emma@harbor.example')
    const response = await admin.post('/en/account', {
      intent: 'invite',
      email: 'olga@volga.example',
      locale: 'en',
    })
    expect(response.status).toBe(409)
    expect(await response.text()).toContain(asHtml(tr('en', 'errors:invite.emailTaken')))
  })
})
