import type { SerializeFrom } from '@remix-run/node'
import { Link } from '@remix-run/react'
import { formatNumber } from '~/modules/i18n/format'
import type { Locale } from '~/modules/i18n/locales'
import { useTranslation } from '~/modules/i18n/use-translation'
import type { Onboarding } from '~/modules/onboarding/progress.server'
import { newTicketHref } from '~/modules/tickets/ticket-prefill'
import { linkLabels } from './onboarding-checklist'

type OnboardingData = SerializeFrom<Onboarding>

/**
 * The next open step with one button to do it, and the day of onboarding against the goal.
 * First on the home and on top of the checklist, so a phone shows it before anything else.
 * Past the goal it says so kindly and offers help with the step the account is stuck on.
 */
export function OnboardingNextStep({
  onboarding,
  locale,
  headingId,
  titleHref,
  withProgress = true,
}: {
  onboarding: OnboardingData
  locale: Locale
  headingId: string
  /** On the home the title links to the whole checklist. */
  titleHref?: string
  /** The checklist page has its own summary of progress and days below. */
  withProgress?: boolean
}) {
  const { t } = useTranslation(['onboarding', 'common'])
  const step = onboarding.nextStep
  const title = t('common:home.next.title')
  return (
    <section className="panel next-step" aria-labelledby={headingId}>
      <h2 id={headingId}>{titleHref ? <Link to={titleHref}>{title}</Link> : title}</h2>
      {step ? (
        <>
          <p className="next-step__title" lang={step.locale !== locale ? step.locale : undefined}>
            {step.title}
          </p>
          <p>
            {step.link ? (
              <a className="button" href={step.link.href}>
                {t(linkLabels[step.link.type], { title: step.link.title })}
              </a>
            ) : (
              <Link className="button" to={`/${locale}/onboarding#item-${step.key}`}>
                {t('common:home.next.howTo')}
              </Link>
            )}
          </p>
        </>
      ) : (
        <p className="next-step__title">{t('common:home.next.allDone')}</p>
      )}
      {withProgress && <OnboardingProgress onboarding={onboarding} locale={locale} headingId={headingId} />}
      {onboarding.pastGoal && step && <PastGoalHelp onboarding={onboarding} locale={locale} step={step} />}
    </section>
  )
}

function OnboardingProgress({
  onboarding,
  locale,
  headingId,
}: {
  onboarding: OnboardingData
  locale: Locale
  headingId: string
}) {
  const { t } = useTranslation('onboarding')
  const { day, counts, targets } = onboarding
  return (
    <>
      <div className="progress-meter">
        <label htmlFor={`${headingId}-progress`}>
          {t('summary.progress', {
            done: formatNumber(locale, counts.done),
            total: formatNumber(locale, counts.total),
          })}
        </label>
        <progress id={`${headingId}-progress`} max={counts.total || 1} value={counts.done} />
      </div>
      {day !== null ? (
        <p>
          <strong>{t('summary.day', { day: formatNumber(locale, day) })}</strong>
          {' · '}
          {t('summary.goal', { count: targets.onboardingDays })}
          <br />
          <span className="muted">{t('summary.dayZero')}</span>
        </p>
      ) : (
        <p>{t('summary.notStarted')}</p>
      )}
    </>
  )
}

function PastGoalHelp({
  onboarding,
  locale,
  step,
}: {
  onboarding: OnboardingData
  locale: Locale
  step: NonNullable<OnboardingData['nextStep']>
}) {
  const { t } = useTranslation('onboarding')
  const manager = onboarding.successManager
  return (
    <div className="notice next-step__help">
      <p>
        <strong>{t('pastGoal.title', { count: onboarding.targets.onboardingDays })}</strong>
      </p>
      {manager ? (
        <p>
          {t('pastGoal.csm', { step: step.title, name: manager.name })}{' '}
          <a
            href={`mailto:${manager.email}?${new URLSearchParams({ subject: t('pastGoal.subject', { step: step.title }) })}`}
          >
            {manager.email}
          </a>
        </p>
      ) : (
        <p>
          {t('pastGoal.ticket', { step: step.title })}{' '}
          <Link
            className="button button--quiet"
            to={newTicketHref(locale, {
              subject: t('pastGoal.subject', { step: step.title }),
              body: t('pastGoal.body', { step: step.title }),
              from: { path: `/${locale}/onboarding#item-${step.key}`, title: step.title },
            })}
          >
            {t('pastGoal.ask')}
          </Link>
        </p>
      )}
    </div>
  )
}
