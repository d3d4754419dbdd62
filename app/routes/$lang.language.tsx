import { redirect, type ActionFunctionArgs } from '@remix-run/node'
import { setPreferredLocale } from '~/modules/auth/profile.server'
import { getUser } from '~/modules/auth/session.server'
import { readForm } from '~/modules/http/forms'
import { safeRedirect } from '~/modules/http/responses'
import { writeLocaleCookie } from '~/modules/i18n/locale-cookie.server'
import { isLocale, switchLocalePath } from '~/modules/i18n/locales'
import { localeParam } from '~/modules/i18n/params'

/** Saves the chosen language and returns to the same page in it. */
export async function action({ request, params }: ActionFunctionArgs) {
  const current = localeParam(params)
  const form = await readForm(request)
  const chosen = form.get('locale')
  const locale = isLocale(chosen) ? chosen : current
  const user = await getUser(request)
  if (user && user.locale !== locale) {
    await setPreferredLocale({ userId: user.id, locale })
  }
  const returnTo = safeRedirect(form.get('returnTo'), `/${current}`)
  return redirect(switchLocalePath(returnTo, locale), {
    headers: { 'Set-Cookie': await writeLocaleCookie(locale) },
  })
}

export function loader({ params }: ActionFunctionArgs) {
  return redirect(`/${localeParam(params)}`)
}
