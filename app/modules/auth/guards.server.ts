import { redirect } from '@remix-run/node'
import type { Role } from '#db/schema/enums'
import type { Locale } from '~/modules/i18n/locales'
import { getUser, type SessionUser } from './session.server'

/**
 * Every access rule of the portal is here, so a route states what it needs in one call.
 * Missing rights are 403; a resource of another account is 404 (see the *.server modules).
 */
export const staffRoles = ['agent', 'editor', 'admin'] as const satisfies readonly Role[]

export function isStaff(user: Pick<SessionUser, 'role'> | null | undefined) {
  return !!user && (staffRoles as readonly Role[]).includes(user.role)
}

export function loginPath(locale: Locale, request: Request) {
  const url = new URL(request.url)
  const redirectTo = `${url.pathname}${url.search}`
  return `/${locale}/login?${new URLSearchParams({ redirectTo })}`
}

export async function requireUser(request: Request, locale: Locale) {
  const user = await getUser(request)
  if (!user) throw redirect(loginPath(locale, request))
  return user
}

export async function requireRole(request: Request, locale: Locale, roles: readonly Role[]) {
  const user = await requireUser(request, locale)
  if (!roles.includes(user.role)) throw new Response('Forbidden', { status: 403 })
  return user
}

export const requireStaff = (request: Request, locale: Locale) => requireRole(request, locale, staffRoles)
export const requireAdmin = (request: Request, locale: Locale) => requireRole(request, locale, ['admin'])

/** Who writes and publishes knowledge-base content; agents may read it but not change it. */
export const editorRoles = ['editor', 'admin'] as const satisfies readonly Role[]

export function isEditor(user: Pick<SessionUser, 'role'> | null | undefined) {
  return !!user && (editorRoles as readonly Role[]).includes(user.role)
}

export const requireEditor = (request: Request, locale: Locale) => requireRole(request, locale, editorRoles)

/** A customer and the account every query of theirs is scoped to. */
export async function requireCustomer(request: Request, locale: Locale) {
  const user = await requireRole(request, locale, ['customer'])
  if (user.accountId === null) throw new Response('Forbidden', { status: 403 })
  return { ...user, accountId: user.accountId }
}

export async function requireAccountAdmin(request: Request, locale: Locale) {
  const customer = await requireCustomer(request, locale)
  if (!customer.isAccountAdmin) throw new Response('Forbidden', { status: 403 })
  return customer
}

/** Where a person lands after signing in when no page asked for them: staff on their area, customers on their home. */
export function homePathFor(user: Pick<SessionUser, 'role'>, locale: Locale) {
  return isStaff(user) ? `/${locale}/staff` : `/${locale}`
}
