import { createCookie } from '@remix-run/node'
import { and, eq, lt, or, sql } from 'drizzle-orm'
import { config } from '~/config.server'
import { db, preparedOnce, schema } from '~/db.server'
import { clock } from '~/modules/clock/clock'
import { bestEffortWrite } from '~/modules/storage/storage.server'
import { readerTimeZoneSql } from '~/modules/time/time-zone.server'
import { createToken, hashToken } from './tokens.server'

const { sessions, users } = schema

/** `__Host-hub_session` in production over https (see config's strictTransport). */
export const sessionCookie = createCookie(`${config().strictTransport ? '__Host-' : ''}hub_session`, {
  httpOnly: true,
  sameSite: 'lax',
  path: '/',
  secure: config().secureCookies,
  secrets: [config().SESSION_SECRET],
  maxAge: config().SESSION_MAX_DAYS * 24 * 3600,
})

const idleMs = () => config().SESSION_IDLE_HOURS * 3600 * 1000
const absoluteMs = () => config().SESSION_MAX_DAYS * 24 * 3600 * 1000
/** lastSeenAt is refreshed at most this often, so reading pages does not write on every hit. */
const touchEveryMs = 60 * 1000

export type SessionUser = Pick<
  typeof users.$inferSelect,
  'id' | 'email' | 'name' | 'role' | 'accountId' | 'isAccountAdmin' | 'locale'
> & {
  /** The zone the person reads times in (app/modules/time). */
  timeZone: string
  /** Whether they chose or confirmed it; until then the portal offers their browser's zone. */
  timeZoneChosen: boolean
}

const resolved = new WeakMap<Request, Promise<{ user: SessionUser; sessionHash: string } | null>>()

/** The signed-in person of a request, resolved once per request. */
export function getSession(request: Request) {
  let pending = resolved.get(request)
  if (!pending) {
    pending = lookUp(request)
    resolved.set(request, pending)
  }
  return pending
}

/** Every signed-in request asks this. */
const sessionByHash = preparedOnce(() =>
  db
    .select({
      lastSeenAt: sessions.lastSeenAt,
      expiresAt: sessions.expiresAt,
      user: {
        id: users.id,
        email: users.email,
        name: users.name,
        role: users.role,
        accountId: users.accountId,
        isAccountAdmin: users.isAccountAdmin,
        locale: users.locale,
        timeZone: readerTimeZoneSql(users),
        timeZoneChosen: sql<number>`${users.timeZone} is not null`,
        disabled: users.disabled,
      },
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(eq(sessions.idHash, sql.placeholder('hash')))
    .prepare(),
)

async function lookUp(request: Request) {
  const sessionId: unknown = await sessionCookie.parse(request.headers.get('Cookie'))
  if (typeof sessionId !== 'string' || sessionId.length > 100) return null
  const sessionHash = hashToken(sessionId)
  const row = sessionByHash().get({ hash: sessionHash })
  if (!row) return null
  const now = clock.now().getTime()
  const idleExpired = now - row.lastSeenAt.getTime() > idleMs()
  if (row.user.disabled || idleExpired || row.expiresAt.getTime() <= now) {
    // Best effort: an expired session is refused whether or not its row could be removed.
    await bestEffortWrite(() => db.delete(sessions).where(eq(sessions.idHash, sessionHash)))
    return null
  }
  if (now - row.lastSeenAt.getTime() > touchEveryMs) {
    await bestEffortWrite(() =>
      db
        .update(sessions)
        .set({ lastSeenAt: new Date(now) })
        .where(eq(sessions.idHash, sessionHash)),
    )
  }
  const { disabled: _disabled, timeZoneChosen, ...rest } = row.user
  const user: SessionUser = { ...rest, timeZoneChosen: timeZoneChosen === 1 }
  return { user, sessionHash }
}

export async function getUser(request: Request) {
  return (await getSession(request))?.user ?? null
}

/**
 * Signs a person in with a brand-new session id (never one the browser already had) and
 * ends the session the browser came with. Returns the Set-Cookie header.
 */
export async function startSession(request: Request, userId: number) {
  const previous = await getSession(request)
  if (previous) await db.delete(sessions).where(eq(sessions.idHash, previous.sessionHash))
  const { token, tokenHash } = createToken()
  const now = clock.now().getTime()
  await db.insert(sessions).values({
    idHash: tokenHash,
    userId,
    lastSeenAt: new Date(now),
    expiresAt: new Date(now + absoluteMs()),
  })
  await pruneExpiredSessionsOf(userId, now)
  return sessionCookie.serialize(token)
}

/** Ends the session on the server, so a copied cookie is worthless afterwards. */
export async function endSession(request: Request) {
  const current = await getSession(request)
  if (current) await db.delete(sessions).where(eq(sessions.idHash, current.sessionHash))
  return sessionCookie.serialize('', { maxAge: 0 })
}

export async function endAllSessionsOf(userId: number) {
  await db.delete(sessions).where(eq(sessions.userId, userId))
}

/**
 * At sign-in, the person's own expired sessions go. Only theirs: a sweep of everyone's by this
 * request's clock would end other people's sessions whenever that clock runs ahead of theirs
 * (a test's X-Test-Now, a skewed proxy). Rows of people who never come back stay, granting
 * nothing: expiry is checked whenever a session is used (lookUp).
 */
async function pruneExpiredSessionsOf(userId: number, now: number) {
  await db
    .delete(sessions)
    .where(
      and(
        eq(sessions.userId, userId),
        or(lt(sessions.expiresAt, new Date(now)), lt(sessions.lastSeenAt, new Date(now - idleMs()))),
      ),
    )
}

export function hasSessionCookie(request: Request) {
  const cookies = (request.headers.get('Cookie') ?? '').split(/;\s*/)
  return cookies.some((cookie) => cookie.startsWith(`${sessionCookie.name}=`))
}
