import { parse as parseYaml } from 'yaml'
import { z } from 'zod'
import { videoProviders } from '#db/schema/academy'
import { locales } from '#db/schema/enums'
import { isValidProviderId } from './embeds'
import { mediaFilePattern, posterMimeType, videoMimeType } from './media.server'

export const videoLimits = {
  titleMaxLength: 200,
  descriptionMaxLength: 2000,
  maxDurationSeconds: 6 * 3600,
} as const

const texts = (max: number) => z.partialRecord(z.enum(locales), z.string().trim().max(max))
const fileName = z.string().regex(mediaFilePattern, 'must be a plain file name')

/** content/videos/<key>/video.yml: where the video plays from and its texts in every language; captions sit beside it as <lang>.vtt. */
const videoFileSchema = z
  .object({
    sourceLocale: z.enum(locales).default('en'),
    order: z.number().int().min(0).max(10_000).default(0),
    duration: z.number().int().positive().max(videoLimits.maxDurationSeconds),
    file: fileName.refine((name) => videoMimeType(name) !== null, 'must be a .webm or .mp4 file').optional(),
    poster: fileName
      .refine((name) => posterMimeType(name) !== null, 'must be a .jpg, .webp or .png image')
      .optional(),
    embed: z
      .object({ provider: z.enum(videoProviders), id: z.string() })
      .strict()
      .refine((embed) => isValidProviderId(embed.provider, embed.id), 'is not a valid id for this provider')
      .optional(),
    title: texts(videoLimits.titleMaxLength),
    description: texts(videoLimits.descriptionMaxLength).default({}),
  })
  .refine((video) => Boolean(video.file) !== Boolean(video.embed), {
    message: 'needs either a file or an embed, not both',
    path: ['file'],
  })

export type VideoFile = z.infer<typeof videoFileSchema>

export function parseVideoFile(raw: string): { ok: true; video: VideoFile } | { ok: false; error: string } {
  try {
    const result = videoFileSchema.safeParse(parseYaml(raw.replace(/^\uFEFF/, '')))
    if (!result.success) {
      const issue = result.error.issues[0]!
      return { ok: false, error: `${issue.path.join('.') || 'file'}: ${issue.message}` }
    }
    const video = result.data
    if (!video.title[video.sourceLocale])
      return { ok: false, error: `title.${video.sourceLocale}: the source language needs a title` }
    return { ok: true, video }
  } catch (error) {
    return { ok: false, error: (error as Error).message.split('\n')[0]! }
  }
}
