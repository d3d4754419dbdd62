import { createHash } from 'node:crypto'
import { brotliDecompressSync, gunzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { createPageCache, inlineScriptHashes, publicPagesChanged } from './page-cache.server'

const script = (who: string) => `window.who = ${JSON.stringify(who)}`
const page = (who: string, init: ResponseInit = {}) =>
  new Response(`<p>Привет</p><script nonce="n-${who}">${script(who)}</script><script src="/a.js"></script>`, {
    status: 200,
    ...init,
    headers: { 'Content-Type': 'text/html; charset=utf-8', ...init.headers },
  })

const policy = (hashes: string[]) => `script-src 'self' ${hashes.join(' ')}`
const newCache = (options: { ttlMs?: number } = {}) =>
  createPageCache({ ...options, contentSecurityPolicy: policy })

function counter() {
  let renders = 0
  return {
    get renders() {
      return renders
    },
    render:
      (who = 'visitor', init?: ResponseInit) =>
      () => {
        renders++
        return Promise.resolve(page(who, init))
      },
  }
}

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`

describe('page cache', () => {
  it('serves an anonymous page again, its inline scripts allowed by their hashes', async () => {
    const cache = newCache()
    const c = counter()
    const first = await cache.handle(new Request('http://x/en'), c.render())
    const again = await cache.handle(new Request('http://x/en'), c.render('someone else'))
    expect(c.renders).toBe(1)
    expect(await again.text()).toBe(await first.text())
    expect(again.headers.get('Content-Security-Policy')).toBe(
      `script-src 'self' ${sha256(script('visitor'))}`,
    )
    expect(again.headers.get('Vary')).toBe('Accept-Encoding')
  })

  it('hashes inline scripts only, each once', () => {
    const html = '<script>a()</script><script type="module">a()</script><script src="/x.js"></script>'
    expect(inlineScriptHashes(html)).toEqual([sha256('a()')])
  })

  it('serves the stored compressed bytes the browser accepts', async () => {
    const cache = newCache()
    const c = counter()
    const plain = await (await cache.handle(new Request('http://x/ru'), c.render())).text()
    const ask = (encoding: string) =>
      cache.handle(new Request('http://x/ru', { headers: { 'Accept-Encoding': encoding } }), c.render())
    const br = await ask('gzip, deflate, br, zstd')
    expect(br.headers.get('Content-Encoding')).toBe('br')
    expect(brotliDecompressSync(Buffer.from(await br.arrayBuffer())).toString()).toBe(plain)
    const gzip = await ask('gzip;q=1, br;q=0')
    expect(gzip.headers.get('Content-Encoding')).toBe('gzip')
    expect(gunzipSync(Buffer.from(await gzip.arrayBuffer())).toString()).toBe(plain)
    const none = await ask('identity')
    expect(none.headers.get('Content-Encoding')).toBeNull()
    expect(Number(none.headers.get('Content-Length'))).toBe(Buffer.byteLength(plain))
    expect(c.renders).toBe(1)
  })

  it('ignores cookies that are not ours, never serves or stores a page for our personal ones', async () => {
    const cache = newCache()
    const c = counter()
    const withCookie = (cookie: string) => new Request('http://x/en', { headers: { Cookie: cookie } })
    await cache.handle(withCookie('_ga=GA1.2.3; consent=yes; hub_locale=en'), c.render())
    expect(c.renders).toBe(1)
    for (const cookie of [
      'hub_session=abc',
      '__Host-hub_session=abc',
      'hub_visitor=v',
      '_ga=1; hub_device=d',
    ]) {
      const personal = await cache.handle(withCookie(cookie), c.render('Emma'))
      expect(await personal.text()).toContain('"Emma"')
    }
    expect(c.renders).toBe(5)
    const anonymous = await cache.handle(new Request('http://x/en'), c.render())
    expect(await anonymous.text()).toContain('"visitor"')
    expect(c.renders).toBe(5)
  })

  it('stores only plain 200 pages without cookies or private marks', async () => {
    const cache = newCache()
    const c = counter()
    const uncacheable: ResponseInit[] = [
      { status: 404 },
      { headers: { 'Set-Cookie': 'a=b' } },
      { headers: { 'Cache-Control': 'no-store' } },
    ]
    for (const init of uncacheable) {
      await cache.handle(new Request('http://x/ru'), c.render('v', init))
      await cache.handle(new Request('http://x/ru'), c.render('v', init))
    }
    expect(c.renders).toBe(6)
  })

  it('keeps pages apart by path and query, and skips data requests, posts and unprefixed paths', async () => {
    const cache = newCache()
    const c = counter()
    await cache.handle(new Request('http://x/en/login?redirectTo=/a'), c.render('a'))
    const other = await cache.handle(new Request('http://x/en/login?redirectTo=/b'), c.render('b'))
    expect(await other.text()).toContain('"b"')
    for (const request of [
      new Request('http://x/en.data'),
      new Request('http://x/'),
      new Request('http://x/en', { method: 'POST' }),
    ]) {
      await cache.handle(request, c.render())
      await cache.handle(request, c.render())
    }
    expect(c.renders).toBe(8)
  })

  it('renders again once the entry is older than its time to live, or after a publish', async () => {
    const expiring = newCache({ ttlMs: 0 })
    const c = counter()
    await expiring.handle(new Request('http://x/es'), c.render())
    await expiring.handle(new Request('http://x/es'), c.render())
    expect(c.renders).toBe(2)
    const cache = newCache()
    await cache.handle(new Request('http://x/es/kb/a'), c.render())
    publicPagesChanged()
    await cache.handle(new Request('http://x/es/kb/a'), c.render())
    expect(c.renders).toBe(4)
  })
})
