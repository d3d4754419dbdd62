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
  /** Colleagues of the requester copied on it (CC). */
  cc?: TestUser[]
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
      for (const colleague of overrides.cc ?? [])
        tx.insert(schema.ticketCcs)
          .values({ ticketId: ticket.id, userId: colleague.id, addedById: requester.id, addedAt: now })
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
  if (response.status !== 302) {
    throw new Error(`staffAnswers: the staff ticket page answered ${response.status}, not its redirect`)
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

/**
 * An article of its own for an editor to change: a copy of a starter article (default the long
 * set-up-postbacks, with its table of contents, code and table) under a unique key, slugs and
 * titles, in the languages asked for. The starter article itself stays untouched for the
 * readers' tests.
 */
export function createArticle(
  overrides: { copyOf?: string; locales?: Locale[]; key?: string } = {},
  db: Db = testDb(),
) {
  const source = db
    .select()
    .from(schema.articles)
    .where(eq(schema.articles.key, overrides.copyOf ?? 'set-up-postbacks'))
    .get()
  if (!source) throw new Error(`createArticle: no starter article ${overrides.copyOf}`)
  const key = overrides.key ?? unique('article').toLowerCase()
  const locales = overrides.locales ?? ['en', 'es']
  const now = new Date()
  return db.transaction(
    (tx) => {
      const article = tx
        .insert(schema.articles)
        .values({
          key,
          categoryId: source.categoryId,
          position: 1000,
          visibility: source.visibility,
          sourceLocale: source.sourceLocale,
          createdAt: now,
          updatedAt: now,
        })
        .returning()
        .get()
      const texts = tx
        .select()
        .from(schema.articleTranslations)
        .where(eq(schema.articleTranslations.articleId, source.id))
        .all()
        .filter((text) => locales.includes(text.locale))
      const translations = texts.map((text) =>
        tx
          .insert(schema.articleTranslations)
          .values({
            articleId: article.id,
            locale: text.locale,
            slug: `${text.slug}-${key}`,
            title: `${text.title} ${key}`,
            summary: text.summary,
            body: text.body,
            tags: text.tags,
            status: text.status,
            revision: 1,
            sourceRevision: 1,
            updatedAt: now,
            publishedAt: text.publishedAt,
          })
          .returning()
          .get(),
      )
      // Revision 1 of each text, as an import writes it: the history and the source diff read it.
      for (const translation of translations) {
        tx.insert(schema.articleRevisions)
          .values({
            translationId: translation.id,
            revision: 1,
            title: translation.title,
            summary: translation.summary,
            body: translation.body,
            tags: translation.tags,
            createdAt: now,
          })
          .run()
      }
      return { ...article, translations }
    },
    { behavior: 'immediate' },
  )
}

/**
 * A playbook of its own for an editor to change: a copy of a starter playbook (default
 * high-touch) with its steps and their texts in every language, under a unique key. It keeps
 * the original's scope, where the original (the lower id) always wins, so no account is ever
 * given the copy.
 */
export function createPlaybook(overrides: { copyOf?: string } = {}, db: Db = testDb()) {
  const source = db
    .select()
    .from(schema.checklists)
    .where(eq(schema.checklists.key, overrides.copyOf ?? 'high-touch'))
    .get()
  if (!source) throw new Error(`createPlaybook: no starter playbook ${overrides.copyOf}`)
  const now = new Date()
  return db.transaction(
    (tx) => {
      const { id: _sourceId, ...scope } = source
      const playbook = tx
        .insert(schema.checklists)
        .values({ ...scope, key: unique('playbook').toLowerCase(), createdAt: now, updatedAt: now })
        .returning()
        .get()
      for (const name of tx
        .select()
        .from(schema.checklistTranslations)
        .where(eq(schema.checklistTranslations.checklistId, source.id))
        .all()) {
        tx.insert(schema.checklistTranslations)
          .values({ ...name, checklistId: playbook.id, name: `${name.name} ${playbook.key}` })
          .run()
      }
      const items = tx
        .select()
        .from(schema.checklistItems)
        .where(eq(schema.checklistItems.checklistId, source.id))
        .orderBy(schema.checklistItems.position, schema.checklistItems.id)
        .all()
      const copies = items.map((item) => {
        const { id: itemId, ...rest } = item
        const copy = tx
          .insert(schema.checklistItems)
          .values({ ...rest, checklistId: playbook.id })
          .returning()
          .get()
        for (const text of tx
          .select()
          .from(schema.checklistItemTranslations)
          .where(eq(schema.checklistItemTranslations.itemId, itemId))
          .all()) {
          tx.insert(schema.checklistItemTranslations)
            .values({ ...text, itemId: copy.id })
            .run()
        }
        return copy
      })
      return { ...playbook, items: copies }
    },
    { behavior: 'immediate' },
  )
}
