import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { Field, FormMessage } from '~/components/ui/field'
import { acceptInvitation, findOpenInvitation } from '~/modules/auth/auth.server'
import { homePathFor } from '~/modules/auth/guards.server'
import { startSession } from '~/modules/auth/session.server'
import { fields, parseForm, type FieldErrors, readForm } from '~/modules/http/forms'
import type { RouteHandle } from '~/modules/http/route-handle'
import { localeParam } from '~/modules/i18n/params'
import { useTranslation } from '~/modules/i18n/use-translation'

export const handle: RouteHandle = { title: (t) => t('auth:invite.title') }

const acceptSchema = z
  .object({ name: fields.name, password: fields.newPassword, confirm: z.string() })
  .refine((v) => v.password === v.confirm, { path: ['confirm'], error: 'form.passwordsDiffer' })

export async function loader({ params }: LoaderFunctionArgs) {
  localeParam(params)
  const invitation = await findOpenInvitation(params.token ?? '')
  return { invitation: invitation ? { email: invitation.email, accountName: invitation.accountName } : null }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const locale = localeParam(params)
  const parsed = parseForm(await readForm(request), acceptSchema)
  if (!parsed.success) return data({ fieldErrors: parsed.fieldErrors, formError: null }, 400)
  const result = await acceptInvitation({ token: params.token ?? '', ...parsed.data, locale })
  if (result.status === 'invalid')
    return data({ fieldErrors: {} as FieldErrors, formError: 'invite.invalid' }, 410)
  if (result.status === 'email-taken')
    return data({ fieldErrors: {} as FieldErrors, formError: 'invite.emailTaken' }, 409)
  // An invitation makes a customer: they land on their own home, as a sign-in does.
  return redirect(homePathFor({ role: 'customer' }, locale), {
    headers: { 'Set-Cookie': await startSession(request, result.userId) },
  })
}

export default function AcceptInvitation() {
  const { t } = useTranslation('auth')
  const { invitation } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  if (!invitation) {
    return (
      <div className="narrow">
        <h1>{t('invite.title')}</h1>
        <FormMessage error="invite.invalid" />
      </div>
    )
  }
  return (
    <div className="narrow">
      <h1>{t('invite.title')}</h1>
      <p className="lead">{t('invite.lead', { account: invitation.accountName, email: invitation.email })}</p>
      <FormMessage error={actionData?.formError} />
      <Form method="post" className="stack" noValidate>
        <Field
          label={t('fields.name')}
          name="name"
          autoComplete="name"
          required
          error={actionData?.fieldErrors.name}
        />
        <Field
          label={t('fields.newPassword')}
          hint={t('fields.passwordHint')}
          name="password"
          type="password"
          autoComplete="new-password"
          required
          error={actionData?.fieldErrors.password}
        />
        <Field
          label={t('fields.confirmPassword')}
          name="confirm"
          type="password"
          autoComplete="new-password"
          required
          error={actionData?.fieldErrors.confirm}
        />
        <button type="submit" className="button">
          {t('invite.submit')}
        </button>
      </Form>
    </div>
  )
}
