import { useTranslation } from 'react-i18next'
import { formatDate, formatDuration } from '~/modules/i18n/format'
import type { Locale } from '~/modules/i18n/locales'
import type { SlaState } from '~/modules/tickets/queue.schema'
import type { SlaCountdown as Countdown } from '~/modules/tickets/sla'

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

/** A due time in UTC (the team works across time zones) with a machine-readable value. */
export function DueTime({ at, locale }: { at: Date | string | null; locale: Locale }) {
  const { t } = useTranslation('staff')
  if (!at) return <span className="muted">{t('tickets.sla.noTarget')}</span>
  const date = new Date(at)
  return <time dateTime={date.toISOString()}>{formatDate(locale, date, { withTime: true })}</time>
}

/**
 * Time left until the next due time, or how long it is overdue, in words ("in 2 hr 10 min",
 * "3 hr overdue"). Worked out on the server (slaCountdown) so the page and its hydration agree.
 */
export function SlaCountdown({ countdown, locale }: { countdown: Countdown; locale: Locale }) {
  const { t } = useTranslation('staff')
  if (countdown.kind === 'none') return null
  if (countdown.kind === 'waiting') return <span className="sla-countdown">{t('tickets.sla.waiting')}</span>
  const duration = formatDuration(locale, countdown.minutes)
  return countdown.kind === 'overdue' ? (
    <strong className="sla-countdown sla-countdown--overdue">
      {t('tickets.sla.overdueBy', { duration })}
    </strong>
  ) : (
    <span className="sla-countdown">{t('tickets.sla.dueIn', { duration })}</span>
  )
}
