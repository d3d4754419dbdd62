import { localeFromPath } from '~/modules/i18n/locales'

type Entry = { storedAt: number; status: number; headers: [string, string][]; body: string; nonce: string }

/** The only cookie an anonymous page may be rendered with: pages under /:lang do not read it. */
const harmlessCookies = new Set(['hub_locale'])

function cookieNames(request: Request) {
  return (request.headers.get('Cookie') ?? '')
    .split(';')
    .map((part) => part.split('=')[0]!.trim())
    .filter(Boolean)
}

/**
 * Caches rendered pages for anonymous visitors only. A request that carries any cookie but the
 * language choice (a session above all) is never served from the cache, and a response is
 * stored only when it is a plain 200 HTML page that set no cookie and was not marked private.
 * The CSP nonce of the stored page is swapped for the nonce of each response it serves.
 */
export function createPageCache({ ttlMs = 10_000, maxEntries = 500 } = {}) {
  const entries = new Map<string, Entry>()

  function keyOf(request: Request) {
    if (request.method !== 'GET') return null
    const url = new URL(request.url)
    if (!localeFromPath(url.pathname) || url.pathname.endsWith('.data')) return null
    if (cookieNames(request).some((name) => !harmlessCookies.has(name))) return null
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

  function serve(entry: Entry, nonce: string) {
    const body = entry.body.replaceAll(`nonce="${entry.nonce}"`, `nonce="${nonce}"`)
    return new Response(body, { status: entry.status, headers: entry.headers })
  }

  return {
    async handle(request: Request, nonce: string, render: () => Promise<Response>): Promise<Response> {
      const key = keyOf(request)
      if (!key) return render()
      const hit = entries.get(key)
      if (hit && Date.now() - hit.storedAt < ttlMs) return serve(hit, nonce)
      const response = await render()
      if (!isStorable(response)) return response
      const body = await response.text()
      const entry: Entry = {
        storedAt: Date.now(),
        status: response.status,
        headers: [...response.headers],
        body,
        nonce,
      }
      entries.delete(key)
      entries.set(key, entry)
      if (entries.size > maxEntries) entries.delete(entries.keys().next().value!)
      return new Response(body, { status: response.status, headers: response.headers })
    },
    clear() {
      entries.clear()
    },
  }
}

export type PageCache = ReturnType<typeof createPageCache>
