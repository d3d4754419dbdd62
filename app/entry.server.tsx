import { Writable } from 'node:stream'
import type {
  AppLoadContext,
  EntryContext,
  HandleDataRequestFunction,
  HandleErrorFunction,
} from '@remix-run/node'
import { RemixServer } from '@remix-run/react'
import { renderToPipeableStream } from 'react-dom/server'
import { hasSessionCookie } from '~/modules/auth/session.server'
// Registers the recorder the server hands each response's page uses to (see usage.ts).
import '~/modules/events/usage.server'
import { NonceProvider } from '~/modules/http/nonce'
import '~/modules/i18n/i18n.server'
import { warmSearchIndexes } from '~/modules/search/search.server'
import { isStorageError, noteStorageFailure } from '~/modules/storage/storage.server'

const ABORT_DELAY = 5_000

/**
 * React 18's stream writer flushes its whole 2 KiB buffer when a multi-byte character does
 * not fit at its end, NUL bytes included (fixed in React 19): Cyrillic pages got stray NULs.
 * A zero byte is never part of a UTF-8 character, so dropping every one restores the text.
 */
function withoutNulBytes(page: Buffer) {
  let zero = page.indexOf(0)
  if (zero === -1) return page
  const parts: Buffer[] = []
  let start = 0
  while (zero !== -1) {
    parts.push(page.subarray(start, zero))
    start = zero + 1
    zero = page.indexOf(0, start)
  }
  parts.push(page.subarray(start))
  return Buffer.concat(parts)
}

warmSearchIndexes()

/** Pages of a signed-in person are never stored by a browser or a proxy. */
function markPrivate(request: Request, headers: Headers) {
  if (hasSessionCookie(request)) headers.set('Cache-Control', 'no-store')
}

/**
 * A loader or action that failed because the disk or the database refused a write is answered
 * by the server with the localized 503 page instead of the 500 (scripts/serve.ts reads the flag).
 */
export const handleError: HandleErrorFunction = (error, { request, context }) => {
  if (isStorageError(error)) {
    noteStorageFailure(error)
    context.storageFailed = true
    return
  }
  if (!request.signal.aborted) console.error(error)
}

export const handleDataRequest: HandleDataRequestFunction = (response, { request }) => {
  markPrivate(request, response.headers)
  return response
}

/**
 * Pages are sent whole, in one buffer: nothing here suspends (no `defer`), so the shell is the
 * whole page anyway, and the many small chunks of a stream cost more (each through a web stream
 * and the compressor) than the page's own rendering.
 */
export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  markPrivate(request, responseHeaders)
  const nonce = loadContext.cspNonce
  return new Promise((resolve, reject) => {
    let shellRendered = false
    const chunks: Buffer[] = []
    const page = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        chunks.push(chunk)
        callback()
      },
      final(callback) {
        clearTimeout(timeout)
        responseHeaders.set('Content-Type', 'text/html; charset=utf-8')
        resolve(
          new Response(withoutNulBytes(Buffer.concat(chunks)) as Uint8Array<ArrayBuffer>, {
            headers: responseHeaders,
            status: responseStatusCode,
          }),
        )
        callback()
      },
    })
    const { pipe, abort } = renderToPipeableStream(
      <NonceProvider value={nonce}>
        <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
      </NonceProvider>,
      {
        nonce,
        onShellReady() {
          shellRendered = true
        },
        onAllReady() {
          pipe(page)
        },
        onShellError(error: unknown) {
          clearTimeout(timeout)
          reject(error)
        },
        onError(error: unknown) {
          responseStatusCode = 500
          if (shellRendered) console.error(error)
        },
      },
    )
    const timeout = setTimeout(abort, ABORT_DELAY)
  })
}
