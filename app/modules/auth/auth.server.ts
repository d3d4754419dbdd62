import { and, count, eq, gt, isNull } from 'drizzle-orm'
import { config } from '~/config.server'
import { db, schema } from '~/db.server'
import { clock } from '~/modules/clock/clock'
import { recordEvent } from '~/modules/events/events.server'
import type { Locale } from '~/modules/i18n/locales'
import { sendMail } from '~/modules/mail/mail.server'
import { invitationMail, invitationTakenMail, passwordResetMail } from '~/modules/mail/templates.server'
import { readerTimeZoneSql } from '~/modules/time/time-zone.server'
import { decoyHash, hashPassword, verifyPassword } from './password.server'
import { clearFailuresOf, loginRetryAfter, recordFailedLogin } from './rate-limit.server'
import { endAllSessionsOf } from './session.server'
import { createToken, hashToken } from './tokens.server'

const { users, passwordResets, invitations, accounts } = schema

export const resetTokenMinutes = 30
/** Reset links mailed to one person per hour at most. */
export const resetMailsPerHour = 3
export const invitationDays = 7

export type SignInResult =
  | { status: 'ok'; user: { id: number; role: typeof users.$inferSelect.role; locale: Locale } }
  | { status: 'invalid' }
  | { status: 'limited'; retryAfterSeconds: number }

/**
 * Checks a password under the rate limit. Unknown emails, disabled people and wrong
 * passwords give the same answer and take the same time.
 */
export async function signIn(input: {
  email: string
  password: string
  clientIp: string
  /** The browser signed in as this email before (rate-limit.server.ts). */
  trustedDevice: boolean
}): Promise<SignInResult> {
  const retry = await loginRetryAfter(input)
  if (retry.seconds > 0) {
    // Logged for whoever watches the portal; the email only as a hash, never in the clear.
    console.warn(
      `Sign-in refused (${retry.rule}, retry in ${retry.seconds} s) from ${input.clientIp} ` +
        `for email #${hashToken(input.email).slice(0, 12)}`,
    )
    return { status: 'limited', retryAfterSeconds: retry.seconds }
  }

  const user = await db.query.users.findFirst({
    where: eq(users.email, input.email),
    columns: { id: true, role: true, locale: true, passwordHash: true, disabled: true, accountId: true },
  })
  const valid = await verifyPassword(input.password, user?.passwordHash ?? (await decoyHash()))
  if (!user || !valid || user.disabled) {
    await recordFailedLogin(input)
    return { status: 'invalid' }
  }
  await clearFailuresOf(input)
  await recordEvent({ type: 'login', userId: user.id, accountId: user.accountId, locale: user.locale })
  return { status: 'ok', user: { id: user.id, role: user.role, locale: user.locale } }
}

/**
 * Sends a reset link when the email belongs to an active person; says nothing either way.
 * The link is built from SITE_URL, never from the request's Host header.
 */
export async function requestPasswordReset(input: { email: string; locale: Locale }) {
  const user = db
    .select({ id: users.id, name: users.name, email: users.email, timeZone: readerTimeZoneSql(users) })
    .from(users)
    .where(and(eq(users.email, input.email), eq(users.disabled, false)))
    .get()
  if (!user) return
  // Nobody can flood a person's inbox: a few links an hour are enough to get back in.
  const sentLately = db
    .select({ n: count() })
    .from(passwordResets)
    .where(
      and(
        eq(passwordResets.userId, user.id),
        gt(passwordResets.createdAt, new Date(clock.now().getTime() - 3600_000)),
      ),
    )
    .get()?.n
  if ((sentLately ?? 0) >= resetMailsPerHour) return
  const { token, tokenHash } = createToken()
  const now = clock.now()
  const expiresAt = new Date(now.getTime() + resetTokenMinutes * 60 * 1000)
  // Only the newest link works: an older one lying in a mailbox is void from now on.
  db.transaction(
    (tx) => {
      tx.update(passwordResets)
        .set({ usedAt: now })
        .where(and(eq(passwordResets.userId, user.id), isNull(passwordResets.usedAt)))
        .run()
      tx.insert(passwordResets)
        .values({
          tokenHash,
          userId: user.id,
          expiresAt,
        })
        .run()
    },
    { behavior: 'immediate' },
  )
  const link = `${config().SITE_URL}/${input.locale}/reset-password/${token}`
  await sendMail(
    passwordResetMail(input.locale, user.email, {
      name: user.name,
      link,
      minutes: resetTokenMinutes,
      expiresAt,
      timeZone: user.timeZone,
    }),
  )
}

function findUsableReset(token: string) {
  return db
    .select({ id: passwordResets.id, userId: passwordResets.userId, email: users.email })
    .from(passwordResets)
    .innerJoin(users, eq(users.id, passwordResets.userId))
    .where(
      and(
        eq(passwordResets.tokenHash, hashToken(token)),
        isNull(passwordResets.usedAt),
        gt(passwordResets.expiresAt, clock.now()),
        eq(users.disabled, false),
      ),
    )
    .get()
}

export async function isResetTokenUsable(token: string) {
  return !!(await findUsableReset(token))
}

/**
 * Sets a new password once per token and signs the person out everywhere. Returns who it was
 * (their role decides where they land), or null for an unknown, used or expired token.
 */
export async function resetPassword(input: { token: string; password: string }) {
  const passwordHash = await hashPassword(input.password)
  const person = db.transaction(
    (tx) => {
      const reset = tx
        .select({ id: passwordResets.id, userId: passwordResets.userId, role: users.role })
        .from(passwordResets)
        .innerJoin(users, eq(users.id, passwordResets.userId))
        .where(
          and(
            eq(passwordResets.tokenHash, hashToken(input.token)),
            isNull(passwordResets.usedAt),
            gt(passwordResets.expiresAt, clock.now()),
          ),
        )
        .get()
      if (!reset) return null
      tx.update(passwordResets)
        .set({ usedAt: clock.now() })
        .where(eq(passwordResets.userId, reset.userId))
        .run()
      tx.update(users).set({ passwordHash }).where(eq(users.id, reset.userId)).run()
      return { userId: reset.userId, role: reset.role }
    },
    { behavior: 'immediate' },
  )
  if (person) await endAllSessionsOf(person.userId)
  return person
}

export type InvitationResult = 'sent' | 'already-member' | 'email-taken'

/**
 * Invites a person to an account; the link works once and expires after `invitationDays`.
 *
 * An address that already belongs to someone in another company (or to staff) is answered
 * exactly like a new one, with a pending invitation on the admin's list, so a customer cannot
 * probe which addresses we know. Its owner gets a notice instead of a link, and the invitation
 * simply expires. Staff inviting from an account's page are told the truth
 * (`inviteToAccount(..., { revealTaken: true })`).
 */
export async function inviteToAccount(input: {
  accountId: number
  email: string
  locale: Locale
  isAccountAdmin: boolean
  invitedBy: { id: number; name: string }
  revealTaken?: boolean
}): Promise<InvitationResult> {
  const existing = await db.query.users.findFirst({
    where: eq(users.email, input.email),
    columns: { accountId: true, locale: true },
  })
  if (existing?.accountId === input.accountId) return 'already-member'
  if (existing && input.revealTaken) return 'email-taken'
  const account = await db.query.accounts.findFirst({
    where: eq(accounts.id, input.accountId),
    columns: { name: true },
  })
  if (!account) throw new Response('Not found', { status: 404 })
  const { token, tokenHash } = createToken()
  await db.insert(invitations).values({
    tokenHash,
    accountId: input.accountId,
    email: input.email,
    locale: input.locale,
    isAccountAdmin: input.isAccountAdmin,
    invitedById: input.invitedBy.id,
    expiresAt: new Date(clock.now().getTime() + invitationDays * 24 * 3600 * 1000),
  })
  if (existing) {
    await sendMail(
      invitationTakenMail(existing.locale, input.email, {
        accountName: account.name,
        inviterName: input.invitedBy.name,
      }),
    )
    return 'sent'
  }
  const link = `${config().SITE_URL}/${input.locale}/invite/${token}`
  await sendMail(
    invitationMail(input.locale, input.email, {
      accountName: account.name,
      inviterName: input.invitedBy.name,
      link,
      days: invitationDays,
    }),
  )
  return 'sent'
}

export async function findOpenInvitation(token: string) {
  return db
    .select({
      id: invitations.id,
      email: invitations.email,
      locale: invitations.locale,
      accountName: accounts.name,
    })
    .from(invitations)
    .innerJoin(accounts, eq(accounts.id, invitations.accountId))
    .where(
      and(
        eq(invitations.tokenHash, hashToken(token)),
        isNull(invitations.acceptedAt),
        gt(invitations.expiresAt, clock.now()),
      ),
    )
    .get()
}

/** Creates the invited person's user; the invitation is used up in the same transaction. */
export async function acceptInvitation(input: {
  token: string
  name: string
  password: string
  locale: Locale
}) {
  const passwordHash = await hashPassword(input.password)
  return db.transaction(
    (tx) => {
      const invitation = tx
        .select()
        .from(invitations)
        .where(
          and(
            eq(invitations.tokenHash, hashToken(input.token)),
            isNull(invitations.acceptedAt),
            gt(invitations.expiresAt, clock.now()),
          ),
        )
        .get()
      if (!invitation) return { status: 'invalid' as const }
      const taken = tx.select({ id: users.id }).from(users).where(eq(users.email, invitation.email)).get()
      if (taken) return { status: 'email-taken' as const }
      tx.update(invitations).set({ acceptedAt: clock.now() }).where(eq(invitations.id, invitation.id)).run()
      const [user] = tx
        .insert(users)
        .values({
          email: invitation.email,
          name: input.name,
          role: 'customer',
          accountId: invitation.accountId,
          isAccountAdmin: invitation.isAccountAdmin,
          locale: input.locale,
          passwordHash,
        })
        .returning({ id: users.id })
        .all()
      return { status: 'ok' as const, userId: user!.id }
    },
    { behavior: 'immediate' },
  )
}

export async function listPendingInvitations({ accountId }: { accountId: number }) {
  return db
    .select({ id: invitations.id, email: invitations.email, expiresAt: invitations.expiresAt })
    .from(invitations)
    .where(
      and(
        eq(invitations.accountId, accountId),
        isNull(invitations.acceptedAt),
        gt(invitations.expiresAt, clock.now()),
      ),
    )
}

/**
 * An account's pending invitation by id, or null: another account's invitation, an accepted
 * or an expired one is as missing as an id that was never given.
 */
function findPendingInvitation(
  tx: Pick<typeof db, 'select'>,
  { id, accountId }: { id: number; accountId: number },
) {
  return tx
    .select()
    .from(invitations)
    .where(
      and(
        eq(invitations.id, id),
        eq(invitations.accountId, accountId),
        isNull(invitations.acceptedAt),
        gt(invitations.expiresAt, clock.now()),
      ),
    )
    .get()
}

/**
 * Voids a pending invitation of the account: it expires now, so its link answers "no longer
 * valid" like any expired one, and the row stays as the record that it was sent. False when
 * the account has no such pending invitation.
 */
export function revokeInvitation({ id, accountId }: { id: number; accountId: number }) {
  return db.transaction(
    (tx) => {
      if (!findPendingInvitation(tx, { id, accountId })) return false
      tx.update(invitations).set({ expiresAt: clock.now() }).where(eq(invitations.id, id)).run()
      return true
    },
    { behavior: 'immediate' },
  )
}

/**
 * Sends a pending invitation again: the old link is voided and a new invitation to the same
 * address, language and rights goes out with a fresh expiry, from the admin who resent it.
 * False when the account has no such pending invitation.
 */
export async function resendInvitation(input: {
  id: number
  accountId: number
  resentBy: { id: number; name: string }
}) {
  const old = db.transaction(
    (tx) => {
      const pending = findPendingInvitation(tx, input)
      if (!pending) return null
      tx.update(invitations).set({ expiresAt: clock.now() }).where(eq(invitations.id, pending.id)).run()
      return pending
    },
    { behavior: 'immediate' },
  )
  if (!old) return false
  await inviteToAccount({
    accountId: old.accountId,
    email: old.email,
    locale: old.locale,
    isAccountAdmin: old.isAccountAdmin,
    invitedBy: input.resentBy,
  })
  return true
}
