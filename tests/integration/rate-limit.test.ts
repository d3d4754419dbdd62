import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createUser, testDb, unique } from '../factories/people'
import { hours, seconds, testClock } from '../setup/clock'
import { createClient } from '../setup/http'
import { asHtml, tr } from '../setup/i18n'
import { startServer, type TestServer } from '../setup/server'

// This file keeps a server of its own: one test restarts it, and the per-client limit counts
// every failed sign-in from 127.0.0.1, which on the shared server other files' tests make too.
let server: TestServer

beforeAll(async () => {
  // Behind a proxy of its own, as in production, so a test can be several clients at once.
  server = await startServer({ env: { HUB_TEST_CLOCK: '1', TRUST_PROXY: '1' } })
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
let clients = 0
/** A browser at an address of its own (documentation range, only ever a header here). */
const client = (address = `198.51.100.${(clients += 1) % 250}`) =>
  createClient(server.url, { now: clock.now, headers: { 'X-Forwarded-For': address } })
const person = (locale: 'en' | 'ru') => createUser({ locale }, testDb(server.databaseFile))
/**
 * Attempts spaced past the growing delay (at most 4 s for one email from one client), so the
 * tests of the limits below see only the limits.
 */
const pace = () => clock.advance(seconds(5))

describe('sign-in rate limit', () => {
  it('makes each failure wait longer, says how long, and logs the refusal without the email', async () => {
    clock.advance(hours(1))
    const olga = person('ru')
    const attempts = client()
    // Two mistakes in a row cost nothing.
    expect((await attempts.signIn(olga.email, 'wrong-1-password', 'ru')).status).toBe(401)
    expect((await attempts.signIn(olga.email, 'wrong-2-password', 'ru')).status).toBe(401)
    const first = await attempts.signIn(olga.email, 'wrong-3-password', 'ru')
    expect(first.status).toBe(429)
    expect(first.headers.get('retry-after')).toBe('1')
    clock.advance(seconds(1))
    expect((await attempts.signIn(olga.email, 'wrong-3-password', 'ru')).status).toBe(401)
    const second = await attempts.signIn(olga.email, 'hub-demo-2026', 'ru')
    expect(second.headers.get('retry-after')).toBe('2')
    // The wait is said in words, in the page's language.
    expect(await second.text()).toContain(asHtml(tr('ru', 'errors:auth.rateLimited', { wait: '2 секунды' })))
    clock.advance(seconds(2))
    expect((await attempts.signIn(olga.email, 'hub-demo-2026', 'ru')).status).toBe(302)
    expect(server.output()).toMatch(
      /Sign-in refused \(pair delay, retry in 1 s\) from 198\.51\.100\.\d+ for email #[0-9a-f]{12}/,
    )
    expect(server.output()).not.toContain(olga.email)
  })

  it('answers 429 in the page language after five failures for one email from one client, even with the right password', async () => {
    clock.advance(hours(1))
    const olga = person('ru')
    const attempts = client()
    for (let i = 0; i < 5; i++) {
      pace()
      expect((await attempts.signIn(olga.email, `wrong-${i}-password`, 'ru')).status).toBe(401)
    }
    const limited = await attempts.signIn(olga.email, 'hub-demo-2026', 'ru')
    expect(limited.status).toBe(429)
    // Locked for the rest of the window, which began with the first failure 20 s ago.
    expect(limited.headers.get('retry-after')).toBe(String(15 * 60 - 20))
    expect(await limited.text()).toContain(asHtml(tr('ru', 'errors:auth.rateLimited', { wait: '15 минут' })))
    // Another person is not locked out by Olga's failures.
    expect((await client().signIn(person('en').email)).status).toBe(302)
  })

  it('does not let a stranger lock the owner out: the owner signs in from their own browser', async () => {
    clock.advance(hours(1))
    const olga = person('ru')
    const stranger = client()
    for (let i = 0; i < 6; i++) {
      pace()
      await stranger.signIn(olga.email, `guess-${i}-password`, 'ru')
    }
    expect((await stranger.signIn(olga.email, 'hub-demo-2026', 'ru')).status).toBe(429)
    expect((await client().signIn(olga.email, 'hub-demo-2026', 'ru')).status).toBe(302)
  })

  it('stops guessing spread over many addresses, except from a browser the owner signed in from before', async () => {
    clock.advance(hours(1))
    const olga = person('ru')
    const ownBrowser = client()
    expect((await ownBrowser.signIn(olga.email, 'hub-demo-2026', 'ru')).status).toBe(302)
    await ownBrowser.post('/ru/logout', {})
    // Fifty failures from ten addresses, five each: no single address reaches its own limit.
    for (let address = 0; address < 10; address++) {
      const attacker = client()
      for (let i = 0; i < 5; i++) {
        pace()
        expect((await attacker.signIn(olga.email, `spread-${i}`, 'ru')).status).toBe(401)
      }
    }
    expect((await client().signIn(olga.email, 'hub-demo-2026', 'ru')).status).toBe(429)
    expect((await ownBrowser.signIn(olga.email, 'hub-demo-2026', 'ru')).status).toBe(302)
    // 53 password checks, each a deliberately slow scrypt: on a busy machine more than the default 30 s.
  }, 90_000)

  it('still refuses after the server restarts', async () => {
    clock.advance(hours(1))
    const olga = person('ru')
    const attempts = client('203.0.113.9')
    for (let i = 0; i < 5; i++) {
      pace()
      expect((await attempts.signIn(olga.email, `wrong-${i}-password`, 'ru')).status).toBe(401)
    }
    server = await server.restart()
    // The same browser again: the restarted server listens on a new port.
    const limited = await client('203.0.113.9').signIn(olga.email, 'hub-demo-2026', 'ru')
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
    for (let i = 0; i < 5; i++) {
      pace()
      await attempts.signIn(olga.email, `wrong-${i}-password`, 'ru')
    }
    expect((await attempts.signIn(olga.email, 'hub-demo-2026', 'ru')).status).toBe(429)
    clock.advance(hours(1) / 4 + 1000)
    expect((await attempts.signIn(olga.email, 'hub-demo-2026', 'ru')).status).toBe(302)
  })
})
