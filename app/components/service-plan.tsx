import type { Channel } from '#db/schema/enums'
import { intlLocales, type Locale } from '~/modules/i18n/locales'
import { useTranslation } from '~/modules/i18n/use-translation'
import {
  formatCount,
  formatSupportDays,
  formatSupportTime,
  formatTimeZone,
  targetDuration,
} from '~/modules/tickets/service-plan-format'
import type { ServicePlan } from '~/modules/tickets/tickets.server'
import '~/styles/tickets.css'

/** A target in business time, in words and with the language's plural form. */
export function useTargetText() {
  const { t, i18n } = useTranslation('tickets')
  const locale = i18n.language as Locale
  return (minutes: number | null) => {
    if (minutes === null) return t('plan.noTarget')
    const { unit, count } = targetDuration(minutes)
    const formatted = formatCount(locale, count)
    return unit === 'hours'
      ? t('plan.businessHours', { count, formatted })
      : t('plan.businessMinutes', { count, formatted })
  }
}

/** "Mon–Fri, 9:00 AM–6:00 PM (Eastern Time)": when support works, in the market's own clock. */
export function useSupportHoursText() {
  const { t, i18n } = useTranslation('tickets')
  const locale = i18n.language as Locale
  return (hours: ServicePlan['hours']) =>
    t('plan.hoursValue', {
      days: formatSupportDays(locale, hours.days),
      opens: formatSupportTime(locale, hours.opens),
      closes: formatSupportTime(locale, hours.closes),
      zone: formatTimeZone(locale, hours.timezone),
    })
}

/**
 * "Your service plan": what the tier includes in the account's market, so the formal path
 * and its limits are plain before anyone reaches for a personal messenger.
 */
export function ServicePlanPanel({ plan }: { plan: ServicePlan }) {
  const { t, i18n } = useTranslation(['tickets', 'common'])
  const locale = i18n.language as Locale
  const targetText = useTargetText()
  const hoursText = useSupportHoursText()
  // The portal is always a channel for tickets, whatever the market notifies through.
  const channels: Channel[] = ['portal', ...plan.channels.filter((c): c is Channel => c !== 'portal')]
  const channelList = new Intl.ListFormat(intlLocales[locale], { type: 'conjunction' }).format(
    channels.map((c) => t(`common:channel.${c}`)),
  )
  return (
    <section className="panel service-plan" aria-labelledby="service-plan-heading">
      <h2 id="service-plan-heading">{t('plan.title')}</h2>
      <p className="muted">{t('plan.lead')}</p>
      <dl className="facts">
        <div>
          <dt>{t('plan.tier')}</dt>
          <dd>{t(`common:tier.${plan.tier}`)}</dd>
        </div>
        <div>
          <dt>{t('plan.channels')}</dt>
          <dd suppressHydrationWarning>{channelList}</dd>
        </div>
        <div>
          <dt>{t('plan.hours')}</dt>
          <dd suppressHydrationWarning>{hoursText(plan.hours)}</dd>
        </div>
        <div>
          <dt>{t('plan.firstResponse')}</dt>
          <dd>{targetText(plan.firstResponseMinutes)}</dd>
        </div>
        <div>
          <dt>{t('plan.resolution')}</dt>
          <dd>{targetText(plan.resolutionMinutes)}</dd>
        </div>
      </dl>
      <p className="muted">{t('plan.businessNote')}</p>
      <p>{t('plan.formalPath')}</p>
    </section>
  )
}
