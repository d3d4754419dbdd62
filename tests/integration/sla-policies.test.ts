import { beforeAll, describe, expect, inject, it } from 'vitest'
import type { Tier } from '#db/schema/enums'
import { slaBreaches } from '~/modules/tickets/sla'
import { createAccount, createUser, signedInClient, unique, type TestUser } from '../factories/people'
import {
  createHoliday,
  createMarket,
  createTicket,
  numberFromLocation,
  ticketByNumber,
  type TestMarket,
} from '../factories/tickets'
import { queryDb } from '../setup/db'
import { asHtml, tr } from '../setup/i18n'

/**
 * SLA policies over HTTP: the clock stops while a ticket waits for the customer, priorities
 * have targets of their own, holidays push due times. Each test opens its tickets in a market
 * of its own (New York's hours, no holidays unless the test adds them) at a set time, and
 * reads what the queue and the ticket page say. The targets are global: only this file
 * changes them (the grid test, which touches the low-priority cells alone and puts them back).
 */

const server = inject('server')
let agentUser: TestUser
let admin: TestUser

beforeAll(() => {
  agentUser = createUser({ role: 'agent', name: unique('Sam Agent') })
  admin = createUser({ role: 'admin' })
})

const at = (iso: string) => new Date(iso)
const agentAt = (iso: string) => signedInClient(agentUser, { now: () => at(iso) })

function customerIn(market: TestMarket, tier: Tier = 'high') {
  const account = createAccount({ market: market.code, tier, locale: 'en' })
  return createUser({ account, locale: 'en', isAccountAdmin: true })
}

/** A target of the grid as the database holds it, in minutes. */
function target(tier: Tier, priority: string) {
  const [row] = queryDb<{ fr: number; res: number }>(
    server.databaseFile,
    `select first_response_minutes as fr, resolution_minutes as res from sla_targets
     where tier = ? and priority in (?, 'normal') order by priority = ? desc limit 1`,
    tier,
    priority,
    priority,
  )
  return row!
}

/** Page text with Intl's no-break spaces as plain ones, for matching what a person reads. */
const textOf = async (response: Response) => (await response.text()).replace(/[\u00a0\u202f]/g, ' ')

const queueNumbers = (html: string) =>
  [...html.matchAll(/href="\/en\/staff\/tickets\/(\d+)"/g)].map((m) => Number(m[1]))

describe('the SLA clock while a ticket waits for the customer', () => {
  it('does not breach while pending, and the answer moves the due time by the support time waited', async () => {
    const market = createMarket({ like: 'US' })
    const customer = customerIn(market)
    // Monday 9 November 2026, 09:00 in New York.
    const ticket = await createTicket(customer, { now: () => at('2026-11-09T14:00:00Z') })
    const { res } = target('high', 'normal')
    const resolutionDue = ticket.resolutionDueAt!.getTime()
    expect(resolutionDue).toBe(at('2026-11-09T14:00:00Z').getTime() + res * 60_000)

    // 09:30: the agent answers and waits for the customer.
    const agent = await agentAt('2026-11-09T14:30:00Z')
    const reply = await agent.post(`/en/staff/tickets/${ticket.number}`, {
      intent: 'reply',
      body: 'Which SDK version do you use?',
      nextStatus: 'pending',
    })
    expect(reply.status).toBe(302)
    const waiting = ticketByNumber(ticket.number)
    expect(waiting.status).toBe('pending')
    expect(waiting.slaPausedSince).toEqual(at('2026-11-09T14:30:00Z'))

    // Tuesday noon, long after the resolution was due: not breached, and the page says why.
    const tuesday = await agentAt('2026-11-10T17:00:00Z')
    const breachedNow = queueNumbers(
      await textOf(await tuesday.get(`/en/staff/tickets?status=all&sla=breached&market=${market.code}`)),
    )
    expect(breachedNow).not.toContain(ticket.number)
    const onTrack = queueNumbers(
      await textOf(await tuesday.get(`/en/staff/tickets?status=all&sla=onTrack&market=${market.code}`)),
    )
    expect(onTrack).toContain(ticket.number)
    expect(slaBreaches(waiting, at('2026-11-10T17:00:00Z'))).toEqual({
      firstResponse: false,
      resolution: false,
    })
    const page = await textOf(await tuesday.get(`/en/staff/tickets/${ticket.number}`))
    expect(page).toContain(asHtml(tr('en', 'staff:tickets.sla.waiting')))
    expect(page).not.toContain(asHtml(tr('en', 'staff:tickets.sla.breached')))

    // Tuesday 11:00: the customer answers. 7½ support hours were left at 09:30 on Monday:
    // seven until Tuesday 18:00, the last half hour on Wednesday from 09:00.
    const customerClient = await signedInClient(customer, { now: () => at('2026-11-10T16:00:00Z') })
    const answer = await customerClient.post(`/en/tickets/${ticket.number}`, {
      intent: 'reply',
      body: '4.2.1',
    })
    expect(answer.status).toBe(302)
    const resumed = ticketByNumber(ticket.number)
    expect(resumed.status).toBe('open')
    expect(resumed.slaPausedSince).toBeNull()
    expect(resumed.resolutionDueAt).toEqual(at('2026-11-11T14:30:00Z'))
    // Monday 09:30–18:00 and Tuesday 09:00–11:00.
    expect(resumed.slaPausedMinutes).toBe(510 + 120)
    // The first response was given before the wait: its due time stays where it was.
    expect(resumed.firstResponseDueAt).toEqual(ticket.firstResponseDueAt)

    // Wednesday 09:00 the queue says how long is left; at 10:00 how late it is.
    const wednesday = await agentAt('2026-11-11T14:00:00Z')
    const queue = await textOf(await wednesday.get(`/en/staff/tickets?status=all&market=${market.code}`))
    expect(queue).toContain(asHtml(tr('en', 'staff:tickets.sla.dueIn', { duration: '30 min' })))
    const late = await agentAt('2026-11-11T15:00:00Z')
    expect(
      queueNumbers(await textOf(await late.get(`/en/staff/tickets?sla=breached&market=${market.code}`))),
    ).toEqual([ticket.number])
    const latePage = await textOf(await late.get(`/en/staff/tickets/${ticket.number}`))
    expect(latePage).toContain(asHtml(tr('en', 'staff:tickets.sla.overdueBy', { duration: '30 min' })))
  })

  it('says the time left in the page language', async () => {
    const market = createMarket({ like: 'US' })
    const ticket = await createTicket(customerIn(market), { now: () => at('2026-11-09T14:00:00Z') })
    const { fr } = target('high', 'normal')
    // Ten minutes after opening, the first response is due in the target less ten minutes.
    const left = fr - 10
    const words = { ru: `${left} мин`, es: `${left} min`, pt: `${left} min` }
    const client = await agentAt('2026-11-09T14:10:00Z')
    for (const [lang, duration] of Object.entries(words)) {
      const page = await textOf(await client.get(`/${lang}/staff/tickets/${ticket.number}`))
      expect(page, lang).toContain(asHtml(tr(lang, 'staff:tickets.sla.dueIn', { duration })))
    }
  })
})

describe('targets per priority', () => {
  it('gives an urgent ticket the shorter target, and a change to urgent promises again', async () => {
    const market = createMarket({ like: 'US' })
    const customer = customerIn(market)
    const urgent = target('high', 'urgent')
    const normal = target('high', 'normal')
    expect(urgent.fr).toBeLessThan(normal.fr)
    // Logged by the agent on Monday 10:00 in New York.
    const agent = await agentAt('2026-11-09T15:00:00Z')
    const log = (priority: string) =>
      agent.post('/en/staff/tickets/new', {
        accountId: String(customer.accountId),
        requesterId: String(customer.id),
        channel: 'phone',
        category: 'technical',
        priority,
        subject: unique('Outage'),
        body: 'No data since 9:00.',
      })
    const urgentTicket = ticketByNumber(numberFromLocation(await log('urgent')))
    expect(urgentTicket.firstResponseDueAt).toEqual(
      new Date(at('2026-11-09T15:00:00Z').getTime() + urgent.fr * 60_000),
    )
    const normalTicket = ticketByNumber(numberFromLocation(await log('normal')))
    expect(normalTicket.firstResponseDueAt).toEqual(
      new Date(at('2026-11-09T15:00:00Z').getTime() + normal.fr * 60_000),
    )

    // Five minutes later the agent raises the normal one to urgent: due from its arrival.
    const later = await agentAt('2026-11-09T15:05:00Z')
    const update = await later.post(`/en/staff/tickets/${normalTicket.number}`, {
      intent: 'update',
      status: normalTicket.status,
      priority: 'urgent',
      category: normalTicket.category,
      assigneeId: '',
    })
    expect(update.status).toBe(200)
    expect(ticketByNumber(normalTicket.number).firstResponseDueAt).toEqual(urgentTicket.firstResponseDueAt)
  })

  it('lets admins edit the grid in hours, validated with the typed text kept, for tickets from then on', async () => {
    const client = await signedInClient(admin)
    const page = await textOf(await client.get('/en/staff/settings/sla'))
    const valueOf = (name: string) => new RegExp(`name="${name}"[^>]*value="([^"]*)"`).exec(page)?.[1]
    const names = [...page.matchAll(/name="((?:firstResponse|resolution)_[a-z]+_[a-z]+)"/g)].map((m) => m[1]!)
    expect(names).toHaveLength(24)
    const found = Object.fromEntries(names.map((name) => [name, valueOf(name)!]))
    expect(found.firstResponse_high_urgent).toBe(String(target('high', 'urgent').fr / 60))

    const refused = await client.post('/en/staff/settings/sla', { ...found, resolution_mid_low: 'soon' })
    expect(refused.status).toBe(400)
    const refusedPage = await textOf(refused)
    expect(refusedPage).toContain(asHtml(tr('en', 'errors:form.hours')))
    expect(refusedPage).toMatch(/name="resolution_mid_low"[^>]*value="soon"/)
    expect(target('mid', 'low').res).toBe(Number(found.resolution_mid_low) * 60)

    try {
      const saved = await client.post('/en/staff/settings/sla', { ...found, firstResponse_mid_low: '2,5' })
      expect(saved.status).toBe(200)
      expect(target('mid', 'low').fr).toBe(150)
      const market = createMarket({ like: 'US' })
      const customer = customerIn(market, 'mid')
      const agent = await agentAt('2026-11-09T14:00:00Z')
      const logged = await agent.post('/en/staff/tickets/new', {
        accountId: String(customer.accountId),
        requesterId: String(customer.id),
        channel: 'email',
        category: 'how_to',
        priority: 'low',
        subject: unique('Question'),
        body: 'How do I export?',
      })
      // Monday 09:00 + 2½ support hours.
      expect(ticketByNumber(numberFromLocation(logged)).firstResponseDueAt).toEqual(
        at('2026-11-09T16:30:00Z'),
      )
    } finally {
      expect((await client.post('/en/staff/settings/sla', found)).status).toBe(200)
    }
    expect(target('mid', 'low').fr).toBe(Number(found.firstResponse_mid_low) * 60)
  })
})

describe('holidays', () => {
  it('push a due time past the market holiday', async () => {
    const market = createMarket({ like: 'US' })
    const withHoliday = createMarket({ like: 'US' })
    createHoliday(withHoliday, '2026-11-10')
    const { fr } = target('high', 'normal')
    // Monday 17:30 in New York: half an hour today, the rest from the next support morning.
    const opened = () => at('2026-11-09T22:30:00Z')
    const plain = await createTicket(customerIn(market), { now: opened })
    const pushed = await createTicket(customerIn(withHoliday), { now: opened })
    const nextMorning = (day: string) => new Date(at(`${day}T14:00:00Z`).getTime() + (fr - 30) * 60_000)
    expect(plain.firstResponseDueAt).toEqual(nextMorning('2026-11-10'))
    expect(pushed.firstResponseDueAt).toEqual(nextMorning('2026-11-11'))
  })

  it('are kept by admins on the market page: added, refused with the text kept, removed', async () => {
    const market = createMarket({ like: 'BR' })
    const client = await signedInClient(admin)
    const url = `/pt/staff/settings/markets/${market.code}`
    const page = await textOf(await client.get(url))
    expect(page).toContain(asHtml(tr('pt', 'staff:markets.holidays.title')))
    expect(page).toContain(asHtml(tr('pt', 'staff:markets.holidays.none')))

    const badDate = await client.post(url, { intent: 'addHoliday', date: '2026-02-30', name: 'Carnaval' })
    expect(badDate.status).toBe(400)
    const badPage = await textOf(badDate)
    expect(badPage).toContain(asHtml(tr('pt', 'errors:form.date')))
    expect(badPage).toMatch(/name="name"[^>]*value="Carnaval"/)
    expect((await client.post(url, { intent: 'addHoliday', date: '2026-11-20', name: '  ' })).status).toBe(
      400,
    )

    const added = await client.post(url, {
      intent: 'addHoliday',
      date: '2026-11-20',
      name: 'Consciência Negra',
    })
    expect(added.status).toBe(200)
    const addedPage = await textOf(added)
    expect(addedPage).toContain(asHtml(tr('pt', 'staff:markets.holidays.added')))
    expect(addedPage).toContain('<time dateTime="2026-11-20">20 de nov. de 2026</time>')
    const twice = await client.post(url, { intent: 'addHoliday', date: '2026-11-20', name: 'Outro' })
    expect(twice.status).toBe(409)
    expect(await textOf(twice)).toContain(asHtml(tr('pt', 'errors:form.holidayTaken')))

    const rows = queryDb<{ id: number; date: string; name: string }>(
      server.databaseFile,
      'select id, date, name from market_holidays where market_id = ?',
      market.id,
    )
    expect(rows.map(({ date, name }) => ({ date, name }))).toEqual([
      { date: '2026-11-20', name: 'Consciência Negra' },
    ])

    // Another market's page cannot remove it.
    const other = createMarket({ like: 'BR' })
    const wrong = await client.post(`/pt/staff/settings/markets/${other.code}`, {
      intent: 'removeHoliday',
      holidayId: String(rows[0]!.id),
    })
    expect(wrong.status).toBe(404)
    const removed = await client.post(url, { intent: 'removeHoliday', holidayId: String(rows[0]!.id) })
    expect(removed.status).toBe(200)
    expect(await textOf(removed)).toContain(asHtml(tr('pt', 'staff:markets.holidays.removed')))
    expect(
      queryDb(server.databaseFile, 'select id from market_holidays where market_id = ?', market.id),
    ).toEqual([])
  })

  it("are seeded for the demo markets: this year's public holidays", () => {
    const counts = queryDb<{ code: string; n: number }>(
      server.databaseFile,
      `select m.code, count(*) as n from market_holidays h join markets m on m.id = h.market_id
       where m.code in ('US', 'EMEA', 'LATAM', 'BR') and h.date like '2026-%' group by m.code order by m.code`,
    )
    expect(counts).toEqual([
      { code: 'BR', n: 10 },
      { code: 'EMEA', n: 14 },
      { code: 'LATAM', n: 18 },
      { code: 'US', n: 11 },
    ])
  })
})
