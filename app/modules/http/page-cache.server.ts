import { createHash } from 'node:crypto'
import { brotliCompressSync, constants, gzipSync } from 'node:zlib'
import Negotiator from 'negotiator'
import { localeFromPath } from '~/modules/i18n/locales'

const encodings = ['br', 'gzip', 'identity'] as const
type Encoding = (typeof encodings)[number]

/** What the cache reads of a request: a fetch Request, or the server's own request before one is made. */
export type CacheRequest = Pick<Request, 'method' | 'url'> & { headers: { get(name: string): string | null } }

/** A stored page as sent: the bytes of the encoding the browser accepts. */
export type CachedAnswer = { status: number; headers: [string, string][]; body: Uint8Array<ArrayBuffer> }

type Entry = {
  storedAt: number
  status: number
  headers: [string, string][]
  bodies: Record<Encoding, Uint8Array<ArrayBuffer>>
}

/**
 * The portal's own cookies are all named `hub_*` (`__Host-hub_session` behind https). A page
 * under /:lang never reads the language choice; every other one of ours (the session, the
 * trusted browser, an anonymous reader's vote) can change what a page shows. Anybody else's
 * cookie (analytics, consent banners) never reaches our code, so it does not matter here.
 */
function carriesPersonalCookie(request: CacheRequest) {
  return (request.headers.get('Cookie') ?? '')
    .split(';')
    .map((part) => part.split('=')[0]!.trim())
    .some((name) => /^(__Host-)?hub_/.test(name) && name !== 'hub_locale')
}

/** The inline scripts of a page (Remix's context and route modules), as CSP hash sources. */
export function inlineScriptHashes(html: string) {
  const hashes = new Set<string>()
  for (const [, attributes, text] of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)) {
    if (/\ssrc\s*=/.test(attributes!)) continue
    hashes.add(`'sha256-${createHash('sha256').update(text!, 'utf8').digest('base64')}'`)
  }
  return [...hashes]
}

/**
 * Caches rendered pages for anonymous visitors, stored once compressed with brotli and gzip so a
 * hit costs no rendering and no compression.
 *
 * - Key: the path (with the language in it) and the query. Requests carrying one of our personal
 *   cookies (see carriesPersonalCookie) never use the cache; other cookies are ignored.
 * - Stored only: a plain 200 HTML page that set no cookie and was not marked private.
 * - A stored page is the same bytes for every visitor, so its scripts are allowed by their hashes
 *   (`contentSecurityPolicy`) instead of the per-request nonce a fresh page carries.
 * - `publicPagesChanged()` (after a publish) empties every cache at once.
 */
export function createPageCache({
  ttlMs = 10_000,
  maxEntries = 500,
  contentSecurityPolicy,
}: {
  ttlMs?: number
  maxEntries?: number
  /** The policy of a stored page, from the hash sources of its inline scripts. */
  contentSecurityPolicy: (scriptHashes: string[]) => string
}) {
  const entries = new Map<string, Entry>()

  function keyOf(request: CacheRequest) {
    if (request.method !== 'GET') return null
    const url = new URL(request.url)
    if (!localeFromPath(url.pathname) || url.pathname.endsWith('.data')) return null
    if (carriesPersonalCookie(request)) return null
    return `${url.pathname}${url.search}`
  }

  function isStorable(response: Response) {
    const cacheControl = response.headers.get('Cache-Control') ?? ''
    return (
      response.status === 200 &&
      (response.headers.get('Content-Type') ?? '').startsWith('text/html') &&
      response.headers.getSetCookie().length === 0 &&
      !/no-store|private/.test(cacheControl)
    )
  }

  function store(response: Response, html: string): Entry {
    const headers = new Headers(response.headers)
    headers.set('Content-Security-Policy', contentSecurityPolicy(inlineScriptHashes(html)))
    headers.set('Vary', 'Accept-Encoding')
    headers.delete('Content-Length')
    const identity = new TextEncoder().encode(html)
    return {
      storedAt: Date.now(),
      status: response.status,
      headers: [...headers],
      bodies: {
        identity,
        gzip: new Uint8Array(gzipSync(identity, { level: 6 })),
        // Compressed once per time to live, so a higher quality than for dynamic pages pays.
        br: new Uint8Array(
          brotliCompressSync(identity, {
            params: {
              [constants.BROTLI_PARAM_QUALITY]: 9,
              [constants.BROTLI_PARAM_SIZE_HINT]: identity.length,
            },
          }),
        ),
      },
    }
  }

  function answer(entry: Entry, request: CacheRequest): CachedAnswer {
    // Our preference among what the browser accepts at all: the smallest body first.
    const accepted = new Negotiator({
      headers: { 'accept-encoding': request.headers.get('Accept-Encoding') ?? undefined },
    }).encodings([...encodings])
    const encoding = encodings.find((e) => accepted.includes(e)) ?? 'identity'
    const body = entry.bodies[encoding]
    const headers: [string, string][] = [...entry.headers, ['content-length', String(body.length)]]
    if (encoding !== 'identity') headers.push(['content-encoding', encoding])
    return { status: entry.status, headers, body }
  }

  function fresh(key: string | null) {
    const entry = key ? entries.get(key) : undefined
    return entry && Date.now() - entry.storedAt < ttlMs ? entry : null
  }

  const serve = (entry: Entry, request: CacheRequest) => {
    const { status, headers, body } = answer(entry, request)
    return new Response(body, { status, headers })
  }

  const cache = {
    /**
     * The stored page for this request, if any: the server sends it as it is, without making
     * a fetch Request and Response for it (most of the cost of a hit).
     */
    cached(request: CacheRequest): CachedAnswer | null {
      const hit = fresh(keyOf(request))
      return hit ? answer(hit, request) : null
    },
    async handle(request: Request, render: () => Promise<Response>): Promise<Response> {
      const key = keyOf(request)
      if (!key) return render()
      const hit = fresh(key)
      if (hit) return serve(hit, request)
      const response = await render()
      if (!isStorable(response)) return response
      const entry = store(response, await response.text())
      entries.delete(key)
      entries.set(key, entry)
      if (entries.size > maxEntries) entries.delete(entries.keys().next().value!)
      return serve(entry, request)
    },
    clear() {
      entries.clear()
    },
  }
  livePageCaches().add(cache)
  return cache
}

export type PageCache = ReturnType<typeof createPageCache>

/**
 * The caches are made by the HTTP server (scripts/serve.ts), which loads its own copy of this
 * module beside the Remix build's; the set lives on globalThis so a publish inside the build
 * reaches them.
 */
const cachesKey = Symbol.for('customer-hub.page-caches')
function livePageCaches() {
  const holder = globalThis as { [cachesKey]?: Set<PageCache> }
  return (holder[cachesKey] ??= new Set())
}

/** Published content changed: no visitor may be served the page as it was. */
export function publicPagesChanged() {
  for (const cache of livePageCaches()) cache.clear()
}
