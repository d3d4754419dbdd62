import { sql } from 'drizzle-orm'
import type { Currency, EventType, Locale, Tier } from '#db/schema/enums'
import * as schema from '#db/schema/index'
import type { TicketCategory, TicketChannel } from '#db/schema/tickets'
import type { Db } from '~/db-connection.server'

/**
 * Small factories for the outcomes cockpit's tests: each writes one row (or a few) of what the
 * metrics read, with unique names and numbers, and takes `overrides` and the `db` to write to.
 */

let sequence = 0
const next = () => ++sequence
/**
 * Names and keys no other file of the run uses: the integration tests write these rows into
 * the shared server's database, where other files create markets, articles and tickets too.
 */
const unique = (prefix: string) => `${prefix}-${process.pid}-${next()}-${Date.now().toString(36)}`

export function insertMarket(db: Db, overrides: Partial<typeof schema.markets.$inferInsert> = {}) {
  const n = next()
  return db
    .insert(schema.markets)
    .values({
      code: `M${process.pid}${n}`,
      name: `Market ${n}`,
      defaultLocale: 'en',
      currency: 'USD',
      highTouchMinArr: 50_000_00,
      midTouchMinArr: 10_000_00,
      channels: ['email', 'portal'],
      timezone: 'UTC',
      supportOpens: '09:00',
      supportCloses: '18:00',
      supportDays: [1, 2, 3, 4, 5],
      ...overrides,
    })
    .returning()
    .get()
}

export function insertAccount(
  db: Db,
  input: {
    marketId: number
    tier?: Tier
    currency?: Currency
    t0?: Date | null
    locale?: Locale
    checklistId?: number | null
  },
) {
  return db
    .insert(schema.accounts)
    .values({
      name: unique('Account'),
      externalId: unique('EXT'),
      marketId: input.marketId,
      locale: input.locale ?? 'en',
      arrMinor: 20_000_00,
      currency: input.currency ?? 'USD',
      derivedTier: input.tier ?? 'mid',
      onboardingStartedAt: input.t0 ?? null,
      checklistId: input.checklistId ?? null,
    })
    .returning()
    .get()
}

export function insertCustomer(db: Db, input: { accountId: number | null; locale?: Locale }) {
  return db
    .insert(schema.users)
    .values({
      email: `${unique('person')}@analytics.example`.toLowerCase(),
      name: unique('Person'),
      role: 'customer',
      accountId: input.accountId,
      locale: input.locale ?? 'en',
      passwordHash: 'not-a-hash',
    })
    .returning()
    .get()
}

export function insertTicket(
  db: Db,
  input: {
    accountId: number
    createdAt: Date
    tier?: Tier
    category?: TicketCategory
    channel?: TicketChannel
    locale?: Locale
    firstResponseAt?: Date | null
    firstResponseDueAt?: Date | null
    /** A ticket waiting for the customer since then (status pending). */
    slaPausedSince?: Date | null
  },
) {
  const n = next()
  return db
    .insert(schema.tickets)
    .values({
      // The next free number, taken in the insert itself: the portal numbers its own tickets
      // max + 1 in the same database, so a fixed range could collide with them.
      number: sql`(select coalesce(max(${schema.tickets.number}), 0) + 1 from ${schema.tickets})`,
      accountId: input.accountId,
      subject: `Question ${n}`,
      category: input.category ?? 'how_to',
      channel: input.channel ?? 'portal',
      locale: input.locale ?? 'en',
      tier: input.tier ?? 'mid',
      createdAt: input.createdAt,
      updatedAt: input.createdAt,
      firstResponseAt: input.firstResponseAt ?? null,
      firstResponseDueAt: input.firstResponseDueAt ?? null,
      ...(input.slaPausedSince ? { status: 'pending' as const, slaPausedSince: input.slaPausedSince } : {}),
    })
    .returning()
    .get()
}

export function insertRating(
  db: Db,
  input: { ticketId: number; rating: number; at: Date; comment?: string },
) {
  db.insert(schema.ticketRatings)
    .values({
      ticketId: input.ticketId,
      rating: input.rating,
      comment: input.comment ?? '',
      createdAt: input.at,
    })
    .run()
}

export function insertEvent(
  db: Db,
  input: {
    type: EventType
    at: Date
    accountId?: number | null
    userId?: number | null
    ref?: string
    locale?: Locale
  },
) {
  db.insert(schema.events)
    .values({
      type: input.type,
      accountId: input.accountId ?? null,
      userId: input.userId ?? null,
      ref: input.ref ?? null,
      locale: input.locale ?? 'en',
      occurredAt: input.at,
    })
    .run()
}

/** An article with translations; each translation's slug is given, revisions default to 1. */
export function insertArticle(
  db: Db,
  input: {
    sourceLocale?: Locale
    translations: { locale: Locale; slug: string; revision?: number; sourceRevision?: number }[]
  },
) {
  const category = db
    .insert(schema.categories)
    .values({ key: unique('category') })
    .returning()
    .get()
  const article = db
    .insert(schema.articles)
    .values({
      key: unique('article'),
      categoryId: category.id,
      visibility: 'public',
      sourceLocale: input.sourceLocale ?? 'en',
    })
    .returning()
    .get()
  for (const t of input.translations)
    db.insert(schema.articleTranslations)
      .values({
        articleId: article.id,
        locale: t.locale,
        slug: t.slug,
        title: t.slug,
        body: 'Text.',
        status: 'published',
        revision: t.revision ?? 1,
        sourceRevision: t.sourceRevision ?? 1,
      })
      .run()
  return article
}

export function insertFeedback(
  db: Db,
  input: { articleId: number; locale: Locale; helpful: boolean; at: Date; marketCode?: string; tier?: Tier },
) {
  db.insert(schema.contentFeedback)
    .values({
      kind: 'article',
      contentId: input.articleId,
      respondent: `visitor:${unique('r')}`,
      locale: input.locale,
      helpful: input.helpful,
      marketCode: input.marketCode ?? null,
      tier: input.tier ?? null,
      createdAt: input.at,
    })
    .run()
}

export function insertSearch(
  db: Db,
  input: { locale: Locale; resultCount: number; at: Date; userId?: number | null },
) {
  db.insert(schema.searchLog)
    .values({
      query: unique('query'),
      locale: input.locale,
      resultCount: input.resultCount,
      userId: input.userId ?? null,
      createdAt: input.at,
    })
    .run()
}

export function insertSnapshot(
  db: Db,
  input: { accountId: number; month: string; arrMinor: number; currency: Currency },
) {
  db.insert(schema.arrSnapshots).values(input).run()
}

export function insertRate(db: Db, input: { month: string; currency: Currency; usdPerUnit: number }) {
  db.insert(schema.exchangeRates).values(input).run()
}

/** A playbook for every market and tier whose second item is the value milestone. */
export function insertPlaybook(db: Db) {
  const playbook = db
    .insert(schema.checklists)
    .values({ key: unique('playbook'), sourceLocale: 'en' })
    .returning()
    .get()
  for (const [position, key] of ['install', 'first-report'].entries())
    db.insert(schema.checklistItems)
      .values({ checklistId: playbook.id, key, position, valueMilestone: key === 'first-report' })
      .run()
  return { id: playbook.id, milestone: 'first-report' }
}

export function completeItem(db: Db, input: { accountId: number; itemKey: string; doneAt: Date }) {
  db.insert(schema.accountItemProgress)
    .values({ ...input, source: 'person' })
    .run()
}
