import { createHash } from 'node:crypto'
import type { LoaderFunctionArgs } from '@remix-run/node'
import { z } from 'zod'
import { getPublishedCaptions } from '~/modules/academy/videos.server'
import { locales } from '~/modules/i18n/locales'

const paramsSchema = z.object({ key: z.string().max(64), locale: z.enum(locales) })

/** The published WebVTT captions of one language; a draft or empty one is a 404, like a missing one. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const parsed = paramsSchema.safeParse(params)
  if (!parsed.success) throw new Response('Not found', { status: 404 })
  const captions = await getPublishedCaptions(parsed.data)
  if (!captions) throw new Response('Not found', { status: 404 })
  const etag = `"${createHash('sha256').update(captions.captions).digest('base64url').slice(0, 27)}"`
  const headers = {
    'Content-Type': 'text/vtt; charset=utf-8',
    ETag: etag,
    'Last-Modified': captions.updatedAt.toUTCString(),
    // The page links captions with their revision (?v=), so a new text is a new URL.
    'Cache-Control': 'public, max-age=86400',
    'X-Content-Type-Options': 'nosniff',
    'Cross-Origin-Resource-Policy': 'same-origin',
  }
  if (request.headers.get('If-None-Match') === etag) return new Response(null, { status: 304, headers })
  return new Response(captions.captions, { headers })
}
