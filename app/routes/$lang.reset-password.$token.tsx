import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { Field } from '~/components/ui/field'
import { isResetTokenUsable, resetPassword } from '~/modules/auth/auth.server'
import { homePathFor } from '~/modules/auth/guards.server'
import { startSession } from '~/modules/auth/session.server'
import { fields, parseForm, readForm } from '~/modules/http/forms'
import type { RouteHandle } from '~/modules/http/route-handle'
import { localeParam } from '~/modules/i18n/params'
import { useTranslation } from '~/modules/i18n/use-translation'

export const handle: RouteHandle = { title: (t) => t('auth:reset.title') }

const resetSchema = z
  .object({ password: fields.newPassword, confirm: z.string() })
  .refine((v) => v.password === v.confirm, { path: ['confirm'], error: 'form.passwordsDiffer' })

export async function loader({ params }: LoaderFunctionArgs) {
  localeParam(params)
  return { usable: await isResetTokenUsable(params.token ?? '') }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const locale = localeParam(params)
  const parsed = parseForm(await readForm(request), resetSchema)
  if (!parsed.success) return data({ fieldErrors: parsed.fieldErrors, expired: false }, 400)
  const person = await resetPassword({ token: params.token ?? '', password: parsed.data.password })
  if (person === null) return data({ fieldErrors: {} as Record<string, string>, expired: true }, 410)
  // Signed in now: they land where a sign-in lands (a customer's own home, staff their area).
  return redirect(homePathFor(person, locale), {
    headers: { 'Set-Cookie': await startSession(request, person.userId) },
  })
}

export default function ResetPassword() {
  const { t, i18n } = useTranslation('auth')
  const { usable } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  if (!usable || actionData?.expired) {
    return (
      <div className="narrow">
        <h1>{t('reset.title')}</h1>
        <p role="alert" className="notice notice--error">
          {t('reset.expired')}
        </p>
        <p>
          <Link to={`/${i18n.language}/forgot-password`}>{t('reset.again')}</Link>
        </p>
      </div>
    )
  }
  return (
    <div className="narrow">
      <h1>{t('reset.title')}</h1>
      <Form method="post" className="stack" noValidate>
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
          {t('reset.submit')}
        </button>
      </Form>
    </div>
  )
}
