import { join } from 'node:path'
import { config } from '~/config.server'

/** Where the portal keeps the files it serves for videos: `<DATA_DIR>/media/videos/<key>/`. */
export function videoMediaDir(dataDir = config().DATA_DIR) {
  return join(dataDir, 'media', 'videos')
}

export const videoKeyPattern = /^[a-z0-9]+(?:-[a-z0-9]+)*$/
/** File names are plain: no folder, no leading dot, so a stored name can never leave the video's folder. */
export const mediaFilePattern = /^[a-z0-9][a-z0-9_-]*(?:\.[a-z0-9]+)$/

export const videoMimeTypes = { webm: 'video/webm', mp4: 'video/mp4' } as const
export const posterMimeTypes = {
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  webp: 'image/webp',
  png: 'image/png',
} as const

const extensionOf = (file: string) => file.slice(file.lastIndexOf('.') + 1).toLowerCase()

export function videoMimeType(file: string): string | null {
  return videoMimeTypes[extensionOf(file) as keyof typeof videoMimeTypes] ?? null
}

export function posterMimeType(file: string): string | null {
  return posterMimeTypes[extensionOf(file) as keyof typeof posterMimeTypes] ?? null
}
