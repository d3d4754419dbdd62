import type { VideoProvider } from '#db/schema/academy'

export type VideoEmbed = { provider: VideoProvider; providerId: string }

const providerIdPatterns: Record<VideoProvider, RegExp> = {
  youtube: /^[A-Za-z0-9_-]{11}$/,
  vimeo: /^[0-9]{1,12}$/,
}

/**
 * The only inputs accepted, matched against the whole raw string: no URL parser in between,
 * so no normalisation can turn `https://youtube.com:443@evil.example` or `%2e` tricks into a match.
 * Scheme and host are fixed, no userinfo, port, fragment or query parameter other than `v`.
 */
const accepted: { provider: VideoProvider; pattern: RegExp }[] = [
  { provider: 'youtube', pattern: /^https:\/\/(?:www\.|m\.)?youtube\.com\/watch\?v=([A-Za-z0-9_-]{11})$/ },
  { provider: 'youtube', pattern: /^https:\/\/youtu\.be\/([A-Za-z0-9_-]{11})$/ },
  { provider: 'youtube', pattern: /^https:\/\/www\.youtube-nocookie\.com\/embed\/([A-Za-z0-9_-]{11})$/ },
  { provider: 'vimeo', pattern: /^https:\/\/(?:www\.)?vimeo\.com\/([0-9]{1,12})$/ },
  { provider: 'vimeo', pattern: /^https:\/\/player\.vimeo\.com\/video\/([0-9]{1,12})$/ },
]

/** Reads a pasted link of an allowlisted provider into a provider and its id; anything else is null. */
export function parseEmbedInput(input: string): VideoEmbed | null {
  const candidate = input.trim()
  if (candidate.length > 200) return null
  for (const { provider, pattern } of accepted) {
    const providerId = pattern.exec(candidate)?.[1]
    if (providerId && isValidProviderId(provider, providerId)) return { provider, providerId }
  }
  return null
}

export function isValidProviderId(provider: string, id: string): provider is VideoProvider {
  return Object.hasOwn(providerIdPatterns, provider) && providerIdPatterns[provider as VideoProvider].test(id)
}

/** The embed URL is rebuilt from a fixed template: a stored value can never point anywhere else. */
export function embedUrl({ provider, providerId }: VideoEmbed): string {
  if (!isValidProviderId(provider, providerId)) throw new Error(`Invalid ${provider} id`)
  if (provider === 'youtube') return `https://www.youtube-nocookie.com/embed/${providerId}`
  return `https://player.vimeo.com/video/${providerId}`
}

/** The origins the page may frame: the CSP's frame-src. */
export const embedOrigins = ['https://www.youtube-nocookie.com', 'https://player.vimeo.com'] as const
