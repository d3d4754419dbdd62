import { and, asc, desc, eq, gt, gte, inArray, lt, lte, sql } from 'drizzle-orm'
import { alias } from 'drizzle-orm/sqlite-core'
import { tiers, type Currency, type Locale, type Tier } from '#db/schema/enums'
import * as schema from '#db/schema/index'
import type { Db } from '~/db-connection.server'
import { effectiveTier } from '~/modules/accounts/tier'
import { clock } from '~/modules/clock/clock'
import { kaplanMeier, survfitMedian, type Observation } from '~/modules/onboarding/kaplan-meier'
import { choosePlaybook } from '~/modules/onboarding/playbook-choice'
import { asSurvivalObservation, timeToValue } from '~/modules/onboarding/time-to-value'
import type { Metric, OutcomeFilters } from './analytics.schema'
import { addMonths, endOfPeriod, isoWeek, monthOf, monthsBetween, weeksBetween } from './periods'

/**
 * Every figure of the outcomes cockpit, one function per metric of docs/design.md's contract, each
 * returning rows with exactly the contract's columns. The page, its charts and the CSVs all
 * read these, so there is one definition of each figure. Decisions where the contract left
 * room are in docs/decisions/0008-outcomes-cockpit.md.
 */

export type MetricInput = OutcomeFilters & {
  db: Db
  /** The moment "still awaiting" and "due time passed" are judged at; injected by tests. */
  now?: Date
}

const { tickets, ticketRatings, accounts, markets, events, articleFeedback, searchLog, users } = schema

const minuteMs = 60_000

/** Ratios are decimals 0–1 with 4 places; no ratio (empty) when there is nothing to divide by. */
export function ratio(part: number, whole: number) {
  return whole === 0 ? null : Math.round((part / whole) * 10_000) / 10_000
}

const roundTo = (value: number, places: number) => Math.round(value * 10 ** places) / 10 ** places

/**
 * Percentiles by linear interpolation between the closest ranks (R's default `type = 7`,
 * Excel's PERCENTILE.INC, numpy's default): the median of 1, 2, 3, 10 is 2.5, its p90 7.9.
 */
export function percentile(sorted: readonly number[], p: number) {
  if (sorted.length === 0) return null
  const position = (sorted.length - 1) * p
  const below = Math.floor(position)
  const above = Math.min(below + 1, sorted.length - 1)
  return sorted[below]! + (sorted[above]! - sorted[below]!) * (position - below)
}

/** A filter value keeps its rows only; `all` keeps one row per value and one over all of them. */
function dimension<T extends string>(selected: string, values: readonly T[]): (T | 'all')[] {
  return selected === 'all' ? [...values, 'all'] : [selected as T]
}

function matches(filters: OutcomeFilters, fact: { market: string; tier: Tier }) {
  return (
    (filters.market === 'all' || fact.market === filters.market) &&
    (filters.tier === 'all' || fact.tier === filters.tier)
  )
}

const perRequest = new WeakMap<MetricInput, Map<string, Promise<unknown>>>()

/**
 * What several metrics read is read once per input: the page asks for every metric with one
 * input object, a CSV for one.
 */
function once<T>(input: MetricInput, key: string, load: () => Promise<T>): Promise<T> {
  let cache = perRequest.get(input)
  if (!cache) perRequest.set(input, (cache = new Map()))
  if (!cache.has(key)) cache.set(key, load())
  return cache.get(key) as Promise<T>
}

function marketCodes(input: MetricInput) {
  return once(input, 'markets', async () => {
    const rows = await input.db.select({ code: markets.code }).from(markets).orderBy(asc(markets.code))
    return rows.map((r) => r.code)
  })
}

/** Each account's market and tier of today (events and ARR carry no tier of their own). */
function accountFacts(input: MetricInput) {
  return once(input, 'accounts', async () => {
    const rows = await input.db
      .select({
        id: accounts.id,
        market: markets.code,
        derivedTier: accounts.derivedTier,
        tierOverride: accounts.tierOverride,
      })
      .from(accounts)
      .innerJoin(markets, eq(markets.id, accounts.marketId))
    return new Map(rows.map((r) => [r.id, { market: r.market, tier: effectiveTier(r) }]))
  })
}

/** Tickets created in the period with their market and their tier when they were opened. */
function ticketsCreated(input: MetricInput) {
  return once(input, 'tickets', async () => {
    const rows = await input.db
      .select({
        id: tickets.id,
        category: tickets.category,
        market: markets.code,
        tier: tickets.tier,
        channel: tickets.channel,
        createdAt: tickets.createdAt,
        firstResponseAt: tickets.firstResponseAt,
        firstResponseDueAt: tickets.firstResponseDueAt,
        slaPausedSince: tickets.slaPausedSince,
      })
      .from(tickets)
      .innerJoin(accounts, eq(accounts.id, tickets.accountId))
      .innerJoin(markets, eq(markets.id, accounts.marketId))
      .where(and(gte(tickets.createdAt, input.from), lt(tickets.createdAt, endOfPeriod(input.to))))
    return rows.filter((row) => matches(input, row))
  })
}

/** Rows of one week (or month) bucket, for each market key and each second key. */
function countBy<T>(rows: T[], key: (row: T) => string) {
  const counts = new Map<string, T[]>()
  for (const row of rows) {
    const k = key(row)
    const list = counts.get(k)
    if (list) list.push(row)
    else counts.set(k, [row])
  }
  return counts
}

const inMarket = (market: string) => (row: { market: string }) => market === 'all' || row.market === market

/**
 * Rows grouped by bucket (week or month), market and, when given, tier, each row filed under
 * its own market and `all` (and its own tier and `all`): every line of a metric is then one
 * lookup, and the rows are walked once rather than once per line.
 */
function bucketed<T>(rows: T[], key: (row: T) => [bucket: string, market: string, tier?: string]) {
  const groups = new Map<string, T[]>()
  const add = (k: string, row: T) => {
    const list = groups.get(k)
    if (list) list.push(row)
    else groups.set(k, [row])
  }
  for (const row of rows) {
    const [bucket, market, tier] = key(row)
    for (const m of [market, 'all']) {
      if (tier === undefined) add(`${bucket}\t${m}`, row)
      else for (const t of [tier, 'all']) add(`${bucket}\t${m}\t${t}`, row)
    }
  }
  return (bucket: string, market: string, tier?: string) =>
    groups.get(tier === undefined ? `${bucket}\t${market}` : `${bucket}\t${market}\t${tier}`) ?? []
}

// channel-share

const { ticketChannels } = schema

export type ChannelShareRow = {
  week: string
  market: string
  channel: (typeof ticketChannels)[number]
  tickets: number
  share: number | null
}

/**
 * Routine (how-to) tickets by the ISO week they were created, per market and channel; share =
 * tickets / all routine tickets of that week and market. Every week of the period appears,
 * with 0 tickets and no share when a market had none.
 */
export async function channelShare(input: MetricInput): Promise<ChannelShareRow[]> {
  const [codes, rows] = await Promise.all([
    marketCodes(input),
    ticketsCreated(input).then((rows) => rows.filter((r) => r.category === 'how_to')),
  ])
  const group = bucketed(rows, (r) => [isoWeek(r.createdAt), r.market])
  return weeksBetween(input.from, input.to).flatMap((week) =>
    dimension(input.market, codes).flatMap((market) => {
      const inWeek = group(week, market)
      return ticketChannels.map((channel) => {
        const count = inWeek.filter((r) => r.channel === channel).length
        return { week, market, channel, tickets: count, share: ratio(count, inWeek.length) }
      })
    }),
  )
}

/** Per market, the first week of the period whose portal share passed 90% (null: not yet). */
export function portalPassedNinety(rows: ChannelShareRow[]) {
  const first = new Map<string, string | null>()
  for (const row of rows) {
    if (!first.has(row.market)) first.set(row.market, null)
    if (row.channel === 'portal' && row.share !== null && row.share > 0.9 && first.get(row.market) === null)
      first.set(row.market, row.week)
  }
  return [...first].map(([market, week]) => ({ market, week }))
}

// first-response and sla

export type FirstResponseRow = {
  week: string
  market: string
  tier: Tier | 'all'
  responded: number
  awaiting: number
  median_minutes: number | null
  p90_minutes: number | null
}

/**
 * Tickets by the week they were created: calendar minutes from creation to the first public
 * staff reply (the ticket's `firstResponseAt`, set by the first reply a customer sees), median
 * and p90 over the answered ones, to one decimal; tickets with no such reply yet are `awaiting`.
 */
export async function firstResponse(input: MetricInput): Promise<FirstResponseRow[]> {
  const [codes, rows] = await Promise.all([marketCodes(input), ticketsCreated(input)])
  const byWeek = bucketed(rows, (r) => [isoWeek(r.createdAt), r.market, r.tier])
  return weeksBetween(input.from, input.to).flatMap((week) =>
    dimension(input.market, codes).flatMap((market) =>
      dimension(input.tier, tiers).map((tier) => {
        const group = byWeek(week, market, tier)
        const minutes = group
          .filter((r) => r.firstResponseAt !== null)
          .map((r) => (r.firstResponseAt!.getTime() - r.createdAt.getTime()) / minuteMs)
          .sort((a, b) => a - b)
        const median = percentile(minutes, 0.5)
        const p90 = percentile(minutes, 0.9)
        return {
          week,
          market,
          tier,
          responded: minutes.length,
          awaiting: group.length - minutes.length,
          median_minutes: median === null ? null : roundTo(median, 1),
          p90_minutes: p90 === null ? null : roundTo(p90, 1),
        }
      }),
    ),
  )
}

export type SlaRow = {
  week: string
  market: string
  tier: Tier | 'all'
  tickets: number
  breached: number
  breach_rate: number | null
}

/**
 * Tickets with a first-response due time, by the week they were created. Breached: the first
 * response came after its due time, or there is none yet while the due time has passed.
 */
export async function sla(input: MetricInput): Promise<SlaRow[]> {
  const now = input.now ?? clock.now()
  const [codes, rows] = await Promise.all([
    marketCodes(input),
    ticketsCreated(input).then((rows) => rows.filter((r) => r.firstResponseDueAt !== null)),
  ])
  const byWeek = bucketed(rows, (r) => [isoWeek(r.createdAt), r.market, r.tier])
  // A ticket waiting for the customer has its SLA clock stopped where the wait began (sla.ts).
  const breached = (r: (typeof rows)[number]) =>
    r.firstResponseAt
      ? r.firstResponseAt > r.firstResponseDueAt!
      : r.firstResponseDueAt! < (r.slaPausedSince ?? now)
  return weeksBetween(input.from, input.to).flatMap((week) =>
    dimension(input.market, codes).flatMap((market) =>
      dimension(input.tier, tiers).map((tier) => {
        const group = byWeek(week, market, tier)
        const late = group.filter(breached).length
        return {
          week,
          market,
          tier,
          tickets: group.length,
          breached: late,
          breach_rate: ratio(late, group.length),
        }
      }),
    ),
  )
}

// csat

export type CsatRow = {
  month: string
  market: string
  tier: Tier | 'all'
  ratings: number
  satisfied: number
  csat: number | null
}

function ratingsIn(input: MetricInput) {
  return once(input, 'ratings', async () => {
    const rows = await input.db
      .select({
        ticketNumber: tickets.number,
        rating: ticketRatings.rating,
        comment: ticketRatings.comment,
        ratedAt: ticketRatings.createdAt,
        locale: tickets.locale,
        market: markets.code,
        tier: tickets.tier,
      })
      .from(ticketRatings)
      .innerJoin(tickets, eq(tickets.id, ticketRatings.ticketId))
      .innerJoin(accounts, eq(accounts.id, tickets.accountId))
      .innerJoin(markets, eq(markets.id, accounts.marketId))
      .where(
        and(gte(ticketRatings.createdAt, input.from), lt(ticketRatings.createdAt, endOfPeriod(input.to))),
      )
      .orderBy(desc(ticketRatings.createdAt), desc(tickets.number))
    return rows.filter((row) => matches(input, row))
  })
}

/** Ratings by the month they were given, per market and the ticket's tier; satisfied = 4 or 5 of 5. */
export async function csat(input: MetricInput): Promise<CsatRow[]> {
  const [codes, rows] = await Promise.all([marketCodes(input), ratingsIn(input)])
  const byMonth = bucketed(rows, (r) => [monthOf(r.ratedAt), r.market, r.tier])
  return monthsBetween(input.from, input.to).flatMap((month) =>
    dimension(input.market, codes).flatMap((market) =>
      dimension(input.tier, tiers).map((tier) => {
        const group = byMonth(month, market, tier)
        const satisfied = group.filter((r) => r.rating >= 4).length
        return { month, market, tier, ratings: group.length, satisfied, csat: ratio(satisfied, group.length) }
      }),
    ),
  )
}

/** CSAT by the ticket's language over the whole period, for the page. */
export async function csatByLanguage(input: MetricInput) {
  const rows = await ratingsIn(input)
  return [...countBy(rows, (r) => r.locale)]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([locale, group]) => {
      const satisfied = group.filter((r) => r.rating >= 4).length
      return {
        locale: locale as Locale,
        ratings: group.length,
        satisfied,
        csat: ratio(satisfied, group.length),
      }
    })
}

/** The latest ratings of 1 or 2 with a comment: what to read first. */
export async function lowRatedComments(input: MetricInput & { limit?: number }) {
  const rows = await ratingsIn(input)
  return rows
    .filter((r) => r.rating <= 2 && r.comment.trim() !== '')
    .slice(0, input.limit ?? 10)
    .map(({ ticketNumber, rating, comment, ratedAt, locale, market, tier }) => ({
      ticketNumber,
      rating,
      comment,
      ratedAt,
      locale,
      market,
      tier,
    }))
}

// deflection

export type DeflectionRow = {
  week: string
  market: string
  ticket_forms: number
  suggestions_opened: number
  deflected: number
  deflection_rate: number | null
}

const deflectionTypes = ['ticket_form', 'suggestion', 'deflection'] as const

/**
 * Customers' events by ISO week, per market of their account (tier: the account's of today):
 * new-ticket forms opened, suggested articles opened from the form, and forms left without
 * sending after opening a suggestion. deflection_rate = deflected / ticket_forms.
 */
export async function deflection(input: MetricInput): Promise<DeflectionRow[]> {
  // Counted in SQL by ISO week (SQLite's %G-W%V is the same ISO week as isoWeek), market and
  // the account's tier of today: a few hundred rows however many events there are.
  const week = sql<string>`strftime('%G-W%V', ${events.occurredAt} / 1000, 'unixepoch')`
  const tier = sql<Tier>`coalesce(${accounts.tierOverride}, ${accounts.derivedTier})`
  const [codes, rows] = await Promise.all([
    marketCodes(input),
    input.db
      .select({ week, market: markets.code, tier, type: events.type, count: sql<number>`count(*)` })
      .from(events)
      .innerJoin(accounts, eq(accounts.id, events.accountId))
      .innerJoin(markets, eq(markets.id, accounts.marketId))
      .where(
        and(
          inArray(events.type, [...deflectionTypes]),
          gte(events.occurredAt, input.from),
          lt(events.occurredAt, endOfPeriod(input.to)),
        ),
      )
      .groupBy(week, markets.code, tier, events.type),
  ])
  const counts = new Map<string, Record<(typeof deflectionTypes)[number], number>>()
  for (const row of rows) {
    if (!matches(input, row)) continue
    for (const market of [row.market, 'all']) {
      const key = `${row.week}\t${market}`
      let tally = counts.get(key)
      if (!tally) counts.set(key, (tally = { ticket_form: 0, suggestion: 0, deflection: 0 }))
      tally[row.type as (typeof deflectionTypes)[number]] += row.count
    }
  }
  return weeksBetween(input.from, input.to).flatMap((week) =>
    dimension(input.market, codes).map((market) => {
      const tally = counts.get(`${week}\t${market}`)
      const count = (type: (typeof deflectionTypes)[number]) => tally?.[type] ?? 0
      const forms = count('ticket_form')
      const deflected = count('deflection')
      return {
        week,
        market,
        ticket_forms: forms,
        suggestions_opened: count('suggestion'),
        deflected,
        deflection_rate: ratio(deflected, forms),
      }
    }),
  )
}

// content

export type ContentRow = {
  month: string
  locale: Locale
  article: string
  views: number | null
  helpful_yes: number | null
  helpful_no: number | null
  searches: number | null
  no_result_searches: number | null
}

const contentLocales = schema.locales

/** Article views of the period: which article, in which reading language, by which account. */
function articleViews(input: MetricInput) {
  // An async function, so the query runs once and its promise is what is kept.
  return once(input, 'views', async () =>
    input.db
      .select({ ref: events.ref, locale: events.locale, accountId: events.accountId, at: events.occurredAt })
      .from(events)
      .where(
        and(
          eq(events.type, 'article'),
          gte(events.occurredAt, input.from),
          lt(events.occurredAt, endOfPeriod(input.to)),
        ),
      ),
  )
}

/**
 * Per month and reading language: one row per article read or rated (article = its slug in
 * that language, or in its source language when it has none there) with views and helpful
 * yes/no, and one row `article=*` with the searches and the searches that found nothing (the
 * editors' gap list). Anonymous readers count only when no market or tier is chosen.
 */
export async function content(input: MetricInput): Promise<ContentRow[]> {
  const range = (
    column: typeof events.occurredAt | typeof searchLog.createdAt | typeof articleFeedback.createdAt,
  ) => and(gte(column, input.from), lt(column, endOfPeriod(input.to)))
  const [facts, views, feedback, searches, slugs] = await Promise.all([
    accountFacts(input),
    articleViews(input),
    input.db
      .select({
        articleId: articleFeedback.articleId,
        locale: articleFeedback.locale,
        market: articleFeedback.marketCode,
        tier: articleFeedback.tier,
        helpful: articleFeedback.helpful,
        at: articleFeedback.createdAt,
      })
      .from(articleFeedback)
      .where(range(articleFeedback.createdAt)),
    input.db
      .select({
        locale: searchLog.locale,
        resultCount: searchLog.resultCount,
        accountId: users.accountId,
        at: searchLog.createdAt,
      })
      .from(searchLog)
      .leftJoin(users, eq(users.id, searchLog.userId))
      .where(range(searchLog.createdAt)),
    articleSlugs(input),
  ])
  const unfiltered = input.market === 'all' && input.tier === 'all'
  const byAccount = (accountId: number | null) => {
    if (unfiltered) return true
    const fact = accountId === null ? undefined : facts.get(accountId)
    return !!fact && matches(input, fact)
  }
  /** Per month and language, per article id. */
  const counts = new Map<string, Map<number, { views: number; yes: number; no: number }>>()
  const tally = (month: string, locale: Locale, articleId: number) => {
    const key = `${month}\t${locale}`
    let articles = counts.get(key)
    if (!articles) counts.set(key, (articles = new Map()))
    let entry = articles.get(articleId)
    if (!entry) articles.set(articleId, (entry = { views: 0, yes: 0, no: 0 }))
    return entry
  }
  for (const view of views) {
    const articleId = Number(view.ref)
    if (!view.locale || !Number.isInteger(articleId) || !byAccount(view.accountId)) continue
    tally(monthOf(view.at), view.locale, articleId).views++
  }
  for (const answer of feedback) {
    if (
      !unfiltered &&
      !(answer.market && answer.tier && matches(input, { market: answer.market, tier: answer.tier }))
    )
      continue
    const entry = tally(monthOf(answer.at), answer.locale, answer.articleId)
    if (answer.helpful) entry.yes++
    else entry.no++
  }
  const searchesOf = countBy(
    searches.filter((s) => byAccount(s.accountId)),
    (s) => `${monthOf(s.at)}\t${s.locale}`,
  )
  const rows: ContentRow[] = []
  for (const month of monthsBetween(input.from, input.to)) {
    for (const locale of contentLocales) {
      const articles = [...(counts.get(`${month}\t${locale}`) ?? [])]
        .map(([articleId, entry]) => ({ slug: slugFor(slugs, articleId, locale), ...entry }))
        .sort((a, b) => b.views - a.views || a.slug.localeCompare(b.slug))
      for (const article of articles)
        rows.push({
          month,
          locale,
          article: article.slug,
          views: article.views,
          helpful_yes: article.yes,
          helpful_no: article.no,
          searches: null,
          no_result_searches: null,
        })
      const inMonth = searchesOf.get(`${month}\t${locale}`) ?? []
      rows.push({
        month,
        locale,
        article: '*',
        views: null,
        helpful_yes: null,
        helpful_no: null,
        searches: inMonth.length,
        no_result_searches: inMonth.filter((s) => s.resultCount === 0).length,
      })
    }
  }
  return rows
}

/** Every translation's slug and revisions, indexed by article and language. */
function articleSlugs(input: MetricInput) {
  return once(input, 'slugs', async () => {
    const rows = await input.db
      .select({
        articleId: schema.articleTranslations.articleId,
        locale: schema.articleTranslations.locale,
        slug: schema.articleTranslations.slug,
        status: schema.articleTranslations.status,
        revision: schema.articleTranslations.revision,
        sourceRevision: schema.articleTranslations.sourceRevision,
        sourceLocale: schema.articles.sourceLocale,
      })
      .from(schema.articleTranslations)
      .innerJoin(schema.articles, eq(schema.articles.id, schema.articleTranslations.articleId))
    const byLanguage = new Map(rows.map((r) => [`${r.articleId}\t${r.locale}`, r]))
    const source = new Map(rows.filter((r) => r.locale === r.sourceLocale).map((r) => [r.articleId, r]))
    return {
      translation: (articleId: number, locale: Locale) => byLanguage.get(`${articleId}\t${locale}`),
      source: (articleId: number) => source.get(articleId),
    }
  })
}

function slugFor(slugs: Awaited<ReturnType<typeof articleSlugs>>, articleId: number, locale: Locale) {
  return slugs.translation(articleId, locale)?.slug ?? slugs.source(articleId)?.slug ?? String(articleId)
}

/**
 * For the page: per reading language, how many article views landed where the article has no
 * published translation in that language (the reader saw the source text) or only a stale one.
 * Judged by the translations of today, not of the day of the view.
 */
export async function translationMisses(input: MetricInput) {
  const [facts, views, slugs] = await Promise.all([
    accountFacts(input),
    articleViews(input),
    articleSlugs(input),
  ])
  const unfiltered = input.market === 'all' && input.tier === 'all'
  return contentLocales.map((locale) => {
    let total = 0
    let untranslated = 0
    let stale = 0
    for (const view of views) {
      if (view.locale !== locale) continue
      const fact = view.accountId === null ? undefined : facts.get(view.accountId)
      if (!unfiltered && !(fact && matches(input, fact))) continue
      total++
      const articleId = Number(view.ref)
      const own = slugs.translation(articleId, locale)
      const source = slugs.source(articleId)
      if (!own || own.status !== 'published') untranslated++
      else if (source && own.locale !== source.locale && own.sourceRevision < source.revision) stale++
    }
    return { locale, views: total, untranslated, stale }
  })
}

// retention

export type RetentionAccountRow = {
  month: string
  account_id: number
  market: string
  currency: Currency
  start_arr_minor: number
  end_arr_minor: number
  usd_per_unit: number | null
}

/**
 * For each month of the period, every account with ARR > 0 twelve months before: its ARR then
 * and in `month` (0 when it has no snapshot: gone), in the account's currency, and the rate of
 * `month` (the latest one on or before it) that converts both ends.
 */
export async function retentionAccounts(input: MetricInput): Promise<RetentionAccountRow[]> {
  const months = monthsBetween(input.from, input.to)
  if (months.length === 0) return []
  const start = schema.arrSnapshots
  const end = alias(schema.arrSnapshots, 'end_snapshot')
  const [facts, pairs, rates] = await Promise.all([
    accountFacts(input),
    // Each account's ARR twelve months before a month of the period with its ARR in that month.
    input.db
      .select({
        accountId: start.accountId,
        startMonth: start.month,
        startArr: start.arrMinor,
        currency: start.currency,
        endArr: end.arrMinor,
      })
      .from(start)
      .leftJoin(
        end,
        and(
          eq(end.accountId, start.accountId),
          eq(end.month, sql`strftime('%Y-%m', ${start.month} || '-01', '+12 months')`),
        ),
      )
      .where(
        and(
          inArray(
            start.month,
            months.map((month) => addMonths(month, -12)),
          ),
          gt(start.arrMinor, 0),
        ),
      ),
    input.db
      .select()
      .from(schema.exchangeRates)
      .where(lte(schema.exchangeRates.month, months.at(-1)!))
      .orderBy(asc(schema.exchangeRates.month)),
  ])
  const rateCache = new Map<string, number | null>()
  const rateOf = (currency: Currency, month: string) => {
    const key = `${currency}\t${month}`
    if (!rateCache.has(key))
      rateCache.set(
        key,
        rates.findLast((r) => r.currency === currency && r.month <= month)?.usdPerUnit ?? null,
      )
    return rateCache.get(key)!
  }
  const byMonth = countBy(pairs, (p) => addMonths(p.startMonth, 12))
  return months.flatMap((month) =>
    (byMonth.get(month) ?? [])
      .flatMap((p) => {
        const fact = facts.get(p.accountId)
        if (!fact || !matches(input, fact)) return []
        return [
          {
            month,
            account_id: p.accountId,
            market: fact.market,
            currency: p.currency,
            start_arr_minor: p.startArr,
            end_arr_minor: p.endArr ?? 0,
            usd_per_unit: rateOf(p.currency, month),
          },
        ]
      })
      .sort((a, b) => a.market.localeCompare(b.market) || a.account_id - b.account_id),
  )
}

export type RetentionRow = {
  month: string
  market: string
  accounts: number
  start_arr_usd: number
  churned_usd: number
  contraction_usd: number
  expansion_usd: number
  grr: number | null
  nrr: number | null
}

/**
 * Trailing twelve months per market, from `retentionAccounts` (an account without a rate is
 * left out, so the detail shows why): churn = start ARR of accounts gone (end 0), contraction =
 * the drop of the others, expansion = their growth, all in USD at the month's rate, to the
 * cent. GRR = (start − churn − contraction) / start; NRR = (… + expansion) / start.
 */
export async function retention(input: MetricInput): Promise<RetentionRow[]> {
  const [codes, detail] = await Promise.all([marketCodes(input), retentionAccounts(input)])
  const byMonth = bucketed(
    detail.filter((d) => d.usd_per_unit !== null),
    (d) => [d.month, d.market],
  )
  return monthsBetween(input.from, input.to).flatMap((month) =>
    dimension(input.market, codes).map((market) => {
      let start = 0
      let churned = 0
      let contraction = 0
      let expansion = 0
      const group = byMonth(month, market)
      for (const d of group) {
        const usd = (minor: number) => (minor / 100) * d.usd_per_unit!
        start += usd(d.start_arr_minor)
        if (d.end_arr_minor === 0) churned += usd(d.start_arr_minor)
        else if (d.end_arr_minor < d.start_arr_minor) contraction += usd(d.start_arr_minor - d.end_arr_minor)
        else expansion += usd(d.end_arr_minor - d.start_arr_minor)
      }
      return {
        month,
        market,
        accounts: group.length,
        start_arr_usd: roundTo(start, 2),
        churned_usd: roundTo(churned, 2),
        contraction_usd: roundTo(contraction, 2),
        expansion_usd: roundTo(expansion, 2),
        grr: ratio(start - churned - contraction, start),
        nrr: ratio(start - churned - contraction + expansion, start),
      }
    }),
  )
}

// ttv-cohorts

export type TtvCohortRow = {
  cohort: string
  accounts: number
  reached: number
  censored: number
  median_days: number | null
  ci_low: number | null
  ci_high: number | null
}

/**
 * Time-to-value by start cohort (the month of T0) within the period: Kaplan–Meier over the
 * cohort's accounts, those not there yet censored at today; median and 95% log-log interval as
 * R's survfit reports them, empty where undefined. Accounts whose playbook has no value
 * milestone, and T0 later than today, cannot be measured and are left out.
 */
export async function ttvCohorts(input: MetricInput): Promise<TtvCohortRow[]> {
  const observations = await ttvObservations(input)
  return monthsBetween(input.from, input.to).map((cohort) => ({
    cohort,
    ...survivalSummary(observations.filter((o) => o.cohort === cohort).map((o) => o.observation)),
  }))
}

/** Time-to-value over every account that started in the period, per market and over all. */
export async function ttvByMarket(input: MetricInput) {
  const [codes, observations] = await Promise.all([marketCodes(input), ttvObservations(input)])
  return dimension(input.market, codes).map((market) => ({
    market,
    ...survivalSummary(observations.filter(inMarket(market)).map((o) => o.observation)),
  }))
}

function survivalSummary(observations: Observation[]) {
  if (observations.length === 0)
    return { accounts: 0, reached: 0, censored: 0, median_days: null, ci_low: null, ci_high: null }
  const curve = kaplanMeier(observations)
  const median = survfitMedian(curve)
  return {
    accounts: curve.subjects,
    reached: curve.events,
    censored: curve.censored,
    median_days: median.median,
    ci_low: median.lower,
    ci_high: median.upper,
  }
}

/** Each measurable account that started in the period: its cohort, market and TTV observation. */
function ttvObservations(input: MetricInput) {
  return once(input, 'ttv', () => loadTtvObservations(input))
}

async function loadTtvObservations(input: MetricInput) {
  const now = input.now ?? clock.now()
  const { db } = input
  const [rows, playbooks, items, progress] = await Promise.all([
    db
      .select({
        id: accounts.id,
        market: markets.code,
        marketId: accounts.marketId,
        derivedTier: accounts.derivedTier,
        tierOverride: accounts.tierOverride,
        checklistId: accounts.checklistId,
        t0: accounts.onboardingStartedAt,
      })
      .from(accounts)
      .innerJoin(markets, eq(markets.id, accounts.marketId))
      .where(
        and(
          gte(accounts.onboardingStartedAt, input.from),
          lt(accounts.onboardingStartedAt, endOfPeriod(input.to)),
          lte(accounts.onboardingStartedAt, now),
        ),
      ),
    db
      .select({
        id: schema.checklists.id,
        marketId: schema.checklists.marketId,
        tier: schema.checklists.tier,
      })
      .from(schema.checklists),
    db
      .select({
        checklistId: schema.checklistItems.checklistId,
        key: schema.checklistItems.key,
        required: schema.checklistItems.required,
        valueMilestone: schema.checklistItems.valueMilestone,
      })
      .from(schema.checklistItems),
    db
      .select({
        accountId: schema.accountItemProgress.accountId,
        itemKey: schema.accountItemProgress.itemKey,
        doneAt: schema.accountItemProgress.doneAt,
      })
      .from(schema.accountItemProgress)
      .innerJoin(accounts, eq(accounts.id, schema.accountItemProgress.accountId))
      .where(
        and(
          gte(accounts.onboardingStartedAt, input.from),
          lt(accounts.onboardingStartedAt, endOfPeriod(input.to)),
        ),
      ),
  ])
  const itemsOf = countBy(items, (i) => String(i.checklistId))
  const progressOf = countBy(progress, (p) => String(p.accountId))
  return rows.flatMap((account) => {
    const tier = effectiveTier(account)
    if (!matches(input, { market: account.market, tier })) return []
    const playbookId = choosePlaybook(account, playbooks)
    const playbookItems = playbookId ? (itemsOf.get(String(playbookId)) ?? []) : []
    const keys = new Set(playbookItems.map((i) => i.key))
    const completions = (progressOf.get(String(account.id)) ?? []).filter((c) => keys.has(c.itemKey))
    const observation = asSurvivalObservation(
      timeToValue({ t0: account.t0, items: playbookItems, completions, today: now }),
    )
    return observation ? [{ cohort: monthOf(account.t0!), market: account.market, observation }] : []
  })
}

// the CSV columns

/** How a column is written in the CSV: ratios with 4 places, dollars with 2, minutes with 1. */
type ColumnFormat = 'text' | 'integer' | 'ratio' | 'usd' | 'minutes' | 'rate' | 'days'

export const metricColumns: Record<Metric, Record<string, ColumnFormat>> = {
  'channel-share': { week: 'text', market: 'text', channel: 'text', tickets: 'integer', share: 'ratio' },
  'first-response': {
    week: 'text',
    market: 'text',
    tier: 'text',
    responded: 'integer',
    awaiting: 'integer',
    median_minutes: 'minutes',
    p90_minutes: 'minutes',
  },
  sla: {
    week: 'text',
    market: 'text',
    tier: 'text',
    tickets: 'integer',
    breached: 'integer',
    breach_rate: 'ratio',
  },
  csat: {
    month: 'text',
    market: 'text',
    tier: 'text',
    ratings: 'integer',
    satisfied: 'integer',
    csat: 'ratio',
  },
  deflection: {
    week: 'text',
    market: 'text',
    ticket_forms: 'integer',
    suggestions_opened: 'integer',
    deflected: 'integer',
    deflection_rate: 'ratio',
  },
  content: {
    month: 'text',
    locale: 'text',
    article: 'text',
    views: 'integer',
    helpful_yes: 'integer',
    helpful_no: 'integer',
    searches: 'integer',
    no_result_searches: 'integer',
  },
  'retention-accounts': {
    month: 'text',
    account_id: 'integer',
    market: 'text',
    currency: 'text',
    start_arr_minor: 'integer',
    end_arr_minor: 'integer',
    usd_per_unit: 'rate',
  },
  retention: {
    month: 'text',
    market: 'text',
    accounts: 'integer',
    start_arr_usd: 'usd',
    churned_usd: 'usd',
    contraction_usd: 'usd',
    expansion_usd: 'usd',
    grr: 'ratio',
    nrr: 'ratio',
  },
  'ttv-cohorts': {
    cohort: 'text',
    accounts: 'integer',
    reached: 'integer',
    censored: 'integer',
    median_days: 'days',
    ci_low: 'days',
    ci_high: 'days',
  },
}

const places: Partial<Record<ColumnFormat, number>> = { ratio: 4, usd: 2, minutes: 1 }

/** One CSV cell: empty when undefined, fixed decimals where the contract fixes them. */
export function csvCell(format: ColumnFormat, value: unknown): string | number | null {
  if (value === null || value === undefined) return null
  if (typeof value === 'number') {
    const fixed = places[format]
    return fixed === undefined ? value : value.toFixed(fixed)
  }
  return String(value)
}

export const metricRows: Record<Metric, (input: MetricInput) => Promise<object[]>> = {
  'channel-share': channelShare,
  'first-response': firstResponse,
  sla,
  csat,
  deflection,
  content,
  'retention-accounts': retentionAccounts,
  retention,
  'ttv-cohorts': ttvCohorts,
}

/** A metric as the CSV writes it: the contract's header and its rows, cell by cell. */
export async function metricTable(metric: Metric, input: MetricInput) {
  const columns = metricColumns[metric]
  const header = Object.keys(columns)
  const rows = (await metricRows[metric](input)) as Record<string, unknown>[]
  return { header, rows: rows.map((row) => header.map((name) => csvCell(columns[name]!, row[name]))) }
}
