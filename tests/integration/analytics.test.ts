import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseCsv } from '../setup/csv'
import { queryDb } from '../setup/db'
import { createClient, type Client } from '../setup/http'
import { asHtml, tr } from '../setup/i18n'
import { startServer, type TestServer } from '../setup/server'

/**
 * The outcomes cockpit over real HTTP against the built server and its demo database: who may
 * see it, that it speaks every staff language, that each CSV has exactly the contract's header
 * (docs/design.md, "Outcomes: the cockpit contract"), and that a CSV's figures are what plain SQL on
 * the same database gives by the written definition.
 */

// A server of its own: these tests recompute whole-database aggregates with plain SQL and
// compare them with the CSVs, which needs a database no other file writes to meanwhile.
let server: TestServer
let agent: Client
let customer: Client

beforeAll(async () => {
  server = await startServer()
  agent = createClient(server.url)
  await agent.signIn('agent@hub.example')
  customer = createClient(server.url)
  await customer.signIn('emma@harbor.example')
})
afterAll(async () => {
  await server?.stop()
})

const contractHeaders: Record<string, string> = {
  'channel-share': 'week,market,channel,tickets,share',
  'first-response': 'week,market,tier,responded,awaiting,median_minutes,p90_minutes',
  sla: 'week,market,tier,tickets,breached,breach_rate',
  csat: 'month,market,tier,ratings,satisfied,csat',
  deflection: 'week,market,ticket_forms,suggestions_opened,deflected,deflection_rate',
  content: 'month,locale,article,views,helpful_yes,helpful_no,searches,no_result_searches',
  'retention-accounts': 'month,account_id,market,currency,start_arr_minor,end_arr_minor,usd_per_unit',
  retention: 'month,market,accounts,start_arr_usd,churned_usd,contraction_usd,expansion_usd,grr,nrr',
  'ttv-cohorts': 'cohort,accounts,reached,censored,median_days,ci_low,ci_high',
  'ttv-landmark': 'tier,group,accounts,reached,censored,median_days,ci_low,ci_high',
}

describe('who may see the cockpit', () => {
  it('shows it to every staff role and refuses customers the page and every CSV', async () => {
    expect((await agent.get('/en/staff/analytics')).status).toBe(200)
    for (const email of ['editor@hub.example', 'admin@hub.example']) {
      const staff = createClient(server.url)
      await staff.signIn(email)
      expect((await staff.get('/en/staff/analytics')).status, email).toBe(200)
    }
    expect((await customer.get('/en/staff/analytics')).status).toBe(403)
    for (const metric of Object.keys(contractHeaders))
      expect((await customer.get(`/en/staff/analytics.csv?metric=${metric}`)).status, metric).toBe(403)
    const anonymous = await createClient(server.url).get('/en/staff/analytics.csv?metric=sla')
    expect(anonymous.status).toBe(302)
  })
})

describe('the page', () => {
  it('renders every section in each staff language, with the filters kept in the form', async () => {
    for (const lang of ['en', 'ru', 'es', 'pt']) {
      const response = await agent.get(`/${lang}/staff/analytics?from=2026-08-01&to=2026-10-31&market=BR`)
      expect(response.status, lang).toBe(200)
      const html = await response.text()
      for (const key of [
        'analytics:title',
        'analytics:channelShare.title',
        'analytics:firstResponse.title',
        'analytics:sla.title',
        'analytics:csat.title',
        'analytics:deflection.title',
        'analytics:content.title',
        'analytics:retention.title',
        'analytics:ttv.title',
        'analytics:landmark.title',
      ])
        expect(html, `${lang} ${key}`).toContain(asHtml(tr(lang, key)))
      expect(html).toContain('value="2026-08-01"')
      expect(html).toContain('/staff/analytics.csv?metric=retention-accounts&amp;from=2026-08-01')
      expect(html.match(/<svg[^>]*role="img"/g)?.length, lang).toBeGreaterThanOrEqual(9)
    }
  })

  it('answers a filter it cannot honour with a 400 that says why, in the reader’s language', async () => {
    const response = await agent.get('/es/staff/analytics?market=XX')
    expect(response.status).toBe(400)
    expect(await response.text()).toContain(asHtml(tr('es', 'analytics:errors.market')))
    const csv = await agent.get('/ru/staff/analytics.csv?metric=nps')
    expect(csv.status).toBe(400)
    expect(await csv.text()).toBe(tr('ru', 'analytics:errors.metric'))
    expect((await agent.get('/en/staff/analytics.csv?metric=sla&from=2026-13-01')).status).toBe(400)
  })
})

describe('the CSVs', () => {
  it('carry exactly the contract’s header row in every language', async () => {
    for (const [metric, header] of Object.entries(contractHeaders)) {
      const response = await agent.get(
        `/pt/staff/analytics.csv?metric=${metric}&from=2026-09-01&to=2026-10-31`,
      )
      expect(response.status, metric).toBe(200)
      expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8')
      const [first] = parseCsv(await response.text())
      expect(first!.join(','), metric).toBe(header)
    }
  })

  it('give channel shares equal to plain SQL over the same database', async () => {
    const from = '2026-08-03'
    const to = '2026-10-25'
    const rows = parseCsv(
      await (await agent.get(`/en/staff/analytics.csv?metric=channel-share&from=${from}&to=${to}`)).text(),
    ).slice(1)
    // By the written definition: routine (how_to) tickets by UTC ISO week of creation, per market
    // and channel; share = tickets / all routine tickets of that week and market, 4 places.
    const counted = queryDb<{ week: string; market: string; channel: string; tickets: number }>(
      server.databaseFile,
      `select strftime('%G-W%V', t.created_at / 1000, 'unixepoch') as week, m.code as market,
              t.channel as channel, count(*) as tickets
       from tickets t join accounts a on a.id = t.account_id join markets m on m.id = a.market_id
       where t.category = 'how_to' and t.created_at >= ? and t.created_at < ?
       group by 1, 2, 3`,
      Date.parse(`${from}T00:00:00Z`),
      Date.parse(`${to}T00:00:00Z`) + 24 * 3600 * 1000,
    )
    expect(counted.length).toBeGreaterThan(20)
    const totals = new Map<string, number>()
    for (const c of counted)
      totals.set(`${c.week} ${c.market}`, (totals.get(`${c.week} ${c.market}`) ?? 0) + c.tickets)
    const expected = counted
      .map((c) => [
        c.week,
        c.market,
        c.channel,
        String(c.tickets),
        (Math.round((c.tickets / totals.get(`${c.week} ${c.market}`)!) * 10_000) / 10_000).toFixed(4),
      ])
      .sort((a, b) => a.join().localeCompare(b.join()))
    const actual = rows
      .filter(([, market, , tickets]) => market !== 'all' && tickets !== '0')
      .sort((a, b) => a.join().localeCompare(b.join()))
    expect(actual).toEqual(expected)
    // Twelve weeks, five market keys (four markets and all), six channels: empty weeks included.
    expect(rows).toHaveLength(12 * 5 * 6)
  })

  it('give SLA breaches equal to plain SQL over the same database', async () => {
    const from = '2026-06-01'
    const to = '2026-10-31'
    const rows = parseCsv(
      await (await agent.get(`/en/staff/analytics.csv?metric=sla&from=${from}&to=${to}`)).text(),
    ).slice(1)
    // Tickets with a first-response due time, by UTC ISO week of creation, market and the
    // ticket's tier; breached: answered after the due time, or unanswered with the due time past.
    const expected = queryDb<{
      week: string
      market: string
      tier: string
      tickets: number
      breached: number
    }>(
      server.databaseFile,
      `select strftime('%G-W%V', t.created_at / 1000, 'unixepoch') as week, m.code as market, t.tier as tier,
              count(*) as tickets,
              sum(case when t.first_response_at > t.first_response_due_at
                         or (t.first_response_at is null and t.first_response_due_at < ?) then 1 else 0 end) as breached
       from tickets t join accounts a on a.id = t.account_id join markets m on m.id = a.market_id
       where t.first_response_due_at is not null and t.created_at >= ? and t.created_at < ?
       group by 1, 2, 3 order by 1, 2, 3`,
      Date.now(),
      Date.parse(`${from}T00:00:00Z`),
      Date.parse(`${to}T00:00:00Z`) + 24 * 3600 * 1000,
    )
    expect(expected.some((e) => e.breached > 0)).toBe(true)
    expect(
      rows
        .filter(([, market, tier, tickets]) => market !== 'all' && tier !== 'all' && tickets !== '0')
        .map(([week, market, tier, tickets, breached, rate]) => [
          week,
          market,
          tier,
          tickets,
          breached,
          rate,
        ]),
    ).toEqual(
      expected.map((e) => [
        e.week,
        e.market,
        e.tier,
        String(e.tickets),
        String(e.breached),
        (Math.round((e.breached / e.tickets) * 10_000) / 10_000).toFixed(4),
      ]),
    )
  })

  it('give retention from the account-level detail, in constant currency', async () => {
    const query = 'from=2026-10-01&to=2026-10-31&market=EMEA'
    const detail = parseCsv(
      await (await agent.get(`/en/staff/analytics.csv?metric=retention-accounts&${query}`)).text(),
    ).slice(1)
    const [row] = parseCsv(
      await (await agent.get(`/en/staff/analytics.csv?metric=retention&${query}`)).text(),
    ).slice(1)
    // The detail itself against SQL: every EMEA account with ARR in 2025-10, its ARR in 2026-10.
    const snapshots = queryDb<{ id: number; start: number; end: number | null; rate: number }>(
      server.databaseFile,
      `select a.id, s0.arr_minor as start, s1.arr_minor as end,
              (select r.usd_per_unit from exchange_rates r where r.currency = s0.currency and r.month <= '2026-10'
               order by r.month desc limit 1) as rate
       from accounts a join markets m on m.id = a.market_id
       join arr_snapshots s0 on s0.account_id = a.id and s0.month = '2025-10' and s0.arr_minor > 0
       left join arr_snapshots s1 on s1.account_id = a.id and s1.month = '2026-10'
       where m.code = 'EMEA' order by a.id`,
    )
    expect(snapshots.length).toBeGreaterThan(10)
    expect(detail.map((d) => [Number(d[1]), Number(d[4]), Number(d[5]), Number(d[6])])).toEqual(
      snapshots.map((s) => [s.id, s.start, s.end ?? 0, s.rate]),
    )
    let start = 0
    let lost = 0
    let gained = 0
    for (const s of snapshots) {
      const end = s.end ?? 0
      start += (s.start / 100) * s.rate
      if (end < s.start) lost += ((s.start - end) / 100) * s.rate
      else gained += ((end - s.start) / 100) * s.rate
    }
    expect(row![0]).toBe('2026-10')
    expect(row![1]).toBe('EMEA')
    expect(Number(row![2])).toBe(snapshots.length)
    expect(row![3]).toBe((Math.round(start * 100) / 100).toFixed(2))
    expect(row![7]).toBe((Math.round(((start - lost) / start) * 10_000) / 10_000).toFixed(4))
    expect(row![8]).toBe((Math.round(((start - lost + gained) / start) * 10_000) / 10_000).toFixed(4))
  })
})

describe('exchange rates', () => {
  it('are read by all staff, set by admins only, and used by the next retention CSV', async () => {
    const admin = createClient(server.url)
    await admin.signIn('admin@hub.example')
    expect((await agent.get('/en/staff/settings/exchange-rates')).status).toBe(200)
    expect(
      (
        await agent.post('/en/staff/settings/exchange-rates', {
          month: '2026-10',
          currency: 'EUR',
          usdPerUnit: '2',
        })
      ).status,
    ).toBe(403)
    const refused = await admin.post('/ru/staff/settings/exchange-rates', {
      month: '2026-10',
      currency: 'EUR',
      usdPerUnit: '-1',
    })
    expect(refused.status).toBe(400)
    expect(await refused.text()).toContain(asHtml(tr('ru', 'errors:form.rate')))

    const saved = await admin.post('/en/staff/settings/exchange-rates', {
      month: '2026-10',
      currency: 'EUR',
      usdPerUnit: '1,25',
    })
    expect(saved.status).toBe(200)
    const detail = parseCsv(
      await (
        await agent.get('/en/staff/analytics.csv?metric=retention-accounts&from=2026-10-01&to=2026-10-31')
      ).text(),
    ).slice(1)
    const euro = detail.filter((d) => d[3] === 'EUR')
    expect(euro.length).toBeGreaterThan(0)
    expect(new Set(euro.map((d) => d[6]))).toEqual(new Set(['1.25']))
  })
})

describe('the deflection funnel’s raw material', () => {
  it('records a ticket form opened and a suggested article opened, for the customer’s account', async () => {
    const count = (type: string) =>
      queryDb<{ n: number }>(
        server.databaseFile,
        `select count(*) as n from events e join users u on u.id = e.user_id
         where e.type = ? and u.email = 'emma@harbor.example' and e.account_id = u.account_id`,
        type,
      )[0]!.n
    const [article] = queryDb<{ slug: string }>(
      server.databaseFile,
      `select t.slug from article_translations t join articles a on a.id = t.article_id
       where t.locale = 'en' and t.status = 'published' and a.visibility <> 'internal' order by t.id limit 1`,
    )
    const forms = count('ticket_form')
    const suggestions = count('suggestion')
    expect((await customer.get('/en/tickets/new')).status).toBe(200)
    expect(count('ticket_form')).toBe(forms + 1)
    const views = count('article')
    expect((await customer.get(`/en/kb/${article!.slug}`)).status).toBe(200)
    // Views are written with their batch, a second later (app/modules/events/usage.server.ts).
    await expect.poll(() => count('article'), { timeout: 5_000 }).toBe(views + 1)
    expect(count('suggestion')).toBe(suggestions)
    expect((await customer.get(`/en/kb/${article!.slug}?suggested=1`)).status).toBe(200)
    await expect.poll(() => count('suggestion'), { timeout: 5_000 }).toBe(suggestions + 1)
  })
})

const dayMs = 24 * 3600 * 1000
/** The day the test servers' demo is seeded for (tests/setup/template.ts). */
const seededToday = Date.parse('2026-11-02T00:00:00Z')

/**
 * The story the demo tells the vendor, checked with plain SQL on the seeded file: the portal
 * opens in a launch month, routine requests move to it at each market's pace, accounts that use
 * it early reach value sooner (so later cohorts do), and ARR churns, contracts and expands, in
 * more than one currency within a market.
 */
describe('the demo’s story', () => {
  it('opens the portal in a launch month, moves requests to it and shortens onboarding through its use', async () => {
    const db = new Database(server.databaseFile, { readonly: true, fileMustExist: true })
    try {
      const one = <T>(query: string, ...params: unknown[]) =>
        db
          .prepare(query)
          .pluck()
          .get(...params) as T
      const launchMonth = one<string>("select value from app_meta where key = 'portal_launch_month'")
      expect(launchMonth).toBe('2026-06')
      const launch = Date.parse('2026-06-10T00:00:00Z')
      // Nothing happened in the portal before it opened.
      expect(one("select count(*) from tickets where channel = 'portal' and created_at < ?", launch)).toBe(0)
      expect(
        one(
          "select count(*) from events where type in ('article', 'video', 'lesson', 'checklist', 'ticket_form', 'suggestion', 'deflection') and occurred_at < ?",
          launch,
        ),
      ).toBe(0)

      // Portal share of routine tickets in the first two months after the launch and since then.
      const shares = db
        .prepare(
          `select m.code as market, t.created_at >= ? as later,
              avg(case when t.channel = 'portal' then 1.0 else 0 end) as share
       from tickets t join accounts a on a.id = t.account_id join markets m on m.id = a.market_id
       where t.category = 'how_to' and t.created_at >= ? group by 1, 2`,
        )
        .all(launch + 61 * dayMs, launch) as { market: string; later: number; share: number }[]
      const share = (market: string, later: number) =>
        shares.find((s) => s.market === market && s.later === later)!.share
      for (const market of ['US', 'EMEA', 'LATAM', 'BR'])
        expect(share(market, 1), market).toBeGreaterThan(share(market, 0))
      // At different speeds: email-bound US customers move faster than WhatsApp-bound Brazil.
      expect(share('US', 0)).toBeGreaterThan(share('BR', 0) + 0.2)

      // Share of accounts reaching value by day 30, among those followed for at least 30 days and
      // still onboarding on day 14: higher for those that read in the portal on days 0–13, and for
      // cohorts that started after the launch than before it.
      const accounts = db
        .prepare(
          `select a.onboarding_started_at as t0,
              (select min(p.done_at) from account_item_progress p join checklist_items i on i.key = p.item_key
                 and i.value_milestone = 1 where p.account_id = a.id) as valueAt,
              exists (select 1 from events e join users u on u.id = e.user_id and u.account_id = a.id
                      where e.account_id = a.id and e.type in ('article', 'video', 'lesson', 'checklist')
                        and e.occurred_at >= a.onboarding_started_at and e.occurred_at < a.onboarding_started_at + 14 * ?) as early
       from accounts a where a.onboarding_started_at <= ?`,
        )
        .all(dayMs, seededToday - 30 * dayMs) as { t0: number; valueAt: number | null; early: number }[]
      const onboardingAt14 = accounts.filter((a) => a.valueAt === null || a.valueAt - a.t0 >= 14 * dayMs)
      const byDay30 = (group: typeof accounts) =>
        group.filter((a) => a.valueAt !== null && a.valueAt - a.t0 < 31 * dayMs).length / group.length
      const users = onboardingAt14.filter((a) => a.early === 1)
      const nonUsers = onboardingAt14.filter((a) => a.early === 0)
      expect(users.length).toBeGreaterThan(30)
      expect(byDay30(users)).toBeGreaterThan(byDay30(nonUsers) + 0.15)
      expect(byDay30(accounts.filter((a) => a.t0 >= launch))).toBeGreaterThan(
        byDay30(accounts.filter((a) => a.t0 < launch)),
      )

      // ARR a year apart: some accounts gone, some down, some up.
      const moves = db
        .prepare(
          `select case when now.arr_minor is null then 'churned' when now.arr_minor < before.arr_minor then 'contracted'
                   when now.arr_minor > before.arr_minor then 'expanded' else 'flat' end as move, count(*) as n
       from arr_snapshots before left join arr_snapshots now on now.account_id = before.account_id and now.month = '2026-10'
       where before.month = '2025-10' and before.arr_minor > 0 group by 1`,
        )
        .all() as { move: string; n: number }[]
      for (const move of ['churned', 'contracted', 'expanded'])
        expect(moves.find((m) => m.move === move)?.n ?? 0, move).toBeGreaterThan(0)
      // Accounts billed in another currency than their market's.
      expect(
        one(
          "select count(distinct a.currency) from accounts a join markets m on m.id = a.market_id where m.code = 'BR'",
        ),
      ).toBe(2)
    } finally {
      db.close()
    }
    // The TTV-by-cohort chart marks the launch month, in words as well as with a line.
    const june = new Intl.DateTimeFormat('en', { year: 'numeric', month: 'long', timeZone: 'UTC' }).format(
      Date.UTC(2026, 5, 1),
    )
    const html = await (await agent.get('/en/staff/analytics?from=2026-01-01&to=2026-10-31')).text()
    expect(html).toContain(asHtml(tr('en', 'analytics:ttv.launchMarker', { month: june })))
    expect(html).toContain(asHtml(tr('en', 'analytics:ttv.launchedIn', { month: june })))
  })
})
