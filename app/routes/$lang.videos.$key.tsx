import { data, type ActionFunctionArgs, type HeadersFunction, type LoaderFunctionArgs } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { AskUs } from '~/components/ask-us'
import { ContentFeedback } from '~/components/content-feedback'
import { revalidateAfterProgress, VideoPlayer } from '~/components/video-player'
import { formatClock, formatDuration, formatList, languageName } from '~/modules/academy/video-format'
import { getVideo, getVideoForPlayer, recordVideoProgress } from '~/modules/academy/videos.server'
import { getUser } from '~/modules/auth/session.server'
import { feedbackOf, saveFeedbackForm } from '~/modules/feedback/feedback.server'
import { readForm } from '~/modules/http/forms'
import type { RouteHandle } from '~/modules/http/route-handle'
import { formatPercent } from '~/modules/i18n/format'
import { localeParam } from '~/modules/i18n/params'
import { useTranslation } from '~/modules/i18n/use-translation'

export const handle: RouteHandle = {
  title: (_t, data) => (data as { video?: { title: string } } | undefined)?.video?.title ?? '',
  seo: true,
}

/** The page carries the viewer's own progress: never from a shared cache. */
export const headers: HeadersFunction = () => ({ 'Cache-Control': 'private, no-cache' })

/** Product names, the same in every language. */
const providerNames = { youtube: 'YouTube', vimeo: 'Vimeo' } as const

const keySchema = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/)
  .max(64)

export async function loader({ request, params }: LoaderFunctionArgs) {
  const locale = localeParam(params)
  const key = keySchema.safeParse(params.key)
  if (!key.success) throw new Response('Not found', { status: 404 })
  const user = await getUser(request)
  const video = await getVideoForPlayer({ key: key.data, locale, userId: user?.id ?? null })
  if (!video) throw new Response('Not found', { status: 404 })
  const feedback = await feedbackOf(request, answererOf(user), { kind: 'video', contentId: video.id })
  return { locale, video, signedIn: !!user, feedback }
}

const answererOf = (user: { id: number; accountId: number | null } | null) => ({
  userId: user?.id ?? null,
  accountId: user?.accountId ?? null,
})

const progressSchema = z.object({
  intent: z.literal('progress'),
  videoId: z.coerce.number().int().positive(),
  position: z.coerce
    .number()
    .finite()
    .min(0)
    .max(24 * 3600),
  watchedShare: z.coerce.number().finite().min(0).max(1),
})

/**
 * intent=progress: where a signed-in person is in the video and how much of it they played.
 * intent=feedback: "Did this video help?", from anyone, signed in or not.
 */
export async function action({ request, params }: ActionFunctionArgs) {
  const locale = localeParam(params)
  const user = await getUser(request)
  const form = await readForm(request)
  if (form.get('intent') === 'feedback') {
    const key = keySchema.safeParse(params.key)
    const shown = key.success ? await getVideo({ key: key.data, locale }) : null
    if (!shown) throw new Response('Not found', { status: 404 })
    return saveFeedbackForm({
      request,
      form,
      kind: 'video',
      contentId: shown.video.id,
      answerer: answererOf(user),
      locale,
    })
  }
  if (!user) return data({ ok: false as const, error: 'signInToSave' as const }, { status: 401 })
  const parsed = progressSchema.safeParse(Object.fromEntries(form))
  if (!parsed.success) return data({ ok: false as const, error: 'invalidProgress' as const }, { status: 400 })
  const key = keySchema.safeParse(params.key)
  const shown = key.success ? await getVideo({ key: key.data, locale }) : null
  const video = shown?.video
  if (!video || video.id !== parsed.data.videoId) throw new Response('Not found', { status: 404 })
  const saved = await recordVideoProgress({
    userId: user.id,
    accountId: user.accountId,
    videoId: video.id,
    positionSeconds: parsed.data.position,
    watchedShare: parsed.data.watchedShare,
    locale,
  })
  if (!saved) throw new Response('Not found', { status: 404 })
  return data({ ok: true as const, ...saved })
}

export const shouldRevalidate = revalidateAfterProgress

export default function VideoPage() {
  const { t } = useTranslation('videos')
  const { locale, video, signedIn, feedback } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  return (
    <div className="page">
      <nav aria-label={t('player.back')} className="breadcrumbs-trail">
        <ol>
          <li>
            <Link to={`/${locale}/videos`}>{t('player.back')}</Link>
          </li>
        </ol>
      </nav>
      <h1 lang={video.locale}>{video.title}</h1>
      {video.description && (
        <p className="lead" lang={video.locale}>
          {video.description}
        </p>
      )}
      {video.fallback && (
        <p className="notice" role="note">
          {t('player.notTranslated', { language: languageName(locale, video.locale) })}
        </p>
      )}
      <p className="muted video-status">
        <span>{t('player.duration', { duration: formatDuration(locale, video.durationSeconds) })}</span>
        {video.tracks.length > 0 && (
          <span>
            {t('player.captionsIn', {
              languages: formatList(
                locale,
                video.tracks.map((track) => track.label),
              ),
            })}
          </span>
        )}
        {video.watched ? (
          <span className="badge">{t('player.watched')}</span>
        ) : video.watchedShare > 0 ? (
          <span className="badge badge--muted">
            {t('player.progress', { percent: formatPercent(locale, video.watchedShare) })}
          </span>
        ) : null}
        {video.resumeAt > 0 && <span>{t('player.resume', { time: formatClock(video.resumeAt) })}</span>}
      </p>
      {video.source.kind === 'embed' && (
        <p className="notice" role="note">
          {t('player.embedNotice', { provider: providerNames[video.source.provider] })}
        </p>
      )}
      {!signedIn && video.source.kind === 'file' && (
        <p className="muted">
          <Link
            to={`/${locale}/login?${new URLSearchParams({ redirectTo: `/${locale}/videos/${video.key}` })}`}
          >
            {t('player.signIn')}
          </Link>
        </p>
      )}
      <VideoPlayer video={video} progressAction={`/${locale}/videos/${video.key}`} />
      <ContentFeedback
        kind="video"
        answer={feedback}
        saved={!!actionData && 'saved' in actionData && actionData.saved}
        withIntent
      />
      <AskUs locale={locale} page={{ path: `/${locale}/videos/${video.key}`, title: video.title }} />
    </div>
  )
}
