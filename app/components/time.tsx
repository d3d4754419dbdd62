import { Form, Link, useLocation, useRouteLoaderData } from '@remix-run/react'
import { useSyncExternalStore } from 'react'
import type { Locale } from '~/modules/i18n/locales'
import { useTranslation } from '~/modules/i18n/use-translation'
import {
  formatMoment,
  formatRelativeMoment,
  formatTimeZoneName,
  type MomentStyle,
} from '~/modules/time/format-time'
import { utcZone } from '~/modules/time/time-zones'
import type { RootData } from '~/root'

/** The zone the signed-in reader reads times in (UTC for visitors), decided by the server. */
export function useReaderTimeZone() {
  // Read directly rather than through root.tsx's hook, which would make root and this file import each other.
  return useRouteLoaderData<RootData>('root')?.timeZone ?? utcZone
}

/**
 * A moment as a person reads it: `<time datetime="…Z">` with the text on the reader's clock,
 * rendered on the server in that zone, so there is no flash and no JavaScript is needed.
 * `zone` writes it on another clock (a customer's, beside the reader's); `withZone` names the
 * zone after it; `now` adds how far away it is in words ("in 2 hours").
 * Intl's wording can differ a little between the server's and the browser's ICU, hence
 * suppressHydrationWarning: the server's text stays.
 */
export function Time({
  at,
  style = 'datetime',
  zone,
  withZone = false,
  now,
  className,
}: {
  at: Date | string | number
  style?: MomentStyle
  zone?: string
  withZone?: boolean
  now?: Date | string | number
  className?: string
}) {
  const { i18n } = useTranslation()
  const locale = i18n.language as Locale
  const readerZone = useReaderTimeZone()
  const timeZone = zone ?? readerZone
  const date = new Date(at)
  return (
    <>
      <time dateTime={date.toISOString()} className={className} suppressHydrationWarning>
        {formatMoment(locale, date, timeZone, style)}
      </time>
      {withZone && <span suppressHydrationWarning> ({formatTimeZoneName(locale, timeZone, date)})</span>}
      {now !== undefined && (
        <span className="muted" suppressHydrationWarning>
          {' '}
          · {formatRelativeMoment(locale, date, now)}
        </span>
      )}
    </>
  )
}

/** Names the reader's zone once per page, with the way to change it. */
export function TimeZoneNote({ locale }: { locale: Locale }) {
  const { t } = useTranslation()
  const zone = useReaderTimeZone()
  return (
    <p className="muted" suppressHydrationWarning>
      {t('time.note', { zone: formatTimeZoneName(locale, zone) })}{' '}
      <Link to={`/${locale}/account#time-zone`}>{t('time.change')}</Link>
    </p>
  )
}

const noSubscription = () => () => undefined
/** The zone the browser reports; read only after hydration, so the server's HTML stays the same. */
const deviceTimeZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone || null
const noDeviceOnServer = () => null

/**
 * Until a person has chosen a zone, a notice says which one the times are in and asks them to
 * confirm it. With JavaScript it also offers the zone their device reports; nothing changes
 * until they press a button, and without JavaScript they keep or change it the same way.
 */
export function TimeZoneOffer({ locale }: { locale: Locale }) {
  const { t } = useTranslation()
  const zone = useReaderTimeZone()
  const location = useLocation()
  const reported = useSyncExternalStore(noSubscription, deviceTimeZone, noDeviceOnServer)
  const deviceZone = reported && reported !== zone ? reported : null
  const returnTo = `${location.pathname}${location.search}`
  return (
    <section className="notice time-zone-offer" aria-labelledby="time-zone-offer-heading">
      <h2 id="time-zone-offer-heading" className="notice__title">
        {t('time.offer.title')}
      </h2>
      <p suppressHydrationWarning>{t('time.offer.current', { zone: formatTimeZoneName(locale, zone) })}</p>
      <Form method="post" action={`/${locale}/account`} className="inline-form">
        <input type="hidden" name="intent" value="timeZone" />
        <input type="hidden" name="returnTo" value={returnTo} />
        <button type="submit" name="timeZone" value={zone} className="button button--quiet">
          {t('time.offer.keep')}
        </button>
        {deviceZone && (
          <button type="submit" name="timeZone" value={deviceZone} className="button">
            {t('time.offer.useDevice', { zone: formatTimeZoneName(locale, deviceZone) })}
          </button>
        )}
        <Link to={`/${locale}/account#time-zone`}>{t('time.offer.other')}</Link>
      </Form>
    </section>
  )
}

/** Stands in a translated sentence where its moment goes; never part of real text. */
const momentMarker = '\u2063moment\u2063'

/**
 * A translated sentence with a moment in it ("Updated {{date}}"): the sentence is translated
 * with a marker in the moment's place, and the moment is put there as a `<time>` element, so
 * translators keep whole sentences and readers (and machines) still get a `<time datetime>`.
 *
 *   <TimeInSentence at={doneAt} style="date">{(date) => t('item.doneBy', { name, date })}</TimeInSentence>
 */
export function TimeInSentence({
  at,
  style,
  children,
}: {
  at: Date | string | number
  style?: MomentStyle
  children: (moment: string) => string
}) {
  const [before, ...after] = children(momentMarker).split(momentMarker)
  return (
    <>
      {before}
      <Time at={at} style={style} />
      {after.join('')}
    </>
  )
}
