import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, beforeEach, inject } from 'vitest'
import { createSession } from '../factories/people'

/** Debian's Chromium (docs/tooling.md): `npx playwright install` cannot download a browser here. */
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

export const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-dev-shm-usage',
]

/** The regional tag a person of each portal language typically has in their browser. */
export const browserLocales: Record<string, string> = {
  en: 'en-US',
  ru: 'ru-RU',
  es: 'es-419',
  pt: 'pt-BR',
}

export type ContextOptions = {
  /** A BCP 47 tag: sets navigator.language and the Accept-Language header. */
  locale: string
  javaScriptEnabled?: boolean
  baseURL?: string
  /** The IANA zone the browser reports (Intl.DateTimeFormat().resolvedOptions().timeZone). */
  timezoneId?: string
}

/** A problem the page reported: a console error (CSP violations are these) or an uncaught error. */
export type PageProblem = { kind: 'console' | 'pageerror'; text: string; url: string }
export type ProblemFilter = (problem: PageProblem) => boolean

/** A context whose pages report console errors and uncaught errors to `onProblem`. */
export async function makeContext(
  browser: Browser,
  options: ContextOptions,
  onProblem: (p: PageProblem) => void,
) {
  const context = await browser.newContext({
    locale: options.locale,
    javaScriptEnabled: options.javaScriptEnabled ?? true,
    baseURL: options.baseURL,
    timezoneId: options.timezoneId,
    viewport: { width: 1280, height: 800 },
  })
  context.on('console', (message) => {
    if (message.type() !== 'error') return
    const location = message.location()
    onProblem({ kind: 'console', text: message.text(), url: location.url || (message.page()?.url() ?? '') })
  })
  context.on('weberror', (webError) => {
    const error = webError.error()
    onProblem({ kind: 'pageerror', text: error.stack ?? error.message, url: webError.page()?.url() ?? '' })
  })
  return context
}

/**
 * The run's one Chromium (started by tests/setup/global-browser.ts), pointed at the project's
 * shared server. Contexts made with `newContext` are closed after each test, and any console
 * error or uncaught page error seen during the test fails it, unless the test declared it
 * expected with `allowProblems` (for example the browser's own log line about a deliberate
 * 404 response).
 */
export function useBrowser(defaults: { baseURL?: () => string } = {}) {
  let browser: Browser | undefined
  let contexts: BrowserContext[] = []
  let problems: PageProblem[] = []
  let allowed: ProblemFilter[] = []

  beforeAll(async () => {
    browser = await chromium.connect(inject('browserEndpoint'))
  })
  afterAll(async () => {
    // Disconnects this file; the browser itself stays up for the other files.
    await browser?.close()
  })
  beforeEach(() => {
    problems = []
    allowed = []
    contexts = []
  })
  afterEach(async () => {
    await Promise.all(contexts.map((context) => context.close().catch(() => undefined)))
    const unexpected = problems.filter((problem) => !allowed.some((allow) => allow(problem)))
    if (unexpected.length > 0) {
      throw new Error(
        `The browser reported ${unexpected.length} error(s) during the test:\n` +
          unexpected.map((p) => `- [${p.kind}] ${p.text}${p.url ? ` (at ${p.url})` : ''}`).join('\n'),
      )
    }
  })

  async function newContext(options: ContextOptions) {
    if (!browser) throw new Error('useBrowser: the browser is not running (call newContext inside a test)')
    const baseURL = defaults.baseURL?.() ?? inject('server').url
    const context = await makeContext(browser, { baseURL, ...options }, (p) => problems.push(p))
    contexts.push(context)
    return context
  }

  return {
    newContext,
    async newPage(options: ContextOptions): Promise<Page> {
      return (await newContext(options)).newPage()
    },
    /**
     * A page in a context signed in as the person, by a session written for them (only the
     * sign-in tests use the form). `now` sets the server's time for the context's requests.
     */
    async signedInPage(user: { id: number }, options: ContextOptions & { now?: () => Date }): Promise<Page> {
      const context = await newContext(options)
      const session = await createSession(user, { now: options.now?.() })
      const url = defaults.baseURL?.() ?? inject('server').url
      await context.addCookies([{ ...session, url, httpOnly: true, sameSite: 'Lax' }])
      if (options.now) await context.setExtraHTTPHeaders({ 'X-Test-Now': options.now().toISOString() })
      return context.newPage()
    },
    /** Declares problems this test expects; anything else the page reports still fails it. */
    allowProblems(...filters: ProblemFilter[]) {
      allowed.push(...filters)
    },
    /** What the pages reported so far in this test (to assert on expected ones). */
    problems: () => [...problems],
  }
}

/**
 * Chromium's own log line for a response with this HTTP status (a deliberate 404 page, a
 * refused sign-in), which a test may expect; `path` narrows it to one address.
 */
export function failedResourceStatus(status: number, path?: string): ProblemFilter {
  return (p) =>
    p.kind === 'console' &&
    p.text.startsWith(`Failed to load resource: the server responded with a status of ${status} `) &&
    (path === undefined || new URL(p.url, 'http://x').pathname === path)
}

/**
 * Resolves once React has hydrated the element (it carries React's fiber), so that a click
 * exercises the client-side code rather than racing it.
 */
export async function waitForHydration(page: Page, selector = 'body') {
  await page.waitForFunction((sel) => {
    const element = document.querySelector(sel)
    return !!element && Object.keys(element).some((key) => key.startsWith('__reactFiber$'))
  }, selector)
}
