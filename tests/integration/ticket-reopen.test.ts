import { describe, expect, inject, it } from 'vitest'
import { createAccount, createUser, signedInClient } from '../factories/people'
import { createTicket, setTicketStatusByStaff, ticketByNumber } from '../factories/tickets'
import { days, hours, testClock } from '../setup/clock'
import { queryDb } from '../setup/db'
import { asHtml, tr } from '../setup/i18n'

const server = inject('server')

/** A Monday morning in New York, inside the support week of every demo market. */
const openedAt = new Date('2026-10-05T14:00:00Z')

const statusEventsOf = (ticketId: number) =>
  queryDb<{ fromValue: string; toValue: string; actorId: number }>(
    server.databaseFile,
    "select from_value as fromValue, to_value as toValue, actor_id as actorId from ticket_events where ticket_id = ? and change = 'status' order by id",
    ticketId,
  )

/** A ticket of a Portuguese-speaking customer in Brazil, solved by staff an hour after it came in. */
async function solvedTicket() {
  const joao = createUser({ locale: 'pt', account: createAccount({ market: 'BR' }) })
  const clock = testClock(openedAt)
  const opened = await createTicket(joao, { subject: 'Webhook parou', now: clock.now })
  clock.advance(hours(1))
  const solved = await setTicketStatusByStaff(opened, 'solved', { now: clock.now })
  expect(solved.status).toBe('solved')
  return { joao, clock, solved }
}

describe('reopening a solved ticket', () => {
  it('opens it again within 30 days, with a line in the audit trail and the SLA clock resumed', async () => {
    const { joao, clock, solved } = await solvedTicket()
    clock.advance(days(29))
    const asJoao = await signedInClient(joao, { now: clock.now })

    const page = await (await asJoao.get(`/pt/tickets/${solved.number}`)).text()
    expect(page).toContain(asHtml(tr('pt', 'tickets:customer.ticket.reopen')))
    const response = await asJoao.post(`/pt/tickets/${solved.number}`, { intent: 'reopen' })

    expect(response.status).toBe(200)
    expect(await response.text()).toContain(asHtml(tr('pt', 'tickets:customer.ticket.reopenDone')))
    const reopened = ticketByNumber(solved.number)
    expect(reopened.status).toBe('open')
    expect(reopened.solvedAt).toBeNull()
    expect(statusEventsOf(solved.id).at(-1)).toEqual({
      fromValue: 'solved',
      toValue: 'open',
      actorId: joao.id,
    })
    // The 29 days it stood solved owed nothing: the resolution is due after the reopening, not
    // weeks overdue, and the support minutes of those days count as paused.
    expect(reopened.resolutionDueAt!.getTime()).toBeGreaterThan(clock.now().getTime())
    expect(reopened.slaPausedMinutes).toBeGreaterThan(solved.slaPausedMinutes)
  })

  it('refuses after 30 days with a localized 409, changes nothing and offers a new ticket instead', async () => {
    const { joao, clock, solved } = await solvedTicket()
    clock.advance(days(30) + hours(1))
    const asJoao = await signedInClient(joao, { now: clock.now })

    const page = await (await asJoao.get(`/pt/tickets/${solved.number}`)).text()
    expect(page).not.toContain(asHtml(tr('pt', 'tickets:customer.ticket.reopen')))
    expect(page).toContain(asHtml(tr('pt', 'tickets:customer.ticket.reopenExpired_other', { count: 30 })))
    expect(page).toContain(asHtml(tr('pt', 'tickets:customer.ticket.newAbout')))

    const refused = await asJoao.post(`/pt/tickets/${solved.number}`, { intent: 'reopen' })
    expect(refused.status).toBe(409)
    expect(await refused.text()).toContain(asHtml(tr('pt', 'errors:form.reopenExpired')))
    const reply = await asJoao.post(`/pt/tickets/${solved.number}`, {
      intent: 'reply',
      body: 'Voltou a acontecer.',
    })
    expect(reply.status).toBe(409)
    const replyPage = await reply.text()
    expect(replyPage).toContain(asHtml(tr('pt', 'errors:form.reopenExpired')))

    expect(ticketByNumber(solved.number).status).toBe('solved')
    expect(statusEventsOf(solved.id).map((e) => e.toValue)).toEqual(['solved'])
    const messages = queryDb<{ body: string }>(
      server.databaseFile,
      'select body from ticket_messages where ticket_id = ?',
      solved.id,
    )
    expect(messages.map((m) => m.body)).not.toContain('Voltou a acontecer.')
  })
})

describe('a new ticket about a finished one', () => {
  it('opens the new-ticket form prefilled with a reference to the old ticket, which the new one keeps', async () => {
    const { joao, clock, solved } = await solvedTicket()
    clock.advance(days(40))
    const asJoao = await signedInClient(joao, { now: clock.now })
    const page = await (await asJoao.get(`/pt/tickets/${solved.number}`)).text()
    const href = /href="(\/pt\/tickets\/new\?[^"]+)"/.exec(page)?.[1]?.replace(/&amp;/g, '&')
    expect(href).toBeDefined()

    const form = await (await asJoao.get(href!)).text()
    const subject = tr('pt', 'tickets:customer.ticket.newAboutSubject', {
      number: solved.number,
      subject: 'Webhook parou',
    })
    expect(form).toContain(`value="${asHtml(subject)}"`)
    expect(form).toContain(`name="from" value="/pt/tickets/${solved.number}"`)

    const sent = await asJoao.post('/pt/tickets/new', {
      subject,
      body: 'O mesmo erro voltou depois da atualização.',
      category: 'technical',
      from: `/pt/tickets/${solved.number}`,
      fromTitle: tr('pt', 'tickets:customer.ticket.pageTitle', {
        number: solved.number,
        subject: 'Webhook parou',
      }),
    })
    expect(sent.status).toBe(302)
    const [created] = queryDb<{ number: number; contextPath: string; status: string }>(
      server.databaseFile,
      'select number, context_path as contextPath, status from tickets where requester_id = ? and id <> ?',
      joao.id,
      solved.id,
    )
    expect(created!.contextPath).toBe(`/pt/tickets/${solved.number}`)
    expect(ticketByNumber(solved.number).status).toBe('solved')
  })
})
