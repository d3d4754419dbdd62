import { eq } from 'drizzle-orm'
import { beforeAll, describe, expect, inject, it } from 'vitest'
import * as schema from '#db/schema/index'
import { accountsPageSize } from '~/modules/accounts/accounts.schema'
import { createAccount, createUser, signedInClient, testDb, unique } from '../factories/people'
import { createMarket, createTicket } from '../factories/tickets'
import { queryDb } from '../setup/db'
import type { Client } from '../setup/http'
import { asHtml, tr } from '../setup/i18n'

const server = inject('server')
const dayMs = 24 * 3600 * 1000
let agent: Client

beforeAll(async () => {
  agent = await signedInClient(createUser({ role: 'agent' }))
})

const rows = <T>(sql: string, ...params: unknown[]) => queryDb<T>(server.databaseFile, sql, ...params)

/** The ids of the rows a page lists, in order, from the links to each one. */
const linkedIds = (html: string, pattern: RegExp) => [...html.matchAll(pattern)].map((m) => Number(m[1]))
const trackerIds = (html: string) => linkedIds(html, /href="\/en\/staff\/accounts\/(\d+)#onboarding"/g)
const accountListIds = (html: string) => linkedIds(html, /href="\/en\/staff\/accounts\/(\d+)"/g)

const showing = (from: number, to: number, total: number) =>
  asHtml(
    tr('en', 'common:pagination.showing', {
      from: from.toLocaleString('en'),
      to: to.toLocaleString('en'),
      total: total.toLocaleString('en'),
    }),
  )

/** The starter playbook of tech-touch accounts and its value milestone. */
function techPlaybook() {
  const [playbook] = rows<{ id: number; milestone: string }>(
    `select c.id, (select i.key from checklist_items i where i.checklist_id = c.id and i.value_milestone = 1 order by i.id limit 1) as milestone
     from checklists c where c.tier = 'tech' and c.market_id is null order by c.id limit 1`,
  )
  return playbook!
}

/**
 * A market of the test's own with `count` tech-touch accounts that started on distinct days, so
 * the tracker's and the list's filters see only them whatever other files create meanwhile.
 */
function marketWithAccounts(count: number) {
  const market = createMarket()
  const playbook = techPlaybook()
  const now = Date.now()
  const accounts = Array.from({ length: count }, (_, i) =>
    createAccount({
      market: market.code,
      name: unique(`Paged ${String(i).padStart(2, '0')}`),
      onboardingStartedAt: new Date(now - (i + 1) * dayMs - i * 1000),
      checklistId: playbook.id,
    }),
  )
  return { market, accounts, playbook }
}

function reachValue(accountId: number, milestone: string, at: Date) {
  testDb()
    .insert(schema.accountItemProgress)
    .values({ accountId, itemKey: milestone, doneAt: at, source: 'person' })
    .run()
}

describe('the onboarding tracker, a page at a time', () => {
  it('shows page 2 as the next rows in SQL order, keeps the filters and counts from the database', async () => {
    const { market } = marketWithAccounts(57)
    const expected = rows<{ id: number }>(
      `select a.id from accounts a join markets m on m.id = a.market_id where m.code = ?
       order by a.onboarding_started_at desc, a.id asc`,
      market.code,
    ).map((r) => r.id)
    const [{ n: total }] = rows<{ n: number }>(
      'select count(*) as n from accounts a join markets m on m.id = a.market_id where m.code = ?',
      market.code,
    ) as [{ n: number }]
    expect(total).toBe(57)

    const first = await (
      await agent.get(`/en/staff/onboarding?market=${market.code}&sort=start&dir=desc`)
    ).text()
    expect(trackerIds(first)).toEqual(expected.slice(0, 50))
    expect(first).toContain(showing(1, 50, total))
    // The next page's link keeps the market and the order.
    const next =
      /<a[^>]*href="([^"]*)"[^>]*rel="next"/.exec(first) ?? /<a[^>]*rel="next"[^>]*href="([^"]*)"/.exec(first)
    expect(next).not.toBeNull()
    const nextQuery = new URL(next![1]!.replace(/&amp;/g, '&'), server.url).searchParams
    expect(Object.fromEntries(nextQuery)).toEqual({
      market: market.code,
      sort: 'start',
      dir: 'desc',
      page: '2',
    })

    const second = await (await agent.get(`/en/staff/onboarding?${nextQuery}`)).text()
    expect(trackerIds(second)).toEqual(expected.slice(50))
    expect(second).toContain(showing(51, 57, total))
  })

  it('shows the first page for a page number past the last or not a number', async () => {
    const { market } = marketWithAccounts(3)
    for (const page of ['2', '99999', '0', '-4', 'abc', '1e9', '']) {
      const response = await agent.get(`/en/staff/onboarding?market=${market.code}&page=${page}`)
      expect(response.status, page).toBe(200)
      expect(await response.text(), page).toContain(showing(1, 3, 3))
    }
  })

  it('keeps the state filter across pages and counts what it keeps', async () => {
    const { market, accounts, playbook } = marketWithAccounts(55)
    // 52 of them reached value on their second day; the 3 others wait.
    for (const account of accounts.slice(0, 52))
      reachValue(account.id, playbook.milestone, new Date(account.onboardingStartedAt!.getTime() + dayMs))
    const base = `/en/staff/onboarding?market=${market.code}&state=reached&sort=ttv&dir=asc`
    const first = await (await agent.get(base)).text()
    expect(first).toContain(showing(1, 50, 52))
    const second = await (await agent.get(`${base}&page=2`)).text()
    expect(second).toContain(showing(51, 52, 52))
    const shown = [...trackerIds(first), ...trackerIds(second)]
    // Same TTV (one day) for all: the tie is broken by id.
    expect(shown).toEqual(accounts.slice(0, 52).map((a) => a.id))
  })

  it('recomputes its figures from the database after a change', async () => {
    const { market, accounts, playbook } = marketWithAccounts(6)
    const figures = async () => {
      const csv = await (
        await agent.get(`/en/staff/onboarding.csv?dataset=curves&market=${market.code}&groupBy=tier`)
      ).text()
      // outcome, group, day, share, at risk, accounts, reached, censored: the first row of TTV.
      const [, row] = csv.trim().split('\r\n')
      const cells = row!.split(',')
      return { accounts: Number(cells[5]), reached: Number(cells[6]), censored: Number(cells[7]) }
    }
    const recomputed = () => {
      const [row] = rows<{ accounts: number; reached: number }>(
        `select count(*) as accounts,
           sum(exists (select 1 from account_item_progress p where p.account_id = a.id and p.item_key = ?)) as reached
         from accounts a join markets m on m.id = a.market_id where m.code = ?`,
        playbook.milestone,
        market.code,
      )
      return { accounts: row!.accounts, reached: row!.reached, censored: row!.accounts - row!.reached }
    }
    const page = async () => (await agent.get(`/en/staff/onboarding?market=${market.code}`)).text()

    expect(await figures()).toEqual(recomputed())
    expect(await figures()).toEqual({ accounts: 6, reached: 0, censored: 6 })
    const pendingBefore = tr('en', 'onboarding:tracker.countsDetail', { reached: '0', pending: '6' })
    expect(await page()).toContain(asHtml(pendingBefore))

    // A change written by another connection (this test's) is seen at once: the cache is invalid.
    reachValue(
      accounts[0]!.id,
      playbook.milestone,
      new Date(accounts[0]!.onboardingStartedAt!.getTime() + 2 * dayMs),
    )
    expect(await figures()).toEqual(recomputed())
    expect(await figures()).toEqual({ accounts: 6, reached: 1, censored: 5 })
    expect(await page()).toContain(
      asHtml(tr('en', 'onboarding:tracker.countsDetail', { reached: '1', pending: '5' })),
    )

    // An undo is a change too.
    testDb()
      .delete(schema.accountItemProgress)
      .where(eq(schema.accountItemProgress.accountId, accounts[0]!.id))
      .run()
    expect(await figures()).toEqual({ accounts: 6, reached: 0, censored: 6 })
  })
})

describe('the staff accounts list and ticket queue, a page at a time', () => {
  it('lists page 2 of the accounts by name with the filters kept', async () => {
    const { market } = marketWithAccounts(53)
    const expected = rows<{ id: number }>(
      `select a.id from accounts a join markets m on m.id = a.market_id where m.code = ? order by a.name, a.id`,
      market.code,
    ).map((r) => r.id)
    const first = await (await agent.get(`/en/staff/accounts?market=${market.code}&tier=tech`)).text()
    expect(accountListIds(first)).toEqual(expected.slice(0, accountsPageSize))
    expect(first).toContain(`market=${market.code}&amp;tier=tech&amp;page=2`)
    const pageSize = accountsPageSize
    const second = await (await agent.get(`/en/staff/accounts?market=${market.code}&tier=tech&page=2`)).text()
    expect(accountListIds(second)).toEqual(expected.slice(pageSize, 2 * pageSize))
    expect(second).toContain(showing(pageSize + 1, Math.min(53, 2 * pageSize), 53))
    expect((await agent.get(`/en/staff/accounts?market=${market.code}&page=zzz`)).status).toBe(200)
  })

  it('pages the queue with its filters and shows the first page past the last', async () => {
    const market = createMarket()
    const account = createAccount({ market: market.code })
    const requester = createUser({ account })
    const db = testDb()
    const start = 900_000_000 + Math.floor(Math.random() * 1000) * 1000
    for (let i = 0; i < 55; i++)
      db.insert(schema.tickets)
        .values({
          number: start + i,
          accountId: account.id,
          requesterId: requester.id,
          subject: unique('Queued'),
          category: 'how_to',
          locale: 'en',
          tier: 'tech',
          resolutionDueAt: new Date(Date.now() + (i + 1) * 3600 * 1000),
        })
        .run()
    const expected = rows<{ number: number }>(
      `select number from tickets where account_id = ? order by resolution_due_at, number`,
      account.id,
    ).map((r) => r.number)
    const numbers = (html: string) => linkedIds(html, /href="\/en\/staff\/tickets\/(\d+)"/g)
    const base = `/en/staff/tickets?status=active&market=${market.code}`
    const first = await (await agent.get(base)).text()
    expect(first).toContain(showing(1, 50, 55))
    const second = await (await agent.get(`${base}&page=2`)).text()
    expect(second).toContain(showing(51, 55, 55))
    expect([...numbers(first), ...numbers(second)]).toEqual(expected)
    const past = await agent.get(`${base}&page=7`)
    expect(past.status).toBe(200)
    expect(await past.text()).toContain(showing(1, 50, 55))
  })
})

describe('a long conversation', () => {
  it('shows the latest messages with the reply form under them, and the earlier ones on request', async () => {
    const account = createAccount()
    const requester = createUser({ account })
    const ticket = await createTicket(requester)
    const db = testDb()
    const t0 = ticket.createdAt.getTime()
    for (let i = 1; i <= 30; i++)
      db.insert(schema.ticketMessages)
        .values({
          ticketId: ticket.id,
          authorId: requester.id,
          body: `Message number ${i} of the thread`,
          internal: i === 30,
          createdAt: new Date(t0 + i * 60_000),
        })
        .run()
    const customer = await signedInClient(requester)
    const visible = rows<{ id: number; body: string }>(
      'select id, body from ticket_messages where ticket_id = ? and internal = 0 order by created_at, id',
      ticket.id,
    )
    expect(visible).toHaveLength(30) // the opening message and 29 public ones
    const bodiesIn = (html: string) => visible.filter((m) => html.includes(asHtml(m.body))).map((m) => m.id)

    const latest = await (await customer.get(`/en/tickets/${ticket.number}`)).text()
    expect(bodiesIn(latest)).toEqual(visible.slice(-20).map((m) => m.id))
    expect(latest).not.toContain('Message number 30 of')
    expect(latest.indexOf('Message number 29 of')).toBeLessThan(latest.indexOf('id="reply-heading"'))
    const firstShown = visible.at(-20)!.id
    expect(latest).toContain(`/en/tickets/${ticket.number}?before=${firstShown}"`)

    const earlier = await (await customer.get(`/en/tickets/${ticket.number}?before=${firstShown}`)).text()
    expect(bodiesIn(earlier)).toEqual(visible.map((m) => m.id))
    const all = await (await customer.get(`/en/tickets/${ticket.number}?messages=all`)).text()
    expect(bodiesIn(all)).toEqual(visible.map((m) => m.id))
    // An id that is not a message of this ticket, or nonsense, shows the latest ones.
    for (const before of ['1', 'x', '-3'])
      expect(
        bodiesIn(await (await customer.get(`/en/tickets/${ticket.number}?before=${before}`)).text()),
      ).toEqual(visible.slice(-20).map((m) => m.id))

    const staffLatest = await (await agent.get(`/en/staff/tickets/${ticket.number}`)).text()
    expect(staffLatest).toContain('Message number 30 of')
    expect(staffLatest).not.toContain(asHtml(visible[9]!.body))
    const staffAll = await (await agent.get(`/en/staff/tickets/${ticket.number}?messages=all`)).text()
    expect(bodiesIn(staffAll)).toEqual(visible.map((m) => m.id))
  })
})

describe('the customer’s ticket list', () => {
  it('pages the tickets newest first and keeps the status filter', async () => {
    const account = createAccount()
    const requester = createUser({ account })
    const db = testDb()
    const start = 800_000_000 + Math.floor(Math.random() * 1000) * 1000
    for (let i = 0; i < 30; i++)
      db.insert(schema.tickets)
        .values({
          number: start + i,
          accountId: account.id,
          requesterId: requester.id,
          subject: unique('Mine'),
          category: 'how_to',
          status: i % 2 ? 'open' : 'pending',
          locale: 'en',
          tier: 'tech',
          updatedAt: new Date(Date.now() - i * 60_000),
        })
        .run()
    const customer = await signedInClient(requester)
    const numbers = (html: string) => linkedIds(html, /href="\/en\/tickets\/(\d+)"/g)
    const expected = rows<{ number: number }>(
      `select number from tickets where requester_id = ? and status = 'open' order by updated_at desc, id desc`,
      requester.id,
    ).map((r) => r.number)
    expect(expected).toHaveLength(15)
    const all = await (await customer.get('/en/tickets')).text()
    expect(all).toContain(showing(1, 25, 30))
    const open = await (await customer.get('/en/tickets?status=open')).text()
    expect(numbers(open)).toEqual(expected)
    expect(open).toContain(showing(1, 15, 15))
    const second = await (await customer.get('/en/tickets?page=2')).text()
    expect(second).toContain(showing(26, 30, 30))
    expect(numbers(second)).toHaveLength(5)
    expect((await customer.get('/en/tickets?page=%F0')).status).toBe(200)
  })
})
