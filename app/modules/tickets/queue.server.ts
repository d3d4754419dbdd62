import { and, asc, count, desc, eq, inArray, isNull, or, sql } from 'drizzle-orm'
import { alias } from 'drizzle-orm/sqlite-core'
import type { Locale } from '#db/schema/enums'
import type { TicketStatus } from '#db/schema/tickets'
import { db, schema } from '~/db.server'
import { effectiveTier } from '~/modules/accounts/tier'
import { clock } from '~/modules/clock/clock'
import { getOnboarding } from '~/modules/onboarding/progress.server'
import { readerTimeZoneSql } from '~/modules/time/time-zone.server'
import { queuePageSize, type QueueFilters } from './queue.schema'
import { slaCountdown, slaStateOf } from './sla'
import { dueSoonThresholds } from './sla.server'
import { breachedSql, dueSoonSql, queueOrderSql } from './sla.sql'
import { notifyTicketFollowers, updateTicket } from './tickets.server'

const { tickets, accounts, markets, users, events, articles, articleTranslations } = schema

const assignees = alias(users, 'assignees')
const requesters = alias(users, 'requesters')

const activeStatuses: TicketStatus[] = ['new', 'open', 'pending']

/** Staff who can own a ticket: agents and admins who are not deactivated. */
export const assignableRoles = ['agent', 'admin'] as const

export async function listAssignableStaff() {
  return db
    .select({ id: users.id, name: users.name })
    .from(users)
    .where(and(inArray(users.role, [...assignableRoles]), eq(users.disabled, false)))
    .orderBy(asc(users.name))
}

export async function isAssignable({ userId }: { userId: number }) {
  const [row] = await db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.id, userId), inArray(users.role, [...assignableRoles]), eq(users.disabled, false)))
  return !!row
}

function statusCondition(status: QueueFilters['status']) {
  if (status === 'all') return undefined
  if (status === 'active') return inArray(tickets.status, activeStatuses)
  return eq(tickets.status, status)
}

function assigneeCondition(assignee: string, viewerId: number) {
  if (!assignee) return undefined
  if (assignee === 'unassigned') return isNull(tickets.assigneeId)
  return eq(tickets.assigneeId, assignee === 'me' ? viewerId : Number(assignee))
}

function slaCondition(sla: QueueFilters['sla'], now: Date, thresholds: Map<number, Date>) {
  if (sla === 'breached') return breachedSql(now)
  if (sla === 'dueSoon') return dueSoonSql(now, thresholds)
  if (sla === 'onTrack') return sql`(not ${breachedSql(now)} and not ${dueSoonSql(now, thresholds)})`
  return undefined
}

/**
 * The support queue: every account's tickets for staff, filtered as the query string says and
 * sorted by what is due next (tickets without a due time last).
 */
export async function listQueue({
  filters,
  viewerId,
  now = clock.now(),
}: {
  filters: QueueFilters
  viewerId: number
  now?: Date
}) {
  const thresholds = await dueSoonThresholds({ now })
  const where = and(
    statusCondition(filters.status),
    filters.locale ? eq(tickets.locale, filters.locale) : undefined,
    filters.market ? eq(markets.code, filters.market) : undefined,
    filters.tier ? eq(tickets.tier, filters.tier) : undefined,
    filters.category ? eq(tickets.category, filters.category) : undefined,
    filters.channel ? eq(tickets.channel, filters.channel) : undefined,
    assigneeCondition(filters.assignee, viewerId),
    slaCondition(filters.sla, now, thresholds),
  )
  // Every ticket has an account and every account a market (not null, foreign keys), so the count
  // joins them only for the filters that read them: counting the 25,000 closed tickets of a large
  // hub is then a walk over one index instead of two lookups per ticket.
  const readsAccount = filters.market !== '' || filters.sla === 'dueSoon' || filters.sla === 'onTrack'
  const counting = db.select({ n: count() }).from(tickets)
  const [counted] = await (
    readsAccount
      ? counting
          .innerJoin(accounts, eq(accounts.id, tickets.accountId))
          .innerJoin(markets, eq(markets.id, accounts.marketId))
      : counting
  ).where(where)
  const total = counted?.n ?? 0
  // A page past the last (a stale link after the queue shrank) shows the first.
  const page = filters.page > Math.max(1, Math.ceil(total / queuePageSize)) ? 1 : filters.page
  const rows = await db
    .select({
      id: tickets.id,
      number: tickets.number,
      subject: tickets.subject,
      status: tickets.status,
      priority: tickets.priority,
      category: tickets.category,
      channel: tickets.channel,
      locale: tickets.locale,
      tier: tickets.tier,
      createdAt: tickets.createdAt,
      firstResponseDueAt: tickets.firstResponseDueAt,
      resolutionDueAt: tickets.resolutionDueAt,
      firstResponseAt: tickets.firstResponseAt,
      solvedAt: tickets.solvedAt,
      closedAt: tickets.closedAt,
      slaPausedSince: tickets.slaPausedSince,
      accountId: accounts.id,
      accountName: accounts.name,
      marketId: accounts.marketId,
      marketCode: markets.code,
      requesterName: requesters.name,
      assigneeId: tickets.assigneeId,
      assigneeName: assignees.name,
    })
    .from(tickets)
    .innerJoin(accounts, eq(accounts.id, tickets.accountId))
    .innerJoin(markets, eq(markets.id, accounts.marketId))
    .leftJoin(requesters, eq(requesters.id, tickets.requesterId))
    .leftJoin(assignees, eq(assignees.id, tickets.assigneeId))
    .where(where)
    .orderBy(...queueOrderSql)
    .limit(queuePageSize)
    .offset((page - 1) * queuePageSize)
  return {
    page,
    total,
    rows: rows.map((row) => ({
      ...row,
      sla: slaStateOf(row, { now, dueSoonUntil: thresholds.get(row.marketId) ?? now }),
      countdown: slaCountdown(row, now),
    })),
  }
}

/**
 * Applies one change to many tickets, each in its own transaction through the core (so each
 * gets its audit line). Ids that match no ticket are skipped, not errors: the queue may be
 * stale. Requesters and the colleagues copied on a ticket hear about status changes.
 */
export async function bulkUpdateTickets(input: {
  ticketIds: number[]
  actorId: number
  changes: { status?: TicketStatus; assigneeId?: number | null }
}) {
  const ids = [...new Set(input.ticketIds)]
  const existing = ids.length
    ? (await db.select({ id: tickets.id }).from(tickets).where(inArray(tickets.id, ids))).map((r) => r.id)
    : []
  let updated = 0
  for (const ticketId of existing) {
    const result = updateTicket({ ticketId, actorId: input.actorId, changes: input.changes })
    if (!result) continue
    updated++
    if (result.statusChanged) await notifyTicketFollowers({ ticketId, kind: 'status' })
  }
  return { updated, skipped: ids.length - updated }
}

/** The last articles the requester (or, without one, anyone of the account) opened, with titles. */
async function recentlyReadArticles({
  accountId,
  requesterId,
  locale,
}: {
  accountId: number
  requesterId: number | null
  locale: Locale
}) {
  const inLocale = alias(articleTranslations, 'in_locale')
  const inSource = alias(articleTranslations, 'in_source')
  const who = requesterId
    ? or(eq(events.userId, requesterId), eq(events.accountId, accountId))
    : eq(events.accountId, accountId)
  const rows = await db
    .select({
      articleId: articles.id,
      occurredAt: events.occurredAt,
      byRequester: sql<number>`${events.userId} is not null and ${events.userId} = ${requesterId ?? -1}`,
      title: sql<string>`coalesce(${inLocale.title}, ${inSource.title})`,
      slug: sql<string>`coalesce(${inLocale.slug}, ${inSource.slug})`,
      slugLocale: sql<Locale>`case when ${inLocale.title} is null then ${articles.sourceLocale} else ${locale} end`,
    })
    .from(events)
    .innerJoin(articles, sql`${articles.id} = cast(${events.ref} as integer)`)
    .leftJoin(inLocale, and(eq(inLocale.articleId, articles.id), eq(inLocale.locale, locale)))
    .leftJoin(inSource, and(eq(inSource.articleId, articles.id), eq(inSource.locale, articles.sourceLocale)))
    .where(and(eq(events.type, 'article'), who))
    .orderBy(desc(events.occurredAt), desc(events.id))
    .limit(5)
  return rows.map((row) => ({ ...row, byRequester: !!row.byRequester }))
}

/**
 * Who the ticket is from, for the agent answering it: the account, its tier and market, the
 * requester, onboarding progress and time-to-value, and what they read lately. Article titles
 * are in the ticket's language, as the customer read them.
 */
export async function getTicketContext({
  ticket,
  locale,
}: {
  ticket: { accountId: number; requesterId: number | null; locale: Locale }
  locale: Locale
}) {
  const [row] = await db
    .select({ account: accounts, market: markets })
    .from(accounts)
    .innerJoin(markets, eq(markets.id, accounts.marketId))
    .where(eq(accounts.id, ticket.accountId))
  if (!row) return null
  const [requester] = ticket.requesterId
    ? await db
        .select({
          id: users.id,
          name: users.name,
          email: users.email,
          locale: users.locale,
          timeZone: readerTimeZoneSql(users),
        })
        .from(users)
        .where(eq(users.id, ticket.requesterId))
    : []
  const [onboarding, articlesRead] = await Promise.all([
    getOnboarding({ accountId: ticket.accountId, locale }),
    recentlyReadArticles({
      accountId: ticket.accountId,
      requesterId: ticket.requesterId,
      locale: ticket.locale,
    }),
  ])
  return {
    account: {
      id: row.account.id,
      name: row.account.name,
      tier: effectiveTier(row.account),
      arrMinor: row.account.arrMinor,
      currency: row.account.currency,
    },
    market: {
      id: row.market.id,
      code: row.market.code,
      name: row.market.name,
      timezone: row.market.timezone,
    },
    requester: requester ?? null,
    onboarding: onboarding && {
      counts: onboarding.counts,
      timeToValue: onboarding.timeToValue,
      day: onboarding.day,
      targetDays: onboarding.targets.timeToValueDays,
    },
    articlesRead,
  }
}

/** Accounts to log a conversation for, by name; a few hundred fit one select. */
export async function listAccountsForLogging() {
  return db
    .select({ id: accounts.id, name: accounts.name, marketCode: markets.code })
    .from(accounts)
    .innerJoin(markets, eq(markets.id, accounts.marketId))
    .orderBy(asc(accounts.name), asc(accounts.id))
}

/** The people of an account who can be a ticket's requester. */
export async function listRequesters({ accountId }: { accountId: number }) {
  return db
    .select({ id: users.id, name: users.name, email: users.email, locale: users.locale })
    .from(users)
    .where(and(eq(users.accountId, accountId), eq(users.role, 'customer'), eq(users.disabled, false)))
    .orderBy(asc(users.name))
}

/** A requester only when they are an active person of that account: the form cannot pick someone else's. */
export async function findRequester({ accountId, requesterId }: { accountId: number; requesterId: number }) {
  const [person] = await db
    .select({ id: users.id, locale: users.locale })
    .from(users)
    .where(
      and(
        eq(users.id, requesterId),
        eq(users.accountId, accountId),
        eq(users.role, 'customer'),
        eq(users.disabled, false),
      ),
    )
  return person ?? null
}

/** Names of the people an audit trail refers to by id (assignees), in one query. */
export async function namesOfUsers({ ids }: { ids: number[] }) {
  const unique = [...new Set(ids)]
  if (unique.length === 0) return {}
  const rows = await db
    .select({ id: users.id, name: users.name })
    .from(users)
    .where(inArray(users.id, unique))
  return Object.fromEntries(rows.map((r) => [String(r.id), r.name])) as Record<string, string>
}

/** Who opened the ticket when it is not the requester: the staff member who logged it. */
export async function findCreator({ userId }: { userId: number | null }) {
  if (!userId) return null
  const [row] = await db
    .select({ id: users.id, name: users.name, role: users.role })
    .from(users)
    .where(eq(users.id, userId))
  return row ?? null
}
