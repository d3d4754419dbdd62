import { eq } from 'drizzle-orm'
import { appMeta, portalLaunchMonthKey } from '#db/schema/meta'
import type { Db } from '~/db-connection.server'
import { getOutcomeTargets, listMarkets } from '~/modules/accounts/markets.server'
import { clock } from '~/modules/clock/clock'
import { parseAnalyticsFilters, type OutcomeFilters } from './analytics.schema'
import {
  channelShare,
  content,
  csat,
  csatByLanguage,
  deflection,
  firstResponse,
  lowRatedComments,
  portalPassedNinety,
  retention,
  sla,
  translationMisses,
  ttvByMarket,
  ttvCohorts,
  ttvLandmark,
  type ChannelShareRow,
  type CsatRow,
  type RetentionRow,
  type SlaRow,
} from './outcomes.server'

/** The filters of a request, checked against the markets that exist. */
export async function cockpitFilters(request: Request, today = clock.now()) {
  const markets = await listMarkets()
  const parsed = parseAnalyticsFilters(new URL(request.url).searchParams, {
    marketCodes: markets.map((m) => m.code),
    today,
  })
  return { markets: markets.map((m) => ({ code: m.code, name: m.name })), parsed }
}

const topArticlesPerLocale = 5

/**
 * What the page shows for a set of filters: for each metric the slice the filters pick (the
 * chosen market or `all`, the chosen tier or `all`), in the same rows as the CSVs.
 */
export async function loadCockpit(db: Db, filters: OutcomeFilters) {
  const input = { db, ...filters }
  const [
    channels,
    responses,
    breaches,
    ratings,
    languages,
    comments,
    deflections,
    reads,
    misses,
    kept,
    cohorts,
    landmark,
    ttv,
    targets,
    launchMonth,
  ] = await Promise.all([
    channelShare(input),
    firstResponse(input),
    sla(input),
    csat(input),
    csatByLanguage(input),
    lowRatedComments(input),
    deflection(input),
    content(input),
    translationMisses(input),
    retention(input),
    ttvCohorts(input),
    ttvLandmark(input),
    ttvByMarket(input),
    getOutcomeTargets(),
    portalLaunchMonth(db),
  ])
  const selectedMarket = <T extends { market: string }>(rows: T[]) =>
    rows.filter((r) => r.market === filters.market)
  const selectedTier = <T extends { tier: string }>(rows: T[]) => rows.filter((r) => r.tier === filters.tier)
  return {
    summary: summaryByMarket({ filters, channels, breaches, ratings, kept, ttv, targets }),
    channelShare: {
      rows: selectedMarket(channels),
      passedNinety: portalPassedNinety(channels),
    },
    firstResponse: selectedTier(selectedMarket(responses)),
    sla: selectedMarket(breaches).filter((r) => filters.tier === 'all' || r.tier === filters.tier),
    csat: { rows: selectedTier(selectedMarket(ratings)), languages, comments },
    deflection: selectedMarket(deflections),
    content: contentByLocale(reads, misses),
    retention: kept,
    ttvCohorts: { rows: cohorts, launchMonth },
    ttvLandmark: landmark,
  }
}

/**
 * The month (`YYYY-MM`) the portal opened to customers, which the TTV-by-cohort chart marks: a
 * fact about this installation kept in `app_meta` (the demo seed writes its own), none when unset.
 */
export async function portalLaunchMonth(db: Db) {
  const row = await db
    .select({ value: appMeta.value })
    .from(appMeta)
    .where(eq(appMeta.key, portalLaunchMonthKey))
    .get()
  return row && /^\d{4}-(0[1-9]|1[0-2])$/.test(row.value) ? row.value : null
}

export type Cockpit = Awaited<ReturnType<typeof loadCockpit>>

/** The period's content figures per reading language: the most-read articles and the searches. */
function contentByLocale(
  rows: Awaited<ReturnType<typeof content>>,
  misses: Awaited<ReturnType<typeof translationMisses>>,
) {
  return misses.map((miss) => {
    const articles = new Map<string, { views: number; yes: number; no: number }>()
    let searches = 0
    let noResult = 0
    for (const row of rows) {
      if (row.locale !== miss.locale) continue
      if (row.article === '*') {
        searches += row.searches ?? 0
        noResult += row.no_result_searches ?? 0
        continue
      }
      const entry = articles.get(row.article) ?? { views: 0, yes: 0, no: 0 }
      entry.views += row.views ?? 0
      entry.yes += row.helpful_yes ?? 0
      entry.no += row.helpful_no ?? 0
      articles.set(row.article, entry)
    }
    const top = [...articles]
      .map(([slug, entry]) => ({ slug, ...entry }))
      .sort((a, b) => b.views - a.views || a.slug.localeCompare(b.slug))
      .slice(0, topArticlesPerLocale)
    return { ...miss, searches, noResult, top }
  })
}

export type SummaryOutcome = 'portalShare' | 'medianTtv' | 'csat' | 'breachRate' | 'nrr'

type Verdict = 'meets' | 'misses' | 'noTarget' | 'noData'

/** An outcome's value over the period, its global target (null: none yet) and the verdict. */
export type OutcomeVerdict = { value: number | null; target: number | null; verdict: Verdict }

/**
 * The line per market at the top: each outcome over the period against its global target
 * (`outcome_targets`; the portal goal is 100%). CSAT and breach rate have no global target
 * yet, which the page says rather than inventing one.
 */
function summaryByMarket(input: {
  filters: OutcomeFilters
  channels: ChannelShareRow[]
  breaches: SlaRow[]
  ratings: CsatRow[]
  kept: RetentionRow[]
  ttv: Awaited<ReturnType<typeof ttvByMarket>>
  targets: Awaited<ReturnType<typeof getOutcomeTargets>>
}) {
  const { filters, targets } = input
  const share = (part: number, whole: number) => (whole === 0 ? null : part / whole)
  const verdict = (value: number | null, target: number | null, higherIsBetter: boolean): Verdict => {
    if (value === null) return 'noData'
    if (target === null) return 'noTarget'
    return (higherIsBetter ? value >= target : value <= target) ? 'meets' : 'misses'
  }
  return input.ttv.map(
    ({ market, median_days }): { market: string } & Record<SummaryOutcome, OutcomeVerdict> => {
      const routine = input.channels.filter((r) => r.market === market)
      const portal = share(
        routine.filter((r) => r.channel === 'portal').reduce((sum, r) => sum + r.tickets, 0),
        routine.reduce((sum, r) => sum + r.tickets, 0),
      )
      const sla = input.breaches.filter((r) => r.market === market && r.tier === filters.tier)
      const breachRate = share(
        sla.reduce((sum, r) => sum + r.breached, 0),
        sla.reduce((sum, r) => sum + r.tickets, 0),
      )
      const rated = input.ratings.filter((r) => r.market === market && r.tier === filters.tier)
      const csat = share(
        rated.reduce((sum, r) => sum + r.satisfied, 0),
        rated.reduce((sum, r) => sum + r.ratings, 0),
      )
      const nrr = input.kept.filter((r) => r.market === market && r.nrr !== null).at(-1)?.nrr ?? null
      return {
        market,
        portalShare: { value: portal, target: 1, verdict: verdict(portal, 1, true) },
        medianTtv: {
          value: median_days,
          target: targets.timeToValueDays,
          verdict: verdict(median_days, targets.timeToValueDays, false),
        },
        csat: { value: csat, target: null, verdict: verdict(csat, null, true) },
        breachRate: { value: breachRate, target: null, verdict: verdict(breachRate, null, false) },
        nrr: {
          value: nrr,
          target: targets.netRetentionPercent / 100,
          verdict: verdict(nrr, targets.netRetentionPercent / 100, true),
        },
      }
    },
  )
}
