import { useFetcher, type ShouldRevalidateFunction } from '@remix-run/react'
import { useEffect, useRef, useState } from 'react'
import { formatClock } from '~/modules/academy/video-format'
import type { PlayerVideo } from '~/modules/academy/videos.server'
import { useTranslation } from '~/modules/i18n/use-translation'
import '~/styles/videos.css'

/**
 * For every page with a player: progress posts arrive every ten seconds of playback, so the page
 * reloads its data only once the video counts as watched, to show it.
 */
export const revalidateAfterProgress: ShouldRevalidateFunction = ({
  formData,
  actionResult,
  defaultShouldRevalidate,
}) => {
  if (formData?.get('intent') !== 'progress') return defaultShouldRevalidate
  return (actionResult as { watched?: boolean } | undefined)?.watched === true
}

/** Progress is sent after this much playback, and on pause and at the end. */
const reportEverySeconds = 10

/**
 * The share of the video played: the union of this visit's played ranges and, as the earlier
 * visits left it, the opening `knownShare` of the video (people resume where they stopped, so
 * what they saw before is the start). Watching half today and the rest tomorrow is watching it all.
 */
function playedShare(video: HTMLVideoElement, knownShare: number) {
  const duration = Number.isFinite(video.duration) && video.duration > 0 ? video.duration : 0
  if (!duration) return knownShare
  const ranges: [number, number][] = knownShare > 0 ? [[0, knownShare * duration]] : []
  for (let i = 0; i < video.played.length; i++) ranges.push([video.played.start(i), video.played.end(i)])
  ranges.sort((a, b) => a[0] - b[0])
  let covered = 0
  let reach = 0
  for (const [start, end] of ranges) {
    if (end <= reach) continue
    covered += end - Math.max(start, reach)
    reach = end
  }
  return Math.min(1, covered / duration)
}

/**
 * The portal's video player: a plain `<video>` with captions in every published language (the
 * page's language on by default) and a transcript, so it works without JavaScript. With it,
 * the transcript's times seek, the video resumes where the person left it, and progress is
 * posted to `progressAction` (intent=progress) while it plays, on pause and at the end.
 */
export function VideoPlayer({ video, progressAction }: { video: PlayerVideo; progressAction: string }) {
  const { t } = useTranslation('videos')
  const ref = useRef<HTMLVideoElement>(null)
  const fetcher = useFetcher()
  const [hydrated, setHydrated] = useState(false)
  const sinceReport = useRef({ lastTime: 0, played: 0, lastSent: '' })
  const resumed = useRef(false)

  // Flips once after hydration, so the server and the first client render agree.
  // eslint-disable-next-line react-hooks/set-state-in-effect
  useEffect(() => setHydrated(true), [])

  useEffect(() => {
    const element = ref.current
    if (!element || video.source.kind !== 'file') return
    const resume = () => {
      if (resumed.current) return
      resumed.current = true
      if (video.resumeAt > 0 && element.currentTime < 1) element.currentTime = video.resumeAt
    }
    if (element.readyState >= 1) resume()
    element.addEventListener('loadedmetadata', resume)
    return () => element.removeEventListener('loadedmetadata', resume)
  }, [video.resumeAt, video.source.kind])

  useEffect(() => {
    const element = ref.current
    if (!element || video.source.kind !== 'file' || !video.tracksProgress) return
    const report = () => {
      sinceReport.current.played = 0
      const fields = {
        intent: 'progress',
        videoId: String(video.id),
        position: element.currentTime.toFixed(2),
        watchedShare: playedShare(element, video.watchedShare).toFixed(4),
      }
      // The end of a video fires both pause and ended: one report is enough.
      const sent = `${fields.position}:${fields.watchedShare}`
      if (sent === sinceReport.current.lastSent) return
      sinceReport.current.lastSent = sent
      fetcher.submit(fields, { method: 'post', action: progressAction })
    }
    const onTime = () => {
      const now = element.currentTime
      const step = now - sinceReport.current.lastTime
      sinceReport.current.lastTime = now
      // Only forward playback counts towards the next report; a seek is not watching.
      if (step > 0 && step < 1 + element.playbackRate) sinceReport.current.played += step
      if (sinceReport.current.played >= reportEverySeconds) report()
    }
    const onSeek = () => (sinceReport.current.lastTime = element.currentTime)
    element.addEventListener('timeupdate', onTime)
    element.addEventListener('seeked', onSeek)
    element.addEventListener('pause', report)
    element.addEventListener('ended', report)
    return () => {
      element.removeEventListener('timeupdate', onTime)
      element.removeEventListener('seeked', onSeek)
      element.removeEventListener('pause', report)
      element.removeEventListener('ended', report)
    }
    // fetcher.submit is stable enough for this purpose; re-binding on every render would drop the counters.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [video.id, video.source.kind, video.tracksProgress, video.watchedShare, progressAction])

  const seek = (seconds: number) => {
    const element = ref.current
    if (!element) return
    element.currentTime = seconds
    element.focus()
    void element.play().catch(() => undefined)
  }

  return (
    <div className="video-player">
      {video.source.kind === 'file' ? (
        // The captions are the <track> elements below, one per published language.
        // eslint-disable-next-line jsx-a11y/media-has-caption
        <video
          ref={ref}
          className="video-player__media"
          controls
          preload="metadata"
          poster={video.posterUrl ?? undefined}
          data-video-key={video.key}
          aria-label={video.title}
        >
          <source src={video.source.src} type={video.source.mimeType} />
          {video.tracks.map((track) => (
            <track
              key={track.locale}
              kind="captions"
              src={track.src}
              srcLang={track.locale}
              label={track.label}
              default={track.isDefault}
            />
          ))}
          <p>
            {t('player.noVideo')} <a href={video.source.src}>{t('player.download')}</a>
          </p>
        </video>
      ) : (
        <div className="video-player__frame">
          <iframe
            src={video.source.src}
            title={video.title}
            sandbox="allow-scripts allow-same-origin allow-presentation allow-popups"
            allow="encrypted-media; fullscreen; picture-in-picture"
            allowFullScreen
            referrerPolicy="strict-origin-when-cross-origin"
            loading="lazy"
          />
        </div>
      )}
      {video.marksWatchedByHand && !video.watched && (
        <fetcher.Form method="post" action={progressAction} className="video-player__mark">
          <input type="hidden" name="intent" value="progress" />
          <input type="hidden" name="videoId" value={video.id} />
          <input type="hidden" name="position" value="0" />
          <input type="hidden" name="watchedShare" value="1" />
          <p className="muted">{t('player.markWatchedHelp')}</p>
          <button type="submit" className="button" disabled={fetcher.state !== 'idle'}>
            {t('player.markWatched')}
          </button>
        </fetcher.Form>
      )}
      <section className="video-transcript" aria-labelledby={`transcript-${video.key}`}>
        <h2 id={`transcript-${video.key}`}>{t('player.transcript')}</h2>
        {video.transcript.length === 0 ? (
          <p className="muted">{t('player.transcriptEmpty')}</p>
        ) : (
          <ol className="video-transcript__cues" lang={video.locale}>
            {video.transcript.map((cue) => (
              <li key={`${cue.start}-${cue.end}`}>
                {hydrated && video.source.kind === 'file' ? (
                  <button
                    type="button"
                    className="video-transcript__time"
                    onClick={() => seek(cue.start)}
                    aria-label={t('player.seek', { time: formatClock(cue.start) })}
                  >
                    {formatClock(cue.start)}
                  </button>
                ) : (
                  <span className="video-transcript__time">{formatClock(cue.start)}</span>
                )}{' '}
                <span>{cue.text}</span>
              </li>
            ))}
          </ol>
        )}
      </section>
    </div>
  )
}
