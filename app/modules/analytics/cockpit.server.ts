import type { Db } from '~/db-connection.server'
import { listMarkets } from '~/modules/accounts/markets.server'
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
  ttvCohorts,
} from './outcomes.server'

/** The filters of a request, checked against the markets that exist. */
export async function cockpitFilters(request: Request, today = new Date()) {
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
  ])
  const selectedMarket = <T extends { market: string }>(rows: T[]) =>
    rows.filter((r) => r.market === filters.market)
  const selectedTier = <T extends { tier: string }>(rows: T[]) => rows.filter((r) => r.tier === filters.tier)
  return {
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
    ttvCohorts: cohorts,
  }
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
