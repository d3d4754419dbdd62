import { data, type ActionFunctionArgs } from '@remix-run/node'
import { Form, useActionData } from '@remix-run/react'
import { z } from 'zod'
import { Field, FormMessage } from '~/components/ui/field'
import { requestPasswordReset } from '~/modules/auth/auth.server'
import { fields, parseForm, readForm } from '~/modules/http/forms'
import type { RouteHandle } from '~/modules/http/route-handle'
import { localeParam } from '~/modules/i18n/params'
import { useTranslation } from '~/modules/i18n/use-translation'

export const handle: RouteHandle = { title: (t) => t('auth:forgot.title') }

export async function action({ request, params }: ActionFunctionArgs) {
  const locale = localeParam(params)
  const parsed = parseForm(await readForm(request), z.object({ email: fields.email }))
  if (!parsed.success) return data({ fieldErrors: parsed.fieldErrors, sent: false }, 400)
  // The same answer whether or not the address is known: nobody learns who has an account.
  await requestPasswordReset({ email: parsed.data.email, locale })
  return { fieldErrors: {} as Record<string, string>, sent: true }
}

export default function ForgotPassword() {
  const { t } = useTranslation('auth')
  const actionData = useActionData<typeof action>()
  return (
    <div className="narrow">
      <h1>{t('forgot.title')}</h1>
      {actionData?.sent ? (
        <FormMessage success={t('forgot.sent')} />
      ) : (
        <>
          <p className="lead">{t('forgot.lead')}</p>
          <Form method="post" className="stack" noValidate>
            <Field
              label={t('fields.email')}
              name="email"
              type="email"
              autoComplete="email"
              required
              error={actionData?.fieldErrors.email}
            />
            <button type="submit" className="button">
              {t('forgot.submit')}
            </button>
          </Form>
        </>
      )}
    </div>
  )
}
