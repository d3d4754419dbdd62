import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import { join } from 'node:path'
import { createReadableStreamFromReadable } from '@remix-run/node'
import { parseRange } from '~/modules/http/ranges'
import { mediaFilePattern, videoKeyPattern, videoMediaDir } from './media.server'

const notFound = () =>
  new Response('Not found', {
    status: 404,
    headers: { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' },
  })

/**
 * Serves one file of a video's media folder with byte ranges, so a player can seek and a
 * browser can resume. The caller decides which file names are allowed; the key and name are
 * checked again here so no path can leave the folder. `no-transform` keeps the compression
 * middleware away from the bytes: a compressed range would no longer be the range asked for.
 */
export async function mediaFileResponse(
  request: Request,
  input: { key: string; file: string; contentType: string },
) {
  if (!videoKeyPattern.test(input.key) || !mediaFilePattern.test(input.file)) return notFound()
  const path = join(videoMediaDir(), input.key, input.file)
  const info = await stat(path).catch(() => null)
  if (!info?.isFile()) return notFound()
  const size = info.size
  const etag = `"${size.toString(16)}-${Math.floor(info.mtimeMs).toString(16)}"`
  const headers = new Headers({
    'Content-Type': input.contentType,
    'Accept-Ranges': 'bytes',
    ETag: etag,
    'Last-Modified': info.mtime.toUTCString(),
    'Cache-Control': 'public, max-age=31536000, no-transform',
    'X-Content-Type-Options': 'nosniff',
    'Cross-Origin-Resource-Policy': 'same-origin',
  })
  const ifNoneMatch = request.headers.get('If-None-Match')
  if (
    ifNoneMatch &&
    ifNoneMatch.split(',').some((tag) => tag.trim() === etag || tag.trim() === `W/${etag}`)
  ) {
    return new Response(null, { status: 304, headers })
  }
  // If-Range: a range of a file that changed since would splice two versions; send it whole.
  const ifRange = request.headers.get('If-Range')
  const rangeHeader =
    ifRange && ifRange !== etag && ifRange !== headers.get('Last-Modified')
      ? null
      : request.headers.get('Range')
  const range = parseRange(rangeHeader, size)
  if (range.kind === 'unsatisfiable') {
    headers.set('Content-Range', `bytes */${size}`)
    headers.set('Content-Type', 'text/plain; charset=utf-8')
    // A refusal is about this request only: no cache should keep it for the file's year.
    headers.set('Cache-Control', 'no-store')
    return new Response(null, { status: 416, headers })
  }
  const { start, end } = range.kind === 'partial' ? range : { start: 0, end: size - 1 }
  headers.set('Content-Length', String(size === 0 ? 0 : end - start + 1))
  if (range.kind === 'partial') headers.set('Content-Range', `bytes ${start}-${end}/${size}`)
  const status = range.kind === 'partial' ? 206 : 200
  if (request.method === 'HEAD' || size === 0) return new Response(null, { status, headers })
  return new Response(createReadableStreamFromReadable(createReadStream(path, { start, end })), {
    status,
    headers,
  })
}
