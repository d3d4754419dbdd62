import type { LoaderFunctionArgs } from '@remix-run/node'
import { z } from 'zod'
import { mediaFileResponse } from '~/modules/academy/media-response.server'
import { posterMimeType } from '~/modules/academy/media.server'
import { getVideoMedia } from '~/modules/academy/videos.server'

const paramsSchema = z.object({ key: z.string().max(64), file: z.string().max(100) })

/** A video's own file or poster, with byte ranges; any other name, in its folder or not, is a 404. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const parsed = paramsSchema.safeParse(params)
  if (!parsed.success) throw new Response('Not found', { status: 404 })
  const { key, file } = parsed.data
  const video = await getVideoMedia(key)
  if (!video) throw new Response('Not found', { status: 404 })
  if (file === video.file && video.mimeType)
    return mediaFileResponse(request, { key, file, contentType: video.mimeType })
  const posterType = file === video.poster ? posterMimeType(file) : null
  if (posterType) return mediaFileResponse(request, { key, file, contentType: posterType })
  throw new Response('Not found', { status: 404 })
}
