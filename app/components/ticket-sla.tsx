import { useTranslation } from 'react-i18next'
import type { Locale } from '~/modules/i18n/locales'
import type { SlaState } from '~/modules/tickets/queue.schema'
import { formatRelativeMoment, formatRoughDuration, formatTimeZoneName } from '~/modules/time/format-time'
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
 * Moscow (GMT+3)"), and `now` adds how far off it is in words.
 */
export function DueTime({
  at,
  locale,
  now,
  customerTimeZone,
}: {
  at: Date | string | null
  locale: Locale
  now?: Date | string
  customerTimeZone?: string
}) {
  const { t } = useTranslation('staff')
  const readerZone = useReaderTimeZone()
  if (!at) return <span className="muted">{t('tickets.sla.noTarget')}</span>
  if (!customerTimeZone) {
    return (
      <>
        <Time at={at} />
        {now && <Relative at={at} now={now} locale={locale} />}
      </>
    )
  }
  if (customerTimeZone === readerZone) {
    return (
      <>
        <Time at={at} withZone /> <span className="muted">({t('tickets.sla.sameTime')})</span>
        {now && <Relative at={at} now={now} locale={locale} />}
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
      {now && <Relative at={at} now={now} locale={locale} />}
    </>
  )
}

/** "in 2 hours" ahead of the due time; "3 hours overdue" once it has passed. */
function Relative({ at, now, locale }: { at: Date | string; now: Date | string; locale: Locale }) {
  const { t } = useTranslation('staff')
  const overdue = new Date(at).getTime() < new Date(now).getTime()
  return (
    <span className="muted" suppressHydrationWarning>
      {' '}
      ·{' '}
      {overdue
        ? t('tickets.sla.overdueBy', { duration: formatRoughDuration(locale, at, now) })
        : formatRelativeMoment(locale, at, now)}
    </span>
  )
}
