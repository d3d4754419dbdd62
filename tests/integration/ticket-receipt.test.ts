import { describe, expect, inject, it } from 'vitest'
import { formatDuration } from '~/modules/i18n/format'
import { createAccount, createUser } from '../factories/people'
import { createTicket } from '../factories/tickets'
import { tr } from '../setup/i18n'
import { readOutbox, firstLink } from '../setup/outbox'

const server = inject('server')

const intlLocales = { en: 'en-US', ru: 'ru-RU', es: 'es-419', pt: 'pt-BR' } as const

/** What a person should read for a moment on a given clock, straight from Intl. */
function momentIn(lang: keyof typeof intlLocales, at: Date, timeZone: string) {
  return new Intl.DateTimeFormat(intlLocales[lang], {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone,
  }).format(at)
}

/** A Monday morning in New York, inside every demo market's support week. */
const openedAt = new Date('2026-11-16T14:05:00Z')

describe('the receipt of a new ticket', () => {
  it('tells the requester, in their language and on their clock, the number, when we answer and where to follow it', async () => {
    const maria = createUser({
      locale: 'es',
      account: createAccount({ market: 'LATAM' }),
      timeZone: 'America/Bogota',
    })

    const ticket = await createTicket(maria, { subject: 'No llegan los postbacks', now: () => openedAt })

    const mails = (await readOutbox(server.dataDir)).filter((m) => m.to === maria.email)
    expect(mails).toHaveLength(1)
    const [mail] = mails
    expect(mail!.subject).toBe(
      tr('es', 'mail:ticket.receiptSubject', { number: ticket.number, subject: 'No llegan los postbacks' }),
    )
    expect(mail!.text).toContain(tr('es', 'mail:ticket.receiptIntro', { number: ticket.number }))
    const due = ticket.firstResponseDueAt!
    expect(due.getTime()).toBeGreaterThan(openedAt.getTime())
    expect(mail!.text).toContain(
      tr('es', 'mail:ticket.receiptDue', {
        duration: formatDuration('es', (due.getTime() - openedAt.getTime()) / 60_000),
        time: momentIn('es', due, 'America/Bogota'),
        zone: 'hora de Colombia, GMT-5',
      }),
    )
    expect(firstLink(mail!.text)).toBe(`${server.url}/es/tickets/${ticket.number}`)
  })

  it('uses the market’s zone for a requester who chose none, and the requester’s language over the page’s', async () => {
    const olga = createUser({ locale: 'ru', account: createAccount({ market: 'EMEA' }) })

    const ticket = await createTicket(olga, { lang: 'en', now: () => openedAt })

    const mails = (await readOutbox(server.dataDir)).filter((m) => m.to === olga.email)
    expect(mails).toHaveLength(1)
    const due = ticket.firstResponseDueAt!
    expect(mails[0]!.text).toContain(tr('ru', 'mail:greeting', { name: olga.name }))
    expect(mails[0]!.text).toContain(
      tr('ru', 'mail:ticket.receiptDue', {
        duration: formatDuration('ru', (due.getTime() - openedAt.getTime()) / 60_000),
        time: momentIn('ru', due, 'Europe/Moscow'),
        zone: 'Москва, GMT+3',
      }),
    )
    expect(firstLink(mails[0]!.text)).toBe(`${server.url}/ru/tickets/${ticket.number}`)
  })
})
