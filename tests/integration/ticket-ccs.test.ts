import { describe, expect, inject, it } from 'vitest'
import { formatMoment, formatTimeZoneName } from '~/modules/time/format-time'
import { createAccount, createUser, signedInClient, unique, type TestUser } from '../factories/people'
import { createMarket, createTicket, numberFromLocation, ticketByNumber } from '../factories/tickets'
import { queryDb } from '../setup/db'
import type { Client } from '../setup/http'
import { asHtml, tr } from '../setup/i18n'
import { readOutbox } from '../setup/outbox'

/**
 * Colleagues copied on a ticket (CC), over HTTP against the built server: who may be copied, what
 * a copied colleague may see and do, the mail each person gets in their own language and zone,
 * the audit trail, deactivation, and the SLA rule for an answer from a copied colleague.
 */

const server = inject('server')

/**
 * An account in the US with Ann (the requester, a plain member), Ivan (Russian, on Yekaterinburg
 * time), Lucía (Spanish, on the market's clock), Bob (a member nobody copies) and Ada, the
 * account's admin; and Olga of another account.
 */
function cast(market = 'US') {
  const account = createAccount({ market, tier: 'high', locale: 'en' })
  const person = (name: string, overrides: Parameters<typeof createUser>[0] = {}) =>
    createUser({ account, locale: 'en', name: unique(name), ...overrides })
  return {
    ann: person('Ann Requester'),
    ivan: person('Ivan Colleague', { locale: 'ru', timeZone: 'Asia/Yekaterinburg' }),
    lucia: person('Lucía Colleague', { locale: 'es' }),
    bob: person('Bob Bystander'),
    ada: person('Ada Admin', { isAccountAdmin: true }),
    olga: createUser({ locale: 'ru', account: createAccount({ market: 'EMEA' }), isAccountAdmin: true }),
  }
}

const ccsOf = (ticketId: number) =>
  queryDb<{ user_id: number; added_by_id: number }>(
    server.databaseFile,
    'select user_id, added_by_id from ticket_ccs where ticket_id = ? order by user_id',
    ticketId,
  )
const ccEventsOf = (ticketId: number) =>
  queryDb<{ change: string; actor_id: number; from_value: string | null; to_value: string | null }>(
    server.databaseFile,
    "select change, actor_id, from_value, to_value from ticket_events where ticket_id = ? and change like 'cc_%' order by id",
    ticketId,
  )
const ticketsWithSubject = (subject: string) =>
  queryDb<{ id: number }>(server.databaseFile, 'select id from tickets where subject = ?', subject)
const mailTo = async (email: string) => (await readOutbox(server.dataDir)).filter((m) => m.to === email)

/** Opens a ticket through the form with colleagues ticked, as a browser without JavaScript does. */
async function openWithCc(
  client: Client,
  requester: TestUser,
  cc: TestUser[],
  subject = unique('Postbacks'),
) {
  const response = await client.post(`/${requester.locale}/tickets/new`, {
    subject,
    body: 'Since Monday no postbacks reach Meta.',
    category: 'technical',
    cc: cc.map((person) => String(person.id)),
  })
  expect(response.status, await response.clone().text()).toBe(302)
  return ticketByNumber(numberFromLocation(response))
}

const ccForm = (intent: 'ccAdd' | 'ccRemove', person: { id: number }) => ({
  intent,
  userId: String(person.id),
})

describe('copying colleagues on a ticket', () => {
  it('lets a copied colleague read the ticket, its files and its data, answer it, and find it labelled in their list', async () => {
    const { ann, ivan, bob } = cast()
    const asAnn = await signedInClient(ann)
    const newForm = await (await asAnn.get('/en/tickets/new')).text()
    expect(newForm).toContain(tr('en', 'tickets:customer.new.ccLegend'))
    expect(newForm).toContain(`value="${ivan.id}"`)
    expect(newForm).not.toContain(`value="${ann.id}"`)

    const ticket = await openWithCc(asAnn, ann, [ivan], 'Постбэки не доходят')
    expect(ccsOf(ticket.id)).toEqual([{ user_id: ivan.id, added_by_id: ann.id }])
    expect(ccEventsOf(ticket.id)).toEqual([
      { change: 'cc_added', actor_id: ann.id, from_value: null, to_value: String(ivan.id) },
    ])
    const form = new FormData()
    form.append('intent', 'reply')
    form.append('body', 'Screenshot attached.')
    form.append('attachments', new Blob(['%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n']), 'log.pdf')
    const withFile = await asAnn.get(`/en/tickets/${ticket.number}`, {
      method: 'POST',
      body: form,
      headers: { Origin: server.url },
    })
    expect(withFile.status).toBe(302)
    const [attachment] = queryDb<{ id: number }>(
      server.databaseFile,
      'select id from ticket_attachments where ticket_id = ?',
      ticket.id,
    )

    const asIvan = await signedInClient(ivan)
    const page = await asIvan.get(`/ru/tickets/${ticket.number}`)
    expect(page.status).toBe(200)
    const html = await page.text()
    expect(html).toContain('Постбэки не доходят')
    expect(html).toContain(tr('ru', 'tickets:customer.cc.youAreCopied'))
    expect(html).toContain(tr('ru', 'tickets:customer.cc.stop'))
    // Only the requester and the account's admins manage the copy.
    expect(html).not.toContain(tr('ru', 'tickets:customer.cc.add'))
    expect((await asIvan.get(`/ru/tickets/${ticket.number}.data`)).status).toBe(200)
    expect((await asIvan.get(`/ru/tickets/${ticket.number}/attachments/${attachment!.id}`)).status).toBe(200)

    const list = await (await asIvan.get('/ru/tickets')).text()
    const row = /<tr id="ticket-(\d+)">.*?<\/tr>/gs
    const rows = [...list.matchAll(row)].filter((m) => Number(m[1]) === ticket.number)
    expect(rows).toHaveLength(1)
    expect(rows[0]![0]).toContain(tr('ru', 'tickets:customer.list.copied'))
    expect(rows[0]![0]).toContain(asHtml(ann.name))

    const answer = await asIvan.post(`/ru/tickets/${ticket.number}`, {
      intent: 'reply',
      body: 'Версия SDK 4.2.1',
    })
    expect(answer.status).toBe(302)
    const messages = queryDb<{ author_id: number; body: string }>(
      server.databaseFile,
      'select author_id, body from ticket_messages where ticket_id = ? order by id',
      ticket.id,
    )
    expect(messages.at(-1)).toEqual({ author_id: ivan.id, body: 'Версия SDK 4.2.1' })
    // The requester's own list does not call her own ticket a copy.
    const annList = await (await asAnn.get('/en/tickets')).text()
    const annRow = [...annList.matchAll(row)].find((m) => Number(m[1]) === ticket.number)![0]
    expect(annRow).not.toContain(`>${tr('en', 'tickets:customer.list.copied')}<`)

    // A colleague nobody copied (not an admin) sees nothing of it.
    const asBob = await signedInClient(bob)
    expect((await asBob.get(`/en/tickets/${ticket.number}`)).status).toBe(404)
    expect((await asBob.get(`/en/tickets/${ticket.number}.data`)).status).toBe(404)
    expect((await asBob.get(`/en/tickets/${ticket.number}/attachments/${attachment!.id}`)).status).toBe(404)
    expect(
      (await asBob.post(`/en/tickets/${ticket.number}`, { intent: 'reply', body: 'Me too' })).status,
    ).toBe(404)
    expect(await (await asBob.get('/en/tickets')).text()).not.toContain(`ticket-${ticket.number}"`)
  })

  it('never copies another account’s person, staff, a deactivated colleague or the requester, and saves nothing then', async () => {
    const { ann, ivan, olga } = cast()
    const deactivated = createUser({ account: ann.account, disabled: true })
    const agent = createUser({ role: 'agent' })
    const asAnn = await signedInClient(ann)

    // On the new-ticket form: a localized error, what was typed comes back, no ticket.
    for (const stranger of [olga, agent, deactivated, ann]) {
      const subject = unique('Kept subject')
      const refused = await asAnn.post('/en/tickets/new', {
        subject,
        body: 'Kept body',
        category: 'technical',
        cc: [String(ivan.id), String(stranger.id)],
      })
      expect(refused.status).toBe(400)
      const html = await refused.text()
      expect(html).toContain(asHtml(tr('en', 'errors:form.ccNotColleague')))
      expect(html).toContain(subject)
      expect(html).toContain('Kept body')
      expect(ticketsWithSubject(subject)).toEqual([])
    }
    const garbage = await asAnn.post('/en/tickets/new', {
      subject: unique('Garbage'),
      body: 'x',
      category: 'technical',
      cc: 'ivan',
    })
    expect(garbage.status).toBe(400)

    // On the ticket page, for the requester and for staff alike.
    const ticket = await createTicket(ann)
    const asAgent = await signedInClient(agent)
    for (const stranger of [olga, agent, deactivated, ann]) {
      const byAnn = await asAnn.post(`/en/tickets/${ticket.number}`, ccForm('ccAdd', stranger))
      expect(byAnn.status).toBe(400)
      expect(await byAnn.text()).toContain(asHtml(tr('en', 'errors:form.ccNotColleague')))
      const byStaff = await asAgent.post(`/en/staff/tickets/${ticket.number}`, ccForm('ccAdd', stranger))
      expect(byStaff.status).toBe(400)
    }
    expect(ccsOf(ticket.id)).toEqual([])
    expect(ccEventsOf(ticket.id)).toEqual([])
    expect(await mailTo(olga.email)).toEqual([])
  })

  it('keeps another account’s person out even if a copy row named them', async () => {
    const { ann, olga } = cast()
    const ticket = await createTicket(ann)
    // Not possible through any form (above); the scope holds on its own all the same.
    const { default: Database } = await import('better-sqlite3')
    const db = new Database(server.databaseFile)
    db.prepare('insert into ticket_ccs (ticket_id, user_id, added_at) values (?, ?, ?)').run(
      ticket.id,
      olga.id,
      Date.now(),
    )
    db.close()
    const asOlga = await signedInClient(olga)
    expect((await asOlga.get(`/ru/tickets/${ticket.number}`)).status).toBe(404)
    expect((await asOlga.get(`/ru/tickets/${ticket.number}.data`)).status).toBe(404)
    expect(await (await asOlga.get('/ru/tickets')).text()).not.toContain(`ticket-${ticket.number}"`)
  })

  it('takes access away on removal, lets a copied colleague stop following, and records each change for staff', async () => {
    const { ann, ivan, lucia, bob, ada } = cast()
    const ticket = await createTicket(ann)
    const asAnn = await signedInClient(ann)
    const asBob = await signedInClient(bob)

    const added = await asAnn.post(`/en/tickets/${ticket.number}`, ccForm('ccAdd', bob))
    expect(added.status).toBe(200)
    expect(await added.text()).toContain(asHtml(tr('en', 'tickets:customer.cc.added', { name: bob.name })))
    expect((await asBob.get(`/en/tickets/${ticket.number}`)).status).toBe(200)
    // Twice is once: no second row, no second audit line.
    expect((await asAnn.post(`/en/tickets/${ticket.number}`, ccForm('ccAdd', bob))).status).toBe(200)
    expect(ccsOf(ticket.id)).toHaveLength(1)

    // A copied colleague may not change the copy, only leave it.
    expect((await asBob.post(`/en/tickets/${ticket.number}`, ccForm('ccAdd', ivan))).status).toBe(403)
    // The account's admin may, without being the requester.
    const asAda = await signedInClient(ada)
    expect((await asAda.post(`/en/tickets/${ticket.number}`, ccForm('ccAdd', ivan))).status).toBe(200)
    expect((await asBob.post(`/en/tickets/${ticket.number}`, ccForm('ccRemove', ivan))).status).toBe(403)

    const removed = await asAnn.post(`/en/tickets/${ticket.number}`, ccForm('ccRemove', bob))
    expect(removed.status).toBe(200)
    expect(await removed.text()).toContain(
      asHtml(tr('en', 'tickets:customer.cc.removed', { name: bob.name })),
    )
    expect((await asBob.get(`/en/tickets/${ticket.number}`)).status).toBe(404)
    expect(
      (await asBob.post(`/en/tickets/${ticket.number}`, { intent: 'reply', body: 'Still here?' })).status,
    ).toBe(404)

    // Ivan leaves on his own and lands on his list, which says so.
    const asIvan = await signedInClient(ivan)
    const left = await asIvan.post(`/ru/tickets/${ticket.number}`, ccForm('ccRemove', ivan))
    expect(left.status).toBe(302)
    expect(left.headers.get('Location')).toBe(`/ru/tickets?stopped=${ticket.number}`)
    expect((await asIvan.get(`/ru/tickets/${ticket.number}`)).status).toBe(404)
    expect(await (await asIvan.get(left.headers.get('Location')!)).text()).toContain(
      tr('ru', 'tickets:customer.list.stopped', { number: ticket.number }),
    )

    // Staff add and remove from their page too.
    const agent = createUser({ role: 'agent', name: unique('Sam Agent') })
    const asAgent = await signedInClient(agent)
    expect((await asAgent.post(`/en/staff/tickets/${ticket.number}`, ccForm('ccAdd', lucia))).status).toBe(
      200,
    )
    expect((await asAgent.post(`/en/staff/tickets/${ticket.number}`, ccForm('ccRemove', lucia))).status).toBe(
      200,
    )

    expect(ccEventsOf(ticket.id)).toEqual([
      { change: 'cc_added', actor_id: ann.id, from_value: null, to_value: String(bob.id) },
      { change: 'cc_added', actor_id: ada.id, from_value: null, to_value: String(ivan.id) },
      { change: 'cc_removed', actor_id: ann.id, from_value: String(bob.id), to_value: null },
      { change: 'cc_removed', actor_id: ivan.id, from_value: String(ivan.id), to_value: null },
      { change: 'cc_added', actor_id: agent.id, from_value: null, to_value: String(lucia.id) },
      { change: 'cc_removed', actor_id: agent.id, from_value: String(lucia.id), to_value: null },
    ])
    const history = await (await asAgent.get(`/en/staff/tickets/${ticket.number}`)).text()
    for (const line of [
      `${ann.name}: ${tr('en', 'staff:tickets.audit.ccAdded', { name: bob.name })}`,
      `${ada.name}: ${tr('en', 'staff:tickets.audit.ccAdded', { name: ivan.name })}`,
      `${ann.name}: ${tr('en', 'staff:tickets.audit.ccRemoved', { name: bob.name })}`,
      `${ivan.name}: ${tr('en', 'staff:tickets.audit.ccRemoved', { name: ivan.name })}`,
      `${agent.name}: ${tr('en', 'staff:tickets.audit.ccAdded', { name: lucia.name })}`,
    ])
      expect(history.replace(/<!-- -->/g, '')).toContain(asHtml(line))
  })
})

describe('mail to copied colleagues', () => {
  it('tells each copied colleague who added them, and mails staff replies and status changes to everyone in their own language and zone', async () => {
    const { ann, ivan, lucia } = cast()
    const asAnn = await signedInClient(ann)
    const ticket = await openWithCc(asAnn, ann, [ivan, lucia], 'Export is empty')

    // The receipt stays the requester's; the colleagues hear who added them.
    expect((await mailTo(ann.email)).map((m) => m.subject)).toEqual([
      tr('en', 'mail:ticket.receiptSubject', { number: ticket.number, subject: 'Export is empty' }),
    ])
    for (const [person, lang] of [
      [ivan, 'ru'],
      [lucia, 'es'],
    ] as const) {
      const mails = await mailTo(person.email)
      expect(mails, person.email).toHaveLength(1)
      const values = { number: ticket.number, name: ann.name, subject: 'Export is empty' }
      expect(mails[0]!.subject).toBe(tr(lang, 'mail:ticket.ccSubject', values))
      expect(mails[0]!.text).toContain(tr(lang, 'mail:greeting', { name: person.name }))
      expect(mails[0]!.text).toContain(tr(lang, 'mail:ticket.ccIntro', values))
      expect(mails[0]!.text).toContain(`${server.url}/${lang}/tickets/${ticket.number}`)
    }

    // Staff answer at a set moment: each reads it on their own clock, named in their language.
    const repliedAt = new Date('2026-11-17T15:20:00Z')
    const agent = await signedInClient(createUser({ role: 'agent' }), { now: () => repliedAt })
    const reply = await agent.post(`/en/staff/tickets/${ticket.number}`, {
      intent: 'reply',
      body: 'Fixed on our side.',
      nextStatus: 'solved',
    })
    expect(reply.status).toBe(302)
    const expected = [
      { person: ann, lang: 'en', zone: 'America/New_York', intro: 'mail:ticket.replyIntro' },
      { person: ivan, lang: 'ru', zone: 'Asia/Yekaterinburg', intro: 'mail:ticket.replyIntroCopied' },
      { person: lucia, lang: 'es', zone: 'America/New_York', intro: 'mail:ticket.replyIntroCopied' },
    ] as const
    for (const { person, lang, zone, intro } of expected) {
      const last = (await mailTo(person.email)).at(-1)!
      expect(last.subject, person.email).toBe(
        tr(lang, 'mail:ticket.replySubject', { number: ticket.number, subject: 'Export is empty' }),
      )
      expect(last.text).toContain(tr(lang, intro, { number: ticket.number }))
      expect(last.text).toContain(
        tr(lang, 'mail:ticket.when', {
          time: formatMoment(lang, repliedAt, zone),
          zone: formatTimeZoneName(lang, zone, repliedAt),
        }),
      )
      expect(last.text).toContain(`${server.url}/${lang}/tickets/${ticket.number}`)
    }

    // A status change from the properties form reaches the colleagues too.
    const closed = await agent.post(`/en/staff/tickets/${ticket.number}`, {
      intent: 'update',
      status: 'closed',
      priority: 'normal',
      category: 'technical',
      assigneeId: '',
    })
    expect(closed.status).toBe(200)
    const ivanLast = (await mailTo(ivan.email)).at(-1)!
    expect(ivanLast.subject).toBe(
      tr('ru', 'mail:ticket.statusSubject', {
        number: ticket.number,
        subject: 'Export is empty',
        status: tr('ru', 'tickets:status.closed'),
      }),
    )
    expect(ivanLast.text).toContain(
      tr('ru', 'mail:ticket.statusIntroCopied', {
        number: ticket.number,
        status: tr('ru', 'tickets:status.closed'),
      }),
    )
    // Internal notes reach nobody.
    const before = (await mailTo(lucia.email)).length
    await agent.post(`/en/staff/tickets/${ticket.number}`, { intent: 'note', body: 'Internal: flaky export' })
    expect(await mailTo(lucia.email)).toHaveLength(before)
  })

  it('leaves a deactivated colleague without access and without mail', async () => {
    const { ann, ivan, ada } = cast()
    const asAnn = await signedInClient(ann)
    const ticket = await openWithCc(asAnn, ann, [ivan])
    const asIvan = await signedInClient(ivan)
    expect((await asIvan.get(`/ru/tickets/${ticket.number}`)).status).toBe(200)

    const asAda = await signedInClient(ada)
    expect((await asAda.post(`/en/account/team/${ivan.id}`, { intent: 'disable' })).status).toBe(200)

    const after = await asIvan.get(`/ru/tickets/${ticket.number}`)
    expect(after.status).toBe(302)
    expect(after.headers.get('Location')).toMatch(/^\/ru\/login\?/)
    const mailsBefore = (await mailTo(ivan.email)).length
    const agent = await signedInClient(createUser({ role: 'agent' }))
    expect(
      (
        await agent.post(`/en/staff/tickets/${ticket.number}`, {
          intent: 'reply',
          body: 'Done.',
          nextStatus: '',
        })
      ).status,
    ).toBe(302)
    expect(await mailTo(ivan.email)).toHaveLength(mailsBefore)
    expect((await mailTo(ann.email)).at(-1)!.subject).toBe(
      tr('en', 'mail:ticket.replySubject', { number: ticket.number, subject: ticket.subject }),
    )
    // Listed as deactivated for the requester, and never offered again.
    const page = await (await asAnn.get(`/en/tickets/${ticket.number}`)).text()
    expect(page).toContain(tr('en', 'tickets:customer.cc.deactivated'))
    expect(page).not.toContain(`<option value="${ivan.id}">`)
  })
})

describe('an answer from a copied colleague', () => {
  it('ends a wait for the customer exactly as the requester’s answer does', async () => {
    const market = createMarket({ like: 'US' })
    const { ann, ivan } = cast(market.code)
    const at = (iso: string) => new Date(iso)
    // Monday 9 November 2026, 09:00 in New York; Ivan is copied from the start.
    const asAnn = await signedInClient(ann, { now: () => at('2026-11-09T14:00:00Z') })
    const ticket = await openWithCc(asAnn, ann, [ivan])

    // 09:30: the agent answers and waits for the customer.
    const agent = await signedInClient(createUser({ role: 'agent' }), {
      now: () => at('2026-11-09T14:30:00Z'),
    })
    const asked = await agent.post(`/en/staff/tickets/${ticket.number}`, {
      intent: 'reply',
      body: 'Which SDK version do you use?',
      nextStatus: 'pending',
    })
    expect(asked.status).toBe(302)
    expect(ticketByNumber(ticket.number)).toMatchObject({
      status: 'pending',
      slaPausedSince: at('2026-11-09T14:30:00Z'),
    })

    // Tuesday 11:00: Ivan answers. As for the requester (sla-policies.test.ts): the ticket is
    // the team's again and the resolution due time moves by the 7½ support hours waited.
    const asIvan = await signedInClient(ivan, { now: () => at('2026-11-10T16:00:00Z') })
    expect(
      (await asIvan.post(`/ru/tickets/${ticket.number}`, { intent: 'reply', body: '4.2.1' })).status,
    ).toBe(302)
    const resumed = ticketByNumber(ticket.number)
    expect(resumed.status).toBe('open')
    expect(resumed.slaPausedSince).toBeNull()
    expect(resumed.slaPausedMinutes).toBe(510 + 120)
    expect(resumed.resolutionDueAt).toEqual(at('2026-11-11T14:30:00Z'))
    const status = queryDb<{ actor_id: number; from_value: string; to_value: string }>(
      server.databaseFile,
      "select actor_id, from_value, to_value from ticket_events where ticket_id = ? and change = 'status' order by id desc limit 1",
      ticket.id,
    )
    expect(status).toEqual([{ actor_id: ivan.id, from_value: 'pending', to_value: 'open' }])
  })
})
