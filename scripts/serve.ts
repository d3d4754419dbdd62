import { AsyncLocalStorage } from 'node:async_hooks'
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import type { Server } from 'node:http'
import { fileURLToPath, pathToFileURL } from 'node:url'
import {
  createReadableStreamFromReadable,
  createRequestHandler,
  writeReadableStreamToWritable,
  type AppLoadContext,
  type ServerBuild,
} from '@remix-run/node'
import compression from 'compression'
import express from 'express'
import expressStaticGzip from 'express-static-gzip'
import { config, type Config } from '~/config.server'
import { openSoundDatabase, servingMarker, StorageRefused } from '~/db-connection.server'
import { installClockHook, testNowHeader } from '~/modules/clock/clock'
import { recordServedUsage, usageHeader } from '~/modules/events/usage'
import { createPageCache, type CachedAnswer } from '~/modules/http/page-cache.server'
import { createNonce, isCrossOriginMutation, securityHeaders } from '~/modules/http/security.server'
import { defaultLocale, localeFromPath, type Locale } from '~/modules/i18n/locales'
import { isAttachmentUpload, maxUploadRequestBytes, uploadsDirIn } from '~/modules/tickets/attachments'
import { sweepUploads } from '~/modules/tickets/upload-sweep.server'

const root = fileURLToPath(new URL('..', import.meta.url))

/**
 * Largest request body accepted before any route sees it. Routes may set lower limits; only
 * file uploads to the ticket pages get a larger hard cap (maxUploadRequestBytes), and their
 * own per-file and per-ticket limits are checked while the body is read.
 */
export const maxBodyBytes = 1024 * 1024

type ErrorTexts = { status: Record<string, { title: string; message: string }> }

/** A tiny localized page for refusals made before Remix runs (413, 403, 411). */
function refusalPage(locale: Locale, status: number) {
  const texts = JSON.parse(readFileSync(`${root}/locales/${locale}/errors.json`, 'utf8')) as ErrorTexts
  const text = texts.status[String(status)] ?? texts.status['400']!
  const escape = (s: string) => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`)
  return `<!doctype html><html lang="${locale}"><meta charset="utf-8"><title>${escape(text.title)}</title><h1>${escape(text.title)}</h1><p>${escape(text.message)}</p></html>`
}

function refuse(req: express.Request, res: express.Response, status: number) {
  const locale = localeFromPath(req.path) ?? defaultLocale
  res.status(status).type('html').send(refusalPage(locale, status))
}

/** The portal answers only these; TRACE, PUT and the rest get a 405, never a 500. */
const allowedMethods = ['GET', 'HEAD', 'POST']

/**
 * Errors that reach Express itself (a malformed %-escape in a path, a broken body stream)
 * get the localized refusal page with their own 4xx status; anything else is a 500 that is
 * logged here and never shown to the visitor as a stack trace.
 */
function handleError(error: unknown, req: express.Request, res: express.Response) {
  const declared = (error as { status?: unknown; statusCode?: unknown } | null)?.status
  const status =
    error instanceof URIError
      ? 400
      : typeof declared === 'number' && declared >= 400 && declared < 500
        ? declared
        : 500
  if (status === 500) console.error(error)
  if (res.headersSent) return res.destroy()
  refuse(req, res, status)
}

type BuildSource = ServerBuild | (() => Promise<ServerBuild>)

/**
 * The portal's HTTP server. `build` is the production build, or in development a function
 * that asks Vite for the current one (see scripts/dev.ts); `vite` adds Vite's middleware.
 */
export function createApp(
  build: BuildSource,
  settings: Config = config(),
  vite?: { middlewares: express.RequestHandler },
) {
  const app = express()
  app.disable('x-powered-by')
  app.set('trust proxy', settings.TRUST_PROXY)
  const ownOrigin = new URL(settings.SITE_URL).origin

  app.use((req, res, next) => {
    res.locals.nonce = createNonce()
    res.set(
      securityHeaders(
        { nonce: res.locals.nonce as string },
        {
          development: !!vite,
          strictTransport: settings.strictTransport,
        },
      ),
    )
    next()
  })

  // Behind a proxy that is not trusted, every visitor has the proxy's address, so sign-in
  // limits would lock out everyone at once. Say so once, loudly, instead of failing quietly.
  let warnedAboutProxy = settings.TRUST_PROXY
  app.use((req, res, next) => {
    if (!warnedAboutProxy && req.get('x-forwarded-for') !== undefined) {
      warnedAboutProxy = true
      console.warn(
        'Requests carry X-Forwarded-For but TRUST_PROXY is off: every client looks like the proxy ' +
          'to the sign-in limits. Set TRUST_PROXY=1 if the portal runs behind a proxy you control.',
      )
    }
    next()
  })

  app.use((req, res, next) => {
    if (allowedMethods.includes(req.method)) return next()
    res.set('Allow', allowedMethods.join(', '))
    refuse(req, res, 405)
  })

  app.use((req, res, next) => {
    const requestOrigin = `${req.protocol}://${req.get('host')}`
    const crossOrigin = isCrossOriginMutation({
      method: req.method,
      origin: req.get('origin'),
      secFetchSite: req.get('sec-fetch-site'),
      ownOrigins: [ownOrigin, requestOrigin],
    })
    if (crossOrigin) return refuse(req, res, 403)
    const length = req.get('content-length')
    const limit = isAttachmentUpload({
      method: req.method,
      path: req.path,
      contentType: req.get('content-type'),
    })
      ? maxUploadRequestBytes
      : maxBodyBytes
    if (length !== undefined && Number(length) > limit) return refuse(req, res, 413)
    // A body without a declared length cannot be limited up front; browsers always declare it.
    if (length === undefined && req.get('transfer-encoding') && !['GET', 'HEAD'].includes(req.method)) {
      return refuse(req, res, 411)
    }
    next()
  })

  if (settings.HUB_TEST_CLOCK) takeTimeFromRequests(app)

  // Brotli at quality 4 (the package's default) or gzip at 6 for pages rendered per request;
  // cached pages and the built assets arrive already compressed and are passed through.
  app.use(compression({ level: 6 }))
  if (vite) {
    app.use(vite.middlewares)
  } else {
    // Hashed file names: cached for a year, sent as the brotli or gzip file made at build.
    app.use(
      '/assets',
      expressStaticGzip(`${root}/build/client/assets`, {
        enableBrotli: true,
        orderPreference: ['br', 'gz'],
        index: false,
        serveStatic: { immutable: true, maxAge: '1y' },
      }),
    )
    // Only the few files from public/ are looked for on disk, not every page's path (a stat each).
    const publicFiles = new Set(readdirSync(`${root}/build/client`).map((name) => `/${name}`))
    const servePublic = express.static(`${root}/build/client`, { maxAge: '1h' })
    app.use((req, res, next) => (publicFiles.has(req.path) ? servePublic(req, res, next) : next()))
  }

  const handleRequest = createRequestHandler(build, settings.isProduction ? 'production' : 'development')
  const pageCache = createPageCache({
    ttlMs: vite ? 0 : 10_000,
    contentSecurityPolicy: (hashes) =>
      securityHeaders({ hashes }, { strictTransport: settings.strictTransport })['Content-Security-Policy']!,
  })
  app.all('*', async (req, res, next) => {
    try {
      const hit = pageCache.cached({
        method: req.method,
        url: `http://portal${req.originalUrl}`,
        headers: { get: (name) => req.get(name) ?? null },
      })
      if (hit) return sendCached(res, hit)
      const request = toFetchRequest(req, res)
      const nonce = res.locals.nonce as string
      const context: AppLoadContext = {
        cspNonce: nonce,
        clientIp: req.ip ?? req.socket.remoteAddress ?? 'unknown',
      }
      const response = await pageCache.handle(request, () => handleRequest(request, context))
      recordServedUsage(response.headers.get(usageHeader))
      if (context.storageFailed && response.status >= 500) {
        // The write could not be stored; nothing was changed and reading still works.
        res.set({ 'Retry-After': '60', 'Cache-Control': 'no-store' })
        return refuse(req, res, 503)
      }
      await sendFetchResponse(res, response)
    } catch (error) {
      next(error)
    }
  })
  app.use((error: unknown, req: express.Request, res: express.Response, _next: express.NextFunction) =>
    handleError(error, req, res),
  )
  return app
}

/**
 * Tests move time per request: each request runs with the time its X-Test-Now header names,
 * so tests that share one server each keep their own clock.
 */
function takeTimeFromRequests(app: express.Express) {
  const requestTime = new AsyncLocalStorage<Date>()
  installClockHook(() => requestTime.getStore())
  app.use((req, res, next) => {
    const header = req.get(testNowHeader)
    const time = header ? new Date(header) : undefined
    if (time && !Number.isNaN(time.getTime())) requestTime.run(time, next)
    else next()
  })
}

/** The Node request as a fetch Request; the body streams, and a closed connection aborts it. */
function toFetchRequest(req: express.Request, res: express.Response) {
  const controller = new AbortController()
  res.on('close', () => controller.abort())
  const headers = new Headers()
  for (const [name, value] of Object.entries(req.headers)) {
    for (const v of Array.isArray(value) ? value : value === undefined ? [] : [value]) headers.append(name, v)
  }
  const hasBody = req.method !== 'GET' && req.method !== 'HEAD'
  return new Request(`${req.protocol}://${req.get('host')}${req.originalUrl}`, {
    method: req.method,
    headers,
    signal: controller.signal,
    ...(hasBody ? { body: createReadableStreamFromReadable(req), duplex: 'half' } : {}),
  } as RequestInit)
}

const usageHeaderName = usageHeader.toLowerCase()

/** A page from the cache, written as stored; its page use is recorded as for any answer. */
function sendCached(res: express.Response, hit: CachedAnswer) {
  res.status(hit.status)
  for (const [name, value] of hit.headers) {
    if (name === usageHeaderName) recordServedUsage(value)
    else res.setHeader(name, value)
  }
  res.end(hit.body)
}

async function sendFetchResponse(res: express.Response, response: Response) {
  res.status(response.status)
  // A header the route set replaces the default of the same name (a download's stricter CSP)
  // instead of being sent twice.
  for (const [name, value] of response.headers) {
    if (name !== 'set-cookie' && name !== usageHeaderName) res.setHeader(name, value)
  }
  for (const cookie of response.headers.getSetCookie()) res.append('Set-Cookie', cookie)
  if (response.body) await writeReadableStreamToWritable(response.body, res)
  else res.end()
}

export async function loadBuild(): Promise<ServerBuild> {
  return (await import(pathToFileURL(`${root}/build/server/index.js`).href)) as ServerBuild
}

/**
 * Before serving: a database that fails SQLite's quick_check is refused with the reason (a
 * portal on a corrupt file would answer with wrong data or crash mid-write), and the upload
 * folder is settled after whatever stopped the last run (see sweepUploads).
 */
export async function checkStorage(settings: Config) {
  const sqlite = openSoundDatabase(settings.DATABASE_URL)
  try {
    const swept = await sweepUploads(sqlite, uploadsDirIn(settings.DATA_DIR))
    if (swept.settled + swept.removed > 0)
      console.log(
        `Uploads: ${swept.settled} file(s) saved just before a stop were settled, ${swept.removed} orphan(s) removed.`,
      )
  } finally {
    sqlite.close()
  }
}

export async function serve(settings: Config = config()): Promise<Server> {
  await checkStorage(settings)
  const app = createApp(await loadBuild(), settings)
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(settings.PORT, settings.HOST, () => resolve(s))
  })
  const marker = servingMarker(settings.DATABASE_URL)
  writeFileSync(marker, String(process.pid))
  process.once('exit', () => rmSync(marker, { force: true }))
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => server.close(() => process.exit(0)))
  }
  return server
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await serve().catch((error: unknown) => {
    console.error(error instanceof StorageRefused ? error.message : error)
    process.exit(1)
  })
  console.log(`Customer Hub listening on ${config().SITE_URL}`)
}
