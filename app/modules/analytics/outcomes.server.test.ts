// @vitest-environment node
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createDb, type Db } from '~/db-connection.server'
import { toCsv } from '~/modules/http/csv'
import { migrateDatabase } from '../../../scripts/db-migrate'
import {
  completeItem,
  insertAccount,
  insertArticle,
  insertCustomer,
  insertEvent,
  insertFeedback,
  insertMarket,
  insertPlaybook,
  insertRate,
  insertRating,
  insertSearch,
  insertSnapshot,
  insertTicket,
} from '../../../tests/factories/analytics'
import {
  channelShare,
  content,
  csat,
  deflection,
  firstResponse,
  lowRatedComments,
  metricTable,
  percentile,
  portalPassedNinety,
  retention,
  retentionAccounts,
  sla,
  ttvByMarket,
  ttvCohorts,
} from './outcomes.server'

/**
 * Every figure is checked against rows worked out by hand from docs/design.md's definitions, on a
 * real migrated SQLite file that holds only what each test writes.
 */

const open: { close: () => void }[] = []
afterEach(() => {
  for (const connection of open.splice(0)) connection.close()
})

function freshDb(): Db {
  const file = join(mkdtempSync(join(tmpdir(), 'hub-analytics-')), 'hub.db')
  migrateDatabase(file)
  const { db, sqlite } = createDb(file)
  open.push(sqlite)
  return db
}

const at = (iso: string) => new Date(iso)
const minutes = (base: Date, n: number) => new Date(base.getTime() + n * 60_000)
const period = (from: string, to: string) => ({ from: at(`${from}T00:00:00Z`), to: at(`${to}T00:00:00Z`) })
const channels = ['portal', 'email', 'whatsapp', 'telegram', 'phone', 'chat'] as const

describe('percentile (linear between closest ranks, R type 7)', () => {
  it('interpolates the median and p90 of few values', () => {
    expect(percentile([1, 2, 3, 10], 0.5)).toBe(2.5)
    expect(percentile([1, 2, 3, 10], 0.9)).toBeCloseTo(7.9, 10)
    expect(percentile([7], 0.9)).toBe(7)
    expect(percentile([], 0.5)).toBeNull()
  })
})

describe('channel-share', () => {
  it('counts routine tickets by ISO week across the year boundary, with empty weeks and an empty market', async () => {
    const db = freshDb()
    const busy = insertMarket(db, { code: 'AA' })
    insertMarket(db, { code: 'BB' })
    const account = insertAccount(db, { marketId: busy.id })
    // 2027-01-01 is a Friday: it belongs to 2026-W53, like Monday 2026-12-28.
    insertTicket(db, { accountId: account.id, createdAt: at('2026-12-28T09:00:00Z') })
    insertTicket(db, { accountId: account.id, createdAt: at('2027-01-01T00:30:00Z') })
    insertTicket(db, { accountId: account.id, createdAt: at('2027-01-03T23:59:00Z') })
    insertTicket(db, { accountId: account.id, createdAt: at('2026-12-30T12:00:00Z'), channel: 'whatsapp' })
    // Not routine, or outside the period: not counted.
    insertTicket(db, { accountId: account.id, createdAt: at('2026-12-29T12:00:00Z'), category: 'technical' })
    insertTicket(db, { accountId: account.id, createdAt: at('2027-01-11T00:00:00Z') })

    const rows = await channelShare({ db, ...period('2026-12-28', '2027-01-10'), market: 'all', tier: 'all' })

    const expected = (week: string, market: string, counts: Partial<Record<string, number>>) => {
      const total = Object.values(counts).reduce((a, b) => a! + b!, 0)!
      return channels.map((channel) => ({
        week,
        market,
        channel,
        tickets: counts[channel] ?? 0,
        share: total === 0 ? null : Math.round(((counts[channel] ?? 0) / total) * 10_000) / 10_000,
      }))
    }
    expect(rows).toEqual([
      ...expected('2026-W53', 'AA', { portal: 3, whatsapp: 1 }),
      ...expected('2026-W53', 'BB', {}),
      ...expected('2026-W53', 'all', { portal: 3, whatsapp: 1 }),
      ...expected('2027-W01', 'AA', {}),
      ...expected('2027-W01', 'BB', {}),
      ...expected('2027-W01', 'all', {}),
    ])
    expect(
      rows.find((r) => r.week === '2026-W53' && r.market === 'AA' && r.channel === 'portal')!.share,
    ).toBe(0.75)
    expect(portalPassedNinety(rows)).toEqual([
      { market: 'AA', week: null },
      { market: 'BB', week: null },
      { market: 'all', week: null },
    ])
  })

  it('names the first week whose portal share passed 90%', async () => {
    const db = freshDb()
    const market = insertMarket(db, { code: 'CC' })
    const account = insertAccount(db, { marketId: market.id })
    insertTicket(db, { accountId: account.id, createdAt: at('2026-11-02T10:00:00Z'), channel: 'email' })
    insertTicket(db, { accountId: account.id, createdAt: at('2026-11-03T10:00:00Z') })
    insertTicket(db, { accountId: account.id, createdAt: at('2026-11-10T10:00:00Z') })
    const rows = await channelShare({ db, ...period('2026-11-02', '2026-11-15'), market: 'CC', tier: 'all' })
    expect(portalPassedNinety(rows)).toEqual([{ market: 'CC', week: '2026-W46' }])
  })
})

describe('first-response', () => {
  it('takes median and p90 of calendar minutes per tier and counts the awaiting apart', async () => {
    const db = freshDb()
    const market = insertMarket(db, { code: 'FR' })
    const account = insertAccount(db, { marketId: market.id })
    const monday = at('2026-11-09T08:00:00Z')
    for (const [offset, answer] of [
      [0, 10],
      [60, 20],
      [120, 30],
      [180, 40],
    ] as const) {
      const created = minutes(monday, offset)
      insertTicket(db, {
        accountId: account.id,
        tier: 'mid',
        createdAt: created,
        firstResponseAt: minutes(created, answer),
      })
    }
    insertTicket(db, { accountId: account.id, tier: 'mid', createdAt: minutes(monday, 300) })
    insertTicket(db, {
      accountId: account.id,
      tier: 'high',
      createdAt: minutes(monday, 30),
      firstResponseAt: minutes(monday, 37),
    })

    const rows = await firstResponse({ db, ...period('2026-11-09', '2026-11-15'), market: 'FR', tier: 'all' })

    expect(rows).toEqual([
      {
        week: '2026-W46',
        market: 'FR',
        tier: 'high',
        responded: 1,
        awaiting: 0,
        median_minutes: 7,
        p90_minutes: 7,
      },
      // 10, 20, 30, 40: median 25; p90 at rank 3.7 → 30 + 0.7 · 10 = 37.
      {
        week: '2026-W46',
        market: 'FR',
        tier: 'mid',
        responded: 4,
        awaiting: 1,
        median_minutes: 25,
        p90_minutes: 37,
      },
      {
        week: '2026-W46',
        market: 'FR',
        tier: 'tech',
        responded: 0,
        awaiting: 0,
        median_minutes: null,
        p90_minutes: null,
      },
      // 7, 10, 20, 30, 40: median 20; p90 at rank 4.6 → 30 + 0.6 · 10 = 36.
      {
        week: '2026-W46',
        market: 'FR',
        tier: 'all',
        responded: 5,
        awaiting: 1,
        median_minutes: 20,
        p90_minutes: 36,
      },
    ])
  })
})

describe('sla', () => {
  it('counts late answers and passed due times without an answer as breaches', async () => {
    const db = freshDb()
    const market = insertMarket(db, { code: 'SL' })
    const account = insertAccount(db, { marketId: market.id })
    const created = at('2026-11-10T08:00:00Z')
    const due = at('2026-11-10T10:00:00Z')
    const ticket = (firstResponseAt: Date | null, firstResponseDueAt: Date | null) =>
      insertTicket(db, {
        accountId: account.id,
        tier: 'high',
        createdAt: created,
        firstResponseAt,
        firstResponseDueAt,
      })
    ticket(at('2026-11-10T09:00:00Z'), due) // on time
    ticket(at('2026-11-10T11:00:00Z'), due) // late
    ticket(null, at('2026-11-10T11:00:00Z')) // no answer, due passed
    ticket(null, at('2026-11-10T13:00:00Z')) // no answer, still in time
    ticket(null, null) // no target: not counted
    // Waiting for the customer since before its due time: the clock stopped, not breached.
    insertTicket(db, {
      accountId: account.id,
      tier: 'high',
      createdAt: created,
      firstResponseDueAt: due,
      slaPausedSince: at('2026-11-10T09:30:00Z'),
    })
    // Waiting only since after its due time: breached all the same.
    insertTicket(db, {
      accountId: account.id,
      tier: 'high',
      createdAt: created,
      firstResponseDueAt: due,
      slaPausedSince: at('2026-11-10T10:30:00Z'),
    })

    const rows = await sla({
      db,
      ...period('2026-11-09', '2026-11-15'),
      market: 'SL',
      tier: 'high',
      now: at('2026-11-10T12:00:00Z'),
    })

    expect(rows).toEqual([
      { week: '2026-W46', market: 'SL', tier: 'high', tickets: 6, breached: 3, breach_rate: 0.5 },
    ])
  })
})

describe('csat', () => {
  it('groups ratings by the month they were given, with a month of one rating', async () => {
    const db = freshDb()
    const market = insertMarket(db, { code: 'CS' })
    const account = insertAccount(db, { marketId: market.id })
    const rate = (rating: number, when: string, comment = '') => {
      const ticket = insertTicket(db, {
        accountId: account.id,
        tier: 'tech',
        createdAt: at('2026-10-01T10:00:00Z'),
      })
      insertRating(db, { ticketId: ticket.id, rating, at: at(when), comment })
      return ticket
    }
    rate(5, '2026-10-31T23:30:00Z')
    rate(4, '2026-11-01T00:10:00Z')
    rate(3, '2026-11-05T10:00:00Z')
    const unhappy = rate(1, '2026-11-20T10:00:00Z', 'Nobody answered for two days.')
    rate(2, '2026-11-21T10:00:00Z')

    const input = { db, ...period('2026-10-01', '2026-11-30'), market: 'CS', tier: 'tech' as const }
    expect(await csat(input)).toEqual([
      { month: '2026-10', market: 'CS', tier: 'tech', ratings: 1, satisfied: 1, csat: 1 },
      { month: '2026-11', market: 'CS', tier: 'tech', ratings: 4, satisfied: 1, csat: 0.25 },
    ])
    // A low rating without a comment has nothing to read.
    expect((await lowRatedComments(input)).map((c) => [c.ticketNumber, c.rating, c.comment])).toEqual([
      [unhappy.number, 1, 'Nobody answered for two days.'],
    ])
  })
})

describe('deflection', () => {
  it('counts forms, suggestions opened and deflections per week and market', async () => {
    const db = freshDb()
    const market = insertMarket(db, { code: 'DF' })
    const other = insertMarket(db, { code: 'OT' })
    const account = insertAccount(db, { marketId: market.id })
    const elsewhere = insertAccount(db, { marketId: other.id })
    const monday = at('2026-11-16T09:00:00Z')
    for (let i = 0; i < 4; i++)
      insertEvent(db, { type: 'ticket_form', accountId: account.id, at: minutes(monday, i) })
    insertEvent(db, { type: 'suggestion', accountId: account.id, at: minutes(monday, 5), ref: '1' })
    insertEvent(db, { type: 'suggestion', accountId: account.id, at: minutes(monday, 6), ref: '1' })
    insertEvent(db, { type: 'deflection', accountId: account.id, at: minutes(monday, 9), ref: '1' })
    insertEvent(db, { type: 'ticket_form', accountId: elsewhere.id, at: monday })
    insertEvent(db, { type: 'ticket_form', accountId: null, at: monday })

    expect(
      await deflection({ db, ...period('2026-11-16', '2026-11-22'), market: 'all', tier: 'all' }),
    ).toEqual([
      {
        week: '2026-W47',
        market: 'DF',
        ticket_forms: 4,
        suggestions_opened: 2,
        deflected: 1,
        deflection_rate: 0.25,
      },
      {
        week: '2026-W47',
        market: 'OT',
        ticket_forms: 1,
        suggestions_opened: 0,
        deflected: 0,
        deflection_rate: 0,
      },
      {
        week: '2026-W47',
        market: 'all',
        ticket_forms: 5,
        suggestions_opened: 2,
        deflected: 1,
        deflection_rate: 0.2,
      },
    ])
  })
})

describe('deflection across New Year', () => {
  it('counts in the ISO week of the event, as the other weekly metrics do', async () => {
    const db = freshDb()
    const market = insertMarket(db, { code: 'NY' })
    const account = insertAccount(db, { marketId: market.id })
    insertEvent(db, { type: 'ticket_form', accountId: account.id, at: at('2027-01-02T12:00:00Z') })
    insertEvent(db, { type: 'ticket_form', accountId: account.id, at: at('2027-01-04T00:00:00Z') })
    const rows = await deflection({ db, ...period('2026-12-28', '2027-01-10'), market: 'NY', tier: 'all' })
    expect(rows.map((r) => [r.week, r.ticket_forms])).toEqual([
      ['2026-W53', 1],
      ['2027-W01', 1],
    ])
  })
})

describe('content', () => {
  it('reports views, helpful answers and searches per locale, and writes a formula-like slug safely', async () => {
    const db = freshDb()
    const market = insertMarket(db, { code: 'CT' })
    const account = insertAccount(db, { marketId: market.id })
    const person = insertCustomer(db, { accountId: account.id })
    const article = insertArticle(db, { translations: [{ locale: 'en', slug: '=HYPERLINK("x")' }] })
    const view = (locale: 'en' | 'ru', when: string) =>
      insertEvent(db, {
        type: 'article',
        accountId: account.id,
        ref: String(article.id),
        locale,
        at: at(when),
      })
    view('en', '2026-11-03T10:00:00Z')
    view('en', '2026-11-04T10:00:00Z')
    view('ru', '2026-11-05T10:00:00Z') // no Russian text: the English slug stands for it
    insertFeedback(db, { articleId: article.id, locale: 'en', helpful: true, at: at('2026-11-04T10:05:00Z') })
    insertFeedback(db, {
      articleId: article.id,
      locale: 'en',
      helpful: false,
      at: at('2026-11-04T11:05:00Z'),
    })
    insertSearch(db, { locale: 'en', resultCount: 3, at: at('2026-11-06T10:00:00Z'), userId: person.id })
    insertSearch(db, { locale: 'en', resultCount: 0, at: at('2026-11-06T11:00:00Z'), userId: person.id })
    insertSearch(db, { locale: 'en', resultCount: 0, at: at('2026-11-06T12:00:00Z') })

    const input = { db, ...period('2026-11-01', '2026-11-30'), market: 'all', tier: 'all' as const }
    const empty = { views: null, helpful_yes: null, helpful_no: null }
    const articleRow = { searches: null, no_result_searches: null }
    expect(await content(input)).toEqual([
      {
        month: '2026-11',
        locale: 'en',
        article: '=HYPERLINK("x")',
        views: 2,
        helpful_yes: 1,
        helpful_no: 1,
        ...articleRow,
      },
      { month: '2026-11', locale: 'en', article: '*', ...empty, searches: 3, no_result_searches: 2 },
      {
        month: '2026-11',
        locale: 'ru',
        article: '=HYPERLINK("x")',
        views: 1,
        helpful_yes: 0,
        helpful_no: 0,
        ...articleRow,
      },
      { month: '2026-11', locale: 'ru', article: '*', ...empty, searches: 0, no_result_searches: 0 },
      { month: '2026-11', locale: 'es', article: '*', ...empty, searches: 0, no_result_searches: 0 },
      { month: '2026-11', locale: 'pt', article: '*', ...empty, searches: 0, no_result_searches: 0 },
    ])
    // With a market chosen, the anonymous search and feedback without a market drop out.
    const inMarket = await content({ ...input, market: 'CT' })
    expect(inMarket.find((r) => r.locale === 'en' && r.article === '*')).toMatchObject({
      searches: 2,
      no_result_searches: 1,
    })

    const table = await metricTable('content', input)
    const csv = toCsv(table.header, table.rows)
    expect(csv.split('\r\n')[0]).toBe(
      '\ufeff"month","locale","article","views","helpful_yes","helpful_no","searches","no_result_searches"',
    )
    expect(csv.split('\r\n')[1]).toBe('"2026-11","en","\'=HYPERLINK(""x"")",2,1,1,,')
  })
})

describe('retention', () => {
  it('converts both ends at the rate of the month: churn, contraction, expansion and a second currency', async () => {
    const db = freshDb()
    const market = insertMarket(db, { code: 'RT' })
    const account = (currency: 'USD' | 'EUR' | 'GBP' = 'USD') =>
      insertAccount(db, { marketId: market.id, currency })
    const history = (
      id: number,
      currency: 'USD' | 'EUR' | 'GBP',
      start: number | null,
      end: number | null,
    ) => {
      if (start !== null) insertSnapshot(db, { accountId: id, month: '2025-11', arrMinor: start, currency })
      if (end !== null) insertSnapshot(db, { accountId: id, month: '2026-11', arrMinor: end, currency })
    }
    const churned = account()
    const contracted = account()
    const expanded = account('EUR')
    const steady = account('EUR')
    const fresh = account()
    const sterling = account('GBP')
    history(churned.id, 'USD', 1000_00, null)
    history(contracted.id, 'USD', 2000_00, 1500_00)
    history(expanded.id, 'EUR', 1000_00, 1200_00)
    history(steady.id, 'EUR', 1000_00, 1000_00)
    history(fresh.id, 'USD', null, 500_00) // new this year: not in the cohort
    history(sterling.id, 'GBP', 1000_00, 1000_00)
    insertRate(db, { month: '2025-11', currency: 'EUR', usdPerUnit: 0.9 }) // never used: constant currency
    insertRate(db, { month: '2026-11', currency: 'EUR', usdPerUnit: 1.1 })
    insertRate(db, { month: '2026-11', currency: 'USD', usdPerUnit: 1 })
    insertRate(db, { month: '2026-09', currency: 'GBP', usdPerUnit: 1.25 }) // the latest known rate

    const input = { db, ...period('2026-11-01', '2026-11-30'), market: 'RT', tier: 'all' as const }
    expect(await retentionAccounts(input)).toEqual([
      {
        month: '2026-11',
        account_id: churned.id,
        market: 'RT',
        currency: 'USD',
        start_arr_minor: 1000_00,
        end_arr_minor: 0,
        usd_per_unit: 1,
      },
      {
        month: '2026-11',
        account_id: contracted.id,
        market: 'RT',
        currency: 'USD',
        start_arr_minor: 2000_00,
        end_arr_minor: 1500_00,
        usd_per_unit: 1,
      },
      {
        month: '2026-11',
        account_id: expanded.id,
        market: 'RT',
        currency: 'EUR',
        start_arr_minor: 1000_00,
        end_arr_minor: 1200_00,
        usd_per_unit: 1.1,
      },
      {
        month: '2026-11',
        account_id: steady.id,
        market: 'RT',
        currency: 'EUR',
        start_arr_minor: 1000_00,
        end_arr_minor: 1000_00,
        usd_per_unit: 1.1,
      },
      {
        month: '2026-11',
        account_id: sterling.id,
        market: 'RT',
        currency: 'GBP',
        start_arr_minor: 1000_00,
        end_arr_minor: 1000_00,
        usd_per_unit: 1.25,
      },
    ])
    // Start 1000 + 2000 + 1100 + 1100 + 1250 = 6450 USD; churn 1000; contraction 500; expansion 220.
    expect(await retention(input)).toEqual([
      {
        month: '2026-11',
        market: 'RT',
        accounts: 5,
        start_arr_usd: 6450,
        churned_usd: 1000,
        contraction_usd: 500,
        expansion_usd: 220,
        grr: 0.7674, // 4950 / 6450 = 0.767441…
        nrr: 0.8016, // 5170 / 6450 = 0.801550…
      },
    ])
  })
})

describe('ttv-cohorts', () => {
  it('gives R survfit medians with the midpoint rule, censored cohorts, and leaves future starts out', async () => {
    const db = freshDb()
    const market = insertMarket(db, { code: 'TV' })
    const { milestone } = insertPlaybook(db)
    const start = (t0: string) => insertAccount(db, { marketId: market.id, t0: at(t0) })
    const reachAfter = (t0: string, days: number) => {
      const account = start(t0)
      completeItem(db, {
        accountId: account.id,
        itemKey: milestone,
        doneAt: new Date(at(t0).getTime() + days * 24 * 3600 * 1000 + 3600_000),
      })
    }
    // January: value after 10, 20, 30 and 40 days. S is exactly 0.5 from day 20 until day 30,
    // so R's median is 25. The lower log-log band is ≤ 0.5 from day 10 (S = 0.75: 0.128); the
    // upper band is 0.961, 0.845, 0.666 and undefined once S = 0: no upper limit.
    for (const days of [10, 20, 30, 40]) reachAfter('2026-01-05T09:00:00Z', days)
    // February: two accounts, neither there yet on 1 March: censored, no median.
    start('2026-02-01T09:00:00Z')
    start('2026-02-10T09:00:00Z')
    // March: one account reached on day 3; another starts after "now" and is not measured.
    reachAfter('2026-03-01T00:00:00Z', 3)
    start('2026-03-20T09:00:00Z')

    const rows = await ttvCohorts({
      db,
      ...period('2026-01-01', '2026-03-31'),
      market: 'all',
      tier: 'all',
      now: at('2026-03-10T12:00:00Z'),
    })
    expect(rows).toEqual([
      { cohort: '2026-01', accounts: 4, reached: 4, censored: 0, median_days: 25, ci_low: 10, ci_high: null },
      {
        cohort: '2026-02',
        accounts: 2,
        reached: 0,
        censored: 2,
        median_days: null,
        ci_low: null,
        ci_high: null,
      },
      // One account that reached value: S drops from 1 to 0, where R has no band.
      {
        cohort: '2026-03',
        accounts: 1,
        reached: 1,
        censored: 0,
        median_days: 3,
        ci_low: null,
        ci_high: null,
      },
    ])
    // All seven together (the summary line): events on days 3, 10, 20, 30, 40, censored on 28 and
    // 37; S = 6/7, 5/7, 4/7, then 4/7 · 2/3 = 0.381 on day 30, the first time at or below 0.5.
    expect(
      await ttvByMarket({
        db,
        ...period('2026-01-01', '2026-03-31'),
        market: 'TV',
        tier: 'all',
        now: at('2026-03-10T12:00:00Z'),
      }),
    ).toMatchObject([{ market: 'TV', accounts: 7, reached: 5, censored: 2, median_days: 30 }])
  })
})

describe('metricTable', () => {
  it('writes ratios with four places and leaves undefined figures empty', async () => {
    const db = freshDb()
    const market = insertMarket(db, { code: 'MT' })
    const account = insertAccount(db, { marketId: market.id })
    insertTicket(db, { accountId: account.id, createdAt: at('2026-11-09T10:00:00Z') })
    insertTicket(db, { accountId: account.id, createdAt: at('2026-11-09T11:00:00Z'), channel: 'telegram' })
    insertTicket(db, { accountId: account.id, createdAt: at('2026-11-09T12:00:00Z'), channel: 'telegram' })
    const table = await metricTable('channel-share', {
      db,
      ...period('2026-11-09', '2026-11-22'),
      market: 'MT',
      tier: 'all',
    })
    expect(table.header).toEqual(['week', 'market', 'channel', 'tickets', 'share'])
    expect(table.rows.slice(0, 4)).toEqual([
      ['2026-W46', 'MT', 'portal', 1, '0.3333'],
      ['2026-W46', 'MT', 'email', 0, '0.0000'],
      ['2026-W46', 'MT', 'whatsapp', 0, '0.0000'],
      ['2026-W46', 'MT', 'telegram', 2, '0.6667'],
    ])
    expect(table.rows[6]).toEqual(['2026-W47', 'MT', 'portal', 0, null])
  })
})
