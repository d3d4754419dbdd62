import { existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, inject, it } from 'vitest'
import * as schema from '#db/schema/index'
import { createAccount, createUser, signedInClient, testDb, unique, type TestUser } from '../factories/people'
import { queryDb } from '../setup/db'
import { createClient, type Client } from '../setup/http'
import { asHtml, tr } from '../setup/i18n'

const server = inject('server')

type Person = { id: number; email: string; name: string; account_id: number }
type TicketRow = {
  id: number
  number: number
  account_id: number
  requester_id: number
  subject: string
  category: string
  status: string
  channel: string
  locale: string
  tier: string
}
type AttachmentRow = {
  id: number
  ticket_id: number
  message_id: number | null
  stored_name: string
  original_name: string
  content_type: string
  size: number
}

const asPerson = (user: TestUser): Person => ({
  id: user.id,
  email: user.email,
  name: user.name,
  account_id: user.accountId!,
})

/**
 * The people of a test, new for each test: Emma, the admin of a US account (Harbor), her
 * colleague (a plain member), and Olga, the admin of a Russian-speaking account in EMEA
 * (Volga), each with a signed-in client.
 */
async function cast() {
  const harbor = createAccount({ market: 'US', tier: 'high', name: unique('Harbor Fitness') })
  const volga = createAccount({ market: 'EMEA', name: unique('Volga Games') })
  const emmaUser = asPerson(createUser({ account: harbor, isAccountAdmin: true, locale: 'en' }))
  const colleagueUser = asPerson(
    createUser({ account: harbor, locale: 'en', name: unique('Dana Colleague') }),
  )
  const olgaUser = asPerson(createUser({ account: volga, isAccountAdmin: true, locale: 'ru' }))
  return {
    emmaUser,
    colleagueUser,
    olgaUser,
    emma: await signedInClient(emmaUser),
    emmaColleague: await signedInClient(colleagueUser),
    olga: await signedInClient(olgaUser),
  }
}

/** A support agent with a signed-in client: staff act through their own routes. */
async function anAgent() {
  const user = createUser({ role: 'agent' })
  return { user, client: await signedInClient(user) }
}
const ticketByNumber = (number: number) =>
  queryDb<TicketRow>(server.databaseFile, 'select * from tickets where number = ?', number)[0]!
const messagesOf = (ticketId: number) =>
  queryDb<{ body: string; author_id: number; internal: number }>(
    server.databaseFile,
    'select body, author_id, internal from ticket_messages where ticket_id = ? order by id',
    ticketId,
  )
const attachmentsOf = (ticketId: number) =>
  queryDb<AttachmentRow>(
    server.databaseFile,
    'select * from ticket_attachments where ticket_id = ? order by id',
    ticketId,
  )

const ticketForm = (fields: Record<string, string> = {}) => ({
  subject: 'Postbacks stopped',
  body: 'Since Monday no postbacks reach Meta.',
  category: 'technical',
  ...fields,
})

/** Opens a ticket through the form, as a browser without JavaScript does, and returns its number. */
async function openTicket(client: Client, lang: string, fields: Record<string, string> = {}) {
  const response = await client.post(`/${lang}/tickets/new`, ticketForm(fields))
  expect(response.status, await response.clone().text()).toBe(302)
  const location = response.headers.get('Location') ?? ''
  expect(location).toMatch(new RegExp(`^/${lang}/tickets/\\d+$`))
  return Number(location.split('/').pop())
}

type Upload = { name: string; bytes: Uint8Array<ArrayBuffer>; type?: string }

/** A multipart form post, as the browser sends a form with files. */
function postMultipart(client: Client, path: string, fields: Record<string, string>, files: Upload[] = []) {
  const form = new FormData()
  for (const [key, value] of Object.entries(fields)) form.append(key, value)
  for (const file of files)
    form.append(
      'attachments',
      new Blob([file.bytes], { type: file.type ?? 'application/octet-stream' }),
      file.name,
    )
  return client.get(path, { method: 'POST', body: form, headers: { Origin: server.url } })
}

/** A real 1×1 PNG. */
const png = Uint8Array.from(
  Buffer.from(
    '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8ffff3f0005fe02fea7d6a1c40000000049454e44ae426082',
    'hex',
  ),
)
const pdf = new TextEncoder().encode('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n')
const html = new TextEncoder().encode(
  '<!doctype html><html><body><script>alert(document.cookie)</script></body></html>',
)
const svg = new TextEncoder().encode(
  '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>',
)
const megabytes = (n: number) => new Uint8Array(Math.round(n * 1024 * 1024)).fill(0x61)

const uploadedFiles = () => {
  const dir = join(server.dataDir, 'uploads', 'tickets')
  return existsSync(dir) ? readdirSync(dir) : []
}

describe('opening and listing tickets', () => {
  it('opens a ticket from subject, body and category for the own account, in the person’s language', async () => {
    const { olga, olgaUser } = await cast()
    // Olga reads the English page, but her profile language is Russian: the ticket follows her.
    const number = await openTicket(olga, 'en', {
      subject: 'Не приходят постбэки',
      body: 'С понедельника.\nПроверьте, пожалуйста.',
      category: 'how_to',
    })
    const ticket = ticketByNumber(number)
    expect(ticket).toMatchObject({
      account_id: olgaUser.account_id,
      requester_id: olgaUser.id,
      subject: 'Не приходят постбэки',
      category: 'how_to',
      status: 'new',
      channel: 'portal',
      locale: 'ru',
    })
    expect(messagesOf(ticket.id)).toEqual([
      { body: 'С понедельника.\nПроверьте, пожалуйста.', author_id: olgaUser.id, internal: 0 },
    ])

    const page = await (await olga.get(`/ru/tickets/${number}`)).text()
    expect(page).toContain('Не приходят постбэки')
    expect(page).toContain(tr('ru', 'tickets:status.new'))
    expect(page).toContain(tr('ru', 'tickets:customer.ticket.expectationTitle'))
    expect(page).toContain(tr('ru', 'tickets:customer.ticket.dueBy'))
  })

  it('refuses a form without subject, with an unknown category or an overlong body, keeping what was typed', async () => {
    const { emma } = await cast()
    const response = await emma.post(
      '/en/tickets/new',
      ticketForm({ subject: '   ', category: 'gossip', body: 'Kept text' }),
    )
    expect(response.status).toBe(400)
    const html = await response.text()
    expect(html).toContain(tr('en', 'errors:form.required'))
    expect(html).toContain(asHtml(tr('en', 'errors:form.unknownCategory')))
    expect(html).toContain('Kept text')
    const long = await emma.post('/en/tickets/new', ticketForm({ body: 'x'.repeat(20_001) }))
    expect(long.status).toBe(400)
    expect(await long.text()).toContain(tr('en', 'errors:form.tooLong'))
  })

  it('lists the person’s tickets with localized status names and filters them by status', async () => {
    const { olga } = await cast()
    const number = await openTicket(olga, 'ru', { subject: 'Вопрос про счёт', category: 'billing' })
    const all = await (await olga.get('/ru/tickets')).text()
    expect(all).toContain('Вопрос про счёт')
    expect(all).toContain(`href="/ru/tickets/${number}"`)
    expect(all).toContain(tr('ru', 'tickets:status.new'))
    expect(all).toContain(tr('ru', 'tickets:category.billing'))
    expect(all).toContain(tr('ru', 'tickets:plan.title'))

    expect(await (await olga.get('/ru/tickets?status=new')).text()).toContain('Вопрос про счёт')
    const solved = await (await olga.get('/ru/tickets?status=closed')).text()
    expect(solved).not.toContain('Вопрос про счёт')
    // Olga's account has no closed ticket.
    expect(solved).toContain(tr('ru', 'tickets:customer.list.noMatch'))
    // An unknown status is ignored, not an error: an old link still opens the list.
    const unknown = await olga.get('/ru/tickets?status=bogus')
    expect(unknown.status).toBe(200)
    expect(await unknown.text()).toContain('Вопрос про счёт')
  })

  it('shows the service plan of the account’s tier in its market: channels, hours in its time zone, targets', async () => {
    const { emma } = await cast()
    const html = await (await emma.get('/en/tickets/new')).text()
    expect(html).toContain(tr('en', 'tickets:plan.title'))
    // Harbor Fitness is in the US market: email and portal, Mon–Fri 9–18 New York time.
    expect(html).toContain('Mon–Fri, 9:00 AM–6:00 PM (Eastern Time)')
    expect(html).toContain('Portal and Email')
    expect(html).toMatch(/\d+ business hours?/)
  })
})

describe('who may see a ticket', () => {
  it('answers 404 for another account’s ticket: page, .data, reply, status change and attachment', async () => {
    const { emma, olga } = await cast()
    const number = await openTicket(olga, 'ru', { subject: 'Секретный тикет' })
    const ticket = ticketByNumber(number)
    expect((await emma.get(`/en/tickets/${number}`)).status).toBe(404)
    const data = await emma.get(`/en/tickets/${number}.data`)
    expect(data.status).toBe(404)
    expect(await data.text()).not.toContain('Секретный тикет')
    const reply = await emma.post(`/en/tickets/${number}`, { intent: 'reply', body: 'Intruding' })
    expect(reply.status).toBe(404)
    const multipartReply = await postMultipart(
      emma,
      `/en/tickets/${number}`,
      { intent: 'reply', body: 'Intruding' },
      [{ name: 'a.png', bytes: png }],
    )
    expect(multipartReply.status).toBe(404)
    expect((await emma.post(`/en/tickets/${number}`, { intent: 'close' })).status).toBe(404)
    expect(messagesOf(ticket.id)).toHaveLength(1)
    expect(ticketByNumber(number).status).toBe('new')

    const withFile = await postMultipart(
      olga,
      `/ru/tickets/${number}`,
      { intent: 'reply', body: 'Скриншот' },
      [{ name: 'shot.png', bytes: png }],
    )
    expect(withFile.status).toBe(302)
    const [attachment] = attachmentsOf(ticket.id)
    expect((await olga.get(`/ru/tickets/${number}/attachments/${attachment!.id}`)).status).toBe(200)
    expect((await emma.get(`/en/tickets/${number}/attachments/${attachment!.id}`)).status).toBe(404)
    // Staff download it from their side of the ticket; the staff address is closed to customers.
    const { client: agent } = await anAgent()
    const staffDownload = await agent.get(`/en/staff/tickets/${number}/attachments/${attachment!.id}`)
    expect(staffDownload.status).toBe(200)
    expect(staffDownload.headers.get('Content-Disposition')).toMatch(/^attachment;/)
    expect(staffDownload.headers.get('X-Content-Type-Options')).toBe('nosniff')
    expect((await olga.get(`/ru/staff/tickets/${number}/attachments/${attachment!.id}`)).status).toBe(403)
    // Nor through one of her own tickets: the file must belong to the ticket in the address.
    const own = await openTicket(emma, 'en')
    expect((await emma.get(`/en/tickets/${own}/attachments/${attachment!.id}`)).status).toBe(404)
  })

  it('answers 404 for unknown or malformed numbers', async () => {
    const { emma } = await cast()
    for (const path of [
      '/en/tickets/99999999',
      '/en/tickets/0',
      '/en/tickets/12abc',
      '/en/tickets/99999999.data',
    ]) {
      expect((await emma.get(path)).status, path).toBe(404)
    }
  })

  it('shows a member only their own tickets; an account admin sees the colleague’s with the requester’s name', async () => {
    const { emma, emmaColleague, colleagueUser } = await cast()
    const colleagueTicket = await openTicket(emmaColleague, 'en', { subject: 'Colleague question' })
    const emmaTicket = await openTicket(emma, 'en', { subject: 'Emma private question' })

    const memberList = await (await emmaColleague.get('/en/tickets')).text()
    expect(memberList).toContain('Colleague question')
    expect(memberList).not.toContain('Emma private question')
    expect((await emmaColleague.get(`/en/tickets/${emmaTicket}`)).status).toBe(404)
    expect((await emmaColleague.get(`/en/tickets/${emmaTicket}.data`)).status).toBe(404)
    expect(
      (await emmaColleague.post(`/en/tickets/${emmaTicket}`, { intent: 'reply', body: 'Peeking' })).status,
    ).toBe(404)

    const adminList = await (await emma.get('/en/tickets')).text()
    expect(adminList).toContain('Colleague question')
    expect(adminList).toContain(asHtml(colleagueUser.name))
    expect(adminList).toContain(tr('en', 'tickets:customer.columns.requester'))
    const adminView = await emma.get(`/en/tickets/${colleagueTicket}`)
    expect(adminView.status).toBe(200)
    expect(await adminView.text()).toContain(asHtml(colleagueUser.name))
  })

  it('ignores ticket, account and requester ids posted in hidden fields', async () => {
    const { emma, olga, emmaUser, olgaUser } = await cast()
    const foreign = ticketByNumber(await openTicket(olga, 'ru', { subject: 'Чужой тикет' }))
    const number = await openTicket(emma, 'en', {
      subject: 'Own ticket',
      accountId: String(olgaUser.account_id),
      requesterId: String(olgaUser.id),
    } as Record<string, string>)
    expect(ticketByNumber(number)).toMatchObject({
      account_id: emmaUser.account_id,
      requester_id: emmaUser.id,
    })

    const reply = await emma.post(`/en/tickets/${number}`, {
      intent: 'reply',
      body: 'Reply to my own',
      ticketId: String(foreign.id),
      number: String(foreign.number),
      accountId: String(olgaUser.account_id),
    })
    // Post/redirect/get: the reply answers with the ticket, which then says the reply was sent.
    expect(reply.status).toBe(302)
    expect(reply.headers.get('location')).toBe(`/en/tickets/${number}?sent=reply`)
    const after = await (await emma.get(reply.headers.get('location')!)).text()
    expect(after).toContain(asHtml(tr('en', 'tickets:customer.ticket.replyDone')))
    expect(after).toContain(asHtml('Reply to my own'))
    expect(messagesOf(ticketByNumber(number).id).map((m) => m.body)).toContain('Reply to my own')
    expect(messagesOf(foreign.id).map((m) => m.body)).not.toContain('Reply to my own')
  })

  it('never hands out internal notes or their files, not even through .data', async () => {
    const { emma } = await cast()
    const number = await openTicket(emma, 'en', { subject: 'Has a note' })
    const ticket = ticketByNumber(number)
    // An agent's internal note, through the staff side of the ticket.
    const { user: agentUser, client: agent } = await anAgent()
    const noteBody = 'INTERNAL: customer is on a discount'
    expect((await agent.post(`/en/staff/tickets/${number}`, { intent: 'note', body: noteBody })).status).toBe(
      302,
    )
    expect(await (await agent.get(`/en/staff/tickets/${number}`)).text()).toContain(asHtml(noteBody))
    // Staff cannot attach files to notes through the routes (yet): a file on the note is written
    // here, so that a file that ever gets there stays hidden too.
    const note = testDb()
      .select()
      .from(schema.ticketMessages)
      .all()
      .find((m) => m.ticketId === ticket.id && m.internal)!
    const noteFileId = testDb()
      .insert(schema.ticketAttachments)
      .values({
        ticketId: ticket.id,
        messageId: note.id,
        storedName: unique('internal-note-file'),
        originalName: 'pricing.pdf',
        contentType: 'application/pdf',
        size: 10,
        uploadedById: agentUser.id,
      })
      .returning()
      .get().id
    const page = await (await emma.get(`/en/tickets/${number}`)).text()
    expect(page).not.toContain('INTERNAL')
    expect(page).not.toContain('pricing.pdf')
    const data = await (await emma.get(`/en/tickets/${number}.data`)).text()
    expect(data).not.toContain('INTERNAL')
    expect(data).not.toContain('pricing.pdf')
    expect((await emma.get(`/en/tickets/${number}/attachments/${noteFileId}`)).status).toBe(404)
  })
})

describe('what people type', () => {
  it('shows script, event handlers and javascript: links as text', async () => {
    const { emma } = await cast()
    const subject = '<script>alert("s")</script>'
    const body =
      '<img src=x onerror=alert(1)> <a href="javascript:alert(2)">click</a> [x](javascript:alert(3))'
    const number = await openTicket(emma, 'en', { subject, body })
    const page = await (await emma.get(`/en/tickets/${number}`)).text()
    expect(page).not.toContain('<script>alert("s")')
    expect(page).not.toContain('<img src=x')
    expect(page).not.toContain('<a href="javascript:')
    expect(page).not.toContain('href="javascript:')
    expect(page).toContain(asHtml(subject))
    expect(page).toContain(asHtml('<img src=x onerror=alert(1)>'))
    const list = await (await emma.get('/en/tickets')).text()
    expect(list).not.toContain('<script>alert("s")')
    expect(list).toContain(asHtml(subject))
  })

  it('refuses huge bodies with a localized 413', async () => {
    const { olga } = await cast()
    // A form without files keeps the portal's 1 MiB limit, even on a ticket page.
    const plain = await olga.post('/ru/tickets/new', ticketForm({ body: 'x'.repeat(2 * 1024 * 1024) }))
    expect(plain.status).toBe(413)
    expect(await plain.text()).toContain(tr('ru', 'errors:status.413.title'))
    // Files may make a request larger, but never beyond the hard cap.
    const huge = await postMultipart(olga, '/ru/tickets/new', ticketForm(), [
      { name: 'big.txt', bytes: megabytes(27) },
    ])
    expect(huge.status).toBe(413)
    expect(await huge.text()).toContain(tr('ru', 'errors:status.413.title'))
    // And the larger cap is for ticket pages only.
    const elsewhere = await postMultipart(olga, '/ru/tasks', { intent: 'task-create' }, [
      { name: 'big.txt', bytes: megabytes(2) },
    ])
    expect(elsewhere.status).toBe(413)
  })
})

describe('closing, reopening and rating', () => {
  it('closes and reopens a ticket, recording each change in the status history', async () => {
    const { emma, emmaUser } = await cast()
    const number = await openTicket(emma, 'en', { subject: 'Close me' })
    expect((await emma.post(`/en/tickets/${number}`, { intent: 'close' })).status).toBe(200)
    expect(ticketByNumber(number).status).toBe('closed')
    expect((await emma.post(`/en/tickets/${number}`, { intent: 'close' })).status).toBe(400)
    const reopened = await emma.post(`/en/tickets/${number}`, { intent: 'reopen' })
    expect(reopened.status).toBe(200)
    expect(await reopened.text()).toContain(tr('en', 'tickets:customer.ticket.reopenDone'))
    expect(ticketByNumber(number).status).toBe('open')
    const history = queryDb<{ from_value: string; to_value: string; actor_id: number }>(
      server.databaseFile,
      "select from_value, to_value, actor_id from ticket_events where ticket_id = ? and change = 'status' order by id",
      ticketByNumber(number).id,
    )
    expect(history).toEqual([
      { from_value: 'new', to_value: 'closed', actor_id: emmaUser.id },
      { from_value: 'closed', to_value: 'open', actor_id: emmaUser.id },
    ])
    const page = await (await emma.get(`/en/tickets/${number}`)).text()
    expect(page).toContain(
      asHtml(
        tr('en', 'tickets:customer.ticket.timelineStatus', {
          from: tr('en', 'tickets:status.closed'),
          to: tr('en', 'tickets:status.open'),
        }),
      ),
    )
  })

  it('takes a rating only after the ticket is solved, and only once', async () => {
    const { emma, emmaUser } = await cast()
    const number = await openTicket(emma, 'en', { subject: 'Rate me' })
    const ticket = ticketByNumber(number)
    const early = await emma.post(`/en/tickets/${number}`, { intent: 'rate', rating: '5', comment: '' })
    expect(early.status).toBe(400)
    expect(await early.text()).toContain(tr('en', 'errors:form.notRatable'))

    // An agent solves the ticket on the staff side.
    const { client: agent } = await anAgent()
    const solved = await agent.post(`/en/staff/tickets/${number}`, {
      intent: 'update',
      status: 'solved',
      priority: 'normal',
      category: 'technical',
      assigneeId: '',
    })
    expect(solved.status).toBe(200)
    expect(ticketByNumber(number).status).toBe('solved')
    const form = await (await emma.get(`/en/tickets/${number}`)).text()
    expect(form).toContain(tr('en', 'tickets:customer.rating.legend'))
    expect(form).toContain('type="radio"')

    const outOfRange = await emma.post(`/en/tickets/${number}`, { intent: 'rate', rating: '7', comment: '' })
    expect(outOfRange.status).toBe(400)
    expect(await outOfRange.text()).toContain(tr('en', 'errors:form.ratingRequired'))

    const rated = await emma.post(`/en/tickets/${number}`, {
      intent: 'rate',
      rating: '4',
      comment: 'Quick and <b>clear</b>',
    })
    expect(rated.status).toBe(200)
    expect(
      queryDb(
        server.databaseFile,
        'select rating, comment, user_id from ticket_ratings where ticket_id = ?',
        ticket.id,
      ),
    ).toEqual([{ rating: 4, comment: 'Quick and <b>clear</b>', user_id: emmaUser.id }])

    const again = await emma.post(`/en/tickets/${number}`, {
      intent: 'rate',
      rating: '1',
      comment: 'Changed my mind',
    })
    expect(again.status).toBe(400)
    expect(await again.text()).toContain(tr('en', 'errors:form.alreadyRated'))
    expect(
      queryDb<{ rating: number }>(
        server.databaseFile,
        'select rating from ticket_ratings where ticket_id = ?',
        ticket.id,
      ),
    ).toEqual([{ rating: 4 }])
    const page = await (await emma.get(`/en/tickets/${number}`)).text()
    expect(page).toContain(tr('en', 'tickets:customer.rating.given', { rating: 4 }))
    expect(page).toContain(asHtml('Quick and <b>clear</b>'))
  })
})

describe('attachments', () => {
  it('stores allowed files under server-made names with the type read from their bytes', async () => {
    const { emma } = await cast()
    const before = uploadedFiles()
    const response = await postMultipart(emma, '/en/tickets/new', ticketForm({ subject: 'With files' }), [
      { name: 'screen.png', bytes: png, type: 'text/html' },
      { name: 'отчёт "Q3".txt', bytes: new TextEncoder().encode('line 1\nline 2\n') },
      { name: 'invoice.html', bytes: pdf, type: 'text/html' },
    ])
    expect(response.status, await response.clone().text()).toBe(302)
    const number = Number(response.headers.get('Location')!.split('/').pop())
    const rows = attachmentsOf(ticketByNumber(number).id)
    expect(rows.map((r) => [r.original_name, r.content_type, r.size])).toEqual([
      ['screen.png', 'image/png', png.byteLength],
      ['отчёт "Q3".txt', 'text/plain', 14],
      ['invoice.html', 'application/pdf', pdf.byteLength],
    ])
    const files = uploadedFiles()
    // Only this file uploads ticket attachments, one test at a time: the new files are these three.
    expect(files.filter((name) => !before.includes(name)).sort()).toEqual(
      rows.map((r) => r.stored_name).sort(),
    )
    for (const row of rows) {
      expect(row.stored_name).toMatch(/^[0-9a-f]{32}$/)
      expect(files).toContain(row.stored_name)
    }
    const page = await (await emma.get(`/en/tickets/${number}`)).text()
    expect(page).toContain(`href="/en/tickets/${number}/attachments/${rows[0]!.id}"`)
  })

  it('downloads only as an attachment, with an RFC 5987 name and nosniff', async () => {
    const { emma } = await cast()
    const response = await postMultipart(emma, '/en/tickets/new', ticketForm({ subject: 'Download me' }), [
      { name: 'screen.png', bytes: png },
      { name: 'отчёт "Q3".txt', bytes: new TextEncoder().encode('<script>alert(1)</script>\n') },
      { name: 'invoice.html', bytes: pdf },
    ])
    const number = Number(response.headers.get('Location')!.split('/').pop())
    const [image, text, disguised] = attachmentsOf(ticketByNumber(number).id)

    const download = await emma.get(`/en/tickets/${number}/attachments/${image!.id}`)
    expect(download.status).toBe(200)
    expect(download.headers.get('Content-Type')).toBe('image/png')
    expect(download.headers.get('Content-Disposition')).toBe(
      `attachment; filename="screen.png"; filename*=UTF-8''screen.png`,
    )
    expect(download.headers.get('X-Content-Type-Options')).toBe('nosniff')
    expect(download.headers.get('Content-Security-Policy')).toBe("default-src 'none'; sandbox")
    expect(download.headers.get('Cache-Control')).toBe('private, no-store')
    expect(new Uint8Array(await download.arrayBuffer())).toEqual(png)

    const textDownload = await emma.get(`/en/tickets/${number}/attachments/${text!.id}`)
    expect(textDownload.headers.get('Content-Type')).toBe('text/plain; charset=utf-8')
    expect(textDownload.headers.get('Content-Disposition')).toBe(
      `attachment; filename="_Q3_.txt"; filename*=UTF-8''%D0%BE%D1%82%D1%87%D1%91%D1%82%20%22Q3%22.txt`,
    )
    expect(textDownload.headers.get('X-Content-Type-Options')).toBe('nosniff')

    // A PDF named .html is saved as .html.pdf, so it never opens as a web page.
    const pdfDownload = await emma.get(`/en/tickets/${number}/attachments/${disguised!.id}`)
    expect(pdfDownload.headers.get('Content-Type')).toBe('application/pdf')
    expect(pdfDownload.headers.get('Content-Disposition')).toBe(
      `attachment; filename="invoice.html.pdf"; filename*=UTF-8''invoice.html.pdf`,
    )
  })

  it('refuses HTML or SVG whatever the name says, and saves nothing', async () => {
    const { emma, emmaUser } = await cast()
    // Counted in Emma's own account: other files open tickets on the shared server meanwhile.
    const ticketsOfEmma = () =>
      queryDb<{ n: number }>(
        server.databaseFile,
        'select count(*) as n from tickets where requester_id = ?',
        emmaUser.id,
      )[0]!.n
    const ticketsBefore = ticketsOfEmma()
    const filesBefore = uploadedFiles()
    for (const file of [
      { name: 'photo.png', bytes: html, type: 'image/png' },
      { name: 'logo.svg', bytes: svg, type: 'image/svg+xml' },
      { name: 'page.html', bytes: html, type: 'text/html' },
      { name: 'logo.txt', bytes: new Uint8Array([0x00, 0x01, 0x02]) },
    ]) {
      const response = await postMultipart(emma, '/es/tickets/new', ticketForm({ subject: 'Intento' }), [
        file,
      ])
      expect(response.status, file.name).toBe(400)
      const page = await response.text()
      expect(page).toContain(tr('es', 'errors:form.fileType'))
      expect(page).toContain('Intento')
    }
    expect(ticketsOfEmma()).toBe(ticketsBefore)
    expect(uploadedFiles().filter((name) => !filesBefore.includes(name))).toEqual([])
  })

  it('limits the size of a file, the files of a message and of a whole ticket, in the person’s language', async () => {
    const { olga } = await cast()
    const tooBig = await postMultipart(olga, '/ru/tickets/new', ticketForm({ subject: 'Большой файл' }), [
      { name: 'big.log', bytes: megabytes(10.5) },
    ])
    expect(tooBig.status).toBe(413)
    const tooBigPage = await tooBig.text()
    expect(tooBigPage).toContain(tr('ru', 'errors:form.fileTooLarge'))
    expect(tooBigPage).toContain('Большой файл')

    const six = Array.from({ length: 6 }, (_, i) => ({ name: `shot-${i}.png`, bytes: png }))
    const tooMany = await postMultipart(olga, '/ru/tickets/new', ticketForm(), six)
    expect(tooMany.status).toBe(400)
    expect(await tooMany.text()).toContain(tr('ru', 'errors:form.tooManyFiles'))

    const first = await postMultipart(olga, '/ru/tickets/new', ticketForm({ subject: 'Много логов' }), [
      { name: 'a.log', bytes: megabytes(9) },
      { name: 'b.log', bytes: megabytes(9) },
    ])
    expect(first.status).toBe(302)
    const number = Number(first.headers.get('Location')!.split('/').pop())
    const ticket = ticketByNumber(number)
    const over = await postMultipart(olga, `/ru/tickets/${number}`, { intent: 'reply', body: 'Ещё лог' }, [
      { name: 'c.log', bytes: megabytes(9) },
    ])
    expect(over.status).toBe(413)
    expect(await over.text()).toContain(tr('ru', 'errors:form.ticketFilesTooLarge'))
    expect(attachmentsOf(ticket.id)).toHaveLength(2)
    expect(messagesOf(ticket.id).map((m) => m.body)).not.toContain('Ещё лог')

    const fits = await postMultipart(
      olga,
      `/ru/tickets/${number}`,
      { intent: 'reply', body: 'Маленький лог' },
      [{ name: 'd.log', bytes: megabytes(1) }],
    )
    expect(fits.status).toBe(302)
    expect(attachmentsOf(ticket.id)).toHaveLength(3)
  })
})

describe('deflection', () => {
  it('records a deflection when someone leaves after opening a suggested article', async () => {
    const { emma, emmaUser } = await cast()
    const [article] = queryDb<{ id: number }>(
      server.databaseFile,
      'select id from articles order by id limit 1',
    )
    const response = await emma.post('/en/tickets/deflections', { articleId: String(article!.id) })
    expect(response.status).toBe(204)
    const events = queryDb(
      server.databaseFile,
      "select user_id, account_id, ref, locale from events where type = 'deflection' and user_id = ?",
      emmaUser.id,
    )
    expect(events).toEqual([
      { user_id: emmaUser.id, account_id: emmaUser.account_id, ref: String(article!.id), locale: 'en' },
    ])
    expect((await emma.post('/en/tickets/deflections', { articleId: '99999999' })).status).toBe(404)
    expect((await emma.post('/en/tickets/deflections', { articleId: 'x' })).status).toBe(400)
    // Signed out, nothing is recorded.
    const anonymous = createClient(server.url)
    expect((await anonymous.post('/en/tickets/deflections', { articleId: String(article!.id) })).status).toBe(
      302,
    )
  })
})
