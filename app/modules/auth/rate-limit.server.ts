import { and, eq, gte, lt } from 'drizzle-orm'
import { db, schema } from '~/db.server'
import { clock } from '~/modules/clock/clock'

const { loginAttempts } = schema

/**
 * Failed sign-ins per email and per client, counted in SQLite so a restart does not
 * reset them. An address guessing many emails hits the client limit; many clients
 * guessing one email hit the email limit.
 */
export const loginLimits = {
  windowMs: 15 * 60 * 1000,
  perEmail: 5,
  perClient: 20,
}

const buckets = (email: string, clientIp: string) => [
  { bucket: `email:${email}`, limit: loginLimits.perEmail },
  { bucket: `client:${clientIp}`, limit: loginLimits.perClient },
]

/** Seconds until the next attempt is allowed, or 0 when it is allowed now. */
export async function loginRetryAfter(email: string, clientIp: string, now = clock.now().getTime()) {
  const since = new Date(now - loginLimits.windowMs)
  let wait = 0
  for (const { bucket, limit } of buckets(email, clientIp)) {
    const recent = await db
      .select({ attemptedAt: loginAttempts.attemptedAt })
      .from(loginAttempts)
      .where(and(eq(loginAttempts.bucket, bucket), gte(loginAttempts.attemptedAt, since)))
      .orderBy(loginAttempts.attemptedAt)
      .all()
    if (recent.length >= limit) {
      const oldestThatCounts = recent[recent.length - limit]!.attemptedAt.getTime()
      wait = Math.max(wait, Math.ceil((oldestThatCounts + loginLimits.windowMs - now) / 1000))
    }
  }
  return wait
}

export async function recordFailedLogin(email: string, clientIp: string, now = clock.now().getTime()) {
  const attemptedAt = new Date(now)
  // better-sqlite3 transactions are synchronous: every statement inside ends in .run().
  db.transaction(
    (tx) => {
      tx.insert(loginAttempts)
        .values(buckets(email, clientIp).map(({ bucket }) => ({ bucket, attemptedAt })))
        .run()
      tx.delete(loginAttempts)
        .where(lt(loginAttempts.attemptedAt, new Date(now - loginLimits.windowMs)))
        .run()
    },
    { behavior: 'immediate' },
  )
}

/** A correct password clears the email's failures, not the client's. */
export async function clearEmailFailures(email: string) {
  await db.delete(loginAttempts).where(eq(loginAttempts.bucket, `email:${email}`))
}
