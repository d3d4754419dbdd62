// @vitest-environment node
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { eq } from 'drizzle-orm'
import { afterAll, describe, expect, it } from 'vitest'
import * as schema from '#db/schema/index'
import { ticketStatuses, type TicketStatus } from '#db/schema/tickets'
import { createDb } from '~/db-connection.server'
import { migrateDatabase } from '../../../scripts/db-migrate'
import { insertAccount, insertMarket } from '../../../tests/factories/analytics'
import { nextDueAt, slaBreaches, slaStateOf } from './sla'
import { breachedSql, dueSoonSql, queueOrderSql } from './sla.sql'

/**
 * The queue filters in SQL and the pages show what sla.ts says: both must agree on every ticket,
 * waiting or not. Hundreds of tickets with every combination of due times, answers, waits and
 * endings around a few moments, on a real migrated SQLite file, judged both ways.
 */

const file = join(mkdtempSync(join(tmpdir(), 'hub-sla-')), 'hub.db')
migrateDatabase(file)
const { db, sqlite } = createDb(file)
afterAll(() => sqlite.close())

const base = new Date('2026-11-16T12:00:00Z').getTime()
const hour = 3_600_000
/** A deterministic spread of moments around `base`, some of them null. */
let seed = 7
const draw = () => {
  seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648
  return seed / 2_147_483_648
}
const maybeAt = (nullShare: number) =>
  draw() < nullShare ? null : new Date(base + Math.round((draw() * 16 - 8) * 4) * (hour / 4))

const market = insertMarket(db)
const account = insertAccount(db, { marketId: market.id })
for (let n = 0; n < 600; n++) {
  const status = ticketStatuses[Math.floor(draw() * ticketStatuses.length)]!
  db.insert(schema.tickets)
    .values({
      number: 1000 + n,
      accountId: account.id,
      subject: `Case ${n}`,
      category: 'technical',
      locale: 'en',
      tier: 'mid',
      status,
      createdAt: new Date(base - 24 * hour),
      firstResponseDueAt: maybeAt(0.1),
      resolutionDueAt: maybeAt(0.1),
      firstResponseAt: maybeAt(0.5),
      solvedAt: status === 'solved' || status === 'closed' ? maybeAt(0.2) : null,
      closedAt: status === 'closed' ? maybeAt(0.3) : null,
      slaPausedSince: status === 'pending' ? maybeAt(0.2) : null,
    })
    .run()
}
const rows = db.select().from(schema.tickets).all()

const idsWhere = (condition: ReturnType<typeof breachedSql>) =>
  db
    .select({ id: schema.tickets.id })
    .from(schema.tickets)
    .innerJoin(schema.accounts, eq(schema.accounts.id, schema.tickets.accountId))
    .where(condition)
    .all()
    .map((r) => r.id)
    .sort((a, b) => a - b)

describe('the SLA rules in SQL and in sla.ts', () => {
  const moments = [-6, -1, 0, 0.5, 3, 9].map((h) => new Date(base + h * hour))

  it('draws tickets of every kind: waiting, breached and not', () => {
    const now = new Date(base)
    expect(rows.filter((r) => r.slaPausedSince).length).toBeGreaterThan(50)
    const breached = rows.filter((r) => {
      const b = slaBreaches(r, now)
      return b.firstResponse || b.resolution
    })
    expect(breached.length).toBeGreaterThan(100)
    expect(rows.length - breached.length).toBeGreaterThan(100)
    const dueSoonUntil = new Date(base + 2 * hour)
    expect(rows.filter((r) => slaStateOf(r, { now, dueSoonUntil }) === 'dueSoon').length).toBeGreaterThan(10)
  })

  it.each(moments.map((now) => [now.toISOString(), now] as const))(
    'agree on breaches at %s',
    (_label, now) => {
      const inJs = rows
        .filter((r) => {
          const b = slaBreaches(r, now)
          return b.firstResponse || b.resolution
        })
        .map((r) => r.id)
      expect(idsWhere(breachedSql(now))).toEqual(inJs)
    },
  )

  it.each(moments.map((now) => [now.toISOString(), now] as const))(
    'agree on "due soon" at %s',
    (_label, now) => {
      const dueSoonUntil = new Date(now.getTime() + 2 * hour)
      const thresholds = new Map([[market.id, dueSoonUntil]])
      const inJs = rows.filter((r) => slaStateOf(r, { now, dueSoonUntil }) === 'dueSoon').map((r) => r.id)
      expect(idsWhere(dueSoonSql(now, thresholds))).toEqual(inJs)
    },
  )
})

describe('the queue’s order', () => {
  /** The queue's page query for a status or every ticket, as listQueue joins it. */
  const page = (status?: TicketStatus) =>
    db
      .select({ id: schema.tickets.id })
      .from(schema.tickets)
      .innerJoin(schema.accounts, eq(schema.accounts.id, schema.tickets.accountId))
      .innerJoin(schema.markets, eq(schema.markets.id, schema.accounts.marketId))
      .where(status ? eq(schema.tickets.status, status) : undefined)
      .orderBy(...queueOrderSql)

  it('is what is due next by sla.ts, tickets without a due time last, then by number', () => {
    const byJs = [...rows].sort((a, b) => {
      const [da, db] = [nextDueAt(a), nextDueAt(b)]
      if (da === null || db === null)
        return (da === null ? 1 : 0) - (db === null ? 1 : 0) || a.number - b.number
      return da.getTime() - db.getTime() || a.number - b.number
    })
    expect(
      page()
        .all()
        .map((r) => r.id),
    ).toEqual(byJs.map((r) => r.id))
  })

  // A page of the 25,000 closed tickets of a large hub, or of all of them, would otherwise sort
  // every one of them on each request.
  it.each([['every ticket', undefined] as const, ['closed tickets', 'closed'] as const])(
    'is read off an index for %s, not sorted',
    (_label, status) => {
      const query = page(status).limit(50).toSQL()
      const plan = (
        sqlite.prepare(`explain query plan ${query.sql}`).all(...query.params) as { detail: string }[]
      )
        .map((r) => r.detail)
        .join('\n')
      expect(plan).toMatch(/USING INDEX tickets_(queue_order|next_due)_idx/)
      expect(plan).not.toContain('TEMP B-TREE')
    },
  )
})
