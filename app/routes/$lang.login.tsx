import {
  data,
  redirect,
  type ActionFunctionArgs,
  type HeadersFunction,
  type LoaderFunctionArgs,
} from '@remix-run/node'
import { Form, Link, useActionData, useNavigation, useSearchParams } from '@remix-run/react'
import { z } from 'zod'
import { Field, FormMessage } from '~/components/ui/field'
import { signIn } from '~/modules/auth/auth.server'
import { homePathFor } from '~/modules/auth/guards.server'
import { isTrustedDevice, rememberTrustedDevice } from '~/modules/auth/rate-limit.server'
import { getUser, startSession } from '~/modules/auth/session.server'
import { fields, parseForm, type FieldErrors, readForm } from '~/modules/http/forms'
import { safeRedirect } from '~/modules/http/responses'
import type { RouteHandle } from '~/modules/http/route-handle'
import { formatWait } from '~/modules/i18n/format'
import type { Locale } from '~/modules/i18n/locales'
import { localeParam } from '~/modules/i18n/params'
import { useTranslation } from '~/modules/i18n/use-translation'

export const handle: RouteHandle = { title: (t) => t('auth:login.title'), seo: true }

const loginSchema = z.object({
  email: fields.email,
  password: fields.password,
  redirectTo: z.string().optional(),
})

/** Retry-After of a rate-limited attempt reaches the browser with the page. */
export const headers: HeadersFunction = ({ actionHeaders }) => actionHeaders

export async function loader({ request, params }: LoaderFunctionArgs) {
  const locale = localeParam(params)
  const user = await getUser(request)
  if (user) throw redirect(homePathFor(user, locale))
  return null
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const locale = localeParam(params)
  const form = await readForm(request)
  const parsed = parseForm(form, loginSchema)
  const email = typeof form.get('email') === 'string' ? String(form.get('email')).slice(0, 254) : ''
  if (!parsed.success) return data({ fieldErrors: parsed.fieldErrors, formError: null, email }, 400)

  const trustedDevice = await isTrustedDevice(request, parsed.data.email)
  const result = await signIn({ ...parsed.data, clientIp: context.clientIp, trustedDevice })
  if (result.status === 'limited') {
    return data(
      { fieldErrors: {} as FieldErrors, formError: null, retryAfterSeconds: result.retryAfterSeconds, email },
      { status: 429, headers: { 'Retry-After': String(result.retryAfterSeconds) } },
    )
  }
  if (result.status === 'invalid') {
    return data({ fieldErrors: {} as FieldErrors, formError: 'auth.invalidCredentials', email }, 401)
  }
  const headers = new Headers()
  headers.append('Set-Cookie', await startSession(request, result.user.id))
  headers.append('Set-Cookie', await rememberTrustedDevice(request, parsed.data.email))
  return redirect(safeRedirect(parsed.data.redirectTo, homePathFor(result.user, locale)), { headers })
}

export default function Login() {
  const { t } = useTranslation(['auth', 'errors'])
  const actionData = useActionData<typeof action>()
  const [searchParams] = useSearchParams()
  const navigation = useNavigation()
  const lang = useTranslation().i18n.language
  return (
    <div className="narrow">
      <h1>{t('login.title')}</h1>
      <p className="lead">{t('login.lead')}</p>
      <FormMessage error={actionData?.formError} />
      {actionData &&
        'retryAfterSeconds' in actionData &&
        typeof actionData.retryAfterSeconds === 'number' && (
          <div role="alert" className="notice notice--error">
            {t('auth.rateLimited', {
              ns: 'errors',
              wait: formatWait(lang as Locale, actionData.retryAfterSeconds),
            })}
          </div>
        )}
      <Form method="post" className="stack" noValidate>
        <input type="hidden" name="redirectTo" value={searchParams.get('redirectTo') ?? ''} />
        <Field
          label={t('fields.email')}
          name="email"
          type="email"
          autoComplete="email"
          required
          defaultValue={actionData?.email}
          error={actionData?.fieldErrors.email}
        />
        <Field
          label={t('fields.password')}
          name="password"
          type="password"
          autoComplete="current-password"
          required
          error={actionData?.fieldErrors.password}
        />
        <button type="submit" className="button" disabled={navigation.state === 'submitting'}>
          {t('login.submit')}
        </button>
      </Form>
      <p>
        <Link to={`/${lang}/forgot-password`}>{t('login.forgot')}</Link>
      </p>
    </div>
  )
}
