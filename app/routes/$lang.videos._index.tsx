import type { LoaderFunctionArgs } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { formatDuration, languageName } from '~/modules/academy/video-format'
import { listVideos } from '~/modules/academy/videos.server'
import { getUser } from '~/modules/auth/session.server'
import type { RouteHandle } from '~/modules/http/route-handle'
import { formatPercent } from '~/modules/i18n/format'
import { localeParam } from '~/modules/i18n/params'
import { useTranslation } from '~/modules/i18n/use-translation'
import '~/styles/videos.css'

export const handle: RouteHandle = { title: (t) => t('videos:library.title'), seo: true }

export async function loader({ request, params }: LoaderFunctionArgs) {
  const locale = localeParam(params)
  const user = await getUser(request)
  return { locale, videos: await listVideos({ locale, userId: user?.id ?? null }) }
}

export default function VideoLibrary() {
  const { t } = useTranslation('videos')
  const { locale, videos } = useLoaderData<typeof loader>()
  return (
    <div className="page">
      <h1>{t('library.title')}</h1>
      <p className="lead">{t('library.lead')}</p>
      {videos.length === 0 ? (
        <p className="muted">{t('library.empty')}</p>
      ) : (
        <ul className="video-grid">
          {videos.map((video) => (
            <li key={video.key} className="card video-card">
              {video.posterUrl && (
                <img src={video.posterUrl} alt="" width={640} height={360} loading="lazy" />
              )}
              <div className="video-card__body">
                <h2 lang={video.fallback ? video.locale : undefined}>
                  <Link to={`/${locale}/videos/${video.key}`}>{video.title}</Link>
                </h2>
                {video.description && (
                  <p lang={video.fallback ? video.locale : undefined}>{video.description}</p>
                )}
                <p className="muted">
                  {t('library.duration', { duration: formatDuration(locale, video.durationSeconds) })}
                </p>
                <p className="video-status">
                  {video.fallback && (
                    <span className="badge badge--muted">
                      {t('library.otherLanguage', { language: languageName(locale, video.locale) })}
                    </span>
                  )}
                  {video.progress?.watched ? (
                    <span className="badge">{t('library.watched')}</span>
                  ) : video.progress ? (
                    <span className="badge badge--muted">
                      {t('library.inProgress', {
                        percent: formatPercent(locale, video.progress.watchedShare),
                      })}
                    </span>
                  ) : null}
                </p>
              </div>
            </li>
          ))}
        </ul>
      )}
    </div>
  )
}
