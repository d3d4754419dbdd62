import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createUser, testDb, unique } from '../factories/people'
import { hours, testClock } from '../setup/clock'
import { createClient } from '../setup/http'
import { asHtml, tr } from '../setup/i18n'
import { startServer, type TestServer } from '../setup/server'

// This file keeps a server of its own: one test restarts it, and the per-client limit counts
// every failed sign-in from 127.0.0.1, which on the shared server other files' tests make too.
let server: TestServer

beforeAll(async () => {
  server = await startServer({ env: { HUB_TEST_CLOCK: '1' } })
})
afterAll(async () => {
  await server?.stop()
})

/**
 * The failures are counted in a time window (15 minutes). Each test starts an hour after the
 * previous one on this clock, so the failures of tests that ran before it, in whatever order,
 * are out of its window: no test waits and none depends on another.
 */
const clock = testClock(new Date())
const client = () => createClient(server.url, { now: clock.now })
const person = (locale: 'en' | 'ru') => createUser({ locale }, testDb(server.databaseFile))

describe('sign-in rate limit', () => {
  it('answers 429 in the page language after five failures for one email, even with the right password', async () => {
    clock.advance(hours(1))
    const olga = person('ru')
    const attempts = client()
    for (let i = 0; i < 5; i++) {
      expect((await attempts.signIn(olga.email, `wrong-${i}-password`, 'ru')).status).toBe(401)
    }
    const limited = await attempts.signIn(olga.email, 'hub-demo-2026', 'ru')
    expect(limited.status).toBe(429)
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0)
    expect(await limited.text()).toContain(asHtml(tr('ru', 'errors:auth.rateLimited')))
    // Another person is not locked out by Olga's failures.
    expect((await client().signIn(person('en').email)).status).toBe(302)
  })

  it('still refuses after the server restarts', async () => {
    clock.advance(hours(1))
    const olga = person('ru')
    const attempts = client()
    for (let i = 0; i < 5; i++) {
      expect((await attempts.signIn(olga.email, `wrong-${i}-password`, 'ru')).status).toBe(401)
    }
    server = await server.restart()
    const limited = await client().signIn(olga.email, 'hub-demo-2026', 'ru')
    expect(limited.status).toBe(429)
  })

  it('limits one client guessing many emails', async () => {
    clock.advance(hours(1))
    const guesser = client()
    const statuses: number[] = []
    for (let i = 0; i < 21; i++) {
      statuses.push((await guesser.signIn(`${unique('guess')}@nowhere.example`, 'guess-password')).status)
    }
    expect(statuses.slice(0, 20).every((s) => s === 401)).toBe(true)
    expect(statuses[20]).toBe(429)
  })

  it('lets the email try again once its window has passed', async () => {
    clock.advance(hours(1))
    const olga = person('ru')
    const attempts = client()
    for (let i = 0; i < 5; i++) await attempts.signIn(olga.email, `wrong-${i}-password`, 'ru')
    expect((await attempts.signIn(olga.email, 'hub-demo-2026', 'ru')).status).toBe(429)
    clock.advance(hours(1) / 4 + 1000)
    expect((await attempts.signIn(olga.email, 'hub-demo-2026', 'ru')).status).toBe(302)
  })
})
