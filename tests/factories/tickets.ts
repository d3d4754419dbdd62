import { eq } from 'drizzle-orm'
import * as schema from '#db/schema/index'
import type { TicketCategory } from '#db/schema/tickets'
import type { Db } from '~/db-connection.server'
import type { Client } from '../setup/http'
import { createUser, signedInClient, testDb, unique, type MarketCode, type TestUser } from './people'

/**
 * Factories for markets and tickets. A test that counts or filters the staff queue gives its
 * tickets a market of its own (createMarket) and filters the queue by that market's code, so
 * what other files do to the shared database never changes what it sees. Tickets are opened
 * through the portal's own form, so their numbers, SLA due times and audit lines come from the
 * app itself.
 */

let marketSequence = 0
/** A market code no other test of the run uses, within the queue filter's 10 characters. */
function uniqueMarketCode() {
  marketSequence += 1
  const code = `T${process.pid.toString(36)}${marketSequence.toString(36)}${Date.now().toString(36).slice(-3)}`
  return code.toUpperCase().slice(0, 10)
}

export type MarketOverrides = Partial<
  Pick<
    typeof schema.markets.$inferInsert,
    | 'name'
    | 'defaultLocale'
    | 'currency'
    | 'highTouchMinArr'
    | 'midTouchMinArr'
    | 'channels'
    | 'timezone'
    | 'supportOpens'
    | 'supportCloses'
    | 'supportDays'
  >
> & {
  /** The demo market whose settings the new one starts from (US unless told). */
  like?: MarketCode
}

/** A market of the test's own, a copy of a demo market under a unique code and name. */
export function createMarket(overrides: MarketOverrides = {}, db: Db = testDb()) {
  const { like = 'US', ...settings } = overrides
  const model = db.select().from(schema.markets).where(eq(schema.markets.code, like)).get()
  if (!model) throw new Error(`createMarket: no market ${like} to copy`)
  const code = uniqueMarketCode()
  return db
    .insert(schema.markets)
    .values({
      code,
      name: unique(`Market ${code}`),
      defaultLocale: model.defaultLocale,
      currency: model.currency,
      highTouchMinArr: model.highTouchMinArr,
      midTouchMinArr: model.midTouchMinArr,
      channels: model.channels,
      timezone: model.timezone,
      supportOpens: model.supportOpens,
      supportCloses: model.supportCloses,
      supportDays: model.supportDays,
      ...settings,
    })
    .returning()
    .get()
}

export type TestMarket = ReturnType<typeof createMarket>

export type TicketRow = typeof schema.tickets.$inferSelect

/** The ticket as the database holds it now. */
export function ticketByNumber(number: number, db: Db = testDb()): TicketRow {
  const row = db.select().from(schema.tickets).where(eq(schema.tickets.number, number)).get()
  if (!row) throw new Error(`No ticket #${number}`)
  return row
}

/** The number of the ticket a redirect to `/xx/tickets/123` or `/xx/staff/tickets/123` names. */
export function numberFromLocation(response: Response) {
  const match = /\/tickets\/(\d+)$/.exec(response.headers.get('location') ?? '')
  if (!match)
    throw new Error(`Not a redirect to a ticket: ${response.status} ${response.headers.get('location')}`)
  return Number(match[1])
}

export type TicketOverrides = {
  subject?: string
  body?: string
  category?: TicketCategory
  /** The language of the page the form is sent from; the requester's own by default. */
  lang?: string
  /** The time the portal takes for the request (X-Test-Now), for SLA rules at a set hour. */
  now?: () => Date
}

/**
 * A ticket opened by the requester through the portal's form (a session of their own, so no
 * sign-in form and no rate limit). The subject is unique unless given.
 */
export async function createTicket(requester: TestUser, overrides: TicketOverrides = {}, client?: Client) {
  const asRequester = client ?? (await signedInClient(requester, { now: overrides.now }))
  const lang = overrides.lang ?? requester.locale
  const response = await asRequester.post(`/${lang}/tickets/new`, {
    subject: overrides.subject ?? unique('Ticket'),
    body: overrides.body ?? 'Since Monday no postbacks reach Meta.',
    category: overrides.category ?? 'technical',
  })
  if (response.status !== 302)
    throw new Error(`createTicket: the form answered ${response.status}: ${await response.text()}`)
  return ticketByNumber(numberFromLocation(response))
}

/** A public holiday of a market (a local date, YYYY-MM-DD): its support is closed that day. */
export function createHoliday(
  market: { id: number },
  date: string,
  name = unique('Holiday'),
  db: Db = testDb(),
) {
  return db.insert(schema.marketHolidays).values({ marketId: market.id, date, name }).returning().get()
}

/**
 * Staff set a ticket's status through the staff ticket page, as an agent of the test's own,
 * at the time `now` gives (X-Test-Now). Priority, category and assignee stay as they are.
 */
export async function setTicketStatusByStaff(
  ticket: { number: number },
  status: TicketRow['status'],
  options: { now?: () => Date } = {},
) {
  const agent = await signedInClient(createUser({ role: 'agent' }), { now: options.now })
  const current = ticketByNumber(ticket.number)
  const response = await agent.post(`/en/staff/tickets/${ticket.number}`, {
    intent: 'update',
    status,
    priority: current.priority,
    category: current.category,
    assigneeId: current.assigneeId === null ? '' : String(current.assigneeId),
  })
  if (response.status !== 200)
    throw new Error(`setTicketStatusByStaff: the staff page answered ${response.status}`)
  return ticketByNumber(ticket.number)
}
