import { eq } from 'drizzle-orm'
import { db, schema } from '~/db.server'
import type { Locale } from '~/modules/i18n/locales'
import { hashPassword, verifyPassword } from './password.server'

const { users } = schema

export async function updateProfile({
  userId,
  name,
  locale,
}: {
  userId: number
  name: string
  locale: Locale
}) {
  await db.update(users).set({ name, locale }).where(eq(users.id, userId))
}

export async function setPreferredLocale({ userId, locale }: { userId: number; locale: Locale }) {
  await db.update(users).set({ locale }).where(eq(users.id, userId))
}

/** Changes a password only when the current one is right. */
export async function changePassword({
  userId,
  current,
  next,
}: {
  userId: number
  current: string
  next: string
}) {
  const row = await db.query.users.findFirst({ where: eq(users.id, userId), columns: { passwordHash: true } })
  if (!row || !(await verifyPassword(current, row.passwordHash))) return false
  await db
    .update(users)
    .set({ passwordHash: await hashPassword(next) })
    .where(eq(users.id, userId))
  return true
}
