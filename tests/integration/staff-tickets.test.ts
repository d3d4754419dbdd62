import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { slaBreaches } from '~/modules/tickets/sla'
import { queryDb } from '../setup/db'
import { createClient, type Client } from '../setup/http'
import { asHtml, tr } from '../setup/i18n'
import { readOutbox } from '../setup/outbox'
import { startServer, type TestServer } from '../setup/server'

let server: TestServer
let agent: Client
let admin: Client
let editor: Client
let emma: Client
let olga: Client

type Core = typeof import('~/modules/tickets/tickets.server')
let core: Core

beforeAll(async () => {
  server = await startServer()
  agent = createClient(server.url)
  admin = createClient(server.url)
  editor = createClient(server.url)
  emma = createClient(server.url)
  olga = createClient(server.url)
  await Promise.all([
    agent.signIn('agent@hub.example'),
    admin.signIn('admin@hub.example'),
    editor.signIn('editor@hub.example'),
    emma.signIn('emma@harbor.example'),
    olga.signIn('olga@volga.example'),
  ])
  // The core functions run against the server's own database file: the same code path the
  // routes use, with a fixed clock that HTTP cannot give.
  process.env.DATABASE_URL = server.databaseFile
  process.env.DATA_DIR = server.dataDir
  process.env.SESSION_SECRET = server.env.SESSION_SECRET!
  core = await import('~/modules/tickets/tickets.server')
})
afterAll(async () => {
  await server?.stop()
})

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
}

const ticketColumns = `t.id, t.number, t.status, t.locale, t.channel, t.account_id as accountId, t.requester_id as requesterId, t.assignee_id as assigneeId,
  t.created_by_id as createdById, t.first_response_due_at as firstResponseDueAt, t.resolution_due_at as resolutionDueAt,
  t.first_response_at as firstResponseAt, t.solved_at as solvedAt, t.closed_at as closedAt`

const ticketsWhere = (where: string, ...params: unknown[]) =>
  queryDb<TicketRow>(
    server.databaseFile,
    `select ${ticketColumns} from tickets t join accounts a on a.id = t.account_id join markets m on m.id = a.market_id where ${where}`,
    ...params,
  )
const ticketByNumber = (number: number) => ticketsWhere('t.number = ?', number)[0]!
const userId = (email: string) =>
  queryDb<{ id: number }>(server.databaseFile, 'select id from users where email = ?', email)[0]!.id
const ticketOf = (email: string, status?: string) =>
  ticketsWhere(
    `t.requester_id = (select id from users where email = ?)${status ? ' and t.status = ?' : ''} order by t.number`,
    email,
    ...(status ? [status] : []),
  )[0]!

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

describe('the queue', () => {
  it('filters by status, market and language and counts what matches', async () => {
    const expected = ticketsWhere(
      "t.status in ('new', 'open', 'pending') and m.code = 'BR' and t.locale = 'pt'",
    ).length
    const response = await agent.get('/en/staff/tickets?status=active&market=BR&locale=pt')
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
    for (const number of listed) {
      const row = ticketsWhere("t.number = ? and m.code = 'BR' and t.locale = 'pt'", number)[0]
      expect(row?.status, `#${number}`).toMatch(/^(new|open|pending)$/)
    }
  })

  it('sorts by the next due time: the first response while there is none, else the resolution', async () => {
    const html = await (await agent.get('/en/staff/tickets?status=all&channel=telegram')).text()
    const expected = queryDb<{ number: number }>(
      server.databaseFile,
      `select number from tickets where channel = 'telegram'
       order by (case when first_response_at is null then first_response_due_at else resolution_due_at end) is null,
                (case when first_response_at is null then first_response_due_at else resolution_due_at end), number limit 50`,
    ).map((r) => r.number)
    expect(expected.length).toBeGreaterThan(3)
    expect(numbersIn(html)).toEqual(expected)
  })

  it('filters by assignee (me, unassigned), category, tier and SLA state', async () => {
    const agentId = userId('agent@hub.example')
    const mine = numbersIn(await (await agent.get('/en/staff/tickets?status=all&assignee=me')).text())
    expect(mine.length).toBeGreaterThan(0)
    for (const number of mine) expect(ticketByNumber(number).assigneeId).toBe(agentId)

    const unassigned = numbersIn(
      await (
        await agent.get('/en/staff/tickets?status=all&assignee=unassigned&category=how_to&tier=mid')
      ).text(),
    )
    for (const number of unassigned) {
      const [row] = queryDb<{ assigneeId: number | null; category: string; tier: string }>(
        server.databaseFile,
        'select assignee_id as assigneeId, category, tier from tickets where number = ?',
        number,
      )
      expect(row).toEqual({ assigneeId: null, category: 'how_to', tier: 'mid' })
    }

    const now = new Date()
    const breached = numbersIn(await (await agent.get('/en/staff/tickets?status=all&sla=breached')).text())
    expect(breached.length).toBeGreaterThan(0)
    for (const number of breached) {
      const b = slaBreaches(asDates(ticketByNumber(number)), now)
      expect(b.firstResponse || b.resolution, `#${number}`).toBe(true)
    }
    const onTrack = numbersIn(await (await agent.get('/en/staff/tickets?status=all&sla=onTrack')).text())
    for (const number of onTrack) {
      const b = slaBreaches(asDates(ticketByNumber(number)), now)
      expect(b.firstResponse || b.resolution, `#${number}`).toBe(false)
    }
  })

  it('shows a new high-touch ticket as breaching soon (its first response is due within an hour of support time)', async () => {
    const [account] = queryDb<{ id: number; requesterId: number }>(
      server.databaseFile,
      "select a.id, (select u.id from users u where u.account_id = a.id and u.role = 'customer' limit 1) as requesterId from accounts a where coalesce(a.tier_override, a.derived_tier) = 'high' and exists (select 1 from users u where u.account_id = a.id) limit 1",
    )
    const response = await logTicket(agent, {
      accountId: String(account!.id),
      requesterId: String(account!.requesterId),
      subject: 'Urgent: campaign paused',
    })
    expect(response.status).toBe(302)
    const number = Number(response.headers.get('location')!.split('/').pop())
    const dueSoon = numbersIn(await (await agent.get('/en/staff/tickets?status=active&sla=dueSoon')).text())
    expect(dueSoon).toContain(number)
    const breached = numbersIn(await (await agent.get('/en/staff/tickets?status=active&sla=breached')).text())
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
    const targets = ticketsWhere("t.status = 'new' and t.assignee_id is null order by t.number limit 2")
    expect(targets).toHaveLength(2)
    const csm = userId('csm2@hub.example')
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

    const mailsBefore = (await readOutbox(server.dataDir)).length
    const status = await agent.post('/en/staff/tickets?index', {
      intent: 'status',
      ticketIds: ids,
      status: 'solved',
      assigneeId: '',
    })
    expect(status.status).toBe(200)
    for (const t of targets) expect(ticketByNumber(t.number).status).toBe('solved')
    // Each requester hears about the status change, in their language.
    expect((await readOutbox(server.dataDir)).length).toBe(mailsBefore + 2)
  })

  it('refuses an empty selection, a non-staff assignee and an unknown action with 400, changing nothing', async () => {
    const [t] = ticketsWhere("t.status = 'pending' order by t.number limit 1")
    expect((await agent.post('/en/staff/tickets?index', { intent: 'assign', assigneeId: '' })).status).toBe(
      400,
    )
    expect(
      (
        await agent.post('/en/staff/tickets?index', {
          intent: 'assign',
          ticketIds: [String(t!.id)],
          assigneeId: String(userId('emma@harbor.example')),
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
    const number = ticketOf('emma@harbor.example').number
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
    const ticket = ticketOf('olga@volga.example', 'new')
    const reply = `Ответ поддержки ${Date.now()}`
    const note = `Internal: customer is on the old SDK ${Date.now()}`
    const before = (await readOutbox(server.dataDir)).filter((m) => m.to === 'olga@volga.example').length

    expect(
      (await agent.post(`/en/staff/tickets/${ticket.number}`, { intent: 'note', body: note })).status,
    ).toBe(200)
    expect((await readOutbox(server.dataDir)).filter((m) => m.to === 'olga@volga.example').length).toBe(
      before,
    )

    expect(
      (
        await agent.post(`/en/staff/tickets/${ticket.number}`, {
          intent: 'reply',
          body: reply,
          nextStatus: 'pending',
        })
      ).status,
    ).toBe(200)
    const mails = (await readOutbox(server.dataDir)).filter((m) => m.to === 'olga@volga.example')
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

    // What customers are given: the customer-side query leaves the note out.
    const customerView = await core.getConversation({ ticketId: ticket.id, includeInternal: false })
    expect(customerView.map((m) => m.body)).toContain(reply)
    expect(customerView.map((m) => m.body)).not.toContain(note)
    // The customer's own ticket page, once the customer side is merged.
    const page = await olga.get(`/ru/tickets/${ticket.number}`)
    if (page.status !== 404) {
      const html = await page.text()
      expect(html).toContain(asHtml(reply))
      expect(html).not.toContain(asHtml(note))
    }

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
    const spanish = ticketOf('maria@andes.example')
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

    const portuguese = ticketOf('joao@paulista.example')
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
    const ticket = ticketOf('emma@harbor.example')
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
    const ticket = ticketOf('maria@andes.example', 'pending')
    const before = (await readOutbox(server.dataDir)).filter((m) => m.to === 'maria@andes.example').length
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
      assigneeId: String(userId('csm3@hub.example')),
    })
    expect(response.status).toBe(200)
    const [row] = queryDb<{ status: string; priority: string; category: string }>(
      server.databaseFile,
      'select status, priority, category from tickets where id = ?',
      ticket.id,
    )
    expect(row).toEqual({ status: 'solved', priority: 'high', category: 'billing' })
    expect(events() - eventsBefore).toBeGreaterThanOrEqual(3)
    const mails = (await readOutbox(server.dataDir)).filter((m) => m.to === 'maria@andes.example')
    expect(mails.length).toBe(before + 1)
    expect(mails.at(-1)!.subject).toContain(tr('es', 'tickets:status.solved'))
  })
})

describe('logging an off-portal conversation', () => {
  it('creates a ticket with the channel, the staff member as creator and the requester’s language', async () => {
    const [person] = queryDb<{ id: number; accountId: number; locale: string }>(
      server.databaseFile,
      "select id, account_id as accountId, locale from users where email = 'joao@paulista.example'",
    )
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
      createdById: userId('agent@hub.example'),
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
    expect(created).toEqual({ actorId: userId('agent@hub.example'), toValue: 'telegram' })
    const page = await (await agent.get(`/en/staff/tickets/${number}`)).text()
    expect(page).toContain(`#${number}`)
    expect(page).toContain(
      asHtml(tr('en', 'staff:tickets.ticket.loggedBy', { name: 'Alex Morgan', channel: 'Telegram' })),
    )
  })

  it('refuses a requester from another account, the portal as channel and a missing subject', async () => {
    const harbor = queryDb<{ accountId: number }>(
      server.databaseFile,
      "select account_id as accountId from users where email = 'emma@harbor.example'",
    )[0]!.accountId
    const count = () => queryDb<{ n: number }>(server.databaseFile, 'select count(*) as n from tickets')[0]!.n
    const before = count()
    expect(
      (
        await logTicket(agent, {
          accountId: String(harbor),
          requesterId: String(userId('olga@volga.example')),
        })
      ).status,
    ).toBe(400)
    expect(
      (
        await logTicket(agent, {
          accountId: String(harbor),
          requesterId: String(userId('emma@harbor.example')),
          channel: 'portal',
        })
      ).status,
    ).toBe(400)
    expect(
      (
        await logTicket(agent, {
          accountId: String(harbor),
          requesterId: String(userId('emma@harbor.example')),
          subject: '  ',
        })
      ).status,
    ).toBe(400)
    expect(count()).toBe(before)
  })

  it('shows script, event handlers and javascript: links in ticket text as text', async () => {
    const emmaId = userId('emma@harbor.example')
    const harbor = queryDb<{ accountId: number }>(
      server.databaseFile,
      'select account_id as accountId from users where id = ?',
      emmaId,
    )[0]!.accountId
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
  it('counts due times in the market’s business hours: Friday evening in the US is due on Monday', () => {
    const [us] = queryDb<{ accountId: number; requesterId: number; tier: string }>(
      server.databaseFile,
      "select a.id as accountId, u.id as requesterId, coalesce(a.tier_override, a.derived_tier) as tier from accounts a join markets m on m.id = a.market_id join users u on u.account_id = a.id where m.code = 'US' and coalesce(a.tier_override, a.derived_tier) = 'high' limit 1",
    )
    // Friday 6 November 2026, 19:00 in New York (EST, UTC-5): support closed at 18:00.
    const created = core.createTicket({
      accountId: us!.accountId,
      requesterId: us!.requesterId,
      subject: 'Friday evening',
      body: 'Anyone there?',
      category: 'technical',
      locale: 'en',
      at: new Date('2026-11-07T00:00:00Z'),
    })!
    const ticket = ticketByNumber(created.number)
    // High touch: one business hour for the first response, eight for the resolution.
    expect(new Date(ticket.firstResponseDueAt!).toISOString()).toBe('2026-11-09T15:00:00.000Z')
    expect(new Date(ticket.resolutionDueAt!).toISOString()).toBe('2026-11-09T22:00:00.000Z')
  })

  it('counts from the local clock across time zones: Friday afternoon in Moscow runs into Monday morning there', () => {
    const [emea] = queryDb<{ accountId: number; requesterId: number }>(
      server.databaseFile,
      "select a.id as accountId, u.id as requesterId from accounts a join markets m on m.id = a.market_id join users u on u.account_id = a.id where m.code = 'EMEA' and coalesce(a.tier_override, a.derived_tier) = 'high' limit 1",
    )
    // Friday 18:30 in Moscow (UTC+3): thirty minutes left that day, thirty more on Monday from 09:00.
    const created = core.createTicket({
      accountId: emea!.accountId,
      requesterId: emea!.requesterId,
      subject: 'Пятница',
      body: 'Вопрос',
      category: 'how_to',
      locale: 'ru',
      at: new Date('2026-11-06T15:30:00Z'),
    })!
    expect(new Date(ticketByNumber(created.number).firstResponseDueAt!).toISOString()).toBe(
      '2026-11-09T06:30:00.000Z',
    )
  })

  it('shows due times and breach flags on the ticket page', async () => {
    const breached = ticketsWhere(
      "t.status = 'new' and t.first_response_due_at < ? order by t.number limit 1",
      Date.now(),
    )[0]!
    const html = await (await agent.get(`/en/staff/tickets/${breached.number}`)).text()
    expect(html).toContain(asHtml(tr('en', 'staff:tickets.sla.firstResponse')))
    expect(html).toContain(asHtml(tr('en', 'staff:tickets.sla.breached')))
    expect(html).toContain(new Date(breached.firstResponseDueAt!).toISOString())
  })

  it('lets admins edit the targets in hours, validated, for tickets opened from then on', async () => {
    const form = {
      firstResponse_high: '1,5',
      resolution_high: '6',
      firstResponse_mid: '4',
      resolution_mid: '24',
      firstResponse_tech: '8',
      resolution_tech: '48',
    }
    expect((await admin.post('/en/staff/settings/sla', { ...form, resolution_high: '1' })).status).toBe(400)
    expect((await admin.post('/en/staff/settings/sla', { ...form, firstResponse_mid: 'soon' })).status).toBe(
      400,
    )
    expect((await admin.post('/en/staff/settings/sla', { ...form, resolution_tech: '99999' })).status).toBe(
      400,
    )
    const saved = await admin.post('/en/staff/settings/sla', form)
    expect(saved.status).toBe(200)
    const targets = queryDb<{ tier: string; fr: number; res: number }>(
      server.databaseFile,
      'select tier, first_response_minutes as fr, resolution_minutes as res from sla_targets order by tier',
    )
    expect(targets).toEqual([
      { tier: 'high', fr: 90, res: 360 },
      { tier: 'mid', fr: 240, res: 1440 },
      { tier: 'tech', fr: 480, res: 2880 },
    ])
    expect(await (await agent.get('/en/staff/settings/sla')).text()).toContain('value="1.5"')
  })
})

describe('saved replies', () => {
  it('saves a reply with English and Russian and refuses one without English or with half a language', async () => {
    const title = `Refund policy ${Date.now()}`
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
