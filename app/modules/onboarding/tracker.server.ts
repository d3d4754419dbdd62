import { and, eq, inArray, ne, sql, type SQL } from 'drizzle-orm'
import type { Locale, Tier } from '#db/schema/enums'
import { db, schema } from '~/db.server'
import { getOutcomeTargets } from '~/modules/accounts/markets.server'
import { clock } from '~/modules/clock/clock'
import {
  atDay,
  censoringTimes,
  kaplanMeier,
  reachedShare,
  survfitMedian,
  type Observation,
} from './kaplan-meier'
import { earlyPortalUsers } from './portal-use.server'
import {
  asSurvivalObservation,
  durationOutcome,
  onboardingDay,
  valueOutcome,
  type Outcome,
} from './time-to-value'
import { versionedCache } from './tracker-cache.server'
import { trackerPageSize, type TrackerFilters, type TrackerGrouping } from './tracker.schema'

const { accounts, tasks } = schema
const dayMs = 24 * 3600 * 1000

/** Accounts whose own people used self-service within `windowDays` of their T0. */
function portalUserAccounts(windowDays: number, accountId?: number) {
  return earlyPortalUsers(db, {
    windowDays,
    where: accountId === undefined ? undefined : eq(accounts.id, accountId),
  })
}

/** The tracker's facts about one account that its onboarding page does not hold. */
export async function getAccountTrackerFacts({
  accountId,
  today = clock.now(),
}: {
  accountId: number
  today?: Date
}) {
  const targets = await getOutcomeTargets()
  const [portal, taskCounts] = await Promise.all([
    portalUserAccounts(targets.portalUserWindowDays, accountId),
    openTaskCounts(today, accountId),
  ])
  return { portalUser: portal.has(accountId), tasks: taskCounts.get(accountId) ?? { open: 0, overdue: 0 } }
}

async function openTaskCounts(today: Date, accountId?: number) {
  const todayIso = today.toISOString().slice(0, 10)
  const rows = await db
    .select({
      accountId: tasks.accountId,
      open: sql<number>`count(*)`,
      overdue: sql<number>`sum(case when ${tasks.dueOn} < ${todayIso} then 1 else 0 end)`,
    })
    .from(tasks)
    .where(
      and(ne(tasks.status, 'done'), accountId === undefined ? undefined : eq(tasks.accountId, accountId)),
    )
    .groupBy(tasks.accountId)
  return new Map(rows.map((r) => [r.accountId, { open: r.open, overdue: r.overdue ?? 0 }]))
}

async function openTaskCountsOf(today: Date, accountIds: number[]) {
  if (accountIds.length === 0) return new Map<number, { open: number; overdue: number }>()
  const todayIso = today.toISOString().slice(0, 10)
  const rows = await db
    .select({
      accountId: tasks.accountId,
      open: sql<number>`count(*)`,
      overdue: sql<number>`sum(case when ${tasks.dueOn} < ${todayIso} then 1 else 0 end)`,
    })
    .from(tasks)
    .where(and(ne(tasks.status, 'done'), inArray(tasks.accountId, accountIds)))
    .groupBy(tasks.accountId)
  return new Map(rows.map((r) => [r.accountId, { open: r.open, overdue: r.overdue ?? 0 }]))
}

/** One account's onboarding facts as the tracker's SQL reads them: nothing in them depends on "today". */
type FactRow = {
  id: number
  name: string
  market_code: string
  locale: Locale
  tier: Tier
  owner_id: number | null
  owner_name: string | null
  t0: number | null
  total: number
  done: number
  milestones: number
  value_at: number | null
  required: number
  required_done: number
  last_required_at: number | null
}

/** The accounts the filters other than the state keep (alias `a` for accounts, `m` for markets). */
function scopeWhere(filters: TrackerFilters): SQL {
  const conditions: SQL[] = [sql`1`]
  if (filters.market) conditions.push(sql`m.code = ${filters.market}`)
  if (filters.tier) conditions.push(sql`coalesce(a.tier_override, a.derived_tier) = ${filters.tier}`)
  if (filters.locale) conditions.push(sql`a.locale = ${filters.locale}`)
  if (filters.csm) conditions.push(sql`a.owner_id = ${filters.csm}`)
  if (filters.start) {
    // The month of T0 in UTC, as a range so the comparison stays on the column.
    const [year, month] = filters.start.split('-').map(Number) as [number, number]
    conditions.push(
      sql`a.onboarding_started_at >= ${Date.UTC(year, month - 1, 1)} and a.onboarding_started_at < ${Date.UTC(year, month, 1)}`,
    )
  }
  return sql.join(conditions, sql` and `)
}

/**
 * The SQL twin of `valueOutcome` and `durationOutcome` (time-to-value.ts) for sorting and the
 * state filter; tests/integration/tracker-figures.test.ts holds the page to the JS definitions.
 * Integer division truncates toward zero and `max(0, …)` makes it the whole days of onboardingDay.
 */
const valueKindSql = sql`case when t0 is null or milestones = 0 then 'unmeasured' when value_at is null then 'pending' else 'reached' end`

function sortKey(sort: TrackerFilters['sort'], today: Date): SQL {
  if (sort === 'name') return sql`lower(name)`
  if (sort === 'start') return sql`coalesce(t0, 0)`
  if (sort === 'day')
    return sql`case when t0 is null then -1 else max(0, (${today.getTime()} - t0) / ${dayMs}) end`
  // Reached accounts first by their TTV, then the ones still waiting by how long they have waited.
  if (sort === 'ttv')
    return sql`case ${valueKindSql} when 'reached' then max(0, (value_at - t0) / ${dayMs}) when 'pending' then 100000 + max(0, (${today.getTime()} - t0) / ${dayMs}) else 1e18 end`
  return sql`case when total > 0 then cast(done as real) / total else -1 end`
}

/**
 * Each account the filters keep with its onboarding facts as `account_onboarding` stores them
 * (kept by SQLite triggers from the account, its playbook, the playbook's items and its
 * progress: migration 0017). Every sort reads the same rows, so ordering ten thousand accounts
 * by time-to-value costs a scan of one narrow table, not a join of every item and step.
 */
function factsSql(where: SQL) {
  return sql`with facts as (
    select a.id, a.name, m.code as market_code, a.locale, coalesce(a.tier_override, a.derived_tier) as tier,
      a.owner_id, u.name as owner_name, a.onboarding_started_at as t0,
      f.items as total, f.done, f.milestones, f.value_at, f.required, f.required_done, f.last_required_at
    from accounts a
    join markets m on m.id = a.market_id
    join account_onboarding f on f.account_id = a.id
    left join users u on u.id = a.owner_id
    where ${where}
  )`
}

const date = (ms: number | null) => (ms === null ? null : new Date(ms))

/** The columns the outcomes rest on, and the only ones the aggregates read besides the groups. */
type OutcomeFacts = Pick<
  FactRow,
  't0' | 'milestones' | 'value_at' | 'required' | 'required_done' | 'last_required_at'
>

function outcomesOf(row: OutcomeFacts, today: Date) {
  const t0 = date(row.t0)
  return {
    timeToValue: valueOutcome({
      t0,
      milestones: row.milestones,
      firstMilestoneAt: date(row.value_at),
      today,
    }),
    duration: durationOutcome({
      t0,
      required: row.required,
      requiredDone: row.required_done,
      lastRequiredAt: date(row.last_required_at),
      today,
    }),
  }
}

/** Accounts whose people used self-service early, for every account: one events query per data version. */
const portalUsersCache = versionedCache<Set<number>>(1)
async function portalUserSet(today: Date) {
  return portalUsersCache('all', today, async () => {
    const targets = await getOutcomeTargets()
    const ids = await portalUserAccounts(targets.portalUserWindowDays)
    return { value: new Set([...ids].filter((id): id is number => id !== null)) }
  })
}

/** The window of time around `today` in which no pending account changes day (so neither do the curves). */
function sameDaysWindow(rows: OutcomeFacts[], today: Date) {
  let from = Number.NEGATIVE_INFINITY
  let until = Number.POSITIVE_INFINITY
  const now = today.getTime()
  for (const row of rows) {
    if (row.t0 === null) continue
    const day = onboardingDay(new Date(row.t0), today)
    const start = day === 0 ? Number.NEGATIVE_INFINITY : row.t0 + day * dayMs
    from = Math.max(from, start)
    until = Math.min(until, row.t0 + (day + 1) * dayMs)
  }
  return { from: Math.min(from, now), until }
}

export type OnboardingStatus = Awaited<ReturnType<typeof listTrackerPage>>['rows'][number]

/** The days at which the data tables under the charts read the curves. */
export const tableDays = [7, 14, 30, 60, 90, 180] as const

type Subject = {
  portalUser: boolean
  tier: Tier
  marketCode: string
  timeToValue: Outcome
  duration: Outcome
}

/** One Kaplan–Meier curve per group, for time-to-value and for onboarding completion. */
export function survivalByGroup(
  rows: Subject[],
  grouping: TrackerGrouping,
  outcome: 'timeToValue' | 'duration',
) {
  const groupOf: Record<TrackerGrouping, (r: Subject) => string> = {
    portal: (r) => (r.portalUser ? 'users' : 'nonUsers'),
    tier: (r) => r.tier,
    market: (r) => r.marketCode,
  }
  const groups = new Map<string, Observation[]>()
  let unmeasured = 0
  for (const row of rows) {
    const observation = asSurvivalObservation(row[outcome])
    if (!observation) {
      unmeasured++
      continue
    }
    const key = groupOf[grouping](row)
    const list = groups.get(key)
    if (list) list.push(observation)
    else groups.set(key, [observation])
  }
  const order =
    grouping === 'portal'
      ? ['users', 'nonUsers']
      : grouping === 'tier'
        ? ['high', 'mid', 'tech']
        : [...groups.keys()].sort()
  return {
    unmeasured,
    groups: order
      .filter((key) => groups.has(key))
      .map((key) => {
        const curve = kaplanMeier(groups.get(key)!)
        const share = reachedShare(curve)
        return {
          key,
          subjects: curve.subjects,
          reached: curve.events,
          censored: curve.censored,
          // As R's survfit reports it (docs/design.md): the midpoint of a flat stretch at 0.5.
          median: survfitMedian(curve),
          points: share,
          censoredTimes: censoringTimes(curve),
          // Read off the step function as R's summary(fit, times = t) does (kaplan-meier.ts).
          table: tableDays.map((day) => {
            const { survival, atRisk } = atDay(curve, day)
            return { day, reachedShare: 1 - survival, atRisk }
          }),
        }
      }),
  }
}

/**
 * The tracker's aggregates for a set of filters: both outcomes' curves, the number of accounts in
 * each time-to-value state and the choices of the CSM and start-month filters. The state filter
 * (reached, pending…) narrows the table only: curves drawn over the accounts that already reached
 * value would be the "average over finished accounts" docs/design.md forbids. Cached until the
 * data changes or a censored account moves to its next day (versionedCache).
 */
const aggregatesCache = versionedCache<Awaited<ReturnType<typeof computeAggregates>>['value']>(64)

async function computeAggregates(filters: TrackerFilters, today: Date) {
  const [rows, portalUsers] = await Promise.all([
    // Ten thousand rows: the names and owners the curves do not use would double the time.
    db.all<OutcomeFacts & Pick<FactRow, 'id' | 'tier' | 'market_code'>>(
      sql`${factsSql(scopeWhere(filters))}
          select id, tier, market_code, t0, milestones, value_at, required, required_done, last_required_at from facts`,
    ),
    portalUserSet(today),
  ])
  const subjects = rows.map((row) => ({
    portalUser: portalUsers.has(row.id),
    tier: row.tier,
    marketCode: row.market_code,
    ...outcomesOf(row, today),
  }))
  const states = { reached: 0, pending: 0, unmeasured: 0 }
  for (const s of subjects) states[s.timeToValue.kind]++
  return {
    value: {
      accounts: rows.length,
      states,
      curves: {
        timeToValue: survivalByGroup(subjects, filters.groupBy, 'timeToValue'),
        duration: survivalByGroup(subjects, filters.groupBy, 'duration'),
      },
    },
    ...sameDaysWindow(rows, today),
  }
}

export async function trackerAggregates(filters: TrackerFilters, today = clock.now()) {
  const { market, tier, locale, csm, start, groupBy } = filters
  return aggregatesCache(JSON.stringify([market, tier, locale, csm, start, groupBy]), today, () =>
    computeAggregates(filters, today),
  )
}

/** The CSM and start-month choices of the filters: every account's, whatever is filtered. */
const choicesCache = versionedCache<{ csms: { id: number; name: string }[]; months: string[] }>(1)
export async function trackerFilterChoices(today = clock.now()) {
  return choicesCache('all', today, async () => {
    const [csms, months] = await Promise.all([
      db.all<{ id: number; name: string }>(
        sql`select distinct u.id, u.name from accounts a join users u on u.id = a.owner_id order by u.name, u.id`,
      ),
      db.all<{ month: string }>(
        sql`select distinct strftime('%Y-%m', onboarding_started_at / 1000, 'unixepoch') as month
            from accounts where onboarding_started_at is not null order by month desc`,
      ),
    ])
    return { value: { csms, months: months.map((m) => m.month) } }
  })
}

/**
 * One page of the tracker's table, filtered and sorted in SQL. A page past the last shows the
 * first, as does a page number that is not one (tracker.schema.ts).
 */
export async function listTrackerPage({
  filters,
  today = clock.now(),
  pageSize = trackerPageSize,
}: {
  filters: TrackerFilters
  today?: Date
  pageSize?: number | null
}) {
  const aggregates = await trackerAggregates(filters, today)
  const total = filters.state ? aggregates.states[filters.state] : aggregates.accounts
  const lastPage = pageSize ? Math.max(1, Math.ceil(total / pageSize)) : 1
  const page = filters.page > lastPage ? 1 : filters.page
  const dir = filters.dir === 'asc' ? sql`asc` : sql`desc`
  const limit = pageSize ? sql`limit ${pageSize} offset ${(page - 1) * pageSize}` : sql``
  const rows = db.all<FactRow>(
    sql`${factsSql(scopeWhere(filters))} select * from facts
        ${filters.state ? sql`where ${valueKindSql} = ${filters.state}` : sql``}
        order by ${sortKey(filters.sort, today)} ${dir}, id asc ${limit}`,
  )
  const [portalUsers, taskCounts] = await Promise.all([
    portalUserSet(today),
    openTaskCountsOf(
      today,
      rows.map((r) => r.id),
    ),
  ])
  return {
    page,
    total,
    aggregates,
    rows: rows.map((row) => ({
      id: row.id,
      name: row.name,
      marketCode: row.market_code,
      locale: row.locale,
      tier: row.tier,
      owner: row.owner_name,
      ownerId: row.owner_id,
      t0: date(row.t0),
      day: row.t0 === null ? null : onboardingDay(new Date(row.t0), today),
      done: row.done,
      total: row.total,
      ...outcomesOf(row, today),
      portalUser: portalUsers.has(row.id),
      tasks: taskCounts.get(row.id) ?? { open: 0, overdue: 0 },
    })),
  }
}

export type TrackerCurves = Awaited<ReturnType<typeof trackerAggregates>>['curves']
