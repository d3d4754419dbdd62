import type { SerializeFrom } from '@remix-run/node'
import { useFetcher } from '@remix-run/react'
import type { TFunction } from 'i18next'
import { onboardingPhases } from '#db/schema/onboarding'
import { formatNumber } from '~/modules/i18n/format'
import type { Locale } from '~/modules/i18n/locales'
import { useTranslation } from '~/modules/i18n/use-translation'
import type { Onboarding } from '~/modules/onboarding/progress.server'
import { TimeInSentence } from './time'

type OnboardingData = SerializeFrom<Onboarding>
type Item = OnboardingData['items'][number]

/** Progress, day of onboarding and time-to-value against the global target. */
export function OnboardingSummary({ onboarding, locale }: { onboarding: OnboardingData; locale: Locale }) {
  const { t } = useTranslation('onboarding')
  const { counts, day, timeToValue, targets } = onboarding
  const percent = counts.total ? Math.round((counts.done / counts.total) * 100) : 0
  return (
    <section className="panel onboarding-summary" aria-labelledby="onboarding-summary-heading">
      <h2 id="onboarding-summary-heading" className="visually-hidden">
        {t('summary.title')}
      </h2>
      <p className="onboarding-summary__day">
        {day !== null ? t('summary.day', { day: formatNumber(locale, day) }) : t('summary.notStarted')}
      </p>
      {day !== null && <p className="muted">{t('summary.dayZero')}</p>}
      <div className="progress-meter">
        <label htmlFor="onboarding-progress">
          {t('summary.progress', {
            done: formatNumber(locale, counts.done),
            total: formatNumber(locale, counts.total),
          })}
        </label>
        <progress id="onboarding-progress" max={counts.total || 1} value={counts.done}>
          {percent}%
        </progress>
      </div>
      <dl className="facts">
        <div>
          <dt>{t('summary.milestone')}</dt>
          <dd>
            {timeToValue.kind === 'reached' ? (
              <TimeInSentence at={timeToValue.at} style="date">
                {(date) => t('summary.milestoneReached', { date, count: timeToValue.days })}
              </TimeInSentence>
            ) : timeToValue.kind === 'pending' ? (
              t('summary.milestonePending')
            ) : (
              t(`summary.unmeasured.${timeToValue.reason}`)
            )}
          </dd>
        </div>
        <div>
          <dt>{t('summary.target')}</dt>
          <dd>{t('summary.targetDays', { count: targets.timeToValueDays })}</dd>
        </div>
        <div>
          <dt>{t('summary.required')}</dt>
          <dd>
            {t('summary.requiredDone', {
              done: formatNumber(locale, counts.requiredDone),
              total: formatNumber(locale, counts.requiredTotal),
            })}
          </dd>
        </div>
      </dl>
    </section>
  )
}

/** The checklist grouped by phase; each item ticks and unticks with a plain form. */
export function OnboardingChecklist({
  onboarding,
  locale,
  action,
  canChange,
}: {
  onboarding: OnboardingData
  locale: Locale
  action: string
  canChange: boolean
}) {
  const { t } = useTranslation('onboarding')
  const groups = [...onboardingPhases, null]
    .map((phase) => ({ phase, items: onboarding.items.filter((i) => i.phase === phase) }))
    .filter((g) => g.items.length > 0)
  return (
    <div className="onboarding-phases">
      {groups.map(({ phase, items }) => (
        <section
          key={phase ?? 'other'}
          aria-labelledby={`phase-${phase ?? 'other'}`}
          className="onboarding-phase"
        >
          <h2 id={`phase-${phase ?? 'other'}`}>
            {phase ? t(`phase.${phase}`) : t('phase.other')}{' '}
            <span className="muted">
              {t('phaseCount', {
                done: formatNumber(locale, items.filter((i) => i.done).length),
                total: formatNumber(locale, items.length),
              })}
            </span>
          </h2>
          <ol className="checklist">
            {items.map((item) => (
              <ChecklistItem
                key={item.key}
                t={t}
                item={item}
                locale={locale}
                action={action}
                canChange={canChange}
              />
            ))}
          </ol>
        </section>
      ))}
    </div>
  )
}

/** What a linked thing invites you to do: read an article, watch a video, take a course. */
export const linkLabels = { article: 'item.read', video: 'item.watch', course: 'item.course' } as const

/** `t` comes from the list: one translation hook per checklist, not one per row. */
function ChecklistItem({
  t,
  item,
  locale,
  action,
  canChange,
}: {
  t: TFunction<'onboarding'>
  item: Item
  locale: Locale
  action: string
  canChange: boolean
}) {
  const fetcher = useFetcher()
  // With JavaScript the tick shows at once; the server's answer then confirms it.
  const pendingIntent = fetcher.formData?.get('intent')
  const done = pendingIntent ? pendingIntent === 'done' : !!item.done
  return (
    <li id={`item-${item.key}`} className={`checklist__item${done ? ' checklist__item--done' : ''}`}>
      <div className="checklist__status" aria-hidden="true">
        {done ? '✓' : ''}
      </div>
      <div className="checklist__body">
        <h3 className="checklist__title" lang={item.locale !== locale ? item.locale : undefined}>
          {item.title}
        </h3>
        <p className="checklist__badges">
          <span className="visually-hidden">{done ? t('item.stateDone') : t('item.stateOpen')}. </span>
          {item.valueMilestone && <span className="badge badge--milestone">{t('item.milestone')}</span>}
          <span className="badge badge--muted">
            {item.required ? t('item.required') : t('item.optional')}
          </span>
        </p>
        {item.help && (
          <p className="checklist__help" lang={item.locale !== locale ? item.locale : undefined}>
            {item.help}
          </p>
        )}
        {item.link && (
          <p>
            <a href={item.link.href}>{t(linkLabels[item.link.type], { title: item.link.title })}</a>
            {item.completeOnRead && <span className="muted"> {t('item.completesOnRead')}</span>}
          </p>
        )}
        {item.done && !pendingIntent && (
          <p className="muted">
            <TimeInSentence at={item.done.at} style="date">
              {(date) => t(`item.doneBy.${item.done!.source}`, { name: item.done!.by ?? '', date })}
            </TimeInSentence>
          </p>
        )}
        {canChange && (
          <fetcher.Form method="post" action={action} className="checklist__form">
            <input type="hidden" name="itemKey" value={item.key} />
            <button
              type="submit"
              name="intent"
              value={done ? 'undo' : 'done'}
              className={done ? 'button button--quiet' : 'button'}
            >
              {done ? t('item.undo') : t('item.markDone')}
              <span className="visually-hidden">: {item.title}</span>
            </button>
          </fetcher.Form>
        )}
      </div>
    </li>
  )
}
