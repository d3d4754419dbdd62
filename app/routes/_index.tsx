import { redirect, type LoaderFunctionArgs } from '@remix-run/node'
import { getUser } from '~/modules/auth/session.server'
import { readLocaleCookie } from '~/modules/i18n/locale-cookie.server'
import { negotiateLocale } from '~/modules/i18n/locales'

/** `/` sends each person to their language: cookie, profile, Accept-Language, English. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getUser(request)
  const locale = negotiateLocale({
    cookieLocale: await readLocaleCookie(request),
    userLocale: user?.locale,
    acceptLanguage: request.headers.get('Accept-Language'),
  })
  return redirect(`/${locale}`, { headers: { Vary: 'Accept-Language, Cookie' } })
}
