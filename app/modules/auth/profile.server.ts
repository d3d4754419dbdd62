import { and, eq, ne } from 'drizzle-orm'
import { db, schema } from '~/db.server'
import type { Locale } from '~/modules/i18n/locales'
import { hashPassword, verifyPassword } from './password.server'

const { sessions, users } = schema

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
/**
 * Changes the password and ends every other session of the person in the same transaction:
 * whoever knew the old password may be signed in elsewhere. The session that asked stays.
 */
export async function changePassword({
  userId,
  current,
  next,
  keepSessionHash,
}: {
  userId: number
  current: string
  next: string
  keepSessionHash: string
}) {
  const row = await db.query.users.findFirst({ where: eq(users.id, userId), columns: { passwordHash: true } })
  if (!row || !(await verifyPassword(current, row.passwordHash))) return false
  const passwordHash = await hashPassword(next)
  db.transaction((tx) => {
    tx.update(users).set({ passwordHash }).where(eq(users.id, userId)).run()
    tx.delete(sessions)
      .where(and(eq(sessions.userId, userId), ne(sessions.idHash, keepSessionHash)))
      .run()
  })
  return true
}
