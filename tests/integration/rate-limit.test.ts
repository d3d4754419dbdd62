import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createClient } from '../setup/http'
import { asHtml, tr } from '../setup/i18n'
import { startServer, type TestServer } from '../setup/server'

let server: TestServer

beforeAll(async () => {
  server = await startServer()
})
afterAll(async () => {
  await server?.stop()
})

describe('sign-in rate limit', () => {
  it('answers 429 in the page language after five failures for one email, even with the right password', async () => {
    const client = createClient(server.url)
    for (let i = 0; i < 5; i++) {
      expect((await client.signIn('olga@volga.example', `wrong-${i}-password`, 'ru')).status).toBe(401)
    }
    const limited = await client.signIn('olga@volga.example', 'hub-demo-2026', 'ru')
    expect(limited.status).toBe(429)
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0)
    expect(await limited.text()).toContain(asHtml(tr('ru', 'errors:auth.rateLimited')))
    // Another person is not locked out by Olga's failures.
    expect((await createClient(server.url).signIn('emma@harbor.example')).status).toBe(302)
  })

  it('still refuses after the server restarts', async () => {
    server = await server.restart()
    const limited = await createClient(server.url).signIn('olga@volga.example', 'hub-demo-2026', 'ru')
    expect(limited.status).toBe(429)
  })

  it('limits one client guessing many emails', async () => {
    const fresh = await startServer()
    try {
      const client = createClient(fresh.url)
      const statuses: number[] = []
      for (let i = 0; i < 21; i++) {
        statuses.push((await client.signIn(`guess${i}@nowhere.example`, 'guess-password')).status)
      }
      expect(statuses.slice(0, 20).every((s) => s === 401)).toBe(true)
      expect(statuses[20]).toBe(429)
    } finally {
      await fresh.stop()
    }
  })
})
