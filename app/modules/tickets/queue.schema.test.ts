import { describe, expect, it } from 'vitest'
import { logTicketSchema, replySchema as staffReplySchema } from './queue.schema'
import { newTicketSchema } from './tickets.schema'

const disguised = 'Invoice \u202egnp.exe\u202c for\u200b March\u0007'

describe('text staff type is cleaned like text customers type', () => {
  it('strips bidi overrides, zero-width and control characters from a logged conversation', () => {
    const logged = logTicketSchema.parse({
      accountId: '1',
      requesterId: '2',
      channel: 'whatsapp',
      subject: disguised,
      body: `${disguised}\r\nsecond line`,
      category: 'how_to',
    })
    const typedByCustomer = newTicketSchema.parse({ subject: disguised, body: disguised, category: 'how_to' })
    expect(logged.subject).toBe('Invoice gnp.exe for March')
    expect(logged.subject).toBe(typedByCustomer.subject)
    expect(logged.body).toBe('Invoice gnp.exe for March\nsecond line')
  })

  it('cleans a staff reply the same way and still refuses one that is only invisible characters', () => {
    expect(staffReplySchema.safeParse({ body: '\u202e\u200b' }).success).toBe(false)
  })
})
