import { describe, expect, inject, it } from 'vitest'
import { createUser, signedInClient, unique } from '../factories/people'
import { hours, minutes, testClock } from '../setup/clock'
import { queryDb } from '../setup/db'
import type { Client } from '../setup/http'
import { asHtml, tr } from '../setup/i18n'

const server = inject('server')

/** A real 1×1 PNG, as a screenshot would be. */
const png = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8ffff3f0005fe02fea7d6a1c40000000049454e44ae426082',
  'hex',
)

/** The new-ticket form with files, sent as a browser sends it (multipart/form-data). */
function postNewTicket(client: Client, fields: Record<string, string>, fileNames: string[]) {
  const form = new FormData()
  for (const [key, value] of Object.entries(fields)) form.append(key, value)
  for (const name of fileNames) form.append('attachments', new Blob([png], { type: 'image/png' }), name)
  return client.get('/en/tickets/new', { method: 'POST', body: form, headers: { Origin: server.url } })
}

const ticketWithFiles = (subject: string) =>
  queryDb<{ number: number; body: string; original_name: string | null }>(
    server.databaseFile,
    `select t.number, m.body, a.original_name from tickets t
       join ticket_messages m on m.ticket_id = t.id
       left join ticket_attachments a on a.ticket_id = t.id
     where t.subject = ? order by a.id`,
    subject,
  )

describe('attachments with unusual names', () => {
  it('keeps the ticket and every file when names hold = ; quotes or non-Latin letters', async () => {
    const client = await signedInClient(createUser())
    const subject = unique('Invoice question')
    const names = ['invoice=march.png', 'a;b.png', 'счёт «март».png', 'factura_año.png']
    const response = await postNewTicket(
      client,
      { subject, body: 'The March invoice is attached.', category: 'billing' },
      names,
    )
    expect(response.status, await response.clone().text()).toBe(302)
    const rows = ticketWithFiles(subject)
    expect(rows.map((r) => r.original_name)).toEqual(names)
    expect(rows[0]!.body).toBe('The March invoice is attached.')
    expect(response.headers.get('location')).toBe(`/en/tickets/${rows[0]!.number}`)
  })

  it('answers a body that is not valid multipart with 400 and saves nothing', async () => {
    const client = await signedInClient(createUser())
    const response = await client.get('/en/tickets/new', {
      method: 'POST',
      body: '--x\r\nContent-Disposition: form-data; name="subject"\r\n\r\nhalf a ticket',
      headers: { Origin: server.url, 'Content-Type': 'multipart/form-data; boundary=x' },
    })
    expect(response.status).toBe(400)
    expect(ticketWithFiles('half a ticket')).toEqual([])
  })
})

describe('opening many tickets at once', () => {
  it('stops at ten an hour with a message in the person’s language and their text kept, then lets them go on', async () => {
    const clock = testClock('2026-12-03T08:00:00Z')
    const client = await signedInClient(createUser({ locale: 'pt' }), { now: clock.now })
    for (let i = 0; i < 10; i++) {
      const opened = await client.post('/pt/tickets/new', {
        subject: `Pergunta ${i}`,
        body: 'Como configuro isto?',
        category: 'how_to',
      })
      expect(opened.status, `ticket ${i}`).toBe(302)
    }
    const subject = unique('Décima primeira')
    const refused = await client.post('/pt/tickets/new', { subject, body: 'Mais uma.', category: 'how_to' })
    expect(refused.status).toBe(429)
    const html = await refused.text()
    expect(html).toContain(asHtml(tr('pt', 'errors:form.tooManyTickets')))
    expect(html).toContain(asHtml(subject))
    expect(ticketWithFiles(subject)).toEqual([])

    clock.advance(hours(1) + minutes(1))
    const later = await client.post('/pt/tickets/new', { subject, body: 'Mais uma.', category: 'how_to' })
    expect(later.status).toBe(302)
  })
})
