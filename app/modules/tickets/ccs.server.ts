import { and, asc, eq, inArray, ne, notExists, type SQL } from 'drizzle-orm'
import { config } from '~/config.server'
import { db, schema } from '~/db.server'
import { clock } from '~/modules/clock/clock'
import { sendMail } from '~/modules/mail/mail.server'
import { ticketCcAddedMail } from '~/modules/mail/templates.server'
import { readerTimeZoneSql } from '~/modules/time/time-zone.server'
import { audit, type Tx } from './audit.server'
import { ccSchema } from './tickets.schema'

/**
 * Colleagues copied on a ticket (CC). Who may be copied is one rule, `copyable` below: an active
 * customer of the ticket's own account other than its requester. Staff and other accounts'
 * people never are, whatever id a form sends. Who then may see the ticket is customerScope in
 * tickets.server.ts, which reads ticket_ccs.
 */

const { tickets, ticketCcs, users } = schema

/** An id in a CC form that is not a copyable colleague: the whole change is refused, nothing saved. */
export class NotAColleague extends Error {
  constructor() {
    super('Not a colleague who can be copied on this ticket')
  }
}

function copyable({ accountId, requesterId }: { accountId: number; requesterId: number | null }): SQL {
  return and(
    eq(users.accountId, accountId),
    eq(users.role, 'customer'),
    eq(users.disabled, false),
    requesterId === null ? undefined : ne(users.id, requesterId),
  )!
}

/**
 * Copies colleagues on a ticket inside the caller's transaction, one audit line each; people
 * already copied are left as they are. Throws NotAColleague (rolling the transaction back) when
 * any id is not copyable.
 */
export function copyColleagues(
  tx: Tx,
  input: {
    ticket: { id: number; accountId: number; requesterId: number | null }
    userIds: number[]
    actorId: number
    at: Date
  },
) {
  const ids = [...new Set(input.userIds)]
  if (ids.length === 0) return []
  const valid = tx
    .select({ id: users.id })
    .from(users)
    .where(and(inArray(users.id, ids), copyable(input.ticket)))
    .all()
  if (valid.length !== ids.length) throw new NotAColleague()
  const added = tx
    .insert(ticketCcs)
    .values(
      ids.map((userId) => ({
        ticketId: input.ticket.id,
        userId,
        addedById: input.actorId,
        addedAt: input.at,
      })),
    )
    .onConflictDoNothing()
    .returning({ userId: ticketCcs.userId })
    .all()
    .map((row) => row.userId)
  for (const userId of added)
    audit(tx, {
      ticketId: input.ticket.id,
      actorId: input.actorId,
      change: 'cc_added',
      to: String(userId),
      at: input.at,
    })
  return added
}

/** Copies one colleague on an existing ticket; the ids of who was newly copied (none when already). */
export function addCc(input: { ticketId: number; userId: number; actorId: number; at?: Date }) {
  return db.transaction(
    (tx) => {
      const ticket = tx
        .select({ id: tickets.id, accountId: tickets.accountId, requesterId: tickets.requesterId })
        .from(tickets)
        .where(eq(tickets.id, input.ticketId))
        .get()
      if (!ticket) throw new NotAColleague()
      return copyColleagues(tx, {
        ticket,
        userIds: [input.userId],
        actorId: input.actorId,
        at: input.at ?? clock.now(),
      })
    },
    { behavior: 'immediate' },
  )
}

/** Takes a colleague off the copy (or a person themselves); false when they were not on it. */
export function removeCc(input: { ticketId: number; userId: number; actorId: number; at?: Date }) {
  return db.transaction(
    (tx) => {
      const removed = tx
        .delete(ticketCcs)
        .where(and(eq(ticketCcs.ticketId, input.ticketId), eq(ticketCcs.userId, input.userId)))
        .returning({ userId: ticketCcs.userId })
        .all()
      if (removed.length === 0) return false
      audit(tx, {
        ticketId: input.ticketId,
        actorId: input.actorId,
        change: 'cc_removed',
        from: String(input.userId),
        at: input.at,
      })
      return true
    },
    { behavior: 'immediate' },
  )
}

/** Who is copied on the ticket, by name; a deactivated person stays listed (and removable) but reads nothing. */
export async function listCcs({ ticketId }: { ticketId: number }) {
  return db
    .select({ userId: users.id, name: users.name, email: users.email, disabled: users.disabled })
    .from(ticketCcs)
    .innerJoin(users, eq(users.id, ticketCcs.userId))
    .where(eq(ticketCcs.ticketId, ticketId))
    .orderBy(asc(users.name), asc(users.id))
}

/**
 * The colleagues who can still be copied: copyable and not on the ticket yet. Without a ticket
 * (the new-ticket form) every copyable colleague of the future requester.
 */
export async function listCcCandidates({
  accountId,
  requesterId,
  ticketId,
}: {
  accountId: number
  requesterId: number | null
  ticketId?: number
}) {
  return db
    .select({ id: users.id, name: users.name })
    .from(users)
    .where(
      and(
        copyable({ accountId, requesterId }),
        ticketId === undefined
          ? undefined
          : notExists(
              db
                .select({ one: ticketCcs.userId })
                .from(ticketCcs)
                .where(and(eq(ticketCcs.ticketId, ticketId), eq(ticketCcs.userId, users.id))),
            ),
      ),
    )
    .orderBy(asc(users.name), asc(users.id))
}

/**
 * Who may change a ticket's copy on the customer side: its requester and the account's admins.
 * Anyone copied may take themselves off (removeCc with their own id).
 */
export function mayManageCcs(
  viewer: { id: number; accountId: number | null; isAccountAdmin: boolean },
  ticket: { accountId: number; requesterId: number | null },
) {
  return viewer.id === ticket.requesterId || (viewer.isAccountAdmin && viewer.accountId === ticket.accountId)
}

/**
 * The copied colleagues who get the ticket's mail: active ones only, each with their own
 * language and clock.
 */
export async function ccRecipients({ ticketId, userIds }: { ticketId: number; userIds?: number[] }) {
  return db
    .select({
      email: users.email,
      name: users.name,
      locale: users.locale,
      timeZone: readerTimeZoneSql(users),
    })
    .from(ticketCcs)
    .innerJoin(users, eq(users.id, ticketCcs.userId))
    .where(
      and(
        eq(ticketCcs.ticketId, ticketId),
        eq(users.disabled, false),
        userIds ? inArray(users.id, userIds) : undefined,
      ),
    )
}

/**
 * "X added you to ticket #N", to each colleague just copied, in their language. Like the other
 * ticket mail, a failed send is logged: the copy is saved.
 */
export async function notifyCcAdded({
  ticketId,
  userIds,
  addedBy,
}: {
  ticketId: number
  userIds: number[]
  addedBy: string
}) {
  if (userIds.length === 0) return
  const [ticket] = await db
    .select({ number: tickets.number, subject: tickets.subject })
    .from(tickets)
    .where(eq(tickets.id, ticketId))
  if (!ticket) return
  for (const person of await ccRecipients({ ticketId, userIds })) {
    try {
      await sendMail(
        ticketCcAddedMail(person.locale, person.email, {
          name: person.name,
          addedBy,
          number: ticket.number,
          subject: ticket.subject,
          link: `${config().SITE_URL}/${person.locale}/tickets/${ticket.number}`,
        }),
      )
    } catch (error) {
      console.warn(`Mail about the copy of ticket #${ticket.number} was not sent:`, error)
    }
  }
}

/**
 * What a CC form on a ticket page asks (add a colleague, or take one off), for the customer's
 * and the staff page alike. `authorize` may refuse (throw) once the person is known. Refused is
 * anything that is not a copyable colleague, or not on the copy, with nothing saved.
 */
export async function applyCcForm(input: {
  intent: 'ccAdd' | 'ccRemove'
  form: FormData
  ticketId: number
  actor: { id: number; name: string }
  authorize?: (userId: number) => void
}): Promise<{ done: false } | { done: true; userId: number; name: string | undefined }> {
  const parsed = ccSchema.safeParse(Object.fromEntries(input.form))
  if (!parsed.success) return { done: false }
  const { userId } = parsed.data
  input.authorize?.(userId)
  const { ticketId, actor } = input
  if (input.intent === 'ccRemove') {
    const person = (await listCcs({ ticketId })).find((cc) => cc.userId === userId)
    if (!person || !removeCc({ ticketId, userId, actorId: actor.id })) return { done: false }
    return { done: true, userId, name: person.name }
  }
  let added
  try {
    added = addCc({ ticketId, userId, actorId: actor.id })
  } catch (error) {
    if (error instanceof NotAColleague) return { done: false }
    throw error
  }
  await notifyCcAdded({ ticketId, userIds: added, addedBy: actor.name })
  return { done: true, userId, name: (await listCcs({ ticketId })).find((cc) => cc.userId === userId)?.name }
}
