import { and, asc, eq, gte, inArray, lte } from 'drizzle-orm'
import type { BetterSQLite3Database } from 'drizzle-orm/better-sqlite3'
import { usdPerUnit } from '../../app/modules/accounts/tier'
import { currencies, type Currency, type Locale } from '../schema/enums'
import * as schema from '../schema/index'
import type { SeededAccount } from './onboarding'
import { createRandom } from './random'

type Tx = Parameters<Parameters<BetterSQLite3Database<typeof schema>['transaction']>[0]>[0]
type Random = ReturnType<typeof createRandom>

const dayMs = 24 * 3600 * 1000
const minuteMs = 60_000

/** What people search for per language; the last two of each usually find nothing (the gap list). */
const searchTerms: Record<Locale, string[]> = {
  en: ['tracking link', 'invite user', 'sdk install', 'deep link', 'attribution window', 'roku'],
  ru: ['ссылка отслеживания', 'пригласить коллегу', 'установка sdk', 'диплинк', 'окно атрибуции', 'смарт тв'],
  es: [
    'enlace de seguimiento',
    'invitar usuario',
    'instalar sdk',
    'deep link',
    'ventana de atribución',
    'roku',
  ],
  pt: [
    'link de rastreamento',
    'convidar usuário',
    'instalar sdk',
    'deep link',
    'janela de atribuição',
    'roku',
  ],
}

/** What an unhappy customer writes under a low rating, in the ticket's language. */
const lowRatingComments: Record<Locale, string[]> = {
  en: ['It took three days to get a first answer.', 'The answer did not solve anything; I had to ask again.'],
  ru: ['Первого ответа пришлось ждать три дня.', 'Ответ ничего не решил, пришлось спрашивать ещё раз.'],
  es: [
    'Tardaron tres días en darme una primera respuesta.',
    'La respuesta no resolvió nada; tuve que volver a preguntar.',
  ],
  pt: [
    'Demorou três dias para eu receber a primeira resposta.',
    'A resposta não resolveu nada; tive que perguntar de novo.',
  ],
}

/**
 * Monthly exchange rates for two years back, a slow random walk around the planning rates: the
 * cockpit's retention converts each account's ARR with the rate of the reported month.
 */
function seedExchangeRates(tx: Tx, random: Random, today: number) {
  const rates = new Map<Currency, number>(currencies.map((c) => [c, usdPerUnit[c]]))
  for (let back = 24; back >= 0; back--) {
    const date = new Date(today)
    date.setUTCMonth(date.getUTCMonth() - back, 1)
    const month = date.toISOString().slice(0, 7)
    for (const currency of currencies) {
      const rate =
        currency === 'USD'
          ? 1
          : Math.round(rates.get(currency)! * (1 + (random.next() - 0.5) * 0.04) * 1e4) / 1e4
      rates.set(currency, rate)
      tx.insert(schema.exchangeRates)
        .values({ month, currency, usdPerUnit: rate, updatedAt: new Date(today - back * 30 * dayMs) })
        .run()
    }
  }
}

/**
 * ARR before the hub: most accounts were the vendor's customers before they joined the portal,
 * so their billing history reaches back up to two years (growing towards the present, as it
 * does for the demo's other months). About one account in fifteen of those older than half a
 * year has churned: its snapshots stop a few months ago. The demo logins' accounts stay.
 */
function seedArrHistory(tx: Tx, random: Random, today: number, seeded: SeededAccount[]) {
  const oldest = new Date(today)
  oldest.setUTCMonth(oldest.getUTCMonth() - 24, 1)
  const oldestMonth = oldest.toISOString().slice(0, 7)
  const thisMonth = new Date(today).toISOString().slice(0, 7)
  for (const account of seeded) {
    const history = tx
      .select()
      .from(schema.arrSnapshots)
      .where(eq(schema.arrSnapshots.accountId, account.id))
      .orderBy(asc(schema.arrSnapshots.month))
      .all()
    const first = history[0]
    if (!first) continue
    if (random.chance(0.6)) {
      let arr = first.arrMinor
      const date = new Date(`${first.month}-01T00:00:00Z`)
      for (;;) {
        date.setUTCMonth(date.getUTCMonth() - 1)
        const month = date.toISOString().slice(0, 7)
        if (month < oldestMonth) break
        arr = Math.max(0, Math.round(arr * (1 - (random.next() - 0.45) * 0.08)))
        tx.insert(schema.arrSnapshots)
          .values({ accountId: account.id, month, arrMinor: arr, currency: first.currency })
          .run()
      }
    }
    if (!account.isDemo && history.length >= 6 && random.chance(1 / 15)) {
      const gone = new Date(today)
      gone.setUTCMonth(gone.getUTCMonth() - random.int(0, 4), 1)
      const from = gone.toISOString().slice(0, 7)
      tx.delete(schema.arrSnapshots)
        .where(
          and(
            eq(schema.arrSnapshots.accountId, account.id),
            gte(schema.arrSnapshots.month, from),
            lte(schema.arrSnapshots.month, thisMonth),
          ),
        )
        .run()
    }
  }
}

/**
 * The raw material of the cockpit's deflection and content sections, generated from the
 * tickets the demo already holds: every portal ticket was preceded by opening the form; more
 * forms were opened than sent, some after opening a suggested article (deflected), growing as
 * the portal grew. Searches and "was this helpful?" answers follow the article reads.
 */
export function seedAnalytics(tx: Tx, input: { today: number; launch: number; accounts: SeededAccount[] }) {
  const random = createRandom(20261207)
  const { today } = input
  seedExchangeRates(tx, random, today)
  seedArrHistory(tx, random, today, input.accounts)

  const usersOf = new Map(input.accounts.map((a) => [a.id, a]))
  const articles = tx
    .select({ id: schema.articles.id })
    .from(schema.articles)
    .where(inArray(schema.articles.visibility, ['public', 'customers']))
    .all()
    .map((a) => a.id)

  const portalTickets = tx
    .select({
      accountId: schema.tickets.accountId,
      requesterId: schema.tickets.requesterId,
      locale: schema.tickets.locale,
      createdAt: schema.tickets.createdAt,
    })
    .from(schema.tickets)
    .where(eq(schema.tickets.channel, 'portal'))
    .all()
  for (const ticket of portalTickets) {
    const openedAt = new Date(ticket.createdAt.getTime() - random.int(2, 15) * minuteMs)
    const event = { userId: ticket.requesterId, accountId: ticket.accountId, locale: ticket.locale }
    tx.insert(schema.events)
      .values({ type: 'ticket_form', ...event, occurredAt: openedAt })
      .run()
    if (articles.length && random.chance(0.2))
      tx.insert(schema.events)
        .values({
          type: 'suggestion',
          ...event,
          ref: String(random.pick(articles)),
          occurredAt: new Date(openedAt.getTime() + minuteMs),
        })
        .run()
  }

  // Forms opened and not sent: more of them, and more often after a suggestion, as the year goes on.
  // The demo logins' accounts are left out: their people start with no history of their own.
  for (const account of input.accounts) {
    if (account.isDemo || !account.t0 || account.userIds.length === 0 || articles.length === 0) continue
    // No form to open before the portal did.
    const start = Math.max(account.t0.getTime(), today - 365 * dayMs, input.launch)
    if (start >= today) continue
    for (let n = random.int(0, 5); n > 0; n--) {
      const at = start + Math.floor(random.next() * (today - start))
      if (at >= today) continue
      const recency = (at - (today - 365 * dayMs)) / (365 * dayMs)
      const userId = random.pick(account.userIds)
      const event = { userId, accountId: account.id, locale: account.locale }
      tx.insert(schema.events)
        .values({ type: 'ticket_form', ...event, occurredAt: new Date(at) })
        .run()
      if (!random.chance(0.3 + 0.4 * recency)) continue
      const articleId = String(random.pick(articles))
      tx.insert(schema.events)
        .values({ type: 'suggestion', ...event, ref: articleId, occurredAt: new Date(at + minuteMs) })
        .run()
      if (random.chance(0.5 + 0.3 * recency))
        tx.insert(schema.events)
          .values({ type: 'deflection', ...event, ref: articleId, occurredAt: new Date(at + 4 * minuteMs) })
          .run()
    }
  }

  // Searches by customers, in their language; a few find nothing.
  for (const account of input.accounts) {
    if (account.isDemo || account.userIds.length === 0) continue
    for (let n = random.int(0, 6); n > 0; n--) {
      // Searches are the portal's: only since it opened.
      const at =
        today -
        random.int(1, Math.max(1, Math.floor((today - input.launch) / dayMs))) * dayMs +
        random.int(0, 23 * 60) * minuteMs
      const terms = searchTerms[account.locale]
      const query = random.pick(terms)
      const gap = terms.indexOf(query) >= terms.length - 2
      tx.insert(schema.searchLog)
        .values({
          query,
          locale: account.locale,
          resultCount: gap && random.chance(0.8) ? 0 : random.int(1, 12),
          userId: random.pick(account.userIds),
          createdAt: new Date(at),
        })
        .run()
    }
  }

  // "Was this helpful?" after about one read in five, once per person and article.
  const reads = tx
    .select({
      userId: schema.events.userId,
      accountId: schema.events.accountId,
      ref: schema.events.ref,
      locale: schema.events.locale,
      occurredAt: schema.events.occurredAt,
    })
    .from(schema.events)
    .where(and(eq(schema.events.type, 'article'), lte(schema.events.occurredAt, new Date(today))))
    .all()
  const answered = new Set<string>()
  const marketOf = new Map(
    tx
      .select({ id: schema.accounts.id, code: schema.markets.code })
      .from(schema.accounts)
      .innerJoin(schema.markets, eq(schema.markets.id, schema.accounts.marketId))
      .all()
      .map((a) => [a.id, a.code]),
  )
  const demoAccounts = new Set(input.accounts.filter((a) => a.isDemo).map((a) => a.id))
  for (const read of reads) {
    if (!read.userId || !read.ref || (read.accountId && demoAccounts.has(read.accountId))) continue
    if (!random.chance(0.2)) continue
    const key = `${read.ref}:${read.userId}`
    if (answered.has(key)) continue
    answered.add(key)
    const account = read.accountId ? usersOf.get(read.accountId) : undefined
    tx.insert(schema.contentFeedback)
      .values({
        kind: 'article',
        contentId: Number(read.ref),
        respondent: `user:${read.userId}`,
        userId: read.userId,
        accountId: read.accountId,
        marketCode: read.accountId ? (marketOf.get(read.accountId) ?? null) : null,
        tier: account?.tier ?? null,
        locale: read.locale ?? 'en',
        helpful: random.chance(0.75),
        createdAt: new Date(read.occurredAt.getTime() + random.int(1, 10) * minuteMs),
      })
      .run()
  }

  // Low ratings come with a reason, in the ticket's language.
  const low = tx
    .select({ ticketId: schema.ticketRatings.ticketId, locale: schema.tickets.locale })
    .from(schema.ticketRatings)
    .innerJoin(schema.tickets, eq(schema.tickets.id, schema.ticketRatings.ticketId))
    .where(lte(schema.ticketRatings.rating, 2))
    .all()
  for (const rating of low)
    tx.update(schema.ticketRatings)
      .set({ comment: random.pick(lowRatingComments[rating.locale]) })
      .where(eq(schema.ticketRatings.ticketId, rating.ticketId))
      .run()
}
