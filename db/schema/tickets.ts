import { sql, type SQL } from 'drizzle-orm'
import { index, integer, primaryKey, sqliteTable, text, type SQLiteColumn } from 'drizzle-orm/sqlite-core'
import { accounts } from './accounts'
import { createdAt, id, timestamp, updatedAt } from './columns'
import type { Locale, Tier } from './enums'
import { users } from './users'

export const ticketStatuses = ['new', 'open', 'pending', 'solved', 'closed'] as const
export type TicketStatus = (typeof ticketStatuses)[number]

export const ticketCategories = ['how_to', 'technical', 'billing', 'feature_request', 'other'] as const
export type TicketCategory = (typeof ticketCategories)[number]

export const ticketPriorities = ['low', 'normal', 'high', 'urgent'] as const
export type TicketPriority = (typeof ticketPriorities)[number]

/** Where the conversation happened: the portal, or a channel staff logged it from. */
export const ticketChannels = ['portal', 'email', 'whatsapp', 'telegram', 'phone', 'chat'] as const
export type TicketChannel = (typeof ticketChannels)[number]

/**
 * When a ticket is due next (`nextDueAt` of app/modules/tickets/sla.ts): its first response until
 * it has one, then its resolution. The queue sorts by it (sla.sql.ts) and its indexes below are
 * built on it: SQLite uses an expression index only for the very same expression.
 */
export function ticketNextDue(t: {
  firstResponseAt: SQLiteColumn
  firstResponseDueAt: SQLiteColumn
  resolutionDueAt: SQLiteColumn
}): SQL<number | null> {
  return sql<
    number | null
  >`(case when ${t.firstResponseAt} is null then ${t.firstResponseDueAt} else ${t.resolutionDueAt} end)`
}

export const tickets = sqliteTable(
  'tickets',
  {
    id: id(),
    /** What people say and type: "#1042". Never reused. */
    number: integer('number').notNull().unique(),
    accountId: integer('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    requesterId: integer('requester_id').references(() => users.id, { onDelete: 'set null' }),
    subject: text('subject').notNull(),
    category: text('category').$type<TicketCategory>().notNull(),
    priority: text('priority').$type<TicketPriority>().notNull().default('normal'),
    status: text('status').$type<TicketStatus>().notNull().default('new'),
    channel: text('channel').$type<TicketChannel>().notNull().default('portal'),
    /** The requester's language: replies, mail and saved replies use it. */
    locale: text('locale').$type<Locale>().notNull(),
    assigneeId: integer('assignee_id').references(() => users.id, { onDelete: 'set null' }),
    /** The tier when the ticket was opened: its SLA targets do not move if the tier changes later. */
    tier: text('tier').$type<Tier>().notNull(),
    firstResponseDueAt: timestamp('first_response_due_at'),
    resolutionDueAt: timestamp('resolution_due_at'),
    firstResponseAt: timestamp('first_response_at'),
    solvedAt: timestamp('solved_at'),
    closedAt: timestamp('closed_at'),
    /** Since when the ticket waits for the customer (pending): its SLA clock stands still meanwhile. */
    slaPausedSince: timestamp('sla_paused_since'),
    /** Support minutes of the waits that ended; the due times above already include them. */
    slaPausedMinutes: integer('sla_paused_minutes').notNull().default(0),
    /** Staff who logged an off-portal conversation on the customer's behalf; else the requester. */
    createdById: integer('created_by_id').references(() => users.id, { onDelete: 'set null' }),
    /**
     * The portal page the customer asked from ("Still stuck? Ask us" on an article, video,
     * course or onboarding step): a same-origin path and the page's title, for staff.
     */
    contextPath: text('context_path'),
    contextTitle: text('context_title'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('tickets_account_idx').on(t.accountId, t.createdAt),
    index('tickets_status_idx').on(t.status, t.resolutionDueAt),
    index('tickets_assignee_idx').on(t.assigneeId, t.status),
    // The queue's order (what is due next, tickets with no due time last, then by number), so a
    // page of one status or of every ticket is read off an index instead of sorting them all.
    index('tickets_queue_order_idx').on(
      t.status,
      sql`${ticketNextDue(t)} is null`,
      ticketNextDue(t),
      t.number,
    ),
    index('tickets_next_due_idx').on(sql`${ticketNextDue(t)} is null`, ticketNextDue(t), t.number),
  ],
)

export type Ticket = typeof tickets.$inferSelect

export const ticketMessages = sqliteTable(
  'ticket_messages',
  {
    id: id(),
    ticketId: integer('ticket_id')
      .notNull()
      .references(() => tickets.id, { onDelete: 'cascade' }),
    authorId: integer('author_id').references(() => users.id, { onDelete: 'set null' }),
    body: text('body').notNull(),
    /** A note among staff: never shown to customers, never in their loaders. */
    internal: integer('internal', { mode: 'boolean' }).notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [index('ticket_messages_ticket_idx').on(t.ticketId, t.createdAt)],
)

/** Files live under data/uploads with server-made names; only these rows know the originals. */
export const ticketAttachments = sqliteTable(
  'ticket_attachments',
  {
    id: id(),
    ticketId: integer('ticket_id')
      .notNull()
      .references(() => tickets.id, { onDelete: 'cascade' }),
    messageId: integer('message_id').references(() => ticketMessages.id, { onDelete: 'cascade' }),
    storedName: text('stored_name').notNull().unique(),
    originalName: text('original_name').notNull(),
    /** Detected from the bytes, not taken from the name or the browser. */
    contentType: text('content_type').notNull(),
    size: integer('size').notNull(),
    uploadedById: integer('uploaded_by_id').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (t) => [index('ticket_attachments_ticket_idx').on(t.ticketId)],
)

export const ticketChanges = [
  'created',
  'status',
  'priority',
  'category',
  'assignee',
  'reply',
  'note',
  'attachment',
  'rating',
  'cc_added',
  'cc_removed',
] as const
export type TicketChange = (typeof ticketChanges)[number]

/** The audit trail: every change of a ticket, who made it and when. */
export const ticketEvents = sqliteTable(
  'ticket_events',
  {
    id: id(),
    ticketId: integer('ticket_id')
      .notNull()
      .references(() => tickets.id, { onDelete: 'cascade' }),
    actorId: integer('actor_id').references(() => users.id, { onDelete: 'set null' }),
    change: text('change').$type<TicketChange>().notNull(),
    fromValue: text('from_value'),
    toValue: text('to_value'),
    at: createdAt(),
  },
  (t) => [index('ticket_events_ticket_idx').on(t.ticketId, t.at)],
)

/**
 * Colleagues of the requester copied on a ticket: they read it, answer it and get its mail like
 * the requester. Only active customers of the ticket's account (app/modules/tickets/ccs.server.ts).
 */
export const ticketCcs = sqliteTable(
  'ticket_ccs',
  {
    ticketId: integer('ticket_id')
      .notNull()
      .references(() => tickets.id, { onDelete: 'cascade' }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    addedById: integer('added_by_id').references(() => users.id, { onDelete: 'set null' }),
    addedAt: timestamp('added_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.ticketId, t.userId] }), index('ticket_ccs_user_idx').on(t.userId)],
)

/** One satisfaction rating per ticket, given once it is solved. */
export const ticketRatings = sqliteTable('ticket_ratings', {
  ticketId: integer('ticket_id')
    .primaryKey()
    .references(() => tickets.id, { onDelete: 'cascade' }),
  userId: integer('user_id').references(() => users.id, { onDelete: 'set null' }),
  rating: integer('rating').notNull(),
  comment: text('comment').notNull().default(''),
  createdAt: createdAt(),
})

/**
 * Response targets per service tier and ticket priority, in business minutes of the account's
 * market. Rows made before priorities had targets of their own are the tier's `normal` ones.
 */
export const slaTargets = sqliteTable(
  'sla_targets',
  {
    tier: text('tier').$type<Tier>().notNull(),
    priority: text('priority').$type<TicketPriority>().notNull().default('normal'),
    firstResponseMinutes: integer('first_response_minutes').notNull(),
    resolutionMinutes: integer('resolution_minutes').notNull(),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.tier, t.priority] })],
)

export const savedReplies = sqliteTable('saved_replies', {
  id: id(),
  key: text('key').notNull().unique(),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
})

/** A saved reply's variant per language, inserted in the ticket's language. */
export const savedReplyTranslations = sqliteTable(
  'saved_reply_translations',
  {
    replyId: integer('reply_id')
      .notNull()
      .references(() => savedReplies.id, { onDelete: 'cascade' }),
    locale: text('locale').$type<Locale>().notNull(),
    title: text('title').notNull(),
    body: text('body').notNull(),
  },
  (t) => [primaryKey({ columns: [t.replyId, t.locale] })],
)

export const ticketNumberStart = 1001
