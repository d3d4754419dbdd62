import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { z } from 'zod'
import { locales } from '#db/schema/enums'
import { CertificateList } from '~/components/certificate-list'
import { useMarketName } from '~/components/market-name'
import { TimeInSentence } from '~/components/time'
import { Field, FormMessage, SelectField } from '~/components/ui/field'
import { listCertificatesForUser } from '~/modules/academy/certificates.server'
import { getOwnAccount, listAccountMembers } from '~/modules/accounts/accounts.server'
import {
  inviteToAccount,
  listPendingInvitations,
  resendInvitation,
  revokeInvitation,
} from '~/modules/auth/auth.server'
import { requireUser } from '~/modules/auth/guards.server'
import { changePassword, updateProfile } from '~/modules/auth/profile.server'
import { getSession } from '~/modules/auth/session.server'
import { fields, parseForm, readForm } from '~/modules/http/forms'
import { safeRedirect } from '~/modules/http/responses'
import type { RouteHandle } from '~/modules/http/route-handle'
import { formatDate } from '~/modules/i18n/format'
import { writeLocaleCookie } from '~/modules/i18n/locale-cookie.server'
import { localeNames, switchLocalePath, type Locale } from '~/modules/i18n/locales'
import { localeParam } from '~/modules/i18n/params'
import { useTranslation } from '~/modules/i18n/use-translation'
import { formatTimeZoneName } from '~/modules/time/format-time'
import { timeZoneFormSchema } from '~/modules/time/time-zone.schema'
import { setTimeZone } from '~/modules/time/time-zone.server'
import { listTimeZones } from '~/modules/time/time-zones'

export const handle: RouteHandle = { title: (t) => t('account:title') }

const profileSchema = z.object({ name: fields.name, locale: z.enum(locales, { error: 'form.invalid' }) })
const passwordSchema = z
  .object({ current: fields.password, password: fields.newPassword, confirm: z.string() })
  .refine((v) => v.password === v.confirm, { path: ['confirm'], error: 'form.passwordsDiffer' })
const inviteSchema = z.object({
  email: fields.email,
  locale: z.enum(locales, { error: 'form.invalid' }),
  isAccountAdmin: z.literal('on').optional(),
})

/** Which pending invitation a resend or revoke button is about; anything else is a missing one. */
const invitationIdSchema = z.object({
  invitationId: z.coerce
    .number()
    .int()
    .positive()
    .max(2 ** 31),
})

export async function loader({ request, params }: LoaderFunctionArgs) {
  const locale = localeParam(params)
  const user = await requireUser(request, locale)
  const accountId = user.role === 'customer' ? user.accountId : null
  const [account, members, invitations] = accountId
    ? await Promise.all([
        getOwnAccount({ accountId }),
        listAccountMembers({ accountId }),
        user.isAccountAdmin ? listPendingInvitations({ accountId }) : [],
      ])
    : [null, [], []]
  const certificates = await listCertificatesForUser({ userId: user.id, locale })
  return {
    certificates,
    saved: new URL(request.url).searchParams.get('saved'),
    timeZone: { current: user.timeZone, chosen: user.timeZoneChosen, options: listTimeZones() },
    profile: { name: user.name, email: user.email, locale: user.locale, isAccountAdmin: user.isAccountAdmin },
    account,
    members: members.map((m) => ({
      id: m.id,
      name: m.name,
      email: m.email,
      isAccountAdmin: m.isAccountAdmin,
      disabled: m.disabled,
    })),
    invitations,
  }
}

type ActionResult = {
  intent: string
  fieldErrors: Record<string, string>
  formError?: string
  done?: boolean
  /** What the person typed, back in the field after an error. */
  typed?: string
  /** The address a resent or revoked invitation went to, for the confirmation. */
  email?: string
}

export async function action({ request, params }: ActionFunctionArgs) {
  const locale = localeParam(params)
  const user = await requireUser(request, locale)
  const form = await readForm(request)
  const intent = form.get('intent')

  if (intent === 'profile') {
    const parsed = parseForm(form, profileSchema)
    if (!parsed.success) return data<ActionResult>({ intent, fieldErrors: parsed.fieldErrors }, 400)
    await updateProfile({ userId: user.id, ...parsed.data })
    // A new language takes the person to this page in that language.
    return redirect(switchLocalePath(`/${locale}/account?saved=profile`, parsed.data.locale), {
      headers: { 'Set-Cookie': await writeLocaleCookie(parsed.data.locale) },
    })
  }

  if (intent === 'timeZone') {
    const parsed = parseForm(form, timeZoneFormSchema)
    if (!parsed.success) {
      const typed = form.get('timeZone')
      return data<ActionResult>(
        {
          intent,
          fieldErrors: parsed.fieldErrors,
          typed: typeof typed === 'string' ? typed.slice(0, 100) : '',
        },
        400,
      )
    }
    await setTimeZone({ userId: user.id, timeZone: parsed.data.timeZone })
    // The notice of the first sign-in sends the person back to the page they were reading.
    return redirect(safeRedirect(form.get('returnTo'), `/${locale}/account?saved=timeZone#time-zone`))
  }

  if (intent === 'password') {
    const parsed = parseForm(form, passwordSchema)
    if (!parsed.success) return data<ActionResult>({ intent, fieldErrors: parsed.fieldErrors }, 400)
    const session = await getSession(request)
    const changed = await changePassword({
      keepSessionHash: session?.sessionHash ?? '',
      userId: user.id,
      current: parsed.data.current,
      next: parsed.data.password,
    })
    if (!changed) return data<ActionResult>({ intent, fieldErrors: { current: 'form.wrongPassword' } }, 400)
    return data<ActionResult>({ intent, fieldErrors: {}, done: true })
  }

  if (intent === 'invite') {
    if (user.role !== 'customer' || !user.isAccountAdmin || user.accountId === null) {
      throw new Response('Forbidden', { status: 403 })
    }
    const parsed = parseForm(form, inviteSchema)
    if (!parsed.success) return data<ActionResult>({ intent, fieldErrors: parsed.fieldErrors }, 400)
    const result = await inviteToAccount({
      accountId: user.accountId,
      email: parsed.data.email,
      locale: parsed.data.locale,
      isAccountAdmin: parsed.data.isAccountAdmin === 'on',
      invitedBy: user,
    })
    if (result !== 'sent') {
      return data<ActionResult>(
        {
          intent,
          fieldErrors: { email: result === 'already-member' ? 'invite.alreadyMember' : 'invite.emailTaken' },
        },
        409,
      )
    }
    return data<ActionResult>({ intent, fieldErrors: {}, done: true })
  }

  if (intent === 'resendInvitation' || intent === 'revokeInvitation') {
    if (user.role !== 'customer' || !user.isAccountAdmin || user.accountId === null) {
      throw new Response('Forbidden', { status: 403 })
    }
    const parsed = invitationIdSchema.safeParse({ invitationId: form.get('invitationId') })
    if (!parsed.success) throw new Response('Not found', { status: 404 })
    // Scoped to the admin's own account inside the query: another account's id is just missing.
    const pending = (await listPendingInvitations({ accountId: user.accountId })).find(
      (i) => i.id === parsed.data.invitationId,
    )
    const target = { id: parsed.data.invitationId, accountId: user.accountId }
    const done =
      intent === 'resendInvitation'
        ? await resendInvitation({ ...target, resentBy: user })
        : revokeInvitation(target)
    if (!done || !pending) throw new Response('Not found', { status: 404 })
    return data<ActionResult>({ intent, fieldErrors: {}, done: true, email: pending.email })
  }

  return data<ActionResult>({ intent: '', fieldErrors: {}, formError: 'form.unknownAction' }, 400)
}

export default function AccountPage() {
  const { t, i18n } = useTranslation(['account', 'common', 'auth'])
  const locale = i18n.language as Locale
  const { saved, profile, account, members, invitations, certificates, timeZone } =
    useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const marketName = useMarketName()
  const navigation = useNavigation()
  const errorsOf = (intent: string) => (actionData?.intent === intent ? actionData.fieldErrors : {})

  return (
    <div className="page">
      <h1>{t('title')}</h1>
      {account && (
        <section className="panel" aria-labelledby="account-heading">
          <h2 id="account-heading">{account.name}</h2>
          <dl className="facts">
            <div>
              <dt>{t('account.market')}</dt>
              <dd>{marketName({ code: account.marketCode, name: account.marketName })}</dd>
            </div>
            <div>
              <dt>{t('account.plan')}</dt>
              <dd>{t(`common:tier.${account.tier}`)}</dd>
            </div>
            {account.onboardingStartedAt && (
              <div>
                <dt>{t('account.onboardingSince')}</dt>
                <dd>{formatDate(locale, new Date(account.onboardingStartedAt))}</dd>
              </div>
            )}
            {account.ownerName && (
              <div>
                <dt>{t('account.manager')}</dt>
                <dd>
                  {account.ownerName} (<a href={`mailto:${account.ownerEmail}`}>{account.ownerEmail}</a>)
                </dd>
              </div>
            )}
          </dl>
        </section>
      )}

      <CertificateList certificates={certificates} locale={locale} />

      <section className="panel" aria-labelledby="profile-heading">
        <h2 id="profile-heading">{t('profile.title')}</h2>
        {saved === 'profile' && <FormMessage success={t('profile.saved')} />}
        <Form method="post" className="stack" noValidate>
          <input type="hidden" name="intent" value="profile" />
          <p>
            {t('profile.email')}: <strong>{profile.email}</strong>
          </p>
          <Field
            label={t('profile.name')}
            name="name"
            defaultValue={profile.name}
            autoComplete="name"
            required
            error={errorsOf('profile').name}
          />
          <SelectField
            label={t('profile.language')}
            name="locale"
            defaultValue={profile.locale}
            error={errorsOf('profile').locale}
          >
            {locales.map((l) => (
              <option key={l} value={l} lang={l}>
                {localeNames[l]}
              </option>
            ))}
          </SelectField>
          <button type="submit" className="button">
            {t('profile.save')}
          </button>
        </Form>
      </section>

      <TimeZoneSection
        locale={locale}
        timeZone={timeZone}
        saved={saved === 'timeZone'}
        error={errorsOf('timeZone').timeZone}
        typed={actionData?.intent === 'timeZone' ? actionData.typed : undefined}
      />

      <section className="panel" aria-labelledby="password-heading">
        <h2 id="password-heading">{t('password.title')}</h2>
        {actionData?.intent === 'password' && actionData.done && (
          <FormMessage success={t('password.changed')} />
        )}
        <Form method="post" className="stack" noValidate>
          <input type="hidden" name="intent" value="password" />
          <Field
            label={t('password.current')}
            name="current"
            type="password"
            autoComplete="current-password"
            required
            error={errorsOf('password').current}
          />
          <Field
            label={t('password.new')}
            hint={t('auth:fields.passwordHint')}
            name="password"
            type="password"
            autoComplete="new-password"
            required
            error={errorsOf('password').password}
          />
          <Field
            label={t('password.confirm')}
            name="confirm"
            type="password"
            autoComplete="new-password"
            required
            error={errorsOf('password').confirm}
          />
          <button type="submit" className="button">
            {t('password.submit')}
          </button>
        </Form>
      </section>

      {account && (
        <section className="panel" aria-labelledby="team-heading">
          <h2 id="team-heading">{t('team.title')}</h2>
          <ul className="list">
            {members.map((member) => (
              <li key={member.id}>
                {profile.isAccountAdmin ? (
                  <Link to={`/${locale}/account/team/${member.id}`}>{member.name}</Link>
                ) : (
                  member.name
                )}{' '}
                <span className="muted">{member.email}</span>
                {member.isAccountAdmin && <span className="badge">{t('team.admin')}</span>}
                {member.disabled && <span className="badge badge--muted">{t('team.disabled')}</span>}
              </li>
            ))}
          </ul>
          {profile.isAccountAdmin && (
            <>
              {invitations.length > 0 && (
                <>
                  <h3>{t('team.pending')}</h3>
                  <ul className="list invitation-list">
                    {invitations.map((invitation) => (
                      <li key={invitation.id}>
                        {invitation.email}{' '}
                        <span className="muted">
                          <TimeInSentence at={invitation.expiresAt} style="date">
                            {(date) => t('team.expires', { date })}
                          </TimeInSentence>
                        </span>{' '}
                        <Form method="post" className="inline-form">
                          <input type="hidden" name="invitationId" value={invitation.id} />
                          <button
                            type="submit"
                            name="intent"
                            value="resendInvitation"
                            className="button button--quiet"
                            aria-label={t('team.resendLabel', { email: invitation.email })}
                          >
                            {t('team.resend')}
                          </button>{' '}
                          <button
                            type="submit"
                            name="intent"
                            value="revokeInvitation"
                            className="button button--quiet"
                            aria-label={t('team.revokeLabel', { email: invitation.email })}
                          >
                            {t('team.revoke')}
                          </button>
                        </Form>
                      </li>
                    ))}
                  </ul>
                </>
              )}
              {actionData?.done && actionData.email && (
                <FormMessage
                  success={t(actionData.intent === 'resendInvitation' ? 'team.resent' : 'team.revoked', {
                    email: actionData.email,
                  })}
                />
              )}
              <p>
                <Link to={`/${locale}/account/team`}>{t('teamReport.link')}</Link>
              </p>
              <h3>{t('team.inviteTitle')}</h3>
              {actionData?.intent === 'invite' && actionData.done && (
                <FormMessage success={t('team.invited')} />
              )}
              <Form method="post" className="stack" noValidate>
                <input type="hidden" name="intent" value="invite" />
                <Field
                  label={t('team.email')}
                  name="email"
                  type="email"
                  required
                  error={errorsOf('invite').email}
                />
                <SelectField label={t('team.language')} name="locale" defaultValue={locale}>
                  {locales.map((l) => (
                    <option key={l} value={l} lang={l}>
                      {localeNames[l]}
                    </option>
                  ))}
                </SelectField>
                <div className="checkbox">
                  <input type="checkbox" id="invite-admin" name="isAccountAdmin" />
                  <label htmlFor="invite-admin">{t('team.makeAdmin')}</label>
                </div>
                <button type="submit" className="button" disabled={navigation.state === 'submitting'}>
                  {t('team.invite')}
                </button>
              </Form>
            </>
          )}
        </section>
      )}
    </div>
  )
}

/**
 * The zone every time is shown in. A text field with the zones as suggestions: people type
 * "Lisbon" or paste "Europe/Lisbon"; an unknown zone comes back with its text and an error.
 */
function TimeZoneSection({
  locale,
  timeZone,
  saved,
  error,
  typed,
}: {
  locale: Locale
  timeZone: { current: string; chosen: boolean; options: string[] }
  saved: boolean
  error?: string
  typed?: string
}) {
  const { t } = useTranslation('account')
  return (
    <section className="panel" id="time-zone" aria-labelledby="time-zone-heading">
      <h2 id="time-zone-heading">{t('timeZone.title')}</h2>
      {saved && <FormMessage success={t('timeZone.saved')} />}
      <p suppressHydrationWarning>
        {t('timeZone.current', { zone: formatTimeZoneName(locale, timeZone.current) })}{' '}
        {!timeZone.chosen && t('timeZone.notChosen')}
      </p>
      <Form method="post" className="stack" noValidate>
        <input type="hidden" name="intent" value="timeZone" />
        <Field
          label={t('timeZone.label')}
          hint={t('timeZone.hint')}
          name="timeZone"
          list="time-zones"
          autoComplete="off"
          spellCheck={false}
          defaultValue={typed ?? timeZone.current}
          key={typed ?? timeZone.current}
          required
          error={error}
        />
        <datalist id="time-zones">
          {timeZone.options.map((zone) => (
            <option key={zone} value={zone} />
          ))}
        </datalist>
        <button type="submit" className="button">
          {t('timeZone.save')}
        </button>
      </Form>
    </section>
  )
}
