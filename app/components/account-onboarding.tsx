import type { SerializeFrom } from '@remix-run/node'
import { Form } from '@remix-run/react'
import { FormMessage, SelectField } from '~/components/ui/field'
import { formatDate, formatNumber } from '~/modules/i18n/format'
import type { Locale } from '~/modules/i18n/locales'
import { useTranslation } from '~/modules/i18n/use-translation'
import type { Onboarding } from '~/modules/onboarding/progress.server'
import type { Outcome } from '~/modules/onboarding/time-to-value'
import { OnboardingChecklist } from './onboarding-checklist'
import { Time } from './time'

type Props = {
  onboarding: SerializeFrom<Onboarding>
  facts: { portalUser: boolean; tasks: { open: number; overdue: number } }
  playbooks: { id: number; name: string }[]
  locale: Locale
  action: string
  canManage: boolean
  saved: boolean
}

/**
 * The staff view of one account's onboarding: T0, time-to-value, duration, a timeline of what
 * was completed, the checklist (staff may tick items for the customer) and the playbook.
 */
export function AccountOnboarding({ onboarding, facts, playbooks, locale, action, canManage, saved }: Props) {
  const { t } = useTranslation('onboarding')
  const outcome = (value: SerializeFrom<Outcome>) =>
    value.kind === 'reached'
      ? t('tracker.days', { count: value.days })
      : value.kind === 'pending'
        ? t('tracker.notReached', { count: value.days })
        : t(`summary.unmeasured.${value.reason}`)
  const timeline = onboarding.items
    .filter((item) => item.done)
    .map((item) => ({ ...item, at: new Date(item.done!.at) }))
    .sort((a, b) => a.at.getTime() - b.at.getTime())
  return (
    <section className="panel" id="onboarding" aria-labelledby="onboarding-heading">
      <h2 id="onboarding-heading">{t('account.title')}</h2>
      <dl className="facts">
        <div>
          <dt>{t('account.playbook')}</dt>
          <dd>
            {onboarding.playbook?.name ?? t('noPlaybook')}
            {onboarding.chosenByStaff && <span className="muted"> ({t('account.chosenByStaff')})</span>}
          </dd>
        </div>
        <div>
          <dt>{t('tracker.t0')}</dt>
          <dd>
            {onboarding.startedAt
              ? formatDate(locale, new Date(onboarding.startedAt))
              : t('tracker.neverStarted')}
          </dd>
        </div>
        <div>
          <dt>{t('account.ttv')}</dt>
          <dd>{outcome(onboarding.timeToValue)}</dd>
        </div>
        <div>
          <dt>{t('account.duration')}</dt>
          <dd>{outcome(onboarding.duration)}</dd>
        </div>
        <div>
          <dt>{t('account.checklist')}</dt>
          <dd>
            {t('summary.progress', {
              done: formatNumber(locale, onboarding.counts.done),
              total: formatNumber(locale, onboarding.counts.total),
            })}
          </dd>
        </div>
        <div>
          <dt>{t('account.portalUser')}</dt>
          <dd>{facts.portalUser ? t('account.yes') : t('account.no')}</dd>
        </div>
        <div>
          <dt>{t('account.openTasks')}</dt>
          <dd>
            {formatNumber(locale, facts.tasks.open)}
            {facts.tasks.overdue > 0 && (
              <span className="badge badge--danger">
                {t('tracker.overdue', { count: facts.tasks.overdue })}
              </span>
            )}
          </dd>
        </div>
      </dl>

      <h3>{t('account.timeline')}</h3>
      {onboarding.startedAt ? (
        <ol className="timeline">
          <li>
            <time dateTime={new Date(onboarding.startedAt).toISOString()}>
              {formatDate(locale, new Date(onboarding.startedAt))}
            </time>{' '}
            {t('account.started')}
          </li>
          {timeline.map((item) => (
            <li key={item.key} className={item.valueMilestone ? 'timeline__milestone' : undefined}>
              <Time at={item.at} style="date" /> {item.title}
              {item.valueMilestone && (
                <span className="badge badge--milestone">{t('account.milestone')}</span>
              )}
              <span className="muted">
                {' '}
                · {t(`account.source.${item.done!.source}`, { name: item.done!.by ?? '' })}
              </span>
            </li>
          ))}
        </ol>
      ) : (
        <p className="muted">{t('summary.notStarted')}</p>
      )}
      {onboarding.startedAt && timeline.length === 0 && <p className="muted">{t('account.noTimeline')}</p>}

      {canManage && (
        <>
          <h3>{t('account.switch')}</h3>
          {saved && <FormMessage success={t('account.saved')} />}
          <Form method="post" action={`${action}#onboarding`} className="inline-fields">
            <input type="hidden" name="intent" value="playbook" />
            <SelectField
              label={t('account.playbook')}
              name="checklistId"
              defaultValue={onboarding.chosenByStaff ? String(onboarding.playbook?.id ?? '') : ''}
            >
              <option value="">{t('account.automatic')}</option>
              {playbooks.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </SelectField>
            <button type="submit" className="button">
              {t('account.save')}
            </button>
          </Form>
        </>
      )}

      {onboarding.playbook && (
        <details className="account-checklist">
          <summary>{t('account.checklist')}</summary>
          <OnboardingChecklist
            onboarding={onboarding}
            locale={locale}
            action={action}
            canChange={canManage}
          />
        </details>
      )}
    </section>
  )
}
