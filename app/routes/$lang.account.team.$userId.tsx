import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { Time } from '~/components/time'
import { FormMessage } from '~/components/ui/field'
import { getAccountMember, updateAccountMember } from '~/modules/accounts/accounts.server'
import { requireAccountAdmin } from '~/modules/auth/guards.server'
import { readForm } from '~/modules/http/forms'
import type { RouteHandle } from '~/modules/http/route-handle'
import { localeNames, type Locale } from '~/modules/i18n/locales'
import { idParam, localeParam } from '~/modules/i18n/params'
import { useTranslation } from '~/modules/i18n/use-translation'

export const handle: RouteHandle = {
  title: (_t, data) => (data as { member?: { name: string } } | undefined)?.member?.name ?? '',
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const locale = localeParam(params)
  const admin = await requireAccountAdmin(request, locale)
  // Scoped to the admin's own account: another account's member is a 404 like an unknown id.
  const member = await getAccountMember({ accountId: admin.accountId, userId: idParam(params, 'userId') })
  if (!member) throw new Response('Not found', { status: 404 })
  return { member, isSelf: member.id === admin.id }
}

const changes = {
  makeAdmin: { isAccountAdmin: true },
  revokeAdmin: { isAccountAdmin: false },
  disable: { disabled: true },
  enable: { disabled: false },
} as const

export async function action({ request, params }: ActionFunctionArgs) {
  const locale = localeParam(params)
  const admin = await requireAccountAdmin(request, locale)
  const intent = String((await readForm(request)).get('intent'))
  if (!Object.hasOwn(changes, intent)) return data({ formError: 'form.unknownAction' }, 400)
  const result = await updateAccountMember({
    accountId: admin.accountId,
    userId: idParam(params, 'userId'),
    change: changes[intent as keyof typeof changes],
  })
  if (result === 'not-found') throw new Response('Not found', { status: 404 })
  if (result === 'last-admin') return data({ formError: 'team.lastAdmin' }, 409)
  return { formError: null }
}

export default function MemberPage() {
  const { t, i18n } = useTranslation(['account', 'common', 'auth'])
  const locale = i18n.language as Locale
  const { member, isSelf } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  return (
    <div className="page narrow">
      <p className="breadcrumbs">
        <Link to={`/${locale}/account`}>{t('title')}</Link>
      </p>
      <h1>{member.name}</h1>
      <FormMessage error={actionData?.formError} />
      <dl className="facts">
        <div>
          <dt>{t('profile.email')}</dt>
          <dd>{member.email}</dd>
        </div>
        <div>
          <dt>{t('profile.language')}</dt>
          <dd>{localeNames[member.locale]}</dd>
        </div>
        <div>
          <dt>{t('team.joined')}</dt>
          <dd>
            <Time at={member.createdAt} style="date" />
          </dd>
        </div>
        <div>
          <dt>{t('team.lastSignIn')}</dt>
          <dd>{member.lastSignInAt ? <Time at={member.lastSignInAt} /> : t('team.never')}</dd>
        </div>
        <div>
          <dt>{t('team.status')}</dt>
          <dd>
            {member.disabled ? t('team.disabled') : t('team.active')}
            {member.isAccountAdmin && ` · ${t('team.admin')}`}
          </dd>
        </div>
      </dl>
      <Form method="post" className="button-row">
        {member.isAccountAdmin ? (
          <button type="submit" name="intent" value="revokeAdmin" className="button button--quiet">
            {t('team.revokeAdmin')}
          </button>
        ) : (
          <button type="submit" name="intent" value="makeAdmin" className="button button--quiet">
            {t('team.makeAdminAction')}
          </button>
        )}
        {!isSelf &&
          (member.disabled ? (
            <button type="submit" name="intent" value="enable" className="button button--quiet">
              {t('team.enable')}
            </button>
          ) : (
            <button type="submit" name="intent" value="disable" className="button button--danger">
              {t('team.disable')}
            </button>
          ))}
      </Form>
    </div>
  )
}
