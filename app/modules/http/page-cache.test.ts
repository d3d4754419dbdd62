import { describe, expect, it } from 'vitest'
import { createPageCache } from './page-cache.server'

const page = (nonce: string, who: string, init: ResponseInit = {}) =>
  new Response(`<script nonce="${nonce}">hello ${who}</script>`, {
    status: 200,
    ...init,
    headers: { 'Content-Type': 'text/html; charset=utf-8', ...init.headers },
  })

function counter() {
  let renders = 0
  return {
    get renders() {
      return renders
    },
    render:
      (nonce: string, who = 'visitor', init?: ResponseInit) =>
      () => {
        renders++
        return Promise.resolve(page(nonce, who, init))
      },
  }
}

describe('page cache', () => {
  it('serves an anonymous page again with the new response nonce', async () => {
    const cache = createPageCache()
    const c = counter()
    await cache.handle(new Request('http://x/en'), 'first', c.render('first'))
    const again = await cache.handle(new Request('http://x/en'), 'second', c.render('second'))
    expect(c.renders).toBe(1)
    expect(await again.text()).toBe('<script nonce="second">hello visitor</script>')
  })

  it('never serves a cached page to someone with a session, nor stores theirs', async () => {
    const cache = createPageCache()
    const c = counter()
    await cache.handle(
      new Request('http://x/en', { headers: { Cookie: 'hub_session=abc' } }),
      'n1',
      c.render('n1', 'Emma'),
    )
    const anonymous = await cache.handle(new Request('http://x/en'), 'n2', c.render('n2'))
    expect(await anonymous.text()).toContain('hello visitor')
    const signedIn = await cache.handle(
      new Request('http://x/en', { headers: { Cookie: 'hub_locale=x; hub_session=abc' } }),
      'n3',
      c.render('n3', 'Emma'),
    )
    expect(await signedIn.text()).toContain('hello Emma')
    expect(c.renders).toBe(3)
  })

  it('stores only plain 200 pages without cookies or private marks', async () => {
    const cache = createPageCache()
    const c = counter()
    const uncacheable: ResponseInit[] = [
      { status: 404 },
      { headers: { 'Set-Cookie': 'a=b' } },
      { headers: { 'Cache-Control': 'no-store' } },
    ]
    for (const init of uncacheable) {
      await cache.handle(new Request('http://x/ru'), 'n', c.render('n', 'v', init))
      await cache.handle(new Request('http://x/ru'), 'n', c.render('n', 'v', init))
    }
    expect(c.renders).toBe(6)
  })

  it('keeps pages apart by path and query, and skips data requests, posts and unprefixed paths', async () => {
    const cache = createPageCache()
    const c = counter()
    await cache.handle(new Request('http://x/en/login?redirectTo=/a'), 'n', c.render('n', 'a'))
    const other = await cache.handle(new Request('http://x/en/login?redirectTo=/b'), 'n', c.render('n', 'b'))
    expect(await other.text()).toContain('hello b')
    for (const request of [
      new Request('http://x/en.data'),
      new Request('http://x/'),
      new Request('http://x/en', { method: 'POST' }),
    ]) {
      await cache.handle(request, 'n', c.render('n'))
      await cache.handle(request, 'n', c.render('n'))
    }
    expect(c.renders).toBe(8)
  })

  it('renders again once the entry is older than its time to live', async () => {
    const cache = createPageCache({ ttlMs: 0 })
    const c = counter()
    await cache.handle(new Request('http://x/es'), 'n', c.render('n'))
    await cache.handle(new Request('http://x/es'), 'n', c.render('n'))
    expect(c.renders).toBe(2)
  })
})
