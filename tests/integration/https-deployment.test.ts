import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createClient } from '../setup/http'
import { startServer, type TestServer } from '../setup/server'

/**
 * A production portal whose public address is https, as it runs behind a TLS proxy: HSTS,
 * the `__Host-` session cookie, and the warning about an untrusted proxy. A server of its own,
 * because SITE_URL is read once at start; the shared test server runs on plain http.
 */
let server: TestServer
let plain: TestServer

beforeAll(async () => {
  ;[server, plain] = await Promise.all([
    startServer({ env: { SITE_URL: 'https://hub.example.com' } }),
    startServer({ env: { SITE_URL: 'http://hub.example.com' } }),
  ])
})
afterAll(async () => {
  await Promise.all([server?.stop(), plain?.stop()])
})

describe('a production portal on https', () => {
  it('tells browsers to use https only, on every answer', async () => {
    for (const path of ['/en', '/healthz', '/en/no-such-page']) {
      const response = await fetch(`${server.url}${path}`)
      expect(response.headers.get('Strict-Transport-Security'), path).toBe(
        'max-age=31536000; includeSubDomains',
      )
    }
  })

  it('keeps the session in a __Host- cookie that only this host over https can set', async () => {
    const client = createClient(server.url)
    const response = await client.signIn('emma@harbor.example')
    expect(response.status).toBe(302)
    const cookie = response.headers.getSetCookie().find((c) => c.startsWith('__Host-hub_session='))
    expect(cookie).toBeDefined()
    expect(cookie).toMatch(/; Path=\//)
    expect(cookie).toMatch(/; Secure/)
    expect(cookie).not.toMatch(/Domain=/i)
    expect(response.headers.getSetCookie().some((c) => c.startsWith('hub_session='))).toBe(false)
    // The prefixed cookie is the session: the account page opens with it.
    expect((await client.get('/en/account')).status).toBe(200)
  })

  it('warns once when requests carry X-Forwarded-For while TRUST_PROXY is off', async () => {
    const warning = /X-Forwarded-For but TRUST_PROXY is off/g
    expect(server.output()).not.toMatch(warning)
    for (const address of ['203.0.113.7', '198.51.100.2'])
      await fetch(`${server.url}/healthz`, { headers: { 'X-Forwarded-For': address } })
    expect(server.output().match(warning)).toHaveLength(1)
  })
})

describe('a production portal on plain http', () => {
  it('sends no HSTS and a plain session cookie, which browsers would refuse with the prefix', async () => {
    const response = await fetch(`${plain.url}/en`)
    expect(response.headers.get('Strict-Transport-Security')).toBeNull()
    const signIn = await createClient(plain.url).signIn('emma@harbor.example')
    expect(signIn.headers.getSetCookie().some((c) => c.startsWith('hub_session='))).toBe(true)
  })
})
