import { createCookie } from '@remix-run/node'
import { and, eq, gte, lt } from 'drizzle-orm'
import { config } from '~/config.server'
import { db, schema } from '~/db.server'
import { clock } from '~/modules/clock/clock'
import { hashToken } from './tokens.server'

const { loginAttempts } = schema

/**
 * Failed sign-ins, counted in SQLite so a restart does not reset them, in three buckets
 * (OWASP's advice against brute force without handing attackers a lockout):
 * - one email from one client: five failures stop that client guessing that password, and
 *   nobody else: a stranger's wrong guesses no longer lock the owner out;
 * - one client, any email: stops one address guessing many accounts;
 * - one email from anywhere: stops guessing spread over many addresses. It is much higher
 *   and does not apply to a browser the person signed in from before (a signed cookie), so
 *   even then the owner gets in from their own device.
 */
export const loginLimits = {
  windowMs: 15 * 60 * 1000,
  perEmailAndClient: 5,
  perClient: 20,
  perEmail: 50,
}

/**
 * Below the limit of one email from one client the wait grows with each failure, so a script
 * guessing a password is slowed at once while a person who mistyped twice never notices:
 * after the 2nd failure 1 s, then 2 s, then 4 s, then the limit. Many emails from one client
 * meet the plain per-client limit instead: behind a shared office address people mistype
 * independently, and one person's typos must not slow the others down.
 */
export const growingDelays = { freeFailures: 2, maxSeconds: 30 }

function growingDelaySeconds(failures: number, freeFailures: number) {
  if (failures < freeFailures) return 0
  return Math.min(2 ** (failures - freeFailures), growingDelays.maxSeconds)
}

/** Browsers the person signed in from: their email hashes, signed, for a year. */
const trustedDeviceCookie = createCookie('hub_device', {
  httpOnly: true,
  sameSite: 'lax',
  path: '/',
  secure: config().secureCookies,
  secrets: [config().SESSION_SECRET],
  maxAge: 365 * 24 * 3600,
})
const trustedEmailsPerDevice = 5

const emailKey = (email: string) => hashToken(`device:${email}`)

async function trustedEmails(request: Request) {
  const value: unknown = await trustedDeviceCookie.parse(request.headers.get('Cookie'))
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []
}

/** Whether this browser signed in as this email before. */
export async function isTrustedDevice(request: Request, email: string) {
  return (await trustedEmails(request)).includes(emailKey(email))
}

/** The Set-Cookie that remembers this browser for the email after a successful sign-in. */
export async function rememberTrustedDevice(request: Request, email: string) {
  const kept = (await trustedEmails(request)).filter((key) => key !== emailKey(email))
  return trustedDeviceCookie.serialize([emailKey(email), ...kept].slice(0, trustedEmailsPerDevice))
}

type Attempt = { email: string; clientIp: string; trustedDevice: boolean }

function buckets({ email, clientIp, trustedDevice }: Attempt) {
  return [
    {
      bucket: `pair:${email}|${clientIp}`,
      limit: loginLimits.perEmailAndClient,
      freeFailures: growingDelays.freeFailures,
    },
    { bucket: `client:${clientIp}`, limit: loginLimits.perClient, freeFailures: null },
    ...(trustedDevice ? [] : [{ bucket: `email:${email}`, limit: loginLimits.perEmail, freeFailures: null }]),
  ]
}

/**
 * Seconds until the next attempt is allowed (0 when it is allowed now), and which rule holds
 * it: the limit of a bucket, or the growing delay after its recent failures.
 */
export async function loginRetryAfter(attempt: Attempt, now = clock.now().getTime()) {
  const since = new Date(now - loginLimits.windowMs)
  let wait = 0
  let rule = ''
  for (const { bucket, limit, freeFailures } of buckets(attempt)) {
    const recent = await db
      .select({ attemptedAt: loginAttempts.attemptedAt })
      .from(loginAttempts)
      .where(and(eq(loginAttempts.bucket, bucket), gte(loginAttempts.attemptedAt, since)))
      .orderBy(loginAttempts.attemptedAt)
      .all()
    const kind = bucket.slice(0, bucket.indexOf(':'))
    if (recent.length >= limit) {
      const oldestThatCounts = recent[recent.length - limit]!.attemptedAt.getTime()
      const limited = Math.ceil((oldestThatCounts + loginLimits.windowMs - now) / 1000)
      if (limited > wait) [wait, rule] = [limited, `${kind} limit`]
    } else if (freeFailures !== null && recent.length > 0) {
      const last = recent[recent.length - 1]!.attemptedAt.getTime()
      const delayed = Math.ceil((last + growingDelaySeconds(recent.length, freeFailures) * 1000 - now) / 1000)
      if (delayed > wait) [wait, rule] = [delayed, `${kind} delay`]
    }
  }
  return { seconds: wait, rule }
}

export async function recordFailedLogin(
  attempt: Omit<Attempt, 'trustedDevice'>,
  now = clock.now().getTime(),
) {
  const attemptedAt = new Date(now)
  // Every failure counts in the email's own bucket too, whichever browser it came from.
  const all = buckets({ ...attempt, trustedDevice: false })
  // better-sqlite3 transactions are synchronous: every statement inside ends in .run().
  db.transaction(
    (tx) => {
      tx.insert(loginAttempts)
        .values(all.map(({ bucket }) => ({ bucket, attemptedAt })))
        .run()
      tx.delete(loginAttempts)
        .where(lt(loginAttempts.attemptedAt, new Date(now - loginLimits.windowMs)))
        .run()
    },
    { behavior: 'immediate' },
  )
}

/** A correct password clears the failures of that email from that client, not the others. */
export async function clearFailuresOf({ email, clientIp }: { email: string; clientIp: string }) {
  await db.delete(loginAttempts).where(eq(loginAttempts.bucket, `pair:${email}|${clientIp}`))
}
