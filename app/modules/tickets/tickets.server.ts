import { and, asc, desc, eq, gt, inArray, max, or, sql, type Placeholder, type SQL } from 'drizzle-orm'
import type { Locale } from '#db/schema/enums'
import {
  ticketNumberStart,
  type TicketCategory,
  type TicketChannel,
  type TicketPriority,
  type TicketStatus,
} from '#db/schema/tickets'
import { config } from '~/config.server'
import { db, preparedOnce, schema } from '~/db.server'
import { effectiveTier } from '~/modules/accounts/tier'
import { staffRoles } from '~/modules/auth/guards.server'
import { clock } from '~/modules/clock/clock'
import { recordEvent } from '~/modules/events/events.server'
import { sendMail } from '~/modules/mail/mail.server'
import { ticketReceiptMail, ticketUpdateMail } from '~/modules/mail/templates.server'
import { readerTimeZoneSql } from '~/modules/time/time-zone.server'
import { filesFit, FilesTooLarge, recordAttachments, type StoredFile } from './attachments.server'
import { audit, type Tx } from './audit.server'
import { ccRecipients, copyColleagues } from './ccs.server'
import { canReopen } from './reopen'
import { dueTimesFor, resumedDueTimes } from './sla'
import { businessHoursOfMarket, slaTargetFor } from './sla.server'
import { conversationWindow, type ConversationWindow } from './tickets.schema'

const { tickets, ticketMessages, ticketAttachments, ticketEvents, ticketRatings, accounts, markets, users } =
  schema

type TicketRow = typeof tickets.$inferSelect

/** Who is asking, as far as ticket access goes. */
export type TicketViewer = { id: number; accountId: number | null; isAccountAdmin: boolean; role: string }
/** A viewer whose ids may be placeholders, for statements prepared once (see preparedOnce). */
type ScopeViewer = Pick<TicketViewer, 'isAccountAdmin'> & {
  id: number | Placeholder
  accountId: number | Placeholder | null
}

/** Whether the person is copied on the ticket (ticket_ccs has no `id`, so the subquery's `id` is the ticket's). */
function copiedOn(userId: number | Placeholder): SQL<number> {
  return sql<number>`exists (select 1 from ticket_ccs cc where cc.ticket_id = ${tickets.id} and cc.user_id = ${userId})`
}

/**
 * A customer sees the tickets they requested and those a colleague copied them on (CC); an
 * account admin sees every ticket of the account. Always within the viewer's own account, so a
 * copy row can never open another account's ticket. Anything else is as missing as a ticket
 * that does not exist. A deactivated person has no session, so they see nothing at all.
 */
function customerScope(viewer: ScopeViewer): SQL {
  if (viewer.accountId === null) return eq(tickets.id, -1)
  return viewer.isAccountAdmin
    ? eq(tickets.accountId, viewer.accountId)
    : and(
        eq(tickets.accountId, viewer.accountId),
        or(eq(tickets.requesterId, viewer.id), copiedOn(viewer.id)),
      )!
}

/** Due times from the targets of the account's tier and the ticket's priority, in the market's support hours. */
function slaDueTimes(
  exec: Pick<typeof db, 'select'>,
  input: { accountId: number; priority: TicketPriority; at: Date },
) {
  const account = exec.select().from(accounts).where(eq(accounts.id, input.accountId)).get()
  if (!account) return null
  const hours = businessHoursOfMarket(exec, { marketId: account.marketId })
  if (!hours) return null
  const tier = effectiveTier(account)
  return {
    tier,
    ...dueTimesFor({
      createdAt: input.at,
      targets: slaTargetFor(exec, { tier, priority: input.priority }),
      pausedMinutes: 0,
      hours,
    }),
  }
}

/**
 * Opens a ticket with its first message: a human number, SLA due times fixed at the tier of
 * the moment, the audit trail's first line. `createdById` is staff when they log an
 * off-portal conversation for the customer.
 */
export function createTicket(input: {
  accountId: number
  requesterId: number
  subject: string
  body: string
  category: TicketCategory
  locale: Locale
  channel?: TicketChannel
  priority?: TicketPriority
  createdById?: number
  at?: Date
  /** Files already written by saveWithFiles: their rows are part of this transaction. */
  files?: StoredFile[]
  /** The portal page the ticket was asked from. */
  context?: { path: string; title: string } | null
  /** Colleagues to copy; any id that is not a copyable colleague throws NotAColleague and saves nothing. */
  cc?: number[]
}) {
  const at = input.at ?? clock.now()
  // Worked out before the write lock is taken: reading the targets, the market's hours and
  // holidays and walking the calendar would otherwise hold up every other writer. They depend
  // on nothing this transaction writes; an edit of the targets in between is as if it came
  // after the ticket.
  const due = slaDueTimes(db, { accountId: input.accountId, priority: input.priority ?? 'normal', at })
  if (!due) return null
  const created = db.transaction(
    (tx) => {
      const last = tx
        .select({ n: max(tickets.number) })
        .from(tickets)
        .get()?.n
      const [ticket] = tx
        .insert(tickets)
        .values({
          number: last ? last + 1 : ticketNumberStart,
          accountId: input.accountId,
          requesterId: input.requesterId,
          subject: input.subject,
          category: input.category,
          priority: input.priority ?? 'normal',
          channel: input.channel ?? 'portal',
          locale: input.locale,
          tier: due.tier,
          firstResponseDueAt: due.firstResponseDueAt,
          resolutionDueAt: due.resolutionDueAt,
          createdById: input.createdById ?? input.requesterId,
          contextPath: input.context?.path ?? null,
          contextTitle: input.context?.title ?? null,
          createdAt: at,
          updatedAt: at,
        })
        .returning({ id: tickets.id, number: tickets.number })
        .all()
      const [message] = tx
        .insert(ticketMessages)
        .values({
          ticketId: ticket!.id,
          authorId: input.createdById ?? input.requesterId,
          body: input.body,
          createdAt: at,
        })
        .returning({ id: ticketMessages.id })
        .all()
      recordAttachments(tx, {
        ticketId: ticket!.id,
        messageId: message!.id,
        uploaderId: input.createdById ?? input.requesterId,
        files: input.files ?? [],
        at,
      })
      audit(tx, {
        ticketId: ticket!.id,
        actorId: input.createdById ?? input.requesterId,
        change: 'created',
        to: input.channel ?? 'portal',
        at,
      })
      // The adoption raw material: who asked for help, through which ticket.
      tx.insert(schema.events)
        .values({
          type: 'ticket',
          userId: input.requesterId,
          accountId: input.accountId,
          ref: String(ticket!.number),
          locale: input.locale,
          occurredAt: at,
        })
        .run()
      const copied = copyColleagues(tx, {
        ticket: { id: ticket!.id, accountId: input.accountId, requesterId: input.requesterId },
        userIds: input.cc ?? [],
        actorId: input.createdById ?? input.requesterId,
        at,
      })
      return { id: ticket!.id, number: ticket!.number, messageId: message!.id, copied }
    },
    { behavior: 'immediate' },
  )
  return created
}

/**
 * New tickets one person may open in an hour through the portal. Far above what anyone needs;
 * a script or a stuck form beyond it gets a message instead of flooding the support queue.
 */
export const ticketsPerHour = 10

export function countRecentTickets({ requesterId }: { requesterId: number }) {
  const since = new Date(clock.now().getTime() - 3_600_000)
  return (
    db
      .select({ n: sql<number>`count(*)` })
      .from(tickets)
      .where(
        and(
          eq(tickets.requesterId, requesterId),
          eq(tickets.channel, 'portal'),
          gt(tickets.createdAt, since),
        ),
      )
      .get()?.n ?? 0
  )
}

function customerTicketColumns(viewer: TicketViewer) {
  return {
    id: tickets.id,
    number: tickets.number,
    subject: tickets.subject,
    status: tickets.status,
    category: tickets.category,
    channel: tickets.channel,
    createdAt: tickets.createdAt,
    updatedAt: tickets.updatedAt,
    requesterName: users.name,
    /** Copied on it rather than its requester: the list labels it "CC". */
    copied: sql<boolean>`${tickets.requesterId} is not ${viewer.id} and ${copiedOn(viewer.id)}`.mapWith(
      Boolean,
    ),
  }
}

/** The person's tickets (an account admin's: the account's), newest first. */
export async function listTicketsForCustomer({
  viewer,
  status,
}: {
  viewer: TicketViewer
  status?: TicketStatus | null
}) {
  return db
    .select(customerTicketColumns(viewer))
    .from(tickets)
    .leftJoin(users, eq(users.id, tickets.requesterId))
    .where(and(customerScope(viewer), status ? eq(tickets.status, status) : undefined))
    .orderBy(desc(tickets.updatedAt), desc(tickets.id))
}

/**
 * One page of the person's tickets, newest first, with how many there are and whether any is
 * theirs only through a CC. A page past the last shows the first.
 */
export async function listTicketPageForCustomer({
  viewer,
  status,
  page,
  pageSize,
}: {
  viewer: TicketViewer
  status: TicketStatus | null
  page: number
  pageSize: number
}) {
  const where = and(customerScope(viewer), status ? eq(tickets.status, status) : undefined)
  const total =
    db
      .select({ n: sql<number>`count(*)` })
      .from(tickets)
      .where(where)
      .get()?.n ?? 0
  const copiedOnAny = !!db
    .select({ id: tickets.id })
    .from(tickets)
    .where(and(customerScope(viewer), sql`${tickets.requesterId} is not ${viewer.id}`, copiedOn(viewer.id)))
    .limit(1)
    .get()
  const shownPage = page > Math.max(1, Math.ceil(total / pageSize)) ? 1 : page
  const rows = await db
    .select(customerTicketColumns(viewer))
    .from(tickets)
    .leftJoin(users, eq(users.id, tickets.requesterId))
    .where(where)
    .orderBy(desc(tickets.updatedAt), desc(tickets.id))
    .limit(pageSize)
    .offset((shownPage - 1) * pageSize)
  return { rows, total, page: shownPage, copiedOnAny }
}

/**
 * A ticket waits for the customer when staff asked them something and set it to pending; the
 * home's card and the count in the navigation both read this one condition.
 */
export const awaitingCustomerStatus = 'pending' satisfies TicketStatus

/** The tickets waiting for the person's answer (an account admin's: the account's), newest first. */
export async function listTicketsAwaitingCustomer({ viewer }: { viewer: TicketViewer }) {
  return listTicketsForCustomer({ viewer, status: awaitingCustomerStatus })
}

/** Asked on every page a customer opens (the navigation's count), so prepared once per scope. */
const awaitingCustomerCount = (isAccountAdmin: boolean) =>
  preparedOnce(() =>
    db
      .select({ n: sql<number>`count(*)` })
      .from(tickets)
      .where(
        and(
          customerScope({
            id: sql.placeholder('userId'),
            accountId: sql.placeholder('accountId'),
            isAccountAdmin,
          }),
          eq(tickets.status, awaitingCustomerStatus),
        ),
      )
      .prepare(),
  )
const awaitingCustomerCounts = { admin: awaitingCustomerCount(true), member: awaitingCustomerCount(false) }

export function countTicketsAwaitingCustomer({ viewer }: { viewer: TicketViewer }) {
  if (viewer.accountId === null) return 0
  const count = awaitingCustomerCounts[viewer.isAccountAdmin ? 'admin' : 'member']()
  return count.get({ userId: viewer.id, accountId: viewer.accountId })?.n ?? 0
}

/** Finds a ticket by number within what the customer may see; null otherwise. */
export async function findTicketForCustomer({ number, viewer }: { number: number; viewer: TicketViewer }) {
  const [ticket] = await db
    .select()
    .from(tickets)
    .where(and(eq(tickets.number, number), customerScope(viewer)))
  return ticket ?? null
}

/** Finds a ticket by number for staff, who see every account's. */
export async function findTicketForStaff({ number }: { number: number }) {
  const [ticket] = await db.select().from(tickets).where(eq(tickets.number, number))
  return ticket ?? null
}

/** One account's tickets as `viewer` may see them: staff every one, a customer as customerScope says. */
function accountScope({ accountId, viewer }: { accountId: number; viewer: TicketViewer }): SQL {
  const staff = (staffRoles as readonly string[]).includes(viewer.role)
  return staff
    ? eq(tickets.accountId, accountId)
    : and(eq(tickets.accountId, accountId), customerScope(viewer))!
}

/** Enough recent tickets to pick from without turning a select into a haystack. */
const ticketChoiceLimit = 50

/**
 * The account's tickets `viewer` may pick, for a link from elsewhere (a task of the plan):
 * the 50 most recent, unfinished ones before solved and closed ones, plus `keepIds` (what is
 * already linked) when the viewer may see them. Newest first; number and subject only.
 */
export async function listTicketChoices({
  accountId,
  viewer,
  keepIds,
}: {
  accountId: number
  viewer: TicketViewer
  keepIds: number[]
}) {
  const scope = accountScope({ accountId, viewer })
  const columns = {
    id: tickets.id,
    number: tickets.number,
    subject: tickets.subject,
    updatedAt: tickets.updatedAt,
  }
  const recent = await db
    .select(columns)
    .from(tickets)
    .where(scope)
    .orderBy(sql`${tickets.status} in ('solved', 'closed')`, desc(tickets.updatedAt), desc(tickets.id))
    .limit(ticketChoiceLimit)
  const missing = [...new Set(keepIds)].filter((id) => !recent.some((t) => t.id === id))
  const kept =
    missing.length > 0
      ? await db
          .select(columns)
          .from(tickets)
          .where(and(scope, inArray(tickets.id, missing)))
      : []
  return [...recent, ...kept]
    .sort((a, b) => b.updatedAt.getTime() - a.updatedAt.getTime() || b.id - a.id)
    .map(({ id, number, subject }) => ({ id, number, subject }))
}

/**
 * A ticket of the account by number, inside the caller's transaction, and whether `viewer` may
 * see it. Another account's ticket is null, like a number that was never given.
 */
export function findAccountTicket(
  tx: Tx,
  { accountId, number, viewer }: { accountId: number; number: number; viewer: TicketViewer },
) {
  const ticket = tx
    .select({ id: tickets.id, number: tickets.number })
    .from(tickets)
    .where(and(eq(tickets.number, number), eq(tickets.accountId, accountId)))
    .get()
  if (!ticket) return null
  const visible =
    tx
      .select({ id: tickets.id })
      .from(tickets)
      .where(and(eq(tickets.id, ticket.id), accountScope({ accountId, viewer })))
      .get() !== undefined
  return { ...ticket, visible }
}

/**
 * The conversation, or the part of it `window` asks for (tickets.schema.ts): the messages in
 * order, how many earlier ones are not shown and how many there are in all. For customers
 * (`includeInternal: false`) internal notes and their attachments are left out in the query
 * itself, so no loader can hand them out by mistake.
 */
export async function getConversation({
  ticketId,
  includeInternal,
  window = { all: true, before: null },
  size = conversationWindow,
}: {
  ticketId: number
  includeInternal: boolean
  window?: ConversationWindow
  size?: number
}) {
  const visible = and(
    eq(ticketMessages.ticketId, ticketId),
    includeInternal ? undefined : eq(ticketMessages.internal, false),
  )
  const key = sql`(${ticketMessages.createdAt}, ${ticketMessages.id})`
  // The oldest message shown: `size` messages back from the newest, or from the message asked for.
  const anchor = window.before
    ? db
        .select({ createdAt: ticketMessages.createdAt, id: ticketMessages.id })
        .from(ticketMessages)
        .where(and(visible, eq(ticketMessages.id, window.before)))
        .get()
    : undefined
  const first = window.all
    ? undefined
    : db
        .select({ createdAt: ticketMessages.createdAt, id: ticketMessages.id })
        .from(ticketMessages)
        .where(and(visible, anchor ? sql`${key} < (${anchor.createdAt.getTime()}, ${anchor.id})` : undefined))
        .orderBy(desc(ticketMessages.createdAt), desc(ticketMessages.id))
        .limit(1)
        .offset(size - 1)
        .get()
  const from = first ? sql`${key} >= (${first.createdAt.getTime()}, ${first.id})` : undefined
  const counts = db
    .select({
      total: sql<number>`count(*)`,
      earlier: first
        ? sql<number>`coalesce(sum(${key} < (${first.createdAt.getTime()}, ${first.id})), 0)`
        : sql<number>`0`,
    })
    .from(ticketMessages)
    .where(visible)
    .get() ?? { total: 0, earlier: 0 }
  const messages = await db
    .select({
      id: ticketMessages.id,
      body: ticketMessages.body,
      internal: ticketMessages.internal,
      createdAt: ticketMessages.createdAt,
      authorId: ticketMessages.authorId,
      authorName: users.name,
      authorRole: users.role,
    })
    .from(ticketMessages)
    .leftJoin(users, eq(users.id, ticketMessages.authorId))
    .where(and(visible, from))
    .orderBy(asc(ticketMessages.createdAt), asc(ticketMessages.id))
  const messageIds = messages.map((m) => m.id)
  const attachments = messageIds.length
    ? await db
        .select({
          id: ticketAttachments.id,
          messageId: ticketAttachments.messageId,
          originalName: ticketAttachments.originalName,
          contentType: ticketAttachments.contentType,
          size: ticketAttachments.size,
        })
        .from(ticketAttachments)
        .where(
          and(eq(ticketAttachments.ticketId, ticketId), inArray(ticketAttachments.messageId, messageIds)),
        )
    : []
  return {
    messages: messages.map((m) => ({ ...m, attachments: attachments.filter((a) => a.messageId === m.id) })),
    earlier: counts.earlier,
    total: counts.total,
  }
}

/** Status changes with their times: the timeline customers see. */
export async function getStatusTimeline({ ticketId }: { ticketId: number }) {
  return db
    .select({
      change: ticketEvents.change,
      fromValue: ticketEvents.fromValue,
      toValue: ticketEvents.toValue,
      at: ticketEvents.at,
    })
    .from(ticketEvents)
    .where(and(eq(ticketEvents.ticketId, ticketId), inArray(ticketEvents.change, ['created', 'status'])))
    .orderBy(asc(ticketEvents.at), asc(ticketEvents.id))
}

/** Every change, with who made it: the audit trail staff see. */
export async function getAuditTrail({ ticketId }: { ticketId: number }) {
  return db
    .select({
      change: ticketEvents.change,
      fromValue: ticketEvents.fromValue,
      toValue: ticketEvents.toValue,
      at: ticketEvents.at,
      actorName: users.name,
    })
    .from(ticketEvents)
    .leftJoin(users, eq(users.id, ticketEvents.actorId))
    .where(eq(ticketEvents.ticketId, ticketId))
    .orderBy(asc(ticketEvents.at), asc(ticketEvents.id))
}

/**
 * The SLA clock's share of a status change: entering pending stops it; leaving pending (the
 * customer answered, or staff moved on) starts it again with the due times moved by the wait.
 * A solved or closed ticket that opens again resumes the same way from when it ended: the team
 * owed nothing while it stood solved, and a breach before that stays a breach.
 */
function slaClockChange(tx: Tx, ticket: TicketRow, status: TicketStatus, at: Date) {
  if (status === 'pending') return ticket.slaPausedSince ? {} : { slaPausedSince: at }
  const reopening = (status === 'open' || status === 'new') && ['solved', 'closed'].includes(ticket.status)
  const endedAt = reopening ? (ticket.solvedAt ?? ticket.closedAt) : null
  const pausedSince = ticket.slaPausedSince ?? endedAt
  if (!pausedSince) return {}
  const account = tx
    .select({ marketId: accounts.marketId })
    .from(accounts)
    .where(eq(accounts.id, ticket.accountId))
    .get()
  const hours = account && businessHoursOfMarket(tx, { marketId: account.marketId })
  if (!hours) return { slaPausedSince: null }
  return { slaPausedSince: null, ...resumedDueTimes(ticket, { pausedSince, resumedAt: at, hours }) }
}

function setStatus(tx: Tx, input: { ticket: TicketRow; status: TicketStatus; actorId: number; at: Date }) {
  if (input.ticket.status === input.status) return false
  tx.update(tickets)
    .set({
      status: input.status,
      updatedAt: input.at,
      ...(input.status === 'solved' ? { solvedAt: input.at } : {}),
      ...(input.status === 'closed' ? { closedAt: input.at } : {}),
      ...(input.status === 'open' || input.status === 'new' || input.status === 'pending'
        ? { solvedAt: null, closedAt: null }
        : {}),
      ...slaClockChange(tx, input.ticket, input.status, input.at),
    })
    .where(eq(tickets.id, input.ticket.id))
    .run()
  audit(tx, {
    ticketId: input.ticket.id,
    actorId: input.actorId,
    change: 'status',
    from: input.ticket.status,
    to: input.status,
    at: input.at,
  })
  return true
}

/**
 * A new priority promises again: the targets of the ticket's tier and that priority, from its
 * arrival, plus the support time it already spent waiting for the customer. A first response
 * already given keeps its due time.
 */
function repromise(tx: Tx, ticket: TicketRow, priority: TicketPriority) {
  const account = tx
    .select({ marketId: accounts.marketId })
    .from(accounts)
    .where(eq(accounts.id, ticket.accountId))
    .get()
  const hours = account && businessHoursOfMarket(tx, { marketId: account.marketId })
  if (!hours) return {}
  const due = dueTimesFor({
    createdAt: ticket.createdAt,
    targets: slaTargetFor(tx, { tier: ticket.tier, priority }),
    pausedMinutes: ticket.slaPausedMinutes,
    hours,
  })
  return {
    ...(ticket.firstResponseAt ? {} : { firstResponseDueAt: due.firstResponseDueAt }),
    ...(ticket.solvedAt || ticket.closedAt ? {} : { resolutionDueAt: due.resolutionDueAt }),
  }
}

/**
 * Whether the person is "the customer" of the ticket for the SLA rules: an active customer of
 * the ticket's account who may see it (customerScope: its requester, a colleague copied on it,
 * an account admin). Their answer ends a wait or reopens the ticket, whoever of them writes.
 */
function isTicketCustomer(tx: Tx, { ticketId, userId }: { ticketId: number; userId: number }) {
  const person = tx
    .select({
      id: users.id,
      accountId: users.accountId,
      isAccountAdmin: users.isAccountAdmin,
      role: users.role,
    })
    .from(users)
    .where(and(eq(users.id, userId), eq(users.role, 'customer'), eq(users.disabled, false)))
    .get()
  if (!person) return false
  return (
    tx
      .select({ id: tickets.id })
      .from(tickets)
      .where(and(eq(tickets.id, ticketId), customerScope(person)))
      .get() !== undefined
  )
}

/**
 * A message on a ticket. A customer's reply brings a waiting or solved ticket back to the
 * team; the first public staff reply sets the first response time; an internal note changes
 * nothing the customer sees.
 */
export function addMessage(input: {
  ticketId: number
  authorId: number
  body: string
  internal?: boolean
  fromStaff: boolean
  nextStatus?: TicketStatus
  at?: Date
  /** Files already written by saveWithFiles: their rows are part of this transaction. */
  files?: StoredFile[]
  /** The portal page the ticket was asked from. */
  context?: { path: string; title: string } | null
}) {
  const at = input.at ?? clock.now()
  return db.transaction(
    (tx) => {
      const ticket = tx.select().from(tickets).where(eq(tickets.id, input.ticketId)).get()
      if (!ticket) return null
      // Checked inside the write lock: two replies at once cannot both slip under the limit.
      if (!filesFit(tx, { ticketId: ticket.id, files: input.files ?? [] })) throw new FilesTooLarge()
      const internal = input.fromStaff && !!input.internal
      const [message] = tx
        .insert(ticketMessages)
        .values({ ticketId: ticket.id, authorId: input.authorId, body: input.body, internal, createdAt: at })
        .returning({ id: ticketMessages.id })
        .all()
      recordAttachments(tx, {
        ticketId: ticket.id,
        messageId: message!.id,
        uploaderId: input.authorId,
        files: input.files ?? [],
        at,
      })
      audit(tx, { ticketId: ticket.id, actorId: input.authorId, change: internal ? 'note' : 'reply', at })
      let statusChanged = false
      if (!internal) {
        const customerAnswers =
          !input.fromStaff && isTicketCustomer(tx, { ticketId: ticket.id, userId: input.authorId })
        const next: TicketStatus = input.fromStaff
          ? (input.nextStatus ?? (ticket.status === 'new' ? 'open' : ticket.status))
          : customerAnswers && ['pending', 'solved', 'closed'].includes(ticket.status)
            ? 'open'
            : ticket.status
        statusChanged = setStatus(tx, { ticket, status: next, actorId: input.authorId, at })
        tx.update(tickets)
          .set({
            updatedAt: at,
            ...(input.fromStaff && !ticket.firstResponseAt ? { firstResponseAt: at } : {}),
          })
          .where(eq(tickets.id, ticket.id))
          .run()
      }
      return { messageId: message!.id, internal, statusChanged }
    },
    { behavior: 'immediate' },
  )
}

/** Staff changes of status, priority, category or assignee; one audit line per field. */
export function updateTicket(input: {
  ticketId: number
  actorId: number
  changes: {
    status?: TicketStatus
    priority?: TicketPriority
    category?: TicketCategory
    assigneeId?: number | null
  }
  at?: Date
}) {
  const at = input.at ?? clock.now()
  return db.transaction(
    (tx) => {
      const ticket = tx.select().from(tickets).where(eq(tickets.id, input.ticketId)).get()
      if (!ticket) return null
      const { status, priority, category, assigneeId } = input.changes
      let statusChanged = false
      if (status) statusChanged = setStatus(tx, { ticket, status, actorId: input.actorId, at })
      const fields: Partial<typeof tickets.$inferInsert> = {}
      if (priority && priority !== ticket.priority) {
        // Read after the status change: a wait that just ended is already in the paused minutes.
        const current = tx.select().from(tickets).where(eq(tickets.id, ticket.id)).get()!
        Object.assign(fields, { priority }, repromise(tx, current, priority))
        audit(tx, {
          ticketId: ticket.id,
          actorId: input.actorId,
          change: 'priority',
          from: ticket.priority,
          to: priority,
          at,
        })
      }
      if (category && category !== ticket.category) {
        fields.category = category
        audit(tx, {
          ticketId: ticket.id,
          actorId: input.actorId,
          change: 'category',
          from: ticket.category,
          to: category,
          at,
        })
      }
      if (assigneeId !== undefined && assigneeId !== ticket.assigneeId) {
        fields.assigneeId = assigneeId
        audit(tx, {
          ticketId: ticket.id,
          actorId: input.actorId,
          change: 'assignee',
          from: ticket.assigneeId?.toString() ?? null,
          to: assigneeId?.toString() ?? null,
          at,
        })
      }
      if (Object.keys(fields).length || statusChanged)
        tx.update(tickets)
          .set({ ...fields, updatedAt: at })
          .where(eq(tickets.id, ticket.id))
          .run()
      return { statusChanged }
    },
    { behavior: 'immediate' },
  )
}

/**
 * A customer closes their solved or open ticket, or reopens a solved or closed one within
 * reopenWindowDays of its end.
 */
export function setStatusByCustomer(input: { ticketId: number; actorId: number; status: 'closed' | 'open' }) {
  return db.transaction(
    (tx) => {
      const ticket = tx.select().from(tickets).where(eq(tickets.id, input.ticketId)).get()
      if (!ticket) return false
      const at = clock.now()
      const allowed = input.status === 'open' ? canReopen(ticket, at) : ticket.status !== 'closed'
      if (!allowed) return false
      return setStatus(tx, { ticket, status: input.status, actorId: input.actorId, at })
    },
    { behavior: 'immediate' },
  )
}

/** One satisfaction rating per ticket, only after it is solved; false otherwise. */
export function rateTicket(input: { ticketId: number; userId: number; rating: number; comment: string }) {
  return db.transaction(
    (tx) => {
      const ticket = tx
        .select({ status: tickets.status })
        .from(tickets)
        .where(eq(tickets.id, input.ticketId))
        .get()
      if (!ticket || !['solved', 'closed'].includes(ticket.status)) return false
      const inserted = tx
        .insert(ticketRatings)
        .values(input)
        .onConflictDoNothing()
        .returning({ ticketId: ticketRatings.ticketId })
        .all()
      if (inserted.length === 0) return false
      audit(tx, {
        ticketId: input.ticketId,
        actorId: input.userId,
        change: 'rating',
        to: String(input.rating),
      })
      return true
    },
    { behavior: 'immediate' },
  )
}

export async function getRating({ ticketId }: { ticketId: number }) {
  const [rating] = await db.select().from(ticketRatings).where(eq(ticketRatings.ticketId, ticketId))
  return rating ?? null
}

/**
 * Tells the requester and the colleagues copied on the ticket, each in their own language and on
 * their own clock, that staff replied or the status changed, with a link back. Deactivated people
 * get nothing. A failed send is logged, never turned into a failed request: the change is saved.
 */
export async function notifyTicketFollowers(input: { ticketId: number; kind: 'reply' | 'status' }) {
  const [row] = await db
    .select({
      number: tickets.number,
      subject: tickets.subject,
      status: tickets.status,
      email: users.email,
      name: users.name,
      locale: users.locale,
      timeZone: readerTimeZoneSql(users),
      disabled: users.disabled,
    })
    .from(tickets)
    .leftJoin(users, eq(users.id, tickets.requesterId))
    .where(eq(tickets.id, input.ticketId))
  if (!row) return
  const requester =
    row.email && row.name && row.locale && !row.disabled
      ? [{ email: row.email, name: row.name, locale: row.locale, timeZone: row.timeZone, copied: false }]
      : []
  const copied = (await ccRecipients({ ticketId: input.ticketId })).map((person) => ({
    ...person,
    copied: true,
  }))
  const at = clock.now()
  for (const person of [...requester, ...copied]) {
    try {
      await sendMail(
        ticketUpdateMail(person.locale, person.email, {
          name: person.name,
          number: row.number,
          subject: row.subject,
          status: row.status,
          kind: input.kind,
          copied: person.copied,
          link: `${config().SITE_URL}/${person.locale}/tickets/${row.number}`,
          at,
          timeZone: person.timeZone,
        }),
      )
    } catch (error) {
      console.warn(`Mail about ticket #${row.number} was not sent:`, error)
    }
  }
}

/**
 * The receipt of a ticket the customer opened through the portal, in the requester's language
 * and on their clock. Like notifyTicketFollowers, a failed send is logged: the ticket is saved.
 */
export async function sendTicketReceipt({ ticketId }: { ticketId: number }) {
  const [row] = await db
    .select({
      number: tickets.number,
      subject: tickets.subject,
      firstResponseDueAt: tickets.firstResponseDueAt,
      email: users.email,
      name: users.name,
      locale: users.locale,
      timeZone: readerTimeZoneSql(users),
      disabled: users.disabled,
    })
    .from(tickets)
    .innerJoin(users, eq(users.id, tickets.requesterId))
    .where(eq(tickets.id, ticketId))
  if (!row || row.disabled) return
  try {
    await sendMail(
      ticketReceiptMail(row.locale, row.email, {
        name: row.name,
        number: row.number,
        subject: row.subject,
        link: `${config().SITE_URL}/${row.locale}/tickets/${row.number}`,
        firstResponseDueAt: row.firstResponseDueAt,
        now: clock.now(),
        timeZone: row.timeZone,
      }),
    )
  } catch (error) {
    console.warn(`The receipt of ticket #${row.number} was not sent:`, error)
  }
}

/** Opening a suggested article while writing a ticket, then leaving without sending: a deflection. */
export async function recordDeflection(input: {
  userId: number
  accountId: number
  articleId: number
  locale: Locale
}) {
  await recordEvent({
    type: 'deflection',
    userId: input.userId,
    accountId: input.accountId,
    ref: String(input.articleId),
    locale: input.locale,
  })
}

// Customer side

/**
 * What an account's service plan includes in its market: the channels, the support hours in
 * the market's time zone and the response targets of the tier. A ticket passes its own tier
 * (fixed when it was opened) and its priority; otherwise the account's tier of today, at normal
 * priority, which is what a ticket opened through the portal gets.
 */
export async function getServicePlan({
  accountId,
  tier,
  priority = 'normal',
}: {
  accountId: number
  tier?: (typeof tickets.$inferSelect)['tier']
  priority?: TicketPriority
}) {
  const [row] = await db
    .select({
      derivedTier: accounts.derivedTier,
      tierOverride: accounts.tierOverride,
      marketCode: markets.code,
      channels: markets.channels,
      timezone: markets.timezone,
      opens: markets.supportOpens,
      closes: markets.supportCloses,
      days: markets.supportDays,
    })
    .from(accounts)
    .innerJoin(markets, eq(markets.id, accounts.marketId))
    .where(eq(accounts.id, accountId))
  if (!row) return null
  const planTier = tier ?? effectiveTier(row)
  const targets = slaTargetFor(db, { tier: planTier, priority })
  return {
    tier: planTier,
    marketCode: row.marketCode,
    channels: row.channels,
    hours: { timezone: row.timezone, opens: row.opens, closes: row.closes, days: row.days },
    firstResponseMinutes: targets?.firstResponseMinutes ?? null,
    resolutionMinutes: targets?.resolutionMinutes ?? null,
  }
}

export type ServicePlan = NonNullable<Awaited<ReturnType<typeof getServicePlan>>>

/** The requester's name, for account admins reading a colleague's ticket. */
export async function getRequesterName({ ticketId }: { ticketId: number }) {
  const [row] = await db
    .select({ name: users.name })
    .from(tickets)
    .innerJoin(users, eq(users.id, tickets.requesterId))
    .where(eq(tickets.id, ticketId))
  return row?.name ?? null
}
