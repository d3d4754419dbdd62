import { beforeAll, describe, expect, inject, it } from 'vitest'
import type { Locale, Tier } from '#db/schema/enums'
import { slaBreaches } from '~/modules/tickets/sla'
import { createAccount, createUser, signedInClient, unique, type TestUser } from '../factories/people'
import { createMarket, createTicket, numberFromLocation } from '../factories/tickets'
import { days, hours } from '../setup/clock'
import { queryDb } from '../setup/db'
import { type Client } from '../setup/http'
import { asHtml, tr } from '../setup/i18n'
import { readOutbox } from '../setup/outbox'

const server = inject('server')
let agentUser: TestUser
let agent: Client
let editor: Client

beforeAll(async () => {
  agentUser = createUser({ role: 'agent', name: unique('Alex Morgan') })
  agent = await signedInClient(agentUser)
  editor = await signedInClient(createUser({ role: 'editor' }))
})

/**
 * A customer (their account's admin) of a new account: in a demo market, or in a market the
 * test made for itself so that queue filters by that market see only the test's tickets.
 */
function customer(
  options: { market?: { code: string; defaultLocale?: Locale }; tier?: Tier; locale?: Locale } = {},
) {
  const account = createAccount({
    market: options.market?.code ?? 'US',
    tier: options.tier,
    locale: options.locale,
  })
  return createUser({ account, locale: options.locale ?? account.locale, isAccountAdmin: true })
}

/** The agent's client at a moment of the test's choosing (the server takes it from X-Test-Now). */
const agentAt = (at: Date) => signedInClient(agentUser, { now: () => at })

type TicketRow = {
  id: number
  number: number
  status: string
  locale: string
  channel: string
  accountId: number
  requesterId: number
  assigneeId: number | null
  createdById: number | null
  firstResponseDueAt: number | null
  resolutionDueAt: number | null
  firstResponseAt: number | null
  solvedAt: number | null
  closedAt: number | null
  slaPausedSince: number | null
}

const ticketColumns = `t.id, t.number, t.status, t.locale, t.channel, t.account_id as accountId, t.requester_id as requesterId, t.assignee_id as assigneeId,
  t.created_by_id as createdById, t.first_response_due_at as firstResponseDueAt, t.resolution_due_at as resolutionDueAt,
  t.first_response_at as firstResponseAt, t.solved_at as solvedAt, t.closed_at as closedAt, t.sla_paused_since as slaPausedSince`

const ticketsWhere = (where: string, ...params: unknown[]) =>
  queryDb<TicketRow>(
    server.databaseFile,
    `select ${ticketColumns} from tickets t join accounts a on a.id = t.account_id join markets m on m.id = a.market_id where ${where}`,
    ...params,
  )
const ticketByNumber = (number: number) => ticketsWhere('t.number = ?', number)[0]!

/** A staff change of the ticket through its page, keeping the fields not given. */
async function staffUpdate(number: number, changes: { status?: string; assigneeId?: string }, by = agent) {
  const [current] = queryDb<{
    status: string
    priority: string
    category: string
    assigneeId: number | null
  }>(
    server.databaseFile,
    'select status, priority, category, assignee_id as assigneeId from tickets where number = ?',
    number,
  )
  const response = await by.post(`/en/staff/tickets/${number}`, {
    intent: 'update',
    status: current!.status,
    priority: current!.priority,
    category: current!.category,
    assigneeId: current!.assigneeId === null ? '' : String(current!.assigneeId),
    ...changes,
  })
  expect(response.status, `update #${number}`).toBe(200)
}

const mailTo = async (email: string) => (await readOutbox(server.dataDir)).filter((m) => m.to === email)

/** Ticket numbers in the order the queue lists them. */
const numbersIn = (html: string) =>
  [...html.matchAll(/href="\/en\/staff\/tickets\/(\d+)"/g)].map((m) => Number(m[1]))

const asDates = (row: TicketRow) => ({
  status: row.status,
  firstResponseDueAt: row.firstResponseDueAt === null ? null : new Date(row.firstResponseDueAt),
  resolutionDueAt: row.resolutionDueAt === null ? null : new Date(row.resolutionDueAt),
  firstResponseAt: row.firstResponseAt === null ? null : new Date(row.firstResponseAt),
  solvedAt: row.solvedAt === null ? null : new Date(row.solvedAt),
  closedAt: row.closedAt === null ? null : new Date(row.closedAt),
  slaPausedSince: row.slaPausedSince === null ? null : new Date(row.slaPausedSince),
})

async function logTicket(
  client: Client,
  fields: Partial<Record<string, string>> & { accountId: string; requesterId: string },
) {
  return client.post('/en/staff/tickets/new', {
    channel: 'whatsapp',
    category: 'how_to',
    priority: 'normal',
    subject: 'Logged from a call',
    body: 'They called about the SDK.',
    ...fields,
  } as Record<string, string>)
}

/** Logs a ticket for the customer, on their account, and returns its number. */
async function logFor(client: Client, person: TestUser, fields: Partial<Record<string, string>> = {}) {
  const response = await logTicket(client, {
    accountId: String(person.accountId),
    requesterId: String(person.id),
    subject: unique('Logged from a call'),
    ...fields,
  })
  expect(response.status, await response.clone().text()).toBe(302)
  return numberFromLocation(response)
}

describe('the queue', () => {
  it('filters by status, market and language and counts what matches', async () => {
    // A market of the test's own: Portuguese and Spanish speakers, active and solved tickets.
    const market = createMarket({ like: 'BR' })
    const joao = customer({ market, locale: 'pt' })
    const maria = customer({ market, locale: 'es' })
    const active = [(await createTicket(joao)).number, (await createTicket(joao)).number]
    const solved = (await createTicket(joao)).number
    await staffUpdate(solved, { status: 'solved' })
    const spanish = (await createTicket(maria)).number

    const expected = ticketsWhere(
      "t.status in ('new', 'open', 'pending') and m.code = ? and t.locale = 'pt'",
      market.code,
    ).length
    expect(expected).toBe(active.length)
    const response = await agent.get(`/en/staff/tickets?status=active&market=${market.code}&locale=pt`)
    expect(response.status).toBe(200)
    const html = await response.text()
    expect(html).toContain(
      asHtml(
        tr('en', expected === 1 ? 'staff:tickets.queue.count_one' : 'staff:tickets.queue.count_other', {
          formatted: expected.toLocaleString('en-US'),
        }),
      ),
    )
    const listed = numbersIn(html)
    expect(listed.length).toBe(Math.min(expected, 50))
    expect([...listed].sort()).toEqual([...active].sort())
    for (const number of listed) {
      const row = ticketsWhere("t.number = ? and m.code = ? and t.locale = 'pt'", number, market.code)[0]
      expect(row?.status, `#${number}`).toMatch(/^(new|open|pending)$/)
    }
    expect(listed).not.toContain(solved)
    expect(listed).not.toContain(spanish)
  })

  it('sorts by the next due time: the first response while there is none, else the resolution', async () => {
    const market = createMarket({ like: 'US' })
    const people = (['high', 'mid', 'tech'] as const).map((tier) => customer({ market, tier }))
    // Telegram conversations logged over the last days, for accounts of every tier.
    const now = Date.now()
    const logged: number[] = []
    for (const [index, at] of [days(6), days(3), hours(30), hours(5), hours(1)].entries()) {
      const client = await agentAt(new Date(now - at))
      logged.push(await logFor(client, people[index % people.length]!, { channel: 'telegram' }))
    }
    // One has had its first response: its resolution is what is due next.
    const answered = await (
      await agentAt(new Date(now - hours(4)))
    ).post(`/en/staff/tickets/${logged[1]}`, {
      intent: 'reply',
      body: 'We are on it.',
      nextStatus: 'open',
    })
    expect(answered.status).toBe(302)
    expect(answered.headers.get('location')).toBe(`/en/staff/tickets/${logged[1]}?sent=reply`)
    expect(ticketByNumber(logged[1]!).firstResponseAt).not.toBeNull()

    const html = await (
      await agent.get(`/en/staff/tickets?status=all&channel=telegram&market=${market.code}`)
    ).text()
    const expected = queryDb<{ number: number }>(
      server.databaseFile,
      `select number from tickets where channel = 'telegram'
         and account_id in (select a.id from accounts a join markets m on m.id = a.market_id where m.code = ?)
       order by (case when first_response_at is null then first_response_due_at else resolution_due_at end) is null,
                (case when first_response_at is null then first_response_due_at else resolution_due_at end), number limit 50`,
      market.code,
    ).map((r) => r.number)
    expect(expected.length).toBeGreaterThan(3)
    expect([...expected].sort()).toEqual([...logged].sort())
    expect(numbersIn(html)).toEqual(expected)
  })

  it('filters by assignee (me, unassigned), category, tier and SLA state', async () => {
    const market = createMarket({ like: 'US' })
    const mid = customer({ market, tier: 'mid' })
    const me = createUser({ role: 'agent' })
    const myClient = await signedInClient(me)
    const assignedToMe = (await createTicket(mid, { category: 'how_to' })).number
    await staffUpdate(assignedToMe, { assigneeId: String(me.id) })
    const unassignedHowTo = (await createTicket(mid, { category: 'how_to' })).number
    const unassignedTechnical = (await createTicket(mid, { category: 'technical' })).number
    // Opened ten days ago and never answered: late by now.
    const late = (await createTicket(mid, { now: () => new Date(Date.now() - days(10)) })).number

    const mine = numbersIn(await (await myClient.get('/en/staff/tickets?status=all&assignee=me')).text())
    expect(mine).toEqual([assignedToMe])
    for (const number of mine) expect(ticketByNumber(number).assigneeId).toBe(me.id)

    const unassigned = numbersIn(
      await (
        await agent.get(
          `/en/staff/tickets?status=all&assignee=unassigned&category=how_to&tier=mid&market=${market.code}`,
        )
      ).text(),
    )
    expect(unassigned).toEqual([unassignedHowTo])
    expect(unassigned).not.toContain(unassignedTechnical)
    for (const number of unassigned) {
      const [row] = queryDb<{ assigneeId: number | null; category: string; tier: string }>(
        server.databaseFile,
        'select assignee_id as assigneeId, category, tier from tickets where number = ?',
        number,
      )
      expect(row).toEqual({ assigneeId: null, category: 'how_to', tier: 'mid' })
    }

    const now = new Date()
    const breached = numbersIn(
      await (await agent.get(`/en/staff/tickets?status=all&sla=breached&market=${market.code}`)).text(),
    )
    expect(breached.length).toBeGreaterThan(0)
    expect(breached).toContain(late)
    for (const number of breached) {
      const b = slaBreaches(asDates(ticketByNumber(number)), now)
      expect(b.firstResponse || b.resolution, `#${number}`).toBe(true)
    }
    const onTrack = numbersIn(
      await (await agent.get(`/en/staff/tickets?status=all&sla=onTrack&market=${market.code}`)).text(),
    )
    expect(onTrack).not.toContain(late)
    for (const number of onTrack) {
      const b = slaBreaches(asDates(ticketByNumber(number)), now)
      expect(b.firstResponse || b.resolution, `#${number}`).toBe(false)
    }
  })

  it('shows a new high-touch ticket as breaching soon (its first response is due within an hour of support time)', async () => {
    const market = createMarket({ like: 'US' })
    const person = customer({ market, tier: 'high' })
    const number = await logFor(agent, person, { subject: 'Urgent: campaign paused' })
    const dueSoon = numbersIn(
      await (await agent.get(`/en/staff/tickets?status=active&sla=dueSoon&market=${market.code}`)).text(),
    )
    expect(dueSoon).toContain(number)
    const breached = numbersIn(
      await (await agent.get(`/en/staff/tickets?status=active&sla=breached&market=${market.code}`)).text(),
    )
    expect(breached).not.toContain(number)
  })

  it('falls back to the default view on nonsense filters instead of failing', async () => {
    const response = await agent.get(
      '/en/staff/tickets?status=zzz&sla=%3Cscript%3E&assignee=-1&page=abc&tier=gold',
    )
    expect(response.status).toBe(200)
  })
})

describe('bulk changes', () => {
  it('assigns and sets the status of the selected tickets, re-checking every id and skipping unknown ones', async () => {
    const requesters = [customer({ locale: 'en' }), customer({ locale: 'es' })]
    const targets = await Promise.all(requesters.map((person) => createTicket(person)))
    expect(targets.map((t) => [t.status, t.assigneeId])).toEqual([
      ['new', null],
      ['new', null],
    ])
    const csm = createUser({ role: 'agent' }).id
    const ids = [...targets.map((t) => String(t.id)), '99999999']

    const assign = await agent.post('/en/staff/tickets?index', {
      intent: 'assign',
      ticketIds: ids,
      assigneeId: String(csm),
      status: 'open',
    })
    expect(assign.status).toBe(200)
    expect(await assign.text()).toContain(
      asHtml(tr('en', 'staff:tickets.bulk.done_other', { formatted: '2' })),
    )
    for (const t of targets) {
      expect(ticketByNumber(t.number).assigneeId).toBe(csm)
      expect(ticketByNumber(t.number).status).toBe('new')
      const audit = queryDb<{ toValue: string }>(
        server.databaseFile,
        "select to_value as toValue from ticket_events where ticket_id = ? and change = 'assignee'",
        t.id,
      )
      expect(audit).toContainEqual({ toValue: String(csm) })
    }

    // Assigning tells no requester anything: each holds only the receipt of the ticket they opened.
    for (const [index, person] of requesters.entries()) {
      const { number, subject } = targets[index]!
      expect((await mailTo(person.email)).map((m) => m.subject)).toEqual([
        tr(person.locale, 'mail:ticket.receiptSubject', { number, subject }),
      ])
    }
    const status = await agent.post('/en/staff/tickets?index', {
      intent: 'status',
      ticketIds: ids,
      status: 'solved',
      assigneeId: '',
    })
    expect(status.status).toBe(200)
    for (const t of targets) expect(ticketByNumber(t.number).status).toBe('solved')
    // Each requester hears about the status change, in their language.
    for (const person of requesters) {
      const mails = await mailTo(person.email)
      expect(mails, person.email).toHaveLength(2)
      expect(mails[1]!.subject).toContain(tr(person.locale, 'tickets:status.solved'))
    }
  })

  it('refuses an empty selection, a non-staff assignee and an unknown action with 400, changing nothing', async () => {
    const emma = customer()
    const pending = (await createTicket(emma)).number
    await staffUpdate(pending, { status: 'pending' })
    const [t] = ticketsWhere('t.number = ?', pending)
    expect(t!.status).toBe('pending')
    expect((await agent.post('/en/staff/tickets?index', { intent: 'assign', assigneeId: '' })).status).toBe(
      400,
    )
    expect(
      (
        await agent.post('/en/staff/tickets?index', {
          intent: 'assign',
          ticketIds: [String(t!.id)],
          assigneeId: String(emma.id),
        })
      ).status,
    ).toBe(400)
    expect(
      (await agent.post('/en/staff/tickets?index', { intent: 'delete', ticketIds: [String(t!.id)] })).status,
    ).toBe(400)
    expect(
      (
        await agent.post('/en/staff/tickets?index', {
          intent: 'status',
          ticketIds: [String(t!.id)],
          status: 'archived',
        })
      ).status,
    ).toBe(400)
    expect(ticketByNumber(t!.number)).toEqual(t)
  })
})

describe('access', () => {
  it('answers 403 to customers on every staff ticket page and action, and to editors on ticket changes', async () => {
    const emmaUser = customer()
    const emma = await signedInClient(emmaUser)
    const { number } = await createTicket(emmaUser)
    for (const [path, form] of [
      ['/en/staff/tickets?index', { intent: 'status', ticketIds: ['1'], status: 'closed' }],
      [`/en/staff/tickets/${number}`, { intent: 'reply', body: 'hello' }],
      [
        '/en/staff/tickets/new',
        { accountId: '1', requesterId: '1', channel: 'phone', subject: 'x', body: 'y', category: 'other' },
      ],
      ['/en/staff/tickets/replies', { intent: 'save', title_en: 'x', body_en: 'y' }],
      ['/en/staff/settings/sla', { firstResponse_high: '1', resolution_high: '2' }],
    ] as const) {
      expect((await emma.post(path, form as Record<string, string | string[]>)).status, path).toBe(403)
      expect((await emma.get(path.replace('?index', ''))).status, path).toBe(403)
    }
    expect(
      (await editor.post(`/en/staff/tickets/${number}`, { intent: 'reply', body: 'hello' })).status,
    ).toBe(403)
    expect(
      (await agent.post('/en/staff/settings/sla', { firstResponse_high: '1', resolution_high: '2' })).status,
    ).toBe(403)
    expect((await editor.get('/en/staff/tickets')).status).toBe(200)
    // None of the refused posts wrote anything: the ticket still has its first message only.
    expect(
      queryDb(
        server.databaseFile,
        'select body from ticket_messages m join tickets t on t.id = m.ticket_id where t.number = ?',
        number,
      ),
    ).toHaveLength(1)
  })

  it('answers 404 for an unknown or malformed ticket number', async () => {
    expect((await agent.get('/en/staff/tickets/999999')).status).toBe(404)
    expect((await agent.get('/en/staff/tickets/12abc')).status).toBe(404)
    expect((await agent.post('/en/staff/tickets/999999', { intent: 'reply', body: 'hello' })).status).toBe(
      404,
    )
  })
})

describe('replies and internal notes', () => {
  it('sends a public reply to the requester in their language and keeps internal notes among staff', async () => {
    const olgaUser = customer({ market: { code: 'EMEA' }, locale: 'ru' })
    const olga = await signedInClient(olgaUser)
    const ticket = await createTicket(olgaUser)
    const reply = unique('Ответ поддержки')
    const note = unique('Internal: customer is on the old SDK')
    const before = (await mailTo(olgaUser.email)).length
    // Only the receipt of the ticket she opened.
    expect(before).toBe(1)

    expect(
      (await agent.post(`/en/staff/tickets/${ticket.number}`, { intent: 'note', body: note })).status,
    ).toBe(302)
    expect((await mailTo(olgaUser.email)).length).toBe(before)

    expect(
      (
        await agent.post(`/en/staff/tickets/${ticket.number}`, {
          intent: 'reply',
          body: reply,
          nextStatus: 'pending',
        })
      ).status,
    ).toBe(302)
    const mails = await mailTo(olgaUser.email)
    expect(mails.length).toBe(before + 1)
    const [subject] = queryDb<{ subject: string }>(
      server.databaseFile,
      'select subject from tickets where id = ?',
      ticket.id,
    )
    expect(mails.at(-1)!.subject).toBe(
      tr('ru', 'mail:ticket.replySubject', { number: ticket.number, subject: subject!.subject }),
    )
    expect(mails.at(-1)!.text).not.toContain(note)
    for (const mail of mails) expect(mail.text).not.toContain('Internal:')

    const stored = queryDb<{ body: string; internal: number }>(
      server.databaseFile,
      'select body, internal from ticket_messages where ticket_id = ? order by id',
      ticket.id,
    )
    expect(stored).toContainEqual({ body: reply, internal: 0 })
    expect(stored).toContainEqual({ body: note, internal: 1 })
    const after = ticketByNumber(ticket.number)
    expect(after.status).toBe('pending')
    expect(after.firstResponseAt).not.toBeNull()

    // What customers are given: their ticket's data leaves the note out, and so does the page.
    const customerData = await (await olga.get(`/ru/tickets/${ticket.number}.data`)).text()
    expect(customerData).toContain(reply)
    expect(customerData).not.toContain(note)
    const page = await olga.get(`/ru/tickets/${ticket.number}`)
    expect(page.status).toBe(200)
    const html = await page.text()
    expect(html).toContain(asHtml(reply))
    expect(html).not.toContain(asHtml(note))

    const staffHtml = await (await agent.get(`/en/staff/tickets/${ticket.number}`)).text()
    expect(staffHtml).toContain(asHtml(note))
    expect(staffHtml).toContain(asHtml(tr('en', 'staff:tickets.ticket.internalNote')))
    const audit = queryDb<{ change: string }>(
      server.databaseFile,
      'select change from ticket_events where ticket_id = ? order by id',
      ticket.id,
    ).map((e) => e.change)
    expect(audit).toEqual(expect.arrayContaining(['created', 'note', 'reply', 'status']))
  })

  it('inserts a saved reply in the ticket’s language, or the English one marked as such', async () => {
    const spanish = await createTicket(customer({ market: { code: 'LATAM' }, locale: 'es' }))
    const [reset] = queryDb<{ id: number }>(
      server.databaseFile,
      "select id from saved_replies where key = 'reset-password'",
    )
    const [es] = queryDb<{ body: string }>(
      server.databaseFile,
      "select body from saved_reply_translations where reply_id = ? and locale = 'es'",
      reset!.id,
    )
    const response = await agent.post(`/en/staff/tickets/${spanish.number}`, {
      intent: 'insert',
      savedReplyId: String(reset!.id),
      body: 'Hola María,',
    })
    expect(response.status).toBe(200)
    const html = await response.text()
    expect(html).toContain(asHtml(`Hola María,\n\n${es!.body}`))
    // Inserting saves nothing.
    expect(
      queryDb(server.databaseFile, 'select 1 from ticket_messages where body like ?', `%${es!.body}%`),
    ).toEqual([])

    const portuguese = await createTicket(customer({ market: { code: 'BR' }, locale: 'pt' }))
    const [logs] = queryDb<{ id: number }>(
      server.databaseFile,
      "select id from saved_replies where key = 'sdk-logs'",
    )
    const [en] = queryDb<{ title: string; body: string }>(
      server.databaseFile,
      "select title, body from saved_reply_translations where reply_id = ? and locale = 'en'",
      logs!.id,
    )
    const page = await (await agent.get(`/en/staff/tickets/${portuguese.number}`)).text()
    expect(page).toContain(asHtml(tr('en', 'staff:tickets.reply.fallback', { title: en!.title })))
    const inserted = await (
      await agent.post(`/en/staff/tickets/${portuguese.number}`, {
        intent: 'insert',
        savedReplyId: String(logs!.id),
        body: '',
      })
    ).text()
    expect(inserted).toContain(asHtml(en!.body))
  })

  it('refuses an empty reply with 400 and a huge one with 413, saving nothing', async () => {
    const ticket = await createTicket(customer())
    const count = () =>
      queryDb<{ n: number }>(
        server.databaseFile,
        'select count(*) as n from ticket_messages where ticket_id = ?',
        ticket.id,
      )[0]!.n
    const before = count()
    expect(
      (await agent.post(`/en/staff/tickets/${ticket.number}`, { intent: 'reply', body: '   ' })).status,
    ).toBe(400)
    expect(
      (await agent.post(`/en/staff/tickets/${ticket.number}`, { intent: 'note', body: 'x'.repeat(20_001) }))
        .status,
    ).toBe(413)
    expect(
      (
        await agent.post(`/en/staff/tickets/${ticket.number}`, {
          intent: 'reply',
          body: 'x'.repeat(2_000_000),
        })
      ).status,
    ).toBe(413)
    expect(count()).toBe(before)
  })

  it('changes status, priority, category and assignee with one audit line each, mailing only for the status', async () => {
    const maria = customer({ market: { code: 'LATAM' }, locale: 'es' })
    const ticket = await createTicket(maria, { category: 'how_to' })
    await staffUpdate(ticket.number, { status: 'pending' })
    const before = (await mailTo(maria.email)).length
    // The receipt of the ticket and the mail about the wait.
    expect(before).toBe(2)
    const events = () =>
      queryDb<{ change: string }>(
        server.databaseFile,
        'select change from ticket_events where ticket_id = ?',
        ticket.id,
      ).length
    const eventsBefore = events()
    const response = await agent.post(`/en/staff/tickets/${ticket.number}`, {
      intent: 'update',
      status: 'solved',
      priority: 'high',
      category: 'billing',
      assigneeId: String(createUser({ role: 'agent' }).id),
    })
    expect(response.status).toBe(200)
    const [row] = queryDb<{ status: string; priority: string; category: string }>(
      server.databaseFile,
      'select status, priority, category from tickets where id = ?',
      ticket.id,
    )
    expect(row).toEqual({ status: 'solved', priority: 'high', category: 'billing' })
    expect(events() - eventsBefore).toBe(4)
    const mails = await mailTo(maria.email)
    expect(mails.length).toBe(before + 1)
    expect(mails.at(-1)!.subject).toContain(tr('es', 'tickets:status.solved'))
  })
})

describe('logging an off-portal conversation', () => {
  it('creates a ticket with the channel, the staff member as creator and the requester’s language', async () => {
    const joao = customer({ market: { code: 'BR' }, locale: 'pt' })
    const person = { id: joao.id, accountId: joao.accountId! }
    const response = await logTicket(agent, {
      accountId: String(person!.accountId),
      requesterId: String(person!.id),
      channel: 'telegram',
      category: 'billing',
      subject: 'Nota fiscal pelo Telegram',
      body: 'Pediu a segunda via da nota.',
    })
    expect(response.status).toBe(302)
    const number = Number(/\/en\/staff\/tickets\/(\d+)$/.exec(response.headers.get('location')!)![1])
    const ticket = ticketByNumber(number)
    expect(ticket).toMatchObject({
      channel: 'telegram',
      createdById: agentUser.id,
      requesterId: person!.id,
      locale: 'pt',
      accountId: person!.accountId,
      status: 'new',
    })
    expect(ticket.firstResponseDueAt).not.toBeNull()
    const [created] = queryDb<{ actorId: number; toValue: string }>(
      server.databaseFile,
      "select actor_id as actorId, to_value as toValue from ticket_events where ticket_id = ? and change = 'created'",
      ticket.id,
    )
    expect(created).toEqual({ actorId: agentUser.id, toValue: 'telegram' })
    const page = await (await agent.get(`/en/staff/tickets/${number}`)).text()
    expect(page).toContain(`#${number}`)
    expect(page).toContain(
      asHtml(tr('en', 'staff:tickets.ticket.loggedBy', { name: agentUser.name, channel: 'Telegram' })),
    )
  })

  it('refuses a requester from another account, the portal as channel and a missing subject', async () => {
    const emma = customer()
    const olga = customer({ market: { code: 'EMEA' }, locale: 'ru' })
    const harbor = emma.accountId!
    // Counted in the two accounts of the test: other files open tickets meanwhile.
    const count = () =>
      queryDb<{ n: number }>(
        server.databaseFile,
        'select count(*) as n from tickets where account_id in (?, ?)',
        harbor,
        olga.accountId,
      )[0]!.n
    const before = count()
    expect(
      (
        await logTicket(agent, {
          accountId: String(harbor),
          requesterId: String(olga.id),
        })
      ).status,
    ).toBe(400)
    expect(
      (
        await logTicket(agent, {
          accountId: String(harbor),
          requesterId: String(emma.id),
          channel: 'portal',
        })
      ).status,
    ).toBe(400)
    expect(
      (
        await logTicket(agent, {
          accountId: String(harbor),
          requesterId: String(emma.id),
          subject: '  ',
        })
      ).status,
    ).toBe(400)
    expect(count()).toBe(before)
  })

  it('shows script, event handlers and javascript: links in ticket text as text', async () => {
    const emma = customer()
    const emmaId = emma.id
    const harbor = emma.accountId!
    const subject = '<script>alert("subject")</script>'
    const body = '<img src=x onerror="alert(1)"> <a href="javascript:alert(2)">click</a>'
    const response = await logTicket(agent, {
      accountId: String(harbor),
      requesterId: String(emmaId),
      subject,
      body,
    })
    const html = await (await agent.get(response.headers.get('location')!)).text()
    expect(html).not.toContain('<script>alert("subject")')
    expect(html).not.toContain('<img src=x onerror')
    expect(html).not.toContain('href="javascript:')
    expect(html).toContain(asHtml(subject))
    expect(html).toContain(asHtml(body))
  })
})

describe('SLA', () => {
  it('counts due times in the market’s business hours: Friday evening in the US is due on Monday', async () => {
    const us = customer({ market: { code: 'US' }, tier: 'high' })
    // Friday 6 November 2026, 19:00 in New York (EST, UTC-5): support closed at 18:00.
    const ticket = await createTicket(us, {
      subject: 'Friday evening',
      body: 'Anyone there?',
      lang: 'en',
      now: () => new Date('2026-11-07T00:00:00Z'),
    })
    // High touch: one business hour for the first response, eight for the resolution.
    expect(ticket.firstResponseDueAt!.toISOString()).toBe('2026-11-09T15:00:00.000Z')
    expect(ticket.resolutionDueAt!.toISOString()).toBe('2026-11-09T22:00:00.000Z')
  })

  it('counts from the local clock across time zones: Friday afternoon in Moscow runs into Monday morning there', async () => {
    const emea = customer({ market: { code: 'EMEA' }, tier: 'high', locale: 'ru' })
    // Friday 18:30 in Moscow (UTC+3): thirty minutes left that day, thirty more on Monday from 09:00.
    const ticket = await createTicket(emea, {
      subject: 'Пятница',
      body: 'Вопрос',
      category: 'how_to',
      now: () => new Date('2026-11-06T15:30:00Z'),
    })
    expect(ticket.firstResponseDueAt!.toISOString()).toBe('2026-11-09T06:30:00.000Z')
  })

  it('shows due times and breach flags on the ticket page', async () => {
    // Opened a month ago and never answered.
    const opened = await createTicket(customer(), { now: () => new Date(Date.now() - days(30)) })
    const breached = ticketsWhere(
      "t.status = 'new' and t.first_response_due_at < ? and t.number = ?",
      Date.now(),
      opened.number,
    )[0]!
    expect(breached.number).toBe(opened.number)
    const html = await (await agent.get(`/en/staff/tickets/${breached.number}`)).text()
    expect(html).toContain(asHtml(tr('en', 'staff:tickets.sla.firstResponse')))
    expect(html).toContain(asHtml(tr('en', 'staff:tickets.sla.breached')))
    expect(html).toContain(new Date(breached.firstResponseDueAt!).toISOString())
  })
})

describe('saved replies', () => {
  it('saves a reply with English and Russian and refuses one without English or with half a language', async () => {
    const title = unique('Refund policy')
    expect(
      (
        await agent.post('/en/staff/tickets/replies', {
          intent: 'save',
          title_ru: 'Возврат',
          body_ru: 'Текст',
        })
      ).status,
    ).toBe(400)
    expect(
      (
        await agent.post('/en/staff/tickets/replies', {
          intent: 'save',
          title_en: title,
          body_en: 'Text',
          title_es: 'Reembolso',
        })
      ).status,
    ).toBe(400)
    const saved = await editor.post('/en/staff/tickets/replies', {
      intent: 'save',
      title_en: title,
      body_en: 'We refund within 14 days.',
      title_ru: 'Возврат денег',
      body_ru: 'Возвращаем деньги в течение 14 дней.',
    })
    expect(saved.status).toBe(302)
    const rows = queryDb<{ locale: string }>(
      server.databaseFile,
      'select t.locale from saved_reply_translations t join saved_replies r on r.id = t.reply_id where r.id = (select reply_id from saved_reply_translations where title = ?) order by t.locale',
      title,
    )
    expect(rows.map((r) => r.locale)).toEqual(['en', 'ru'])
  })
})
