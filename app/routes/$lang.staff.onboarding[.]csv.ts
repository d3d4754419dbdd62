import type { LoaderFunctionArgs } from '@remix-run/node'
import { requireStaff } from '~/modules/auth/guards.server'
import { csvResponse, toCsv } from '~/modules/http/csv'
import { serverT } from '~/modules/i18n/i18n.server'
import type { Locale } from '~/modules/i18n/locales'
import { localeParam } from '~/modules/i18n/params'
import { trackerFiltersSchema, type TrackerFilters } from '~/modules/onboarding/tracker.schema'
import {
  listTrackerPage,
  type OnboardingStatus,
  type TrackerCurves,
} from '~/modules/onboarding/tracker.server'

/**
 * `/:lang/staff/onboarding.csv?dataset=accounts|curves&<the overview's filters>`: the
 * overview's table or its curves, with headers in the staff member's language.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const locale = localeParam(params)
  await requireStaff(request, locale)
  const url = new URL(request.url)
  const filters = trackerFiltersSchema.parse(Object.fromEntries(url.searchParams))
  // The whole list in the page's order, not one page of it.
  const { rows, aggregates } = await listTrackerPage({ filters: { ...filters, page: 1 }, pageSize: null })
  return url.searchParams.get('dataset') === 'curves'
    ? curvesCsv(locale, filters, aggregates.curves)
    : accountsCsv(locale, rows)
}

/** CSV headers and group names are built from keys at run time, past the typed-key check. */
function untypedT(locale: Locale) {
  const t = serverT(locale) as unknown as (key: string, options?: Record<string, unknown>) => string
  return (key: string, options?: Record<string, unknown>) => t(`onboarding:${key}`, options)
}

/** Markets keep their codes in the file; tiers and portal use get their names. */
function groupName(locale: Locale, grouping: TrackerFilters['groupBy'], key: string) {
  if (grouping === 'market') return key
  const t = serverT(locale) as unknown as (key: string) => string
  return grouping === 'tier' ? t(`common:tier.${key}`) : t(`onboarding:tracker.group.portal.${key}`)
}

function accountsCsv(locale: Locale, rows: OnboardingStatus[]) {
  const t = untypedT(locale)
  const header = [
    'account',
    'market',
    'tier',
    'locale',
    'csm',
    't0',
    'day',
    'ttv_days',
    'ttv_reached',
    'onboarding_days',
    'onboarding_complete',
    'items_done',
    'items_total',
    'portal_user',
    'open_tasks',
    'overdue_tasks',
  ].map((key) => t(`tracker.csv.${key}`))
  const body = rows.map((r) => [
    r.name,
    r.marketCode,
    r.tier,
    r.locale,
    r.owner,
    r.t0 ? r.t0.toISOString().slice(0, 10) : null,
    r.day,
    r.timeToValue.kind === 'unmeasured' ? null : r.timeToValue.days,
    r.timeToValue.kind === 'reached' ? 1 : 0,
    r.duration.kind === 'unmeasured' ? null : r.duration.days,
    r.duration.kind === 'reached' ? 1 : 0,
    r.done,
    r.total,
    r.portalUser ? 1 : 0,
    r.tasks.open,
    r.tasks.overdue,
  ])
  return csvResponse(`${t('tracker.csvName')}.csv`, toCsv(header, body))
}

function curvesCsv(locale: Locale, filters: TrackerFilters, curves: TrackerCurves) {
  const t = untypedT(locale)
  const header = [
    'outcome',
    'group',
    'day',
    'reached_share',
    'at_risk',
    'accounts',
    'reached',
    'censored',
    'median',
    'median_lower',
    'median_upper',
  ].map((key) => t(`tracker.csv.${key}`))
  const body = (['timeToValue', 'duration'] as const).flatMap((outcome) =>
    curves[outcome].groups.flatMap((group) =>
      group.table.map((row) => [
        t(`tracker.outcome.${outcome}`),
        groupName(locale, filters.groupBy, group.key),
        row.day,
        Math.round(row.reachedShare * 1000) / 1000,
        row.atRisk,
        group.subjects,
        group.reached,
        group.censored,
        group.median.median,
        group.median.lower,
        group.median.upper,
      ]),
    ),
  )
  return csvResponse(`${t('tracker.csvCurvesName')}.csv`, toCsv(header, body))
}
