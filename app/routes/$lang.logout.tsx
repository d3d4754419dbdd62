import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { endSession } from '~/modules/auth/session.server'
import { localeParam } from '~/modules/i18n/params'

/** Sign-out is a POST that ends the session on the server; a GET changes nothing. */
export async function action({ request, params }: ActionFunctionArgs) {
  const locale = localeParam(params)
  return redirect(`/${locale}`, { headers: { 'Set-Cookie': await endSession(request) } })
}

export function loader({ params }: LoaderFunctionArgs) {
  return redirect(`/${localeParam(params)}`)
}
