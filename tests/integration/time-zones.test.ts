import { describe, expect, inject, it } from 'vitest'
import { createAccount, createUser, signedInClient } from '../factories/people'
import { createTask } from '../factories/tasks'
import { createTicket, ticketByNumber } from '../factories/tickets'
import { testClock } from '../setup/clock'
import { queryDb } from '../setup/db'
import { createClient } from '../setup/http'
import { asHtml, tr } from '../setup/i18n'
import { readOutbox } from '../setup/outbox'

const server = inject('server')

const intlLocales = { en: 'en-US', ru: 'ru-RU', es: 'es-419', pt: 'pt-BR' } as const
type Lang = keyof typeof intlLocales

/** What a person should read for a moment on a given clock, straight from Intl. */
function momentIn(lang: Lang, at: Date, timeZone: string) {
  return new Intl.DateTimeFormat(intlLocales[lang], {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone,
  }).format(at)
}
function dayIn(lang: Lang, at: Date, timeZone: string) {
  return new Intl.DateTimeFormat(intlLocales[lang], { dateStyle: 'medium', timeZone }).format(at)
}

/** Every `<time datetime>` of a page, by its machine value, with the text a person reads. */
function timesIn(html: string) {
  const found = new Map<string, string[]>()
  for (const match of html.matchAll(/<time datetime="([^"]+)"[^>]*>([^<]*)<\/time>/gi)) {
    const text = match[2]!.replace(/&#x27;/g, "'").replace(/&amp;/g, '&')
    found.set(match[1]!, [...(found.get(match[1]!) ?? []), text])
  }
  return found
}

/**
 * Today at a time of day in UTC. Tests run on today's date rather than a fixed one: the shared
 * server prunes sessions idle for 72 hours by whatever clock another test's sign-in carries.
 */
function todayAt(hhmm: string) {
  return new Date(`${new Date().toISOString().slice(0, 10)}T${hhmm}:00Z`)
}

const storedZone = (userId: number) =>
  queryDb<{ zone: string | null }>(
    server.databaseFile,
    'select time_zone as zone from users where id = ?',
    userId,
  )[0]?.zone

/** Olga's situation: a Russian-speaking customer of the EMEA market, whose zone is Moscow. */
function moscowCustomer() {
  return createUser({ locale: 'ru', account: createAccount({ market: 'EMEA' }), isAccountAdmin: true })
}

describe('a person’s time zone', () => {
  it('defaults to the market’s zone: a customer in Moscow reads her ticket in Moscow time, and is asked to confirm it', async () => {
    const clock = testClock(todayAt('12:54'))
    const olga = moscowCustomer()
    const ticket = await createTicket(olga, { now: clock.now })
    const client = await signedInClient(olga, { now: clock.now })

    const html = await (await client.get(`/ru/tickets/${ticket.number}`)).text()

    expect(storedZone(olga.id)).toBeNull()
    const created = ticket.createdAt.toISOString()
    expect(timesIn(html).get(created)).toContain(momentIn('ru', ticket.createdAt, 'Europe/Moscow'))
    // 12:54 UTC is 15:54 in Moscow: the text is not the UTC one.
    expect(momentIn('ru', ticket.createdAt, 'Europe/Moscow')).toContain('15:54')
    expect(timesIn(html).get(created)).not.toContain(momentIn('ru', ticket.createdAt, 'UTC'))
    expect(html).toContain(asHtml(tr('ru', 'common:time.offer.title')))
    expect(html).toContain('value="Europe/Moscow"')
  })

  it('is stored from the account page by its canonical name, and the ticket’s times move to it', async () => {
    const clock = testClock(todayAt('12:54'))
    const olga = moscowCustomer()
    const ticket = await createTicket(olga, { now: clock.now })
    const client = await signedInClient(olga, { now: clock.now })

    const saved = await client.post('/ru/account', { intent: 'timeZone', timeZone: ' europe/lisbon ' })

    expect(saved.status).toBe(302)
    expect(saved.headers.get('Location')).toBe('/ru/account?saved=timeZone#time-zone')
    expect(storedZone(olga.id)).toBe('Europe/Lisbon')
    const account = await (await client.get('/ru/account?saved=timeZone')).text()
    expect(account).toContain(asHtml(tr('ru', 'account:timeZone.saved')))
    const html = await (await client.get(`/ru/tickets/${ticket.number}`)).text()
    expect(timesIn(html).get(ticket.createdAt.toISOString())).toContain(
      momentIn('ru', ticket.createdAt, 'Europe/Lisbon'),
    )
    expect(html).not.toContain(asHtml(tr('ru', 'common:time.offer.title')))
  })

  it('confirming the offered zone returns to the page the person was reading', async () => {
    const olga = moscowCustomer()
    const client = await signedInClient(olga)

    const kept = await client.post('/ru/account', {
      intent: 'timeZone',
      timeZone: 'Europe/Moscow',
      returnTo: '/ru/tickets',
    })

    expect(kept.status).toBe(302)
    expect(kept.headers.get('Location')).toBe('/ru/tickets')
    expect(storedZone(olga.id)).toBe('Europe/Moscow')
  })

  it('refuses an unknown zone with a localized 400, gives the typed text back and keeps the old zone', async () => {
    const olga = createUser({
      locale: 'ru',
      account: createAccount({ market: 'EMEA' }),
      timeZone: 'Asia/Yekaterinburg',
    })
    const client = await signedInClient(olga)

    const refused = await client.post('/ru/account', { intent: 'timeZone', timeZone: 'Europe/Atlantis' })

    expect(refused.status).toBe(400)
    const html = await refused.text()
    expect(html).toContain(asHtml(tr('ru', 'errors:form.timezone')))
    expect(html).toContain('value="Europe/Atlantis"')
    expect(storedZone(olga.id)).toBe('Asia/Yekaterinburg')
  })

  it('is UTC for staff until they choose one', async () => {
    const clock = testClock(todayAt('12:54'))
    const ticket = await createTicket(moscowCustomer(), { now: clock.now })
    const agent = createUser({ role: 'agent', locale: 'en' })
    const client = await signedInClient(agent, { now: clock.now })

    const html = await (await client.get(`/en/staff/tickets/${ticket.number}`)).text()

    expect(storedZone(agent.id)).toBeNull()
    expect(timesIn(html).get(ticket.createdAt.toISOString())).toContain(
      momentIn('en', ticket.createdAt, 'UTC'),
    )
    expect(html).toContain(asHtml(tr('en', 'common:time.note', { zone: 'UTC' })))
  })
})

describe('times on the staff ticket page', () => {
  it('staff choose their zone on the same account page and read the ticket in it', async () => {
    const clock = testClock(todayAt('12:54'))
    const ticket = await createTicket(moscowCustomer(), { now: clock.now })
    const agent = createUser({ role: 'agent', locale: 'pt' })
    const client = await signedInClient(agent, { now: clock.now })

    const saved = await client.post('/pt/account', { intent: 'timeZone', timeZone: 'America/Sao_Paulo' })

    expect(saved.status).toBe(302)
    expect(storedZone(agent.id)).toBe('America/Sao_Paulo')
    const html = await (await client.get(`/pt/staff/tickets/${ticket.number}`)).text()
    expect(timesIn(html).get(ticket.createdAt.toISOString())).toContain(
      momentIn('pt', ticket.createdAt, 'America/Sao_Paulo'),
    )
    expect(momentIn('pt', ticket.createdAt, 'America/Sao_Paulo')).toContain('09:54')
  })

  it('shows due times on the agent’s clock with the customer’s local time beside them', async () => {
    const clock = testClock(todayAt('12:54'))
    const olga = moscowCustomer()
    const ticket = await createTicket(olga, { now: clock.now })
    const agent = createUser({ role: 'agent', locale: 'en', timeZone: 'America/New_York' })
    const client = await signedInClient(agent, { now: clock.now })

    const html = await (await client.get(`/en/staff/tickets/${ticket.number}`)).text()

    const due = ticketByNumber(ticket.number).firstResponseDueAt
    expect(due).not.toBeNull()
    const texts = timesIn(html).get(due!.toISOString())
    // The agent's clock first, then the customer's: both are the same instant.
    expect(texts).toEqual(
      expect.arrayContaining([
        momentIn('en', due!, 'America/New_York'),
        momentIn('en', due!, 'Europe/Moscow'),
      ]),
    )
    expect(html).toContain(asHtml(tr('en', 'staff:tickets.sla.yourTime')))
    expect(html).toContain(asHtml(tr('en', 'staff:tickets.sla.forCustomer', { zone: 'Moscow Time, GMT+3' })))
    expect(timesIn(html).get(ticket.createdAt.toISOString())).toContain(
      momentIn('en', ticket.createdAt, 'America/New_York'),
    )
  })
})

describe('how far off a due time is', () => {
  it('says in words how long the first response is overdue, counted from the due time in the database', async () => {
    const olga = moscowCustomer()
    const ticket = await createTicket(olga, { now: () => todayAt('12:54') })
    const due = ticketByNumber(ticket.number).firstResponseDueAt!
    const agent = await signedInClient(createUser({ role: 'agent', timeZone: 'Europe/Madrid' }), {
      now: () => new Date(due.getTime() + 3 * 3_600_000),
    })

    const html = await (await agent.get(`/en/staff/tickets/${ticket.number}`)).text()

    // The SLA countdown's words, with Intl's short units.
    expect(html).toContain(asHtml(tr('en', 'staff:tickets.sla.overdueBy', { duration: '3 hr' })))
  })
})

describe('mail', () => {
  it('tells the requester when staff replied on her own clock, with the zone named', async () => {
    const clock = testClock(todayAt('12:54'))
    const olga = moscowCustomer()
    const ticket = await createTicket(olga, { now: clock.now })
    const agent = await signedInClient(createUser({ role: 'agent', timeZone: 'America/New_York' }), {
      now: () => todayAt('13:19'),
    })

    const replied = await agent.post(`/en/staff/tickets/${ticket.number}`, {
      intent: 'reply',
      body: 'We are on it.',
      nextStatus: 'open',
    })

    expect(replied.status).toBe(302)
    // The receipt of the ticket she opened, then the reply.
    const mails = (await readOutbox(server.dataDir)).filter((m) => m.to === olga.email)
    expect(mails).toHaveLength(2)
    const at = todayAt('13:19')
    expect(mails[1]!.text).toContain(
      tr('ru', 'mail:ticket.when', { time: momentIn('ru', at, 'Europe/Moscow'), zone: 'Москва, GMT+3' }),
    )
    expect(momentIn('ru', at, 'Europe/Moscow')).toContain('16:19')
  })
})

describe('password reset mail', () => {
  it('says until when the link works on the recipient’s clock, whatever the page’s language', async () => {
    const olga = createUser({
      locale: 'ru',
      account: createAccount({ market: 'EMEA' }),
      timeZone: 'Asia/Vladivostok',
    })
    const client = createClient(server.url, { now: () => todayAt('12:54') })

    expect((await client.post('/en/forgot-password', { email: olga.email })).status).toBeLessThan(400)

    const [reset] = queryDb<{ expiresAt: number }>(
      server.databaseFile,
      'select expires_at as expiresAt from password_resets where user_id = ? order by id desc limit 1',
      olga.id,
    )
    const expiresAt = new Date(reset!.expiresAt)
    const mails = (await readOutbox(server.dataDir)).filter((m) => m.to === olga.email)
    expect(mails).toHaveLength(1)
    expect(mails[0]!.text).toContain(
      tr('en', 'mail:reset.until', {
        time: momentIn('en', expiresAt, 'Asia/Vladivostok'),
        zone: 'Vladivostok Time, GMT+10',
      }),
    )
  })
})

describe('calendar dates', () => {
  // Each T0 is a moment that falls on another day on the reader's clock: read as a moment, the
  // day would move to `shifted`.
  const cases = [
    { zone: 'Pacific/Kiritimati', t0: '2026-11-02T23:00:00Z', shifted: 'Nov 3, 2026' },
    { zone: 'Pacific/Pago_Pago', t0: '2026-11-02T00:00:00Z', shifted: 'Nov 1, 2026' },
  ]

  for (const { zone, t0, shifted } of cases) {
    it(`keeps T0 and task due dates on their day for a reader in ${zone}`, async () => {
      const account = createAccount({ market: 'US', onboardingStartedAt: new Date(t0) })
      const reader = createUser({ locale: 'en', account, isAccountAdmin: true, timeZone: zone })
      const task = createTask({ account, dueOn: '2026-11-20' })
      const client = await signedInClient(reader)

      const accountPage = await (await client.get('/en/account')).text()
      const tasksPage = await (await client.get('/en/tasks')).text()

      expect(dayIn('en', new Date(t0), zone)).toBe(shifted)
      expect(accountPage).toContain('Nov 2, 2026')
      expect(accountPage).not.toContain(shifted)
      expect(tasksPage).toContain(task.title)
      expect(tasksPage).toContain('Nov 20, 2026')
    })
  }
})
