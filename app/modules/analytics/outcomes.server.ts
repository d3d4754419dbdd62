import { and, asc, desc, eq, gt, gte, inArray, isNotNull, lt, lte, ne, sql, type SQL } from 'drizzle-orm'
import { alias } from 'drizzle-orm/sqlite-core'
import { tiers, type Currency, type Locale, type Tier } from '#db/schema/enums'
import * as schema from '#db/schema/index'
import type { Db } from '~/db-connection.server'
import { clock } from '~/modules/clock/clock'
import { kaplanMeier, survfitMedian, type Observation } from '~/modules/onboarding/kaplan-meier'
import { choosePlaybook } from '~/modules/onboarding/playbook-choice'
import { earlyPortalUsers } from '~/modules/onboarding/portal-use.server'
import { asSurvivalObservation, timeToValue } from '~/modules/onboarding/time-to-value'
import type { Metric, OutcomeFilters } from './analytics.schema'
import { addMonths, endOfPeriod, isoWeek, monthOf, monthsBetween, weeksBetween } from './periods'

/**
 * Every figure of the outcomes cockpit, one function per metric of docs/design.md's contract, each
 * returning rows with exactly the contract's columns. The page, its charts and the CSVs all
 * read these, so there is one definition of each figure. Decisions where the contract left
 * room are in docs/decisions/0008-outcomes-cockpit.md.
 *
 * SQLite does the counting: each query groups by bucket (week or month), market and tier and
 * returns a few hundred rows however many tickets or events there are; JavaScript only adds the
 * groups up into the `all` lines and fills the empty weeks. What several metrics read is read
 * once per request (`once`).
 */

export type MetricInput = OutcomeFilters & {
  db: Db
  /** The moment "still awaiting" and "due time passed" are judged at; injected by tests. */
  now?: Date
}

const { tickets, ticketRatings, accounts, markets, events, contentFeedback, searchLog, users } = schema

const dayMs = 24 * 3600 * 1000

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

/** An account's tier of today, in SQL as `effectiveTier` has it: the override, else the derived one. */
const accountTier = sql<Tier>`coalesce(${accounts.tierOverride}, ${accounts.derivedTier})`

/** The market and tier filters as a SQL condition (undefined: no condition). */
function inScope(input: MetricInput, tier: SQL<Tier> | typeof tickets.tier) {
  return and(
    input.market === 'all' ? undefined : eq(markets.code, input.market),
    input.tier === 'all' ? undefined : sql`${tier} = ${input.tier}`,
  )
}

type TimestampColumn =
  | typeof tickets.createdAt
  | typeof ticketRatings.createdAt
  | typeof events.occurredAt
  | typeof contentFeedback.createdAt
  | typeof searchLog.createdAt

/** [from, end of to) on a millisecond timestamp column. */
function inPeriod(input: MetricInput, column: TimestampColumn) {
  return sql`${column} >= ${input.from.getTime()} and ${column} < ${endOfPeriod(input.to).getTime()}`
}

/**
 * The ISO week of a millisecond timestamp column as a whole number of weeks since the Monday
 * before 1970-01-01 (a Thursday): integer arithmetic, several times cheaper in SQLite than
 * strftime('%G-W%V') over every row. `weekLabel` names it.
 */
const weekNumber = (column: TimestampColumn) => sql<number>`(${column} / ${dayMs} + 3) / 7`

const weekLabels = new Map<number, string>()
function weekLabel(weekNumber: number) {
  let label = weekLabels.get(weekNumber)
  if (!label) weekLabels.set(weekNumber, (label = isoWeek(new Date((weekNumber * 7 - 3) * dayMs))))
  return label
}

/** The `YYYY-MM` of a millisecond timestamp column, in UTC. */
const monthOfColumn = (column: TimestampColumn) =>
  sql<string>`strftime('%Y-%m', ${column} / 1000, 'unixepoch')`

/**
 * Sums of grouped counts, each group filed under its own market and `all` (and, when it has a
 * tier, its own tier and `all`): every line of a metric is then one lookup.
 */
function rollUp<K extends string>(
  groups: { bucket: string; market: string; tier?: string; counts: Record<K, number> }[],
  keys: readonly K[],
) {
  const sums = new Map<string, Record<K, number>>()
  const zero = () => Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>
  for (const group of groups)
    for (const market of [group.market, 'all'])
      for (const tier of group.tier === undefined ? [undefined] : [group.tier, 'all']) {
        const key = `${group.bucket}\t${market}\t${tier ?? ''}`
        let sum = sums.get(key)
        if (!sum) sums.set(key, (sum = zero()))
        for (const k of keys) sum[k] += group.counts[k]
      }
  return (bucket: string, market: string, tier?: string) =>
    sums.get(`${bucket}\t${market}\t${tier ?? ''}`) ?? zero()
}

// tickets: channel-share, first-response and sla

/**
 * Tickets created in the period, counted by ISO week, market, the ticket's tier (as it was when
 * opened), channel and whether routine (how-to): how many, how many answered (and how fast),
 * how many with a first-response due time and how many of those breached it. Read once for
 * three metrics.
 */
function ticketCounts(input: MetricInput) {
  return once(input, 'ticket-counts', async () => {
    const now = (input.now ?? clock.now()).getTime()
    const week = weekNumber(tickets.createdAt)
    const routine = sql<number>`${tickets.category} = 'how_to'`
    const rows = await input.db
      .select({
        week,
        market: markets.code,
        tier: tickets.tier,
        channel: tickets.channel,
        routine,
        tickets: sql<number>`count(*)`,
        responded: sql<number>`count(${tickets.firstResponseAt})`,
        withDue: sql<number>`count(${tickets.firstResponseDueAt})`,
        // Breached: answered after the due time, or unanswered with the due time past; a ticket
        // waiting for the customer is judged where its SLA clock stopped (docs/design.md, SLA rules).
        breached: sql<number>`coalesce(sum(${tickets.firstResponseAt} > ${tickets.firstResponseDueAt}
          or (${tickets.firstResponseAt} is null
            and ${tickets.firstResponseDueAt} < coalesce(${tickets.slaPausedSince}, ${now}))), 0)`,
        // Milliseconds from creation to the first answer of each answered ticket, as one text
        // list: a percentile needs every value, and a list per group crosses from SQLite far
        // cheaper than a row per ticket (null when none was answered).
        responseMs: sql<string | null>`group_concat(${tickets.firstResponseAt} - ${tickets.createdAt})`,
      })
      .from(tickets)
      .innerJoin(accounts, eq(accounts.id, tickets.accountId))
      .innerJoin(markets, eq(markets.id, accounts.marketId))
      .where(and(inPeriod(input, tickets.createdAt), inScope(input, tickets.tier)))
      .groupBy(week, markets.code, tickets.tier, tickets.channel, routine)
    return rows.map((r) => ({ ...r, week: weekLabel(r.week) }))
  })
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
  const [codes, counts] = await Promise.all([marketCodes(input), ticketCounts(input)])
  const routine = counts.filter((c) => c.routine)
  const byChannel = rollUp(
    routine.map((c) => ({
      bucket: `${c.week}\t${c.channel}`,
      market: c.market,
      counts: { tickets: c.tickets },
    })),
    ['tickets'],
  )
  const byWeek = rollUp(
    routine.map((c) => ({ bucket: c.week, market: c.market, counts: { tickets: c.tickets } })),
    ['tickets'],
  )
  return weeksBetween(input.from, input.to).flatMap((week) =>
    dimension(input.market, codes).flatMap((market) => {
      const total = byWeek(week, market).tickets
      return ticketChannels.map((channel) => {
        const count = byChannel(`${week}\t${channel}`, market).tickets
        return { week, market, channel, tickets: count, share: ratio(count, total) }
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

const ticketCountKeys = ['tickets', 'responded', 'withDue', 'breached'] as const

function ticketTotals(input: MetricInput) {
  return once(input, 'ticket-totals', async () =>
    rollUp(
      (await ticketCounts(input)).map((c) => ({ bucket: c.week, market: c.market, tier: c.tier, counts: c })),
      ticketCountKeys,
    ),
  )
}

/** The minutes to the first answer of the answered tickets of each week, market and tier, sorted. */
function responseTimes(input: MetricInput) {
  return once(input, 'response-times', async () => {
    const minutes = new Map<string, number[]>()
    for (const group of await ticketCounts(input)) {
      if (group.responseMs === null) continue
      const values = group.responseMs.split(',').map((ms) => Number(ms) / 60_000)
      for (const market of [group.market, 'all'])
        for (const tier of [group.tier, 'all']) {
          const key = `${group.week}\t${market}\t${tier}`
          const list = minutes.get(key)
          if (list) list.push(...values)
          else minutes.set(key, values.slice())
        }
    }
    for (const list of minutes.values()) list.sort((a, b) => a - b)
    return (week: string, market: string, tier: string) => minutes.get(`${week}\t${market}\t${tier}`) ?? []
  })
}

/**
 * Tickets by the week they were created: calendar minutes from creation to the first public
 * staff reply (the ticket's `firstResponseAt`, set by the first reply a customer sees), median
 * and p90 over the answered ones, to one decimal; tickets with no such reply yet are `awaiting`.
 */
export async function firstResponse(input: MetricInput): Promise<FirstResponseRow[]> {
  const [codes, totals, times] = await Promise.all([
    marketCodes(input),
    ticketTotals(input),
    responseTimes(input),
  ])
  return weeksBetween(input.from, input.to).flatMap((week) =>
    dimension(input.market, codes).flatMap((market) =>
      dimension(input.tier, tiers).map((tier) => {
        const counts = totals(week, market, tier)
        const minutes = times(week, market, tier)
        const median = percentile(minutes, 0.5)
        const p90 = percentile(minutes, 0.9)
        return {
          week,
          market,
          tier,
          responded: counts.responded,
          awaiting: counts.tickets - counts.responded,
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
  const [codes, totals] = await Promise.all([marketCodes(input), ticketTotals(input)])
  return weeksBetween(input.from, input.to).flatMap((week) =>
    dimension(input.market, codes).flatMap((market) =>
      dimension(input.tier, tiers).map((tier) => {
        const counts = totals(week, market, tier)
        return {
          week,
          market,
          tier,
          tickets: counts.withDue,
          breached: counts.breached,
          breach_rate: ratio(counts.breached, counts.withDue),
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

const ratingsOfPeriod = (input: MetricInput) =>
  and(inPeriod(input, ticketRatings.createdAt), inScope(input, tickets.tier))

/** Ratings of the period counted by month, market, the ticket's tier and its language. */
function ratingCounts(input: MetricInput) {
  return once(input, 'ratings', async () => {
    const month = monthOfColumn(ticketRatings.createdAt)
    return input.db
      .select({
        month,
        market: markets.code,
        tier: tickets.tier,
        locale: tickets.locale,
        ratings: sql<number>`count(*)`,
        satisfied: sql<number>`coalesce(sum(${ticketRatings.rating} >= 4), 0)`,
      })
      .from(ticketRatings)
      .innerJoin(tickets, eq(tickets.id, ticketRatings.ticketId))
      .innerJoin(accounts, eq(accounts.id, tickets.accountId))
      .innerJoin(markets, eq(markets.id, accounts.marketId))
      .where(ratingsOfPeriod(input))
      .groupBy(month, markets.code, tickets.tier, tickets.locale)
  })
}

/** Ratings by the month they were given, per market and the ticket's tier; satisfied = 4 or 5 of 5. */
export async function csat(input: MetricInput): Promise<CsatRow[]> {
  const [codes, counts] = await Promise.all([marketCodes(input), ratingCounts(input)])
  const totals = rollUp(
    counts.map((c) => ({ bucket: c.month, market: c.market, tier: c.tier, counts: c })),
    ['ratings', 'satisfied'],
  )
  return monthsBetween(input.from, input.to).flatMap((month) =>
    dimension(input.market, codes).flatMap((market) =>
      dimension(input.tier, tiers).map((tier) => {
        const { ratings, satisfied } = totals(month, market, tier)
        return { month, market, tier, ratings, satisfied, csat: ratio(satisfied, ratings) }
      }),
    ),
  )
}

/** CSAT by the ticket's language over the whole period, for the page. */
export async function csatByLanguage(input: MetricInput) {
  const byLocale = new Map<Locale, { ratings: number; satisfied: number }>()
  for (const c of await ratingCounts(input)) {
    const entry = byLocale.get(c.locale) ?? { ratings: 0, satisfied: 0 }
    entry.ratings += c.ratings
    entry.satisfied += c.satisfied
    byLocale.set(c.locale, entry)
  }
  return [...byLocale]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([locale, { ratings, satisfied }]) => ({
      locale,
      ratings,
      satisfied,
      csat: ratio(satisfied, ratings),
    }))
}

/** The latest ratings of 1 or 2 with a comment: what to read first. */
export async function lowRatedComments(input: MetricInput & { limit?: number }) {
  return input.db
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
      and(ratingsOfPeriod(input), lte(ticketRatings.rating, 2), ne(sql`trim(${ticketRatings.comment})`, '')),
    )
    .orderBy(desc(ticketRatings.createdAt), desc(tickets.number))
    .limit(input.limit ?? 10)
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
  const week = weekNumber(events.occurredAt)
  const [codes, rows] = await Promise.all([
    marketCodes(input),
    input.db
      .select({ week, market: markets.code, type: events.type, count: sql<number>`count(*)` })
      .from(events)
      .innerJoin(accounts, eq(accounts.id, events.accountId))
      .innerJoin(markets, eq(markets.id, accounts.marketId))
      .where(
        and(
          inArray(events.type, [...deflectionTypes]),
          inPeriod(input, events.occurredAt),
          inScope(input, accountTier),
        ),
      )
      .groupBy(week, markets.code, events.type),
  ])
  const totals = rollUp(
    rows.map((r) => ({
      bucket: weekLabel(r.week),
      market: r.market,
      counts: Object.fromEntries(
        deflectionTypes.map((type) => [type, type === r.type ? r.count : 0]),
      ) as Record<(typeof deflectionTypes)[number], number>,
    })),
    deflectionTypes,
  )
  return weeksBetween(input.from, input.to).flatMap((week) =>
    dimension(input.market, codes).map((market) => {
      const counts = totals(week, market)
      return {
        week,
        market,
        ticket_forms: counts.ticket_form,
        suggestions_opened: counts.suggestion,
        deflected: counts.deflection,
        deflection_rate: ratio(counts.deflection, counts.ticket_form),
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

/** Anonymous readers and searchers have no market or tier: they count only when none is chosen. */
const unfiltered = (input: MetricInput) => input.market === 'all' && input.tier === 'all'

/**
 * Article views of the period counted by month, reading language and article (the event's
 * ref), for the readers the filters pick (anonymous ones only when none is chosen).
 */
function articleViews(input: MetricInput) {
  return once(input, 'views', async () => {
    const month = monthOfColumn(events.occurredAt)
    const query = input.db
      .select({ month, locale: events.locale, ref: events.ref, views: sql<number>`count(*)` })
      .from(events)
      .leftJoin(accounts, eq(accounts.id, events.accountId))
      .leftJoin(markets, eq(markets.id, accounts.marketId))
      .where(
        and(
          eq(events.type, 'article'),
          inPeriod(input, events.occurredAt),
          unfiltered(input) ? undefined : and(isNotNull(events.accountId), inScope(input, accountTier)),
        ),
      )
      .groupBy(month, events.locale, events.ref)
    return (await query).flatMap((row) => {
      const articleId = Number(row.ref)
      return row.locale && Number.isInteger(articleId) ? [{ ...row, locale: row.locale, articleId }] : []
    })
  })
}

/**
 * Per month and reading language: one row per article read or rated (article = its slug in
 * that language, or in its source language when it has none there) with views and helpful
 * yes/no, and one row `article=*` with the searches and the searches that found nothing (the
 * editors' gap list). Anonymous readers count only when no market or tier is chosen.
 */
export async function content(input: MetricInput): Promise<ContentRow[]> {
  const feedbackMonth = monthOfColumn(contentFeedback.createdAt)
  const searchMonth = monthOfColumn(searchLog.createdAt)
  const [views, feedback, searches, slugs] = await Promise.all([
    articleViews(input),
    input.db
      .select({
        month: feedbackMonth,
        locale: contentFeedback.locale,
        articleId: contentFeedback.contentId,
        yes: sql<number>`coalesce(sum(${contentFeedback.helpful}), 0)`,
        no: sql<number>`coalesce(sum(not ${contentFeedback.helpful}), 0)`,
      })
      .from(contentFeedback)
      .where(
        and(
          // The content metric is about articles; videos' and courses' answers share the table.
          eq(contentFeedback.kind, 'article'),
          inPeriod(input, contentFeedback.createdAt),
          unfiltered(input)
            ? undefined
            : and(
                isNotNull(contentFeedback.marketCode),
                isNotNull(contentFeedback.tier),
                input.market === 'all' ? undefined : eq(contentFeedback.marketCode, input.market),
                input.tier === 'all' ? undefined : eq(contentFeedback.tier, input.tier),
              ),
        ),
      )
      .groupBy(feedbackMonth, contentFeedback.locale, contentFeedback.contentId),
    input.db
      .select({
        month: searchMonth,
        locale: searchLog.locale,
        searches: sql<number>`count(*)`,
        noResult: sql<number>`coalesce(sum(${searchLog.resultCount} = 0), 0)`,
      })
      .from(searchLog)
      .leftJoin(users, eq(users.id, searchLog.userId))
      .leftJoin(accounts, eq(accounts.id, users.accountId))
      .leftJoin(markets, eq(markets.id, accounts.marketId))
      .where(
        and(
          inPeriod(input, searchLog.createdAt),
          unfiltered(input) ? undefined : and(isNotNull(users.accountId), inScope(input, accountTier)),
        ),
      )
      .groupBy(searchMonth, searchLog.locale),
    articleSlugs(input),
  ])
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
  for (const view of views) tally(view.month, view.locale, view.articleId).views += view.views
  for (const answer of feedback) {
    const entry = tally(answer.month, answer.locale, answer.articleId)
    entry.yes += answer.yes
    entry.no += answer.no
  }
  const searchesOf = new Map(searches.map((s) => [`${s.month}\t${s.locale}`, s]))
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
      const inMonth = searchesOf.get(`${month}\t${locale}`)
      rows.push({
        month,
        locale,
        article: '*',
        views: null,
        helpful_yes: null,
        helpful_no: null,
        searches: inMonth?.searches ?? 0,
        no_result_searches: inMonth?.noResult ?? 0,
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
  const [views, slugs] = await Promise.all([articleViews(input), articleSlugs(input)])
  return contentLocales.map((locale) => {
    let total = 0
    let untranslated = 0
    let stale = 0
    for (const view of views) {
      if (view.locale !== locale) continue
      total += view.views
      const own = slugs.translation(view.articleId, locale)
      const source = slugs.source(view.articleId)
      if (!own || own.status !== 'published') untranslated += view.views
      else if (source && own.locale !== source.locale && own.sourceRevision < source.revision)
        stale += view.views
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

const startSnapshot = schema.arrSnapshots
const endSnapshot = alias(schema.arrSnapshots, 'end_snapshot')

/**
 * Each account with ARR > 0 twelve months before a month of the period, joined with its ARR in
 * that month (none: gone), for the accounts the filters pick.
 */
function retentionBase(input: MetricInput, months: string[]) {
  return and(
    inArray(
      startSnapshot.month,
      months.map((month) => addMonths(month, -12)),
    ),
    gt(startSnapshot.arrMinor, 0),
    inScope(input, accountTier),
  )
}
/** The same account's snapshot twelve months on: the same `YYYY-MM` a year later, in plain string arithmetic. */
const endOfYear = and(
  eq(endSnapshot.accountId, startSnapshot.accountId),
  eq(
    endSnapshot.month,
    sql`(cast(substr(${startSnapshot.month}, 1, 4) as integer) + 1) || substr(${startSnapshot.month}, 5)`,
  ),
)

/**
 * The months of the period whose ARR is recorded: up to the latest month with any snapshot. A
 * later month is not one that every account left, its snapshots are just not taken yet: it
 * has no accounts in the detail and empty GRR and NRR, never 100% churn.
 */
function recordedMonths(input: MetricInput) {
  return once(input, 'recorded-months', async () => {
    const months = monthsBetween(input.from, input.to)
    const [latest] = await input.db
      .select({ month: sql<string | null>`max(${startSnapshot.month})` })
      .from(startSnapshot)
    return months.filter((month) => latest?.month != null && month <= latest.month)
  })
}

/** The rate of a month of the period for each currency: the latest one on or before it (null: none yet). */
function periodRates(input: MetricInput) {
  return once(input, 'rates', async () => {
    const rates = await input.db
      .select()
      .from(schema.exchangeRates)
      .where(lte(schema.exchangeRates.month, monthOf(input.to)))
      .orderBy(asc(schema.exchangeRates.month))
    const cache = new Map<string, number | null>()
    return (currency: Currency, month: string) => {
      const key = `${currency}\t${month}`
      if (!cache.has(key))
        cache.set(key, rates.findLast((r) => r.currency === currency && r.month <= month)?.usdPerUnit ?? null)
      return cache.get(key)!
    }
  })
}

/**
 * For each month of the period, every account with ARR > 0 twelve months before: its ARR then
 * and in `month` (0 when it has no snapshot: gone), in the account's currency, and the rate of
 * `month` (the latest one on or before it) that converts both ends.
 */
export async function retentionAccounts(input: MetricInput): Promise<RetentionAccountRow[]> {
  const months = await recordedMonths(input)
  if (months.length === 0) return []
  const [pairs, rateOf] = await Promise.all([
    input.db
      .select({
        accountId: startSnapshot.accountId,
        market: markets.code,
        startMonth: startSnapshot.month,
        startArr: startSnapshot.arrMinor,
        currency: startSnapshot.currency,
        endArr: endSnapshot.arrMinor,
      })
      .from(startSnapshot)
      .innerJoin(accounts, eq(accounts.id, startSnapshot.accountId))
      .innerJoin(markets, eq(markets.id, accounts.marketId))
      .leftJoin(endSnapshot, endOfYear)
      .where(retentionBase(input, months))
      .orderBy(asc(startSnapshot.month), asc(markets.code), asc(startSnapshot.accountId)),
    periodRates(input),
  ])
  return pairs.map((p) => {
    const month = addMonths(p.startMonth, 12)
    return {
      month,
      account_id: p.accountId,
      market: p.market,
      currency: p.currency,
      start_arr_minor: p.startArr,
      end_arr_minor: p.endArr ?? 0,
      usd_per_unit: rateOf(p.currency, month),
    }
  })
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
 * Trailing twelve months per market, over the accounts of `retentionAccounts` summed in SQL by
 * month, market and currency (an account without a rate is left out, so the detail shows
 * why): churn = start ARR of accounts gone (end 0), contraction = the drop of the others,
 * expansion = their growth, all in USD at the month's rate (one rate per currency and month,
 * so converting the sums is converting each account), to the cent.
 * GRR = (start − churn − contraction) / start; NRR = (… + expansion) / start.
 */
export async function retention(input: MetricInput): Promise<RetentionRow[]> {
  const months = monthsBetween(input.from, input.to)
  const recorded = await recordedMonths(input)
  const endArr = sql<number>`coalesce(${endSnapshot.arrMinor}, 0)`
  const startArr = startSnapshot.arrMinor
  const [codes, sums, rateOf] = await Promise.all([
    marketCodes(input),
    input.db
      .select({
        startMonth: startSnapshot.month,
        market: markets.code,
        currency: startSnapshot.currency,
        accounts: sql<number>`count(*)`,
        start: sql<number>`sum(${startArr})`,
        churned: sql<number>`sum(case when ${endArr} = 0 then ${startArr} else 0 end)`,
        contraction: sql<number>`sum(case when ${endArr} > 0 and ${endArr} < ${startArr} then ${startArr} - ${endArr} else 0 end)`,
        expansion: sql<number>`sum(case when ${endArr} >= ${startArr} then ${endArr} - ${startArr} else 0 end)`,
      })
      .from(startSnapshot)
      .innerJoin(accounts, eq(accounts.id, startSnapshot.accountId))
      .innerJoin(markets, eq(markets.id, accounts.marketId))
      .leftJoin(endSnapshot, endOfYear)
      .where(retentionBase(input, recorded))
      .groupBy(startSnapshot.month, markets.code, startSnapshot.currency),
    periodRates(input),
  ])
  const keys = ['accounts', 'start', 'churned', 'contraction', 'expansion'] as const
  const totals = rollUp(
    sums.flatMap((s) => {
      const month = addMonths(s.startMonth, 12)
      const rate = rateOf(s.currency, month)
      if (rate === null) return []
      const usd = (minor: number) => (minor / 100) * rate
      return [
        {
          bucket: month,
          market: s.market,
          counts: {
            accounts: s.accounts,
            start: usd(s.start),
            churned: usd(s.churned),
            contraction: usd(s.contraction),
            expansion: usd(s.expansion),
          },
        },
      ]
    }),
    keys,
  )
  return months.flatMap((month) =>
    dimension(input.market, codes).map((market) => {
      const { accounts: count, start, churned, contraction, expansion } = totals(month, market)
      return {
        month,
        market,
        accounts: count,
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
    ...survivalSummary(
      observations.filter((o) => market === 'all' || o.market === market).map((o) => o.observation),
    ),
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
  const startedInPeriod = and(
    gte(accounts.onboardingStartedAt, input.from),
    lt(accounts.onboardingStartedAt, endOfPeriod(input.to)),
  )
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
      .where(and(startedInPeriod, lte(accounts.onboardingStartedAt, now), inScope(input, accountTier))),
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
    // Only completions of items that are a value milestone in some playbook: the rest cannot
    // change time-to-value, and they are most of the rows.
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
          startedInPeriod,
          inArray(
            schema.accountItemProgress.itemKey,
            db
              .select({ key: schema.checklistItems.key })
              .from(schema.checklistItems)
              .where(eq(schema.checklistItems.valueMilestone, true)),
          ),
        ),
      ),
  ])
  const itemsOf = groupBy(items, (i) => i.checklistId)
  const progressOf = groupBy(progress, (p) => p.accountId)
  return rows.flatMap((account) => {
    const playbookId = choosePlaybook(account, playbooks)
    const playbookItems = playbookId ? (itemsOf.get(playbookId) ?? []) : []
    const keys = new Set(playbookItems.map((i) => i.key))
    const completions = (progressOf.get(account.id) ?? []).filter((c) => keys.has(c.itemKey))
    const observation = asSurvivalObservation(
      timeToValue({ t0: account.t0, items: playbookItems, completions, today: now }),
    )
    return observation
      ? [
          {
            accountId: account.id,
            cohort: monthOf(account.t0!),
            market: account.market,
            tier: account.tierOverride ?? account.derivedTier,
            observation,
          },
        ]
      : []
  })
}

// ttv-landmark

/**
 * The landmark of the portal comparison: whole days after T0. Fixed rather than read from the
 * targets' portal-user window, so a CSV loaded into a BI tool always means the same comparison.
 */
export const landmarkDay = 14

export const portalGroups = ['users', 'non_users'] as const
export type PortalGroup = (typeof portalGroups)[number]

export type TtvLandmarkRow = {
  tier: Tier | 'all'
  group: PortalGroup
  accounts: number
  reached: number
  censored: number
  median_days: number | null
  ci_low: number | null
  ci_high: number | null
}

/**
 * Portal users against non-users without the circle: classifying by portal use over the whole
 * onboarding would favour accounts that stay longer (they have more days to use the portal in),
 * and ticking the value milestone would itself count as use. So, at day `landmarkDay`, only the
 * accounts still onboarding (value not reached before that day, followed at least that long)
 * are compared, grouped by self-service use before that day only. Medians are Kaplan–Meier,
 * counted from T0 as every other TTV (every time here is ≥ the landmark, so this is the landmark
 * plus the median from it). Per tier too, because high-touch accounts differ in both.
 */
export async function ttvLandmark(input: MetricInput): Promise<TtvLandmarkRow[]> {
  const [observations, users] = await Promise.all([ttvObservations(input), landmarkPortalUsers(input)])
  const onboardingAtLandmark = observations.filter((o) => o.observation.time >= landmarkDay)
  return dimension(input.tier, tiers).flatMap((tier) =>
    portalGroups.map((group) => ({
      tier,
      group,
      ...survivalSummary(
        onboardingAtLandmark
          .filter(
            (o) => (tier === 'all' || o.tier === tier) && users.has(o.accountId) === (group === 'users'),
          )
          .map((o) => o.observation),
      ),
    })),
  )
}

/** Accounts that started in the period and used self-service before the landmark day. */
function landmarkPortalUsers(input: MetricInput) {
  return earlyPortalUsers(input.db, {
    windowDays: landmarkDay,
    // The events' own time bounds let the (type, time, account) index skip the rest of history.
    where: and(
      gte(accounts.onboardingStartedAt, input.from),
      lt(accounts.onboardingStartedAt, endOfPeriod(input.to)),
      gte(events.occurredAt, input.from),
      lt(events.occurredAt, new Date(endOfPeriod(input.to).getTime() + landmarkDay * dayMs)),
    ),
  })
}

function groupBy<T, K>(rows: T[], key: (row: T) => K) {
  const groups = new Map<K, T[]>()
  for (const row of rows) {
    const k = key(row)
    const list = groups.get(k)
    if (list) list.push(row)
    else groups.set(k, [row])
  }
  return groups
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
  'ttv-landmark': {
    tier: 'text',
    group: 'text',
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
  'ttv-landmark': ttvLandmark,
}

/** A metric as the CSV writes it: the contract's header and its rows, cell by cell. */
export async function metricTable(metric: Metric, input: MetricInput) {
  const columns = metricColumns[metric]
  const header = Object.keys(columns)
  const rows = (await metricRows[metric](input)) as Record<string, unknown>[]
  return { header, rows: rows.map((row) => header.map((name) => csvCell(columns[name]!, row[name]))) }
}
