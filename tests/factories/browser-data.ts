import type Database from 'better-sqlite3'
import { and, eq, ne, sql } from 'drizzle-orm'
import type { Locale } from '#db/schema/enums'
import * as schema from '#db/schema/index'
import type { TaskStatus } from '#db/schema/tasks'
import type { TicketCategory, TicketStatus } from '#db/schema/tickets'
import type { Db } from '~/db-connection.server'
import { insertCourse, type CourseFixture } from './academy'
import {
  createAccount,
  createUser,
  signedInClient,
  testDb,
  unique,
  type MarketCode,
  type TestUser,
} from './people'

/**
 * The data the browser tests need beyond people (tests/factories/people.ts): tickets, tasks,
 * an onboarding customer, a course. Every row is new and named uniquely, written straight into
 * the shared server's database with the real schema, so a test reads only what it made.
 */

/** The market each portal language's customers are in, as in the demo. */
export const marketOf: Record<Locale, MarketCode> = { en: 'US', ru: 'EMEA', es: 'LATAM', pt: 'BR' }

/**
 * A customer of a new mid-touch account of their language's market: the account follows the
 * mid-touch playbook, as the demo's Volga Games and Paulista Apps do, so its onboarding page
 * has a checklist to tick.
 */
export function createOnboardingCustomer(locale: Locale, overrides: { name?: string } = {}, db = testDb()) {
  const account = createAccount({ market: marketOf[locale], tier: 'mid', locale }, db)
  return createUser({ locale, account, name: overrides.name }, db)
}

export type TicketMessageInput = { author: { id: number }; body: string; internal?: boolean }

export type TicketOverrides = {
  subject?: string
  category?: TicketCategory
  status?: TicketStatus
  locale?: Locale
  /** The first message, from the requester. */
  body?: string
  /** Messages after the first: replies and internal notes. */
  messages?: TicketMessageInput[]
}

/**
 * A ticket of the requester's account, opened by them, with its first message and the audit
 * line of its creation. Its number is taken in the INSERT itself (max + 1), so tickets the
 * portal opens at the same moment never get the same one.
 */
export function createTicket(requester: TestUser, overrides: TicketOverrides = {}, db: Db = testDb()) {
  if (!requester.account) throw new Error('createTicket: the requester must be a customer with an account')
  const now = new Date()
  const status = overrides.status ?? 'new'
  const solved = status === 'solved' || status === 'closed'
  return db.transaction(
    (tx) => {
      const ticket = tx
        .insert(schema.tickets)
        .values({
          number: sql`(select coalesce(max(${schema.tickets.number}), 1000) + 1 from ${schema.tickets})`,
          accountId: requester.account!.id,
          requesterId: requester.id,
          subject: overrides.subject ?? unique('Ticket'),
          category: overrides.category ?? 'how_to',
          status,
          locale: overrides.locale ?? requester.locale,
          tier: requester.account!.derivedTier,
          solvedAt: solved ? now : null,
          createdById: requester.id,
          createdAt: now,
          updatedAt: now,
        })
        .returning()
        .get()
      const messages = [
        {
          author: requester,
          body: overrides.body ?? `${ticket.subject}: the first message.`,
          internal: false,
        },
        ...(overrides.messages ?? []),
      ]
      for (const [index, message] of messages.entries()) {
        tx.insert(schema.ticketMessages)
          .values({
            ticketId: ticket.id,
            authorId: message.author.id,
            body: message.body,
            internal: message.internal ?? false,
            // One second apart, in the order given.
            createdAt: new Date(now.getTime() + index * 1000),
          })
          .run()
      }
      tx.insert(schema.ticketEvents)
        .values({ ticketId: ticket.id, actorId: requester.id, change: 'created', toValue: status, at: now })
        .run()
      return ticket
    },
    { behavior: 'immediate' },
  )
}

/**
 * An agent answers on the staff ticket page (POST, as its form does), so the portal's own
 * rules run: the message, the status change, the SLA and the requester's mail. `intent: 'note'`
 * writes an internal note instead.
 */
export async function staffAnswers(
  staff: { id: number },
  ticket: { number: number },
  input: { body: string; nextStatus?: TicketStatus | ''; intent?: 'reply' | 'note'; lang?: Locale },
) {
  const client = await signedInClient(staff)
  const intent = input.intent ?? 'reply'
  const response = await client.post(`/${input.lang ?? 'en'}/staff/tickets/${ticket.number}`, {
    intent,
    body: input.body,
    ...(intent === 'reply' ? { nextStatus: input.nextStatus ?? '' } : {}),
  })
  if (response.status !== 200) {
    throw new Error(`staffAnswers: the staff ticket page answered ${response.status}`)
  }
  await response.body?.cancel()
}

/** A task of the account's shared plan. */
export function createTask(
  account: { id: number },
  overrides: {
    title?: string
    status?: TaskStatus
    dueOn?: string | null
    ownerSide?: 'customer' | 'vendor'
  } = {},
  db: Db = testDb(),
) {
  const now = new Date()
  return db
    .insert(schema.tasks)
    .values({
      accountId: account.id,
      title: overrides.title ?? unique('Task'),
      ownerSide: overrides.ownerSide ?? 'customer',
      status: overrides.status ?? 'todo',
      dueOn: overrides.dueOn ?? null,
      createdAt: now,
      updatedAt: now,
    })
    .returning()
    .get()
}

/** The account's tasks not done yet, oldest first. */
export function openTasksOf(account: { id: number }, db: Db = testDb()) {
  return db
    .select()
    .from(schema.tasks)
    .where(and(eq(schema.tasks.accountId, account.id), ne(schema.tasks.status, 'done')))
    .orderBy(schema.tasks.id)
    .all()
}

/** The better-sqlite3 connection under the shared drizzle one, for the academy factories. */
export function sqliteOf(db: Db = testDb()): Database.Database {
  return (db as unknown as { $client: Database.Database }).$client
}

/**
 * A course of the academy factory under a unique key: (optionally) a starter video lesson and
 * an article lesson, and a final quiz of three questions whose right answers the fixture knows.
 */
export function createCourse(
  overrides: Parameters<typeof insertCourse>[1] = {},
  db: Db = testDb(),
): CourseFixture {
  return insertCourse(sqliteOf(db), { key: unique('course').toLowerCase(), ...overrides })
}

/** The first published public article in the language, and the first starter video. */
export function starterArticle(locale: Locale, db: Db = testDb()) {
  const row = db
    .select({ id: schema.articles.id, title: schema.articleTranslations.title })
    .from(schema.articles)
    .innerJoin(
      schema.articleTranslations,
      and(
        eq(schema.articleTranslations.articleId, schema.articles.id),
        eq(schema.articleTranslations.locale, locale),
        eq(schema.articleTranslations.status, 'published'),
      ),
    )
    .where(eq(schema.articles.visibility, 'public'))
    .orderBy(schema.articles.id)
    .get()
  if (!row) throw new Error(`No published public article in ${locale}`)
  return row
}

export function starterVideo(db: Db = testDb()) {
  const row = db
    .select({ id: schema.videos.id, key: schema.videos.key })
    .from(schema.videos)
    .orderBy(schema.videos.position, schema.videos.id)
    .get()
  if (!row) throw new Error('No starter video')
  return row
}
