import { and, asc, eq } from 'drizzle-orm'
import type { Video, VideoProvider, VideoTranslation } from '#db/schema/academy'
import { db, schema } from '~/db.server'
import { clock } from '~/modules/clock/clock'
import { recordEvent } from '~/modules/events/events.server'
import { localeNames, locales, type Locale } from '~/modules/i18n/locales'
import { completeLinkedItems } from '~/modules/onboarding/progress.server'
import { afterCertification } from './certificates.server'
import { completeVideoLessons } from './courses.server'
import { embedUrl } from './embeds'
import { transcriptFromWebVtt, type Cue } from './webvtt'

const { videos, videoTranslations, videoProgress } = schema

/** A video counts as watched once this share of it has been played. */
export const watchedThreshold = 0.9

export const videoFileUrl = (video: Pick<Video, 'key' | 'updatedAt'>, file: string) =>
  `/media/videos/${video.key}/${file}?v=${video.updatedAt.getTime()}`
export const captionsUrl = (key: string, locale: Locale, revision: number) =>
  `/media/videos/${key}/captions/${locale}.vtt?v=${revision}`

type Shown = { video: Video; translation: VideoTranslation; fallback: boolean }

/**
 * The text a reader sees: the published translation in the page's language, otherwise the
 * source language's (a fallback, shown with a notice). A video without either is not shown.
 */
function pickTranslations(rows: Video[], translations: VideoTranslation[], locale: Locale): Shown[] {
  const byVideo = new Map<number, VideoTranslation[]>()
  for (const t of translations) byVideo.set(t.videoId, [...(byVideo.get(t.videoId) ?? []), t])
  return rows.flatMap((video) => {
    const own = byVideo.get(video.id) ?? []
    const translation =
      own.find((t) => t.locale === locale) ?? own.find((t) => t.locale === video.sourceLocale)
    return translation ? [{ video, translation, fallback: translation.locale !== locale }] : []
  })
}

const published = eq(videoTranslations.status, 'published')

export type VideoProgressSummary = { watchedShare: number; watched: boolean; positionSeconds: number }

function progressSummary(
  row: { watchedShare: number; watchedAt: Date | null; positionSeconds: number } | undefined,
): VideoProgressSummary | null {
  return row
    ? {
        watchedShare: row.watchedShare,
        watched: row.watchedAt !== null,
        positionSeconds: row.positionSeconds,
      }
    : null
}

/** The library: every video with a text to show, in the editors' order, with the person's progress. */
export async function listVideos({ locale, userId }: { locale: Locale; userId: number | null }) {
  const rows = await db.select().from(videos).orderBy(asc(videos.position), asc(videos.id))
  const translations = await db.select().from(videoTranslations).where(published)
  const progress = userId ? await db.select().from(videoProgress).where(eq(videoProgress.userId, userId)) : []
  return pickTranslations(rows, translations, locale).map(({ video, translation, fallback }) => ({
    id: video.id,
    key: video.key,
    title: translation.title,
    description: translation.description,
    locale: translation.locale,
    fallback,
    durationSeconds: video.durationSeconds,
    posterUrl: video.poster ? videoFileUrl(video, video.poster) : null,
    progress: progressSummary(progress.find((p) => p.videoId === video.id)),
  }))
}

export type LibraryVideo = Awaited<ReturnType<typeof listVideos>>[number]

export async function getVideo({ key, locale }: { key: string; locale: Locale }): Promise<Shown | null> {
  const video = await db.select().from(videos).where(eq(videos.key, key)).get()
  if (!video) return null
  const translations = await db
    .select()
    .from(videoTranslations)
    .where(and(eq(videoTranslations.videoId, video.id), published))
  return pickTranslations([video], translations, locale)[0] ?? null
}

export type PlayerTrack = { locale: Locale; label: string; src: string; isDefault: boolean }

/** Everything the player needs, and nothing a reader may not see: only published texts, only the viewer's own progress. */
export type PlayerVideo = {
  id: number
  key: string
  title: string
  description: string
  /** The language of title, description and transcript; differs from the page's on a fallback. */
  locale: Locale
  fallback: boolean
  durationSeconds: number
  source:
    { kind: 'file'; src: string; mimeType: string } | { kind: 'embed'; src: string; provider: VideoProvider }
  posterUrl: string | null
  tracks: PlayerTrack[]
  transcript: Cue[]
  /** Where to resume, in seconds; 0 to start from the beginning. */
  resumeAt: number
  watchedShare: number
  watched: boolean
  /** A signed-in viewer's progress is recorded; an anonymous one's is not posted at all. */
  tracksProgress: boolean
  /**
   * An embedded player cannot tell us how much was played (another origin): a signed-in viewer
   * marks it watched by hand, so video lessons and onboarding steps can still be completed.
   */
  marksWatchedByHand: boolean
}

export async function getVideoForPlayer({
  key,
  locale,
  userId,
}: {
  key: string
  locale: Locale
  userId: number | null
}): Promise<PlayerVideo | null> {
  const shown = await getVideo({ key, locale })
  if (!shown) return null
  const { video, translation } = shown
  const source = playerSource(video)
  if (!source) return null
  const withCaptions = await db
    .select({
      locale: videoTranslations.locale,
      revision: videoTranslations.revision,
      captions: videoTranslations.captions,
    })
    .from(videoTranslations)
    .where(and(eq(videoTranslations.videoId, video.id), published))
  const available = locales.filter((l) =>
    withCaptions.some((t) => t.locale === l && t.captions.trim() !== ''),
  )
  const defaultTrack = available.includes(locale)
    ? locale
    : available.includes(translation.locale)
      ? translation.locale
      : null
  const progress = userId
    ? await db
        .select()
        .from(videoProgress)
        .where(and(eq(videoProgress.userId, userId), eq(videoProgress.videoId, video.id)))
        .get()
    : undefined
  // Someone who stopped in the last seconds starts again from the top rather than at the credits.
  const resumeAt =
    progress && progress.positionSeconds < video.durationSeconds - 3
      ? Math.floor(progress.positionSeconds)
      : 0
  return {
    id: video.id,
    key: video.key,
    title: translation.title,
    description: translation.description,
    locale: translation.locale,
    fallback: shown.fallback,
    durationSeconds: video.durationSeconds,
    source,
    posterUrl: video.poster ? videoFileUrl(video, video.poster) : null,
    tracks: available.map((l) => ({
      locale: l,
      label: localeNames[l],
      src: captionsUrl(video.key, l, withCaptions.find((t) => t.locale === l)!.revision),
      isDefault: l === defaultTrack,
    })),
    transcript: transcriptFromWebVtt(translation.captions),
    resumeAt,
    watchedShare: progress?.watchedShare ?? 0,
    watched: !!progress?.watchedAt,
    tracksProgress: userId !== null && source.kind === 'file',
    marksWatchedByHand: userId !== null && source.kind === 'embed',
  }
}

function playerSource(video: Video): PlayerVideo['source'] | null {
  if (video.source === 'file' && video.file && video.mimeType)
    return { kind: 'file', src: videoFileUrl(video, video.file), mimeType: video.mimeType }
  if (video.source === 'embed' && video.provider && video.providerId) {
    try {
      return {
        kind: 'embed',
        src: embedUrl({ provider: video.provider, providerId: video.providerId }),
        provider: video.provider,
      }
    } catch {
      return null
    }
  }
  return null
}

/** The published captions of one language, for the captions route; null when there are none to serve. */
export async function getPublishedCaptions({ key, locale }: { key: string; locale: Locale }) {
  const row = await db
    .select({ captions: videoTranslations.captions, updatedAt: videoTranslations.updatedAt })
    .from(videoTranslations)
    .innerJoin(videos, eq(videos.id, videoTranslations.videoId))
    .where(and(eq(videos.key, key), eq(videoTranslations.locale, locale), published))
    .get()
  return row && row.captions.trim() !== '' ? row : null
}

/** The video's own media files, for the media route: nothing else in its folder is served. */
export async function getVideoMedia(key: string) {
  const video = await db
    .select({ key: videos.key, file: videos.file, mimeType: videos.mimeType, poster: videos.poster })
    .from(videos)
    .where(eq(videos.key, key))
    .get()
  return video ?? null
}

/**
 * Stores where a person is and how much they played. The share only grows; the video is
 * watched the first time it reaches 90%, which completes the onboarding items linked to it.
 * The first progress of a person on a video is their "started" event. Null for an unknown video.
 */
export async function recordVideoProgress(input: {
  userId: number
  accountId: number | null
  videoId: number
  positionSeconds: number
  watchedShare: number
  locale: Locale
}) {
  const video = await db
    .select({ id: videos.id, key: videos.key, durationSeconds: videos.durationSeconds })
    .from(videos)
    .where(eq(videos.id, input.videoId))
    .get()
  if (!video) return null
  const position = clamp(input.positionSeconds, 0, video.durationSeconds)
  const share = clamp(input.watchedShare, 0, 1)
  const now = clock.now()
  const outcome = db.transaction(
    (tx) => {
      const current = tx
        .select()
        .from(videoProgress)
        .where(and(eq(videoProgress.userId, input.userId), eq(videoProgress.videoId, video.id)))
        .get()
      const watchedShare = Math.max(current?.watchedShare ?? 0, share)
      const watchedAt = current?.watchedAt ?? (watchedShare >= watchedThreshold ? now : null)
      const values = { positionSeconds: position, watchedShare, watchedAt, updatedAt: now }
      if (current) {
        tx.update(videoProgress)
          .set(values)
          .where(and(eq(videoProgress.userId, input.userId), eq(videoProgress.videoId, video.id)))
          .run()
      } else {
        tx.insert(videoProgress)
          .values({ userId: input.userId, videoId: video.id, accountId: input.accountId, ...values })
          .run()
      }
      const justWatched = !current?.watchedAt && watchedAt !== null
      // The lessons showing this video are done in the same transaction, and so is a certificate
      // that this was the last thing missing for.
      const lessons = justWatched
        ? completeVideoLessons(tx, {
            userId: input.userId,
            accountId: input.accountId,
            videoId: video.id,
            locale: input.locale,
            now,
          })
        : null
      return { started: !current, justWatched, watchedShare, watched: watchedAt !== null, lessons }
    },
    { behavior: 'immediate' },
  )
  if (outcome.started)
    await recordEvent({
      type: 'video',
      userId: input.userId,
      accountId: input.accountId,
      ref: String(video.id),
      locale: input.locale,
    })
  if (outcome.lessons) {
    for (const lessonId of outcome.lessons.newLessonIds)
      await recordEvent({
        type: 'lesson',
        userId: input.userId,
        accountId: input.accountId,
        ref: String(lessonId),
        locale: input.locale,
        occurredAt: now,
      })
    await afterCertification({
      outcomes: outcome.lessons.certification,
      userId: input.userId,
      accountId: input.accountId,
      locale: input.locale,
    })
  }
  if (outcome.justWatched && input.accountId) {
    await completeLinkedItems({
      accountId: input.accountId,
      userId: input.userId,
      linkType: 'video',
      linkKey: video.key,
      locale: input.locale,
    })
  }
  return { watchedShare: outcome.watchedShare, watched: outcome.watched }
}

const clamp = (value: number, min: number, max: number) => Math.min(max, Math.max(min, value))

/** Each video page in each language it is published in, for the sitemap. */
export async function listVideoUrls() {
  return db
    .select({ key: videos.key, locale: videoTranslations.locale, updatedAt: videoTranslations.updatedAt })
    .from(videoTranslations)
    .innerJoin(videos, eq(videos.id, videoTranslations.videoId))
    .where(published)
    .orderBy(asc(videos.position), asc(videos.id))
}
