/**
 * A small HTTP client for integration tests: keeps cookies like a browser, sends the
 * portal's own Origin on POST (as a browser does), and never follows redirects by itself.
 */
export function createClient(
  baseUrl: string,
  defaults: { headers?: Record<string, string>; now?: () => Date } = {},
) {
  const cookies = new Map<string, string>()

  function remember(response: Response) {
    for (const header of response.headers.getSetCookie()) {
      const [pair = ''] = header.split(';')
      const index = pair.indexOf('=')
      const name = pair.slice(0, index).trim()
      const value = pair.slice(index + 1).trim()
      if (!value || /max-age=0/i.test(header) || /expires=thu, 01 jan 1970/i.test(header))
        cookies.delete(name)
      else cookies.set(name, value)
    }
  }

  async function request(path: string, init: RequestInit = {}) {
    const headers = new Headers(defaults.headers)
    for (const [key, value] of new Headers(init.headers)) headers.set(key, value)
    // The shared test server takes each request's time from this header (app/modules/clock).
    if (defaults.now) headers.set('X-Test-Now', defaults.now().toISOString())
    if (cookies.size > 0 && !headers.has('Cookie')) {
      headers.set('Cookie', [...cookies].map(([k, v]) => `${k}=${v}`).join('; '))
    }
    const response = await fetch(`${baseUrl}${path}`, { ...init, headers, redirect: 'manual' })
    remember(response)
    return response
  }

  return {
    cookies,
    get: (path: string, init: RequestInit = {}) => request(path, init),
    post: (path: string, form: Record<string, string | string[]>, init: RequestInit = {}) => {
      const body = new URLSearchParams()
      for (const [key, value] of Object.entries(form)) {
        for (const v of Array.isArray(value) ? value : [value]) body.append(key, v)
      }
      return request(path, {
        method: 'POST',
        body,
        ...init,
        headers: {
          Origin: baseUrl,
          'Content-Type': 'application/x-www-form-urlencoded',
          ...Object.fromEntries(new Headers(init.headers)),
        },
      })
    },
    /** Signs in through the real form and returns the response of the POST. */
    signIn: async (email: string, password = 'hub-demo-2026', lang = 'en') => {
      const body = new URLSearchParams({ email, password })
      return request(`/${lang}/login`, {
        method: 'POST',
        body,
        headers: { Origin: baseUrl, 'Content-Type': 'application/x-www-form-urlencoded' },
      })
    },
  }
}

export type Client = ReturnType<typeof createClient>

export const demoPassword = 'hub-demo-2026'
