import { formatDuration } from '~/modules/i18n/format'
import type { Locale } from '~/modules/i18n/locales'
import { useTranslation } from '~/modules/i18n/use-translation'
import type { SlaState } from '~/modules/tickets/queue.schema'
import type { SlaCountdown as Countdown } from '~/modules/tickets/sla'
import { formatTimeZoneName } from '~/modules/time/format-time'
import { Time, useReaderTimeZone } from './time'

/** "#1042": how people say and type a ticket's number. */
export function ticketLabel(number: number) {
  return `#${number}`
}

/** The SLA state as a badge with words, never colour alone. */
export function SlaBadge({ state }: { state: SlaState }) {
  const { t } = useTranslation('staff')
  const tone =
    state === 'breached' ? 'badge--danger' : state === 'dueSoon' ? 'badge--warning' : 'badge--muted'
  return <span className={`badge ${tone}`}>{t(`tickets.sla.${state}`)}</span>
}

/**
 * A due time on the reader's clock. On a ticket's page, with the customer's zone given, the
 * customer's clock follows when it differs ("14:00 (your time) · 16:00 for the customer,
 * Moscow (GMT+3)"). How far off it is, in words, is SlaCountdown's: only it knows the pauses.
 */
export function DueTime({
  at,
  locale,
  customerTimeZone,
}: {
  at: Date | string | null
  locale: Locale
  customerTimeZone?: string
}) {
  const { t } = useTranslation('staff')
  const readerZone = useReaderTimeZone()
  if (!at) return <span className="muted">{t('tickets.sla.noTarget')}</span>
  if (!customerTimeZone) return <Time at={at} />
  if (customerTimeZone === readerZone) {
    return (
      <>
        <Time at={at} withZone /> <span className="muted">({t('tickets.sla.sameTime')})</span>
      </>
    )
  }
  return (
    <>
      <Time at={at} /> <span className="muted">({t('tickets.sla.yourTime')})</span> ·{' '}
      <Time at={at} zone={customerTimeZone} />{' '}
      <span className="muted" suppressHydrationWarning>
        {t('tickets.sla.forCustomer', { zone: formatTimeZoneName(locale, customerTimeZone, at) })}
      </span>
    </>
  )
}

/**
 * Time left until the next due time, or how long it is overdue, in words ("in 2 hr 10 min",
 * "3 hr overdue"). Worked out on the server (slaCountdown) so the page and its hydration agree.
 */
export function SlaCountdown({ countdown, locale }: { countdown: Countdown; locale: Locale }) {
  const { t } = useTranslation('staff')
  if (countdown.kind === 'none') return null
  if (countdown.kind === 'waiting')
    return <span className="sla-countdown sla-countdown--waiting">{t('tickets.sla.waiting')}</span>
  const duration = formatDuration(locale, countdown.minutes)
  return countdown.kind === 'overdue' ? (
    <strong className="sla-countdown sla-countdown--overdue">
      {t('tickets.sla.overdueBy', { duration })}
    </strong>
  ) : (
    <span className="sla-countdown">{t('tickets.sla.dueIn', { duration })}</span>
  )
}
