import Database from 'better-sqlite3'
import { beforeAll, describe, expect, inject, it } from 'vitest'
import { ticketChannels } from '#db/schema/tickets'
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
} from '../factories/analytics'
import { createUser, signedInClient, testDb, unique } from '../factories/people'
import { parseCsv } from '../setup/csv'
import type { Client } from '../setup/http'

/**
 * Every CSV of the outcomes cockpit against the written definitions of docs/design.md ("Outcomes:
 * the cockpit contract"), over a small database made by hand: two markets of this file's own
 * (one busy, one with nothing at all) in 2020–2021, long before the demo's year, so that the
 * `market` filter leaves out everything other files write to the shared server. Each expected
 * table is worked out here from rows read with plain SQL (not with the app's code), and the
 * figures a person can check on paper are also written out by hand.
 */

const from = '2021-03-01'
const to = '2021-04-30'
/** The moment the server judges "still awaiting", "due time passed" and "not reached yet" at. */
const now = new Date('2021-05-15T12:00:00Z')
const period = `from=${from}&to=${to}`
const dayMs = 24 * 3600 * 1000
const minuteMs = 60_000
const tiers = ['high', 'mid', 'tech'] as const
const locales = ['en', 'ru', 'es', 'pt'] as const

const at = (iso: string) => new Date(iso)
const plus = (date: Date, ms: number) => new Date(date.getTime() + ms)
const ratio = (part: number, whole: number) =>
  whole === 0 ? '' : (Math.round((part / whole) * 10_000) / 10_000).toFixed(4)

let staff: Client
let customer: Client
let busy: string
let empty: string
let slugPrefix: string

function sql<T>(query: string, ...params: unknown[]): T[] {
  const db = new Database(inject('server').databaseFile, { readonly: true, fileMustExist: true })
  try {
    return db.prepare(query).all(...params) as T[]
  } finally {
    db.close()
  }
}

const periodStart = Date.parse(`${from}T00:00:00Z`)
const periodEnd = Date.parse(`${to}T00:00:00Z`) + dayMs

/** The period's ISO weeks as SQLite names them, one per day of the period, deduplicated. */
function weeksOfPeriod() {
  return sql<{ week: string }>(
    `with recursive days(day) as (select ? union all select date(day, '+1 day') from days where day < ?)
     select distinct strftime('%G-W%V', day) as week from days order by week`,
    from,
    to,
  ).map((r) => r.week)
}
const months = ['2021-03', '2021-04']

async function csv(metric: string, market: string, lang = 'en') {
  const response = await staff.get(`/${lang}/staff/analytics.csv?metric=${metric}&${period}&market=${market}`)
  expect(response.status, metric).toBe(200)
  return parseCsv(await response.text())
}

/** The rows of a CSV without its header. */
async function rowsOf(metric: string, market: string) {
  return (await csv(metric, market)).slice(1)
}

beforeAll(async () => {
  const db = testDb()
  const market = insertMarket(db, { code: unique('CK').replace(/-/g, '').slice(0, 20), currency: 'USD' })
  const quiet = insertMarket(db, { code: unique('QK').replace(/-/g, '').slice(0, 20) })
  busy = market.code
  empty = quiet.code
  const account = (tier: (typeof tiers)[number], currency: 'USD' | 'EUR' | 'GBP' = 'USD') =>
    insertAccount(db, { marketId: market.id, tier, currency })
  const high = account('high')
  const mid = account('mid')
  const tech = account('tech')

  // Tickets: W09 four (one not routine), W10 none, W11 four, W13 two unanswered, W17 one not
  // routine at the period's last second, and one routine ticket just after the period.
  const ticket = (
    owner: { id: number },
    createdAt: string,
    fields: Omit<Parameters<typeof insertTicket>[1], 'accountId' | 'createdAt'> & {
      respondAfter?: number
      dueAfter?: number
    },
  ) => {
    const created = at(createdAt)
    const { respondAfter, dueAfter, ...rest } = fields
    return insertTicket(db, {
      accountId: owner.id,
      createdAt: created,
      firstResponseAt: respondAfter === undefined ? null : plus(created, respondAfter * minuteMs),
      firstResponseDueAt: dueAfter === undefined ? null : plus(created, dueAfter * minuteMs),
      ...rest,
    })
  }
  const t1 = ticket(high, '2021-03-01T10:00:00Z', {
    tier: 'high',
    channel: 'portal',
    respondAfter: 30,
    dueAfter: 60,
  })
  const t2 = ticket(mid, '2021-03-02T09:00:00Z', {
    tier: 'mid',
    channel: 'email',
    respondAfter: 125,
    dueAfter: 120,
  })
  ticket(tech, '2021-03-03T23:30:00Z', { tier: 'tech', channel: 'whatsapp', respondAfter: 600 })
  const t4 = ticket(mid, '2021-03-07T23:59:00Z', {
    tier: 'mid',
    category: 'technical',
    channel: 'portal',
    respondAfter: 10,
    dueAfter: 240,
  })
  const t5 = ticket(mid, '2021-03-15T08:00:00Z', {
    tier: 'mid',
    channel: 'portal',
    respondAfter: 20,
    dueAfter: 60,
  })
  const t6 = ticket(mid, '2021-03-16T08:00:00Z', {
    tier: 'mid',
    channel: 'portal',
    respondAfter: 40,
    dueAfter: 60,
  })
  ticket(mid, '2021-03-17T08:00:00Z', { tier: 'mid', channel: 'portal', respondAfter: 90, dueAfter: 60 })
  const t8 = ticket(mid, '2021-03-18T12:00:00Z', {
    tier: 'mid',
    channel: 'telegram',
    respondAfter: 5,
    dueAfter: 60,
  })
  const t9 = ticket(high, '2021-03-29T10:00:00Z', { tier: 'high', channel: 'phone', dueAfter: 60 })
  ticket(tech, '2021-04-04T22:00:00Z', { tier: 'tech', channel: 'chat', dueAfter: 65 * 24 * 60 })
  ticket(mid, '2021-04-30T23:59:59Z', {
    tier: 'mid',
    category: 'billing',
    channel: 'email',
    respondAfter: 1,
    dueAfter: 60,
  })
  ticket(mid, '2021-05-01T00:00:00Z', { tier: 'mid', channel: 'portal', respondAfter: 1, dueAfter: 60 })

  // Ratings: March has exactly one; April five; one in May, outside the period.
  insertRating(db, { ticketId: t1.id, rating: 4, at: at('2021-03-20T10:00:00Z') })
  insertRating(db, { ticketId: t5.id, rating: 5, at: at('2021-04-02T10:00:00Z') })
  insertRating(db, { ticketId: t6.id, rating: 2, at: at('2021-04-03T10:00:00Z'), comment: 'Slow' })
  insertRating(db, { ticketId: t8.id, rating: 3, at: at('2021-04-10T10:00:00Z') })
  insertRating(db, { ticketId: t2.id, rating: 1, at: at('2021-04-30T23:00:00Z') })
  insertRating(db, { ticketId: t9.id, rating: 5, at: at('2021-04-15T10:00:00Z') })
  insertRating(db, { ticketId: t4.id, rating: 5, at: at('2021-05-02T10:00:00Z') })

  // The deflection funnel: W09 three forms, two suggestions, one left; W12 a form alone; W14 a
  // suggestion with no form.
  const funnel = (type: 'ticket_form' | 'suggestion' | 'deflection', owner: { id: number }, iso: string) =>
    insertEvent(db, { type, accountId: owner.id, at: at(iso) })
  funnel('ticket_form', mid, '2021-03-01T10:00:00Z')
  funnel('ticket_form', mid, '2021-03-02T10:00:00Z')
  funnel('ticket_form', high, '2021-03-07T23:00:00Z')
  funnel('suggestion', mid, '2021-03-01T10:01:00Z')
  funnel('suggestion', high, '2021-03-07T23:01:00Z')
  funnel('deflection', mid, '2021-03-01T10:05:00Z')
  funnel('ticket_form', tech, '2021-03-24T10:00:00Z')
  funnel('suggestion', tech, '2021-04-06T10:00:00Z')

  // Content: an article in en and es, one in en only (read in ru too: its en slug stands in),
  // and four whose slugs start like a formula.
  slugPrefix = unique('ck').toLowerCase()
  const setup = insertArticle(db, {
    translations: [
      { locale: 'en', slug: `${slugPrefix}-setup` },
      { locale: 'es', slug: `${slugPrefix}-configuracion` },
    ],
  })
  const billing = insertArticle(db, { translations: [{ locale: 'en', slug: `${slugPrefix}-billing` }] })
  const formulas = ['=', '+', '-', '@'].map((sign) =>
    insertArticle(db, { translations: [{ locale: 'en', slug: `${sign}${slugPrefix}` }] }),
  )
  const read = (
    article: { id: number },
    locale: (typeof locales)[number],
    owner: { id: number } | null,
    iso: string,
  ) =>
    insertEvent(db, {
      type: 'article',
      ref: String(article.id),
      locale,
      accountId: owner?.id ?? null,
      at: at(iso),
    })
  for (const day of ['02', '03', '04']) read(setup, 'en', mid, `2021-03-${day}T10:00:00Z`)
  read(billing, 'en', high, '2021-03-05T10:00:00Z')
  read(setup, 'es', tech, '2021-03-06T10:00:00Z')
  read(setup, 'es', tech, '2021-03-07T10:00:00Z')
  read(billing, 'ru', mid, '2021-03-08T10:00:00Z')
  read(setup, 'en', null, '2021-03-09T10:00:00Z') // anonymous: no market, so not in a market's rows
  for (const article of formulas) read(article, 'en', mid, '2021-04-01T10:00:00Z')
  const answer = (
    article: { id: number },
    locale: (typeof locales)[number],
    helpful: boolean,
    iso: string,
    code = busy,
  ) =>
    insertFeedback(db, { articleId: article.id, locale, helpful, at: at(iso), marketCode: code, tier: 'mid' })
  answer(setup, 'en', true, '2021-03-02T11:00:00Z')
  answer(setup, 'en', true, '2021-03-03T11:00:00Z')
  answer(setup, 'en', false, '2021-03-04T11:00:00Z')
  answer(setup, 'es', true, '2021-04-02T11:00:00Z') // rated in April, read in March
  answer(setup, 'en', false, '2021-03-04T11:00:00Z', 'US') // another market's reader
  const reader = insertCustomer(db, { accountId: mid.id })
  insertSearch(db, { locale: 'en', resultCount: 3, at: at('2021-03-02T09:00:00Z'), userId: reader.id })
  insertSearch(db, { locale: 'en', resultCount: 0, at: at('2021-03-02T09:01:00Z'), userId: reader.id })
  insertSearch(db, { locale: 'en', resultCount: 0, at: at('2021-03-20T09:00:00Z'), userId: reader.id })
  insertSearch(db, { locale: 'pt', resultCount: 0, at: at('2021-04-20T09:00:00Z'), userId: reader.id })
  insertSearch(db, { locale: 'en', resultCount: 0, at: at('2021-03-02T09:02:00Z'), userId: null })

  // Retention: ARR a year before March and April 2021 and in those months. The EUR account is
  // flat in euros in March while the euro rose 1.10 → 1.20: no expansion in constant currency.
  // April has no rates of its own, so March's are the latest on or before it.
  const billed = (currency: 'USD' | 'EUR' | 'GBP', arr: Record<string, number>) => {
    const owner = account('mid', currency)
    for (const [month, arrMinor] of Object.entries(arr))
      insertSnapshot(db, { accountId: owner.id, month, arrMinor, currency })
    return owner
  }
  billed('USD', { '2020-03': 1_000_00 }) // churns
  billed('USD', { '2020-03': 5_000_00, '2021-03': 3_000_00, '2020-04': 5_000_00, '2021-04': 2_500_00 }) // contracts
  billed('USD', { '2020-03': 2_000_00, '2021-03': 2_600_00 }) // expands
  billed('EUR', { '2020-03': 4_000_00, '2021-03': 4_000_00, '2020-04': 4_000_00, '2021-04': 4_400_00 })
  billed('GBP', { '2020-03': 1_000_00, '2021-03': 1_000_00 }) // no rate: shown in the detail, left out
  billed('USD', { '2020-03': 0, '2021-03': 1_000_00 }) // no ARR a year before: not in the base
  billed('USD', { '2021-03': 1_000_00 }) // new: not in the base
  insertRate(db, { month: '2020-03', currency: 'EUR', usdPerUnit: 1.1 })
  insertRate(db, { month: '2021-03', currency: 'EUR', usdPerUnit: 1.2 })
  insertRate(db, { month: '2021-03', currency: 'USD', usdPerUnit: 1 })

  // Time to value. March: value on day 0 (the milestone came two hours before T0), 3, 5, 8,
  // 10, 10, 12, 15, 20 and 40; two not there yet, censored at `now` (45 and 75 days on). April:
  // one account, value on day 7. The R fixture in the ttv-cohorts test is for these times.
  const playbook = insertPlaybook(db)
  const starter = (t0: string, reachedAfter: number | null) => {
    const start = at(t0)
    const owner = insertAccount(db, { marketId: market.id, tier: 'mid', t0: start, checklistId: playbook.id })
    if (reachedAfter !== null)
      completeItem(db, {
        accountId: owner.id,
        itemKey: playbook.milestone,
        doneAt: plus(start, reachedAfter),
      })
  }
  starter('2021-03-01T09:00:00Z', -2 * 3600_000)
  for (const day of [3, 5, 8, 10, 10, 12, 15, 20, 40]) starter('2021-03-01T09:00:00Z', day * dayMs + 3600_000)
  starter('2021-03-31T09:00:00Z', null)
  starter('2021-03-01T09:00:00Z', null)
  starter('2021-04-10T09:00:00Z', 7 * dayMs)

  const agent = createUser({ role: 'agent' })
  staff = await signedInClient(agent, { now: () => now })
  customer = await signedInClient(createUser(), { now: () => now })
})

describe('access', () => {
  it('refuses a customer the page and every metric’s CSV with 403', async () => {
    expect((await customer.get(`/en/staff/analytics?${period}`)).status).toBe(403)
    for (const metric of [
      'channel-share',
      'first-response',
      'sla',
      'csat',
      'deflection',
      'content',
      'retention-accounts',
      'retention',
      'ttv-cohorts',
      'ttv-landmark',
    ])
      expect((await customer.get(`/en/staff/analytics.csv?metric=${metric}&${period}`)).status, metric).toBe(
        403,
      )
  })
})

/** Percentile by linear interpolation between closest ranks (R's type 7), to one decimal. */
function percentileMinutes(values: number[], p: number) {
  if (values.length === 0) return ''
  const sorted = [...values].sort((a, b) => a - b)
  const position = (sorted.length - 1) * p
  const low = Math.floor(position)
  const high = Math.ceil(position)
  const value = sorted[low]! + (position - low) * (sorted[high]! - sorted[low]!)
  return (Math.round(value * 10) / 10).toFixed(1)
}

const weekOf = (column: string) => `strftime('%G-W%V', ${column} / 1000, 'unixepoch')`
const monthOfColumn = (column: string) => `strftime('%Y-%m', ${column} / 1000, 'unixepoch')`
const inMarket = `join accounts a on a.id = t.account_id join markets m on m.id = a.market_id`

describe('channel-share', () => {
  it('is routine tickets per ISO week and channel over that week’s routine tickets, empty weeks included', async () => {
    const weeks = weeksOfPeriod()
    const counted = sql<{ week: string; channel: string; tickets: number }>(
      `select ${weekOf('t.created_at')} as week, t.channel, count(*) as tickets from tickets t ${inMarket}
       where m.code = ? and t.category = 'how_to' and t.created_at >= ? and t.created_at < ? group by 1, 2`,
      busy,
      periodStart,
      periodEnd,
    )
    const count = (week: string, channel: string) =>
      counted.find((c) => c.week === week && c.channel === channel)?.tickets ?? 0
    const expected = weeks.flatMap((week) => {
      const total = ticketChannels.reduce((sum, channel) => sum + count(week, channel), 0)
      return ticketChannels.map((channel) => [
        week,
        busy,
        channel,
        String(count(week, channel)),
        ratio(count(week, channel), total),
      ])
    })
    const rows = await rowsOf('channel-share', busy)
    expect(rows).toEqual(expected)

    expect(weeks).toEqual([
      '2021-W09',
      '2021-W10',
      '2021-W11',
      '2021-W12',
      '2021-W13',
      '2021-W14',
      '2021-W15',
      '2021-W16',
      '2021-W17',
    ])
    expect(rows.filter((r) => r[0] === '2021-W10')).toEqual(
      ticketChannels.map((c) => ['2021-W10', busy, c, '0', '']),
    )
    expect(rows.filter((r) => r[2] === 'portal' && r[3] !== '0')).toEqual([
      ['2021-W09', busy, 'portal', '1', '0.3333'],
      ['2021-W11', busy, 'portal', '3', '0.7500'],
    ])
  })
})

describe('first-response and sla', () => {
  type TicketFacts = {
    week: string
    tier: string
    created: number
    responded: number | null
    due: number | null
  }
  const ticketsOfPeriod = () =>
    sql<TicketFacts>(
      `select ${weekOf('t.created_at')} as week, t.tier, t.created_at as created, t.first_response_at as responded,
              t.first_response_due_at as due
       from tickets t ${inMarket} where m.code = ? and t.created_at >= ? and t.created_at < ?`,
      busy,
      periodStart,
      periodEnd,
    )
  const lines = () => weeksOfPeriod().flatMap((week) => [...tiers, 'all'].map((tier) => ({ week, tier })))
  const pick = (facts: TicketFacts[], line: { week: string; tier: string }) =>
    facts.filter((f) => f.week === line.week && (line.tier === 'all' || f.tier === line.tier))

  it('gives calendar minutes to the first public reply, median and p90, and the tickets still awaiting', async () => {
    const facts = ticketsOfPeriod()
    const expected = lines().map((line) => {
      const group = pick(facts, line)
      const minutes = group
        .filter((f) => f.responded !== null)
        .map((f) => (f.responded! - f.created) / minuteMs)
      return [
        line.week,
        busy,
        line.tier,
        String(minutes.length),
        String(group.length - minutes.length),
        percentileMinutes(minutes, 0.5),
        percentileMinutes(minutes, 0.9),
      ]
    })
    const rows = await rowsOf('first-response', busy)
    expect(rows).toEqual(expected)
    const row = (week: string, tier: string) => rows.find((r) => r[0] === week && r[2] === tier)
    expect(row('2021-W11', 'mid')).toEqual(['2021-W11', busy, 'mid', '4', '0', '30.0', '75.0'])
    expect(row('2021-W09', 'all')).toEqual(['2021-W09', busy, 'all', '4', '0', '77.5', '457.5'])
    expect(row('2021-W13', 'all')).toEqual(['2021-W13', busy, 'all', '0', '2', '', ''])
    expect(row('2021-W10', 'all')).toEqual(['2021-W10', busy, 'all', '0', '0', '', ''])
  })

  it('counts a breach when the reply came after its due time or none came while the due time passed', async () => {
    const facts = ticketsOfPeriod().filter((f) => f.due !== null)
    const breached = (f: TicketFacts) =>
      f.responded === null ? f.due! < now.getTime() : f.responded > f.due!
    const expected = lines().map((line) => {
      const group = pick(facts, line)
      const late = group.filter(breached).length
      return [line.week, busy, line.tier, String(group.length), String(late), ratio(late, group.length)]
    })
    const rows = await rowsOf('sla', busy)
    expect(rows).toEqual(expected)
    const row = (week: string, tier: string) => rows.find((r) => r[0] === week && r[2] === tier)
    // W13: one unanswered past its due time, one unanswered with the due time still ahead.
    expect(row('2021-W13', 'all')).toEqual(['2021-W13', busy, 'all', '2', '1', '0.5000'])
    expect(row('2021-W11', 'mid')).toEqual(['2021-W11', busy, 'mid', '4', '1', '0.2500'])
    // The ticket without a due time (W09, tech) is not counted.
    expect(row('2021-W09', 'tech')).toEqual(['2021-W09', busy, 'tech', '0', '0', ''])
  })
})

describe('csat', () => {
  it('is the share of 4–5 ratings by the month of the rating and the ticket’s tier, a month of one rating too', async () => {
    const counted = sql<{ month: string; tier: string; ratings: number; satisfied: number }>(
      `select ${monthOfColumn('r.created_at')} as month, t.tier, count(*) as ratings,
              sum(case when r.rating >= 4 then 1 else 0 end) as satisfied
       from ticket_ratings r join tickets t on t.id = r.ticket_id ${inMarket}
       where m.code = ? and r.created_at >= ? and r.created_at < ? group by 1, 2`,
      busy,
      periodStart,
      periodEnd,
    )
    const expected = months.flatMap((month) =>
      [...tiers, 'all'].map((tier) => {
        const group = counted.filter((c) => c.month === month && (tier === 'all' || c.tier === tier))
        const ratings = group.reduce((sum, c) => sum + c.ratings, 0)
        const satisfied = group.reduce((sum, c) => sum + c.satisfied, 0)
        return [month, busy, tier, String(ratings), String(satisfied), ratio(satisfied, ratings)]
      }),
    )
    const rows = await rowsOf('csat', busy)
    expect(rows).toEqual(expected)
    expect(rows.find((r) => r[0] === '2021-03' && r[2] === 'all')).toEqual([
      '2021-03',
      busy,
      'all',
      '1',
      '1',
      '1.0000',
    ])
    expect(rows.find((r) => r[0] === '2021-04' && r[2] === 'all')).toEqual([
      '2021-04',
      busy,
      'all',
      '5',
      '2',
      '0.4000',
    ])
  })
})

describe('deflection', () => {
  it('counts forms, suggestions opened and forms left after a suggestion per ISO week', async () => {
    const counted = sql<{ week: string; type: string; n: number }>(
      `select ${weekOf('e.occurred_at')} as week, e.type, count(*) as n
       from events e join accounts a on a.id = e.account_id join markets m on m.id = a.market_id
       where m.code = ? and e.type in ('ticket_form', 'suggestion', 'deflection')
         and e.occurred_at >= ? and e.occurred_at < ? group by 1, 2`,
      busy,
      periodStart,
      periodEnd,
    )
    const count = (week: string, type: string) =>
      counted.find((c) => c.week === week && c.type === type)?.n ?? 0
    const expected = weeksOfPeriod().map((week) => [
      week,
      busy,
      String(count(week, 'ticket_form')),
      String(count(week, 'suggestion')),
      String(count(week, 'deflection')),
      ratio(count(week, 'deflection'), count(week, 'ticket_form')),
    ])
    const rows = await rowsOf('deflection', busy)
    expect(rows).toEqual(expected)
    expect(rows.filter((r) => r.slice(2, 5).join() !== '0,0,0')).toEqual([
      ['2021-W09', busy, '3', '2', '1', '0.3333'],
      ['2021-W12', busy, '1', '0', '0', '0.0000'],
      ['2021-W14', busy, '0', '1', '0', ''],
    ])
  })
})

/** A text cell as the CSV writes it: one that could start a formula gets a leading apostrophe. */
const asCsvText = (text: string) => (/^[=+\-@]/.test(text) ? `'${text}` : text)

describe('content', () => {
  it('gives views and helpful answers per article and reading language, and a searches row per language', async () => {
    const slugOf = (locale: string) =>
      `coalesce((select own.slug from article_translations own where own.article_id = ar.id and own.locale = ${locale}),
                (select src.slug from article_translations src where src.article_id = ar.id and src.locale = ar.source_locale))`
    const views = sql<{ month: string; locale: string; article: string; views: number }>(
      `select ${monthOfColumn('e.occurred_at')} as month, e.locale, ${slugOf('e.locale')} as article, count(*) as views
       from events e join accounts a on a.id = e.account_id join markets m on m.id = a.market_id
       join articles ar on ar.id = cast(e.ref as integer)
       where m.code = ? and e.type = 'article' and e.occurred_at >= ? and e.occurred_at < ? group by 1, 2, 3`,
      busy,
      periodStart,
      periodEnd,
    )
    const answers = sql<{ month: string; locale: string; article: string; yes: number; no: number }>(
      `select ${monthOfColumn('f.created_at')} as month, f.locale, ${slugOf('f.locale')} as article,
              sum(f.helpful) as yes, sum(1 - f.helpful) as no
       from content_feedback f join articles ar on ar.id = f.content_id
       where f.kind = 'article' and f.market_code = ? and f.created_at >= ? and f.created_at < ? group by 1, 2, 3`,
      busy,
      periodStart,
      periodEnd,
    )
    const searches = sql<{ month: string; locale: string; searches: number; none: number }>(
      `select ${monthOfColumn('s.created_at')} as month, s.locale, count(*) as searches,
              sum(case when s.result_count = 0 then 1 else 0 end) as none
       from search_log s join users u on u.id = s.user_id join accounts a on a.id = u.account_id
       join markets m on m.id = a.market_id
       where m.code = ? and s.created_at >= ? and s.created_at < ? group by 1, 2`,
      busy,
      periodStart,
      periodEnd,
    )
    const expected: string[][] = []
    for (const month of months)
      for (const locale of locales) {
        const articles = new Map<string, { views: number; yes: number; no: number }>()
        const entry = (article: string) => {
          if (!articles.has(article)) articles.set(article, { views: 0, yes: 0, no: 0 })
          return articles.get(article)!
        }
        for (const v of views.filter((v) => v.month === month && v.locale === locale))
          entry(v.article).views += v.views
        for (const a of answers.filter((a) => a.month === month && a.locale === locale)) {
          entry(a.article).yes += a.yes
          entry(a.article).no += a.no
        }
        for (const [article, e] of articles)
          expected.push([
            month,
            locale,
            asCsvText(article),
            String(e.views),
            String(e.yes),
            String(e.no),
            '',
            '',
          ])
        const s = searches.find((s) => s.month === month && s.locale === locale)
        expected.push([month, locale, '*', '', '', '', String(s?.searches ?? 0), String(s?.none ?? 0)])
      }
    const rows = await rowsOf('content', busy)
    const sorted = (table: string[][]) => table.map((r) => r.join('\t')).sort()
    expect(sorted(rows)).toEqual(sorted(expected))

    const row = (month: string, locale: string, article: string) =>
      rows.find((r) => r[0] === month && r[1] === locale && r[2] === article)
    expect(row('2021-03', 'en', `${slugPrefix}-setup`)).toEqual([
      '2021-03',
      'en',
      `${slugPrefix}-setup`,
      '3',
      '2',
      '1',
      '',
      '',
    ])
    // Read in Russian, which it has no translation in: filed under its English slug.
    expect(row('2021-03', 'ru', `${slugPrefix}-billing`)).toEqual([
      '2021-03',
      'ru',
      `${slugPrefix}-billing`,
      '1',
      '0',
      '0',
      '',
      '',
    ])
    expect(row('2021-04', 'es', `${slugPrefix}-configuracion`)).toEqual([
      '2021-04',
      'es',
      `${slugPrefix}-configuracion`,
      '0',
      '1',
      '0',
      '',
      '',
    ])
    expect(row('2021-03', 'en', '*')).toEqual(['2021-03', 'en', '*', '', '', '', '3', '2'])
    expect(row('2021-04', 'pt', '*')).toEqual(['2021-04', 'pt', '*', '', '', '', '1', '1'])
  })

  it('neutralises cells that start with = + - or @ so a spreadsheet never runs them', async () => {
    const response = await staff.get(`/en/staff/analytics.csv?metric=content&${period}&market=${busy}`)
    const text = await response.text()
    for (const sign of ['=', '+', '-', '@']) {
      expect(text).toContain(`"'${sign}${slugPrefix}"`)
      expect(text).not.toContain(`"${sign}${slugPrefix}"`)
    }
  })
})

describe('retention', () => {
  type Pair = { account_id: number; currency: string; start: number; end: number; rate: number | null }
  const pairs = (month: string, yearBefore: string) =>
    sql<Pair>(
      `select s0.account_id, s0.currency, s0.arr_minor as start, coalesce(s1.arr_minor, 0) as end,
              (select r.usd_per_unit from exchange_rates r where r.currency = s0.currency and r.month <= ?
               order by r.month desc limit 1) as rate
       from arr_snapshots s0 join accounts a on a.id = s0.account_id join markets m on m.id = a.market_id
       left join arr_snapshots s1 on s1.account_id = s0.account_id and s1.month = ?
       where m.code = ? and s0.month = ? and s0.arr_minor > 0 order by s0.account_id`,
      month,
      month,
      busy,
      yearBefore,
    )
  const yearBefore: Record<string, string> = { '2021-03': '2020-03', '2021-04': '2020-04' }

  it('lists every account with ARR a year before, its ARR now (0: gone) and the month’s rate for both', async () => {
    const expected = months.flatMap((month) =>
      pairs(month, yearBefore[month]!).map((p) => [
        month,
        String(p.account_id),
        busy,
        p.currency,
        String(p.start),
        String(p.end),
        p.rate === null ? '' : String(p.rate),
      ]),
    )
    const rows = await rowsOf('retention-accounts', busy)
    expect(rows).toEqual(expected)
    expect(rows.map((r) => [r[0], r[3], r[4], r[5], r[6]])).toEqual([
      ['2021-03', 'USD', '100000', '0', '1'],
      ['2021-03', 'USD', '500000', '300000', '1'],
      ['2021-03', 'USD', '200000', '260000', '1'],
      ['2021-03', 'EUR', '400000', '400000', '1.2'],
      ['2021-03', 'GBP', '100000', '100000', ''],
      ['2021-04', 'USD', '500000', '250000', '1'],
      ['2021-04', 'EUR', '400000', '440000', '1.2'],
    ])
  })

  it('gives GRR and NRR in constant currency: churn, contraction and expansion at the month’s rate', async () => {
    const expected = months.map((month) => {
      const kept = pairs(month, yearBefore[month]!).filter((p) => p.rate !== null)
      const usd = (minor: number, rate: number) => (minor / 100) * rate
      let start = 0
      let churned = 0
      let contraction = 0
      let expansion = 0
      for (const p of kept) {
        start += usd(p.start, p.rate!)
        if (p.end === 0) churned += usd(p.start, p.rate!)
        else if (p.end < p.start) contraction += usd(p.start - p.end, p.rate!)
        else expansion += usd(p.end - p.start, p.rate!)
      }
      const cents = (value: number) => (Math.round(value * 100) / 100).toFixed(2)
      return [
        month,
        busy,
        String(kept.length),
        cents(start),
        cents(churned),
        cents(contraction),
        cents(expansion),
        ratio(start - churned - contraction, start),
        ratio(start - churned - contraction + expansion, start),
      ]
    })
    const rows = await rowsOf('retention', busy)
    expect(rows).toEqual(expected)
    // By hand. March: 1000 + 5000 + 2000 + 4000 € × 1.2 = 12 800 $ at start; 1000 churned,
    // 2000 contraction, 600 expansion (the euro account is flat in euros: no expansion).
    // April: 5000 + 4800 at start, 2500 contraction, 400 € × 1.2 = 480 expansion.
    expect(rows).toEqual([
      ['2021-03', busy, '4', '12800.00', '1000.00', '2000.00', '600.00', '0.7656', '0.8125'],
      ['2021-04', busy, '2', '9800.00', '0.00', '2500.00', '480.00', '0.7449', '0.7939'],
    ])
  })
})

describe('retention in a month whose ARR is not recorded yet', () => {
  it('has no accounts and empty GRR and NRR, not every account churned', async () => {
    // The latest ARR snapshots in the database are the demo's; the month after them has none.
    const [{ latest }] = sql<{ latest: string }>('select max(month) as latest from arr_snapshots') as [
      { latest: string },
    ]
    const [year, month] = latest.split('-').map(Number) as [number, number]
    // Months are 0-based in Date.UTC: `month` (1-based) is the month after the latest.
    const next = new Date(Date.UTC(year, month, 1)).toISOString().slice(0, 7)
    const yearBeforeNext = new Date(Date.UTC(year - 1, month, 1)).toISOString().slice(0, 7)
    const db = testDb()
    const owner = insertAccount(db, {
      marketId: sql<{ id: number }>('select id from markets where code = ?', busy)[0]!.id,
    })
    // ARR a year before that month, in this file's market: an account the month would count.
    insertSnapshot(db, { accountId: owner.id, month: yearBeforeNext, arrMinor: 9_000_00, currency: 'USD' })
    const query = `from=${next}-01&to=${next}-28&market=${busy}`
    const detail = await staff.get(`/en/staff/analytics.csv?metric=retention-accounts&${query}`)
    expect(parseCsv(await detail.text()).slice(1)).toEqual([])
    const kept = await staff.get(`/en/staff/analytics.csv?metric=retention&${query}`)
    expect(parseCsv(await kept.text()).slice(1)).toEqual([
      [next, busy, '0', '0.00', '0.00', '0.00', '0.00', '', ''],
    ])
  })
})

describe('ttv-cohorts', () => {
  it('gives each start cohort’s Kaplan–Meier median and log-log 95% interval as R’s survfit does', async () => {
    // The observations by the written definition, read from the database: days from T0 to the
    // first completion of the value milestone (0 when it came before T0), or to `now` when none.
    const observed = sql<{ cohort: string; days: number; reached: number }>(
      `select ${monthOfColumn('a.onboarding_started_at')} as cohort,
              max(0, cast((coalesce(min(p.done_at), ?) - a.onboarding_started_at) / 86400000 as integer)) as days,
              count(p.done_at) as reached
       from accounts a join markets m on m.id = a.market_id
       left join account_item_progress p on p.account_id = a.id
         and p.item_key in (select i.key from checklist_items i where i.checklist_id = a.checklist_id and i.value_milestone = 1)
       where m.code = ? and a.onboarding_started_at >= ? and a.onboarding_started_at < ?
       group by a.id order by 1, 2`,
      now.getTime(),
      busy,
      periodStart,
      periodEnd,
    )
    // These are the times R was given. The fixture below is what R 4.2.2 with survival 3.5.3 printed:
    //   library(survival)
    //   march <- survfit(Surv(c(0,3,5,8,10,10,12,15,20,40,45,75), c(rep(1,10),0,0)) ~ 1, conf.type = "log-log")
    //   print(march)  # n 12, events 10, median 11, 0.95LCL 3, 0.95UCL 40
    //   print(survfit(Surv(7, 1) ~ 1, conf.type = "log-log"))  # n 1, events 1, median 7, NA, NA
    // March sits at exactly 0.5 from day 10 to day 12, so the median is the midpoint, 11.
    expect(observed.map((o) => [o.cohort, o.days, o.reached])).toEqual([
      ...[0, 3, 5, 8, 10, 10, 12, 15, 20, 40].map((days) => ['2021-03', days, 1]),
      ['2021-03', 45, 0],
      ['2021-03', 75, 0],
      ['2021-04', 7, 1],
    ])
    expect(await rowsOf('ttv-cohorts', busy)).toEqual([
      ['2021-03', '12', '10', '2', '11', '3', '40'],
      ['2021-04', '1', '1', '0', '7', '', ''],
    ])
  })
})

describe('a market with no tickets, ratings, events or accounts', () => {
  it('still has a line for every week or month, with zeros and no ratios', async () => {
    const weeks = weeksOfPeriod()
    expect(await rowsOf('channel-share', empty)).toEqual(
      weeks.flatMap((week) => ticketChannels.map((channel) => [week, empty, channel, '0', ''])),
    )
    expect(await rowsOf('first-response', empty)).toEqual(
      weeks.flatMap((week) => [...tiers, 'all'].map((tier) => [week, empty, tier, '0', '0', '', ''])),
    )
    expect(await rowsOf('sla', empty)).toEqual(
      weeks.flatMap((week) => [...tiers, 'all'].map((tier) => [week, empty, tier, '0', '0', ''])),
    )
    expect(await rowsOf('csat', empty)).toEqual(
      months.flatMap((month) => [...tiers, 'all'].map((tier) => [month, empty, tier, '0', '0', ''])),
    )
    expect(await rowsOf('deflection', empty)).toEqual(weeks.map((week) => [week, empty, '0', '0', '0', '']))
    expect(await rowsOf('retention-accounts', empty)).toEqual([])
    expect(await rowsOf('retention', empty)).toEqual(
      months.map((month) => [month, empty, '0', '0.00', '0.00', '0.00', '0.00', '', '']),
    )
    expect(await rowsOf('ttv-cohorts', empty)).toEqual(
      months.map((month) => [month, '0', '0', '0', '', '', '']),
    )
  })
})
