import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { locales, tiers } from '#db/schema/enums'
import { AccountOnboarding } from '~/components/account-onboarding'
import { CertifiedPeople } from '~/components/certificate-list'
import { useMarketName } from '~/components/market-name'
import { TaskPlan } from '~/components/task-plan'
import { Field, FormMessage, SelectField } from '~/components/ui/field'
import { listCertifiedPeopleForAccount } from '~/modules/academy/certificates.server'
import { tierOverrideSchema } from '~/modules/accounts/accounts.schema'
import { getAccountForStaff, listAccountMembers, setTierOverride } from '~/modules/accounts/accounts.server'
import { effectiveTier } from '~/modules/accounts/tier'
import { inviteToAccount, listPendingInvitations } from '~/modules/auth/auth.server'
import { requireRole, requireStaff } from '~/modules/auth/guards.server'
import { fields, parseForm, readForm } from '~/modules/http/forms'
import type { RouteHandle } from '~/modules/http/route-handle'
import { formatDate, formatMoney, formatNumber } from '~/modules/i18n/format'
import { localeNames, type Locale } from '~/modules/i18n/locales'
import { idParam, localeParam } from '~/modules/i18n/params'
import { useTranslation } from '~/modules/i18n/use-translation'
import { checklistActionSchema } from '~/modules/onboarding/onboarding.schema'
import { listPlaybooks, setAccountPlaybook } from '~/modules/onboarding/playbooks.server'
import { completeItem, getOnboarding, undoItem } from '~/modules/onboarding/progress.server'
import { getAccountTrackerFacts } from '~/modules/onboarding/tracker.server'
import { handleTaskAction, isTaskIntent } from '~/modules/tasks/task-actions.server'
import { parseTaskFilters } from '~/modules/tasks/tasks.schema'
import { loadTaskPlan } from '~/modules/tasks/tasks.server'

export const handle: RouteHandle = {
  title: (_t, data) => (data as { account?: { name: string } } | undefined)?.account?.name ?? '',
}

/** Agents and admins manage customers; editors may look. */
const managerRoles = ['agent', 'admin'] as const

export async function loader({ request, params }: LoaderFunctionArgs) {
  const locale = localeParam(params)
  const user = await requireStaff(request, locale)
  const accountId = idParam(params, 'accountId')
  const found = await getAccountForStaff({ accountId })
  if (!found) throw new Response('Not found', { status: 404 })
  const filters = parseTaskFilters(new URL(request.url).searchParams)
  const [members, invitations, onboarding, trackerFacts, playbooks, taskPlan, certifiedPeople] =
    await Promise.all([
      listAccountMembers({ accountId }),
      listPendingInvitations({ accountId }),
      getOnboarding({ accountId, locale }),
      getAccountTrackerFacts({ accountId }),
      listPlaybooks({ locale }),
      loadTaskPlan({ accountId, viewer: user, locale, filters }),
      listCertifiedPeopleForAccount({ accountId, locale }),
    ])
  return {
    locale,
    canManage: (managerRoles as readonly string[]).includes(user.role),
    ...found,
    tier: effectiveTier(found.account),
    members,
    invitations,
    onboarding: onboarding!,
    trackerFacts,
    playbooks: playbooks.map((p) => ({ id: p.id, name: p.name })),
    taskPlan,
    certifiedPeople,
  }
}

const playbookSchema = z.object({ checklistId: fields.id.or(z.literal('')) })

const inviteSchema = z.object({
  email: fields.email,
  locale: z.enum(locales, { error: 'form.invalid' }),
  isAccountAdmin: z.literal('on').optional(),
})

export async function action({ request, params }: ActionFunctionArgs) {
  const locale = localeParam(params)
  const user = await requireRole(request, locale, managerRoles)
  const accountId = idParam(params, 'accountId')
  if (!(await getAccountForStaff({ accountId }))) throw new Response('Not found', { status: 404 })
  const form = await readForm(request)
  const intent = form.get('intent')
  // The account comes from the URL; a task id of another account answers 404 in there.
  if (isTaskIntent(intent)) return handleTaskAction({ form, accountId, actor: user })

  if (intent === 'tier') {
    const parsed = parseForm(form, tierOverrideSchema)
    if (!parsed.success) return data({ intent, fieldErrors: parsed.fieldErrors, done: false }, 400)
    const tierOverride = parsed.data.tierOverride || null
    await setTierOverride({ accountId, tierOverride, reason: parsed.data.reason?.trim() || null })
    return { intent, fieldErrors: {} as Record<string, string>, done: true }
  }

  if (intent === 'invite') {
    const parsed = parseForm(form, inviteSchema)
    if (!parsed.success) return data({ intent, fieldErrors: parsed.fieldErrors, done: false }, 400)
    const result = await inviteToAccount({
      accountId,
      email: parsed.data.email,
      locale: parsed.data.locale,
      isAccountAdmin: parsed.data.isAccountAdmin === 'on',
      invitedBy: user,
      // Staff may know who has an account with us; customers are not told (see inviteToAccount).
      revealTaken: true,
    })
    if (result !== 'sent') {
      const error = result === 'already-member' ? 'invite.alreadyMember' : 'invite.emailTaken'
      return data({ intent, fieldErrors: { email: error } as Record<string, string>, done: false }, 409)
    }
    return { intent, fieldErrors: {} as Record<string, string>, done: true }
  }

  if (intent === 'done' || intent === 'undo') {
    const parsed = checklistActionSchema.safeParse(Object.fromEntries(form))
    if (!parsed.success)
      return data(
        { intent, fieldErrors: { form: 'form.invalid' } as Record<string, string>, done: false },
        400,
      )
    const change = parsed.data.intent === 'done' ? completeItem : undoItem
    if (!(await change({ accountId, itemKey: parsed.data.itemKey, userId: user.id, locale })))
      throw new Response('Not found', { status: 404 })
    return { intent, fieldErrors: {} as Record<string, string>, done: true }
  }

  if (intent === 'playbook') {
    const parsed = parseForm(form, playbookSchema)
    if (!parsed.success) return data({ intent, fieldErrors: parsed.fieldErrors, done: false }, 400)
    const checklistId = parsed.data.checklistId === '' ? null : parsed.data.checklistId
    if (!(await setAccountPlaybook({ accountId, checklistId })))
      throw new Response('Not found', { status: 404 })
    return { intent, fieldErrors: {} as Record<string, string>, done: true }
  }

  return data(
    { intent: '', fieldErrors: { form: 'form.unknownAction' } as Record<string, string>, done: false },
    400,
  )
}

export default function StaffAccountPage() {
  const { t, i18n } = useTranslation(['staff', 'common'])
  const locale = i18n.language as Locale
  const {
    account,
    market,
    owner,
    eventsLast30Days,
    tier,
    members,
    invitations,
    canManage,
    onboarding,
    trackerFacts,
    playbooks,
    taskPlan,
    certifiedPeople,
  } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const marketName = useMarketName()
  const errorsOf = (intent: string) => (actionData?.intent === intent ? actionData.fieldErrors : {})
  return (
    <div className="page">
      <p className="breadcrumbs">
        <Link to={`/${locale}/staff/accounts`}>{t('accounts.title')}</Link>
      </p>
      <h1>
        {account.name} <span className={`badge badge--${tier}`}>{t(`common:tier.${tier}`)}</span>
      </h1>
      <dl className="facts">
        <div>
          <dt>{t('account.externalId')}</dt>
          <dd>
            <code>{account.externalId}</code>
          </dd>
        </div>
        <div>
          <dt>{t('accounts.market')}</dt>
          <dd>{marketName(market)}</dd>
        </div>
        <div>
          <dt>{t('accounts.language')}</dt>
          <dd>{localeNames[account.locale]}</dd>
        </div>
        <div>
          <dt>{t('accounts.arr')}</dt>
          <dd>{formatMoney(locale, account.arrMinor, account.currency)}</dd>
        </div>
        <div>
          <dt>{t('account.derivedTier')}</dt>
          <dd>{t(`common:tier.${account.derivedTier}`)}</dd>
        </div>
        {account.tierOverride && (
          <div>
            <dt>{t('account.override')}</dt>
            <dd>
              {t(`common:tier.${account.tierOverride}`)}: {account.tierOverrideReason}
            </dd>
          </div>
        )}
        <div>
          <dt>{t('accounts.onboardingStart')}</dt>
          <dd>
            {account.onboardingStartedAt
              ? formatDate(locale, new Date(account.onboardingStartedAt))
              : t('account.notStarted')}
          </dd>
        </div>
        <div>
          <dt>{t('account.owner')}</dt>
          <dd>{owner ? owner.name : t('account.noOwner')}</dd>
        </div>
        <div>
          <dt>{t('account.activity')}</dt>
          <dd>
            {t('account.events', {
              count: eventsLast30Days,
              formatted: formatNumber(locale, eventsLast30Days),
            })}
          </dd>
        </div>
      </dl>

      {canManage && (
        <section className="panel" aria-labelledby="tier-heading">
          <h2 id="tier-heading">{t('account.tierTitle')}</h2>
          <p className="muted">{t('account.tierHelp')}</p>
          {actionData?.intent === 'tier' && actionData.done && (
            <FormMessage success={t('account.tierSaved')} />
          )}
          <Form method="post" className="stack" noValidate>
            <input type="hidden" name="intent" value="tier" />
            <SelectField
              label={t('account.override')}
              name="tierOverride"
              defaultValue={account.tierOverride ?? ''}
              error={errorsOf('tier').tierOverride}
            >
              <option value="">{t('account.noOverride')}</option>
              {tiers.map((value) => (
                <option key={value} value={value}>
                  {t(`common:tier.${value}`)}
                </option>
              ))}
            </SelectField>
            <Field
              label={t('account.reason')}
              name="reason"
              defaultValue={account.tierOverrideReason ?? ''}
              error={errorsOf('tier').reason}
            />
            <button type="submit" className="button">
              {t('account.saveTier')}
            </button>
          </Form>
        </section>
      )}

      <AccountOnboarding
        onboarding={onboarding}
        facts={trackerFacts}
        playbooks={playbooks}
        locale={locale}
        action={`/${locale}/staff/accounts/${account.id}`}
        canManage={canManage}
        saved={actionData?.intent === 'playbook' && actionData.done}
      />

      <TaskPlan
        plan={taskPlan}
        actionData={actionData}
        canEdit={canManage}
        checklistItemHref={(key) => `#item-${key}`}
        ticketHref={(number) => `/${locale}/staff/tickets/${number}`}
      />

      <CertifiedPeople people={certifiedPeople} locale={locale} />

      <section className="panel" aria-labelledby="people-heading">
        <h2 id="people-heading">{t('account.people')}</h2>
        {members.length === 0 ? (
          <p className="muted">{t('account.noPeople')}</p>
        ) : (
          <ul className="list">
            {members.map((member) => (
              <li key={member.id}>
                {member.name} <span className="muted">{member.email}</span>{' '}
                <span className="muted">{localeNames[member.locale]}</span>
                {member.isAccountAdmin && <span className="badge">{t('account.accountAdmin')}</span>}
                {member.disabled && <span className="badge badge--muted">{t('account.disabled')}</span>}
              </li>
            ))}
          </ul>
        )}
        {invitations.length > 0 && (
          <p className="muted">{t('account.pendingInvitations', { count: invitations.length })}</p>
        )}
        {canManage && (
          <>
            <h3>{t('account.inviteTitle')}</h3>
            {actionData?.intent === 'invite' && actionData.done && (
              <FormMessage success={t('account.invited')} />
            )}
            <Form method="post" className="stack" noValidate>
              <input type="hidden" name="intent" value="invite" />
              <Field
                label={t('account.email')}
                name="email"
                type="email"
                required
                error={errorsOf('invite').email}
              />
              <SelectField label={t('accounts.language')} name="locale" defaultValue={account.locale}>
                {locales.map((l) => (
                  <option key={l} value={l} lang={l}>
                    {localeNames[l]}
                  </option>
                ))}
              </SelectField>
              <div className="checkbox">
                <input type="checkbox" id="staff-invite-admin" name="isAccountAdmin" />
                <label htmlFor="staff-invite-admin">{t('account.makeAdmin')}</label>
              </div>
              <button type="submit" className="button">
                {t('account.invite')}
              </button>
            </Form>
          </>
        )}
      </section>
    </div>
  )
}
