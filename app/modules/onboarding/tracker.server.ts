import { and, eq, ne, sql } from 'drizzle-orm'
import type { Tier } from '#db/schema/enums'
import { db, schema } from '~/db.server'
import { getOutcomeTargets } from '~/modules/accounts/markets.server'
import { effectiveTier } from '~/modules/accounts/tier'
import { clock } from '~/modules/clock/clock'
import {
  atDay,
  censoringTimes,
  kaplanMeier,
  reachedShare,
  survfitMedian,
  type Observation,
} from './kaplan-meier'
import { choosePlaybook } from './playbooks.server'
import { earlyPortalUsers } from './portal-use.server'
import {
  asSurvivalObservation,
  onboardingDay,
  onboardingDuration,
  timeToValue,
  type Completion,
  type Outcome,
  type PlaybookItemFacts,
} from './time-to-value'
import type { TrackerFilters, TrackerGrouping } from './tracker.schema'

const { accounts, markets, users, checklists, checklistItems, accountItemProgress, tasks } = schema

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

/**
 * Every account's onboarding status, measured the same way as for one account: the input of
 * the staff overview, its curves and its CSV. A few queries for all accounts, not one each.
 */
export async function listOnboardingStatuses({ today = clock.now() }: { today?: Date } = {}) {
  const targets = await getOutcomeTargets()
  const [rows, playbooks, items, progress, portalUsers, taskCounts] = await Promise.all([
    db
      .select({
        id: accounts.id,
        name: accounts.name,
        marketId: accounts.marketId,
        marketCode: markets.code,
        locale: accounts.locale,
        derivedTier: accounts.derivedTier,
        tierOverride: accounts.tierOverride,
        checklistId: accounts.checklistId,
        t0: accounts.onboardingStartedAt,
        ownerId: accounts.ownerId,
        ownerName: users.name,
      })
      .from(accounts)
      .innerJoin(markets, eq(markets.id, accounts.marketId))
      .leftJoin(users, eq(users.id, accounts.ownerId)),
    db.select({ id: checklists.id, marketId: checklists.marketId, tier: checklists.tier }).from(checklists),
    db
      .select({
        checklistId: checklistItems.checklistId,
        key: checklistItems.key,
        required: checklistItems.required,
        valueMilestone: checklistItems.valueMilestone,
      })
      .from(checklistItems),
    db
      .select({
        accountId: accountItemProgress.accountId,
        itemKey: accountItemProgress.itemKey,
        doneAt: accountItemProgress.doneAt,
      })
      .from(accountItemProgress),
    portalUserAccounts(targets.portalUserWindowDays),
    openTaskCounts(today),
  ])
  const itemsByPlaybook = groupBy(items, (i) => i.checklistId)
  const progressByAccount = groupBy(progress, (p) => p.accountId)
  return rows.map((account) => {
    const playbookId = choosePlaybook(account, playbooks)
    const playbookItems: PlaybookItemFacts[] = playbookId ? (itemsByPlaybook.get(playbookId) ?? []) : []
    const keys = new Set(playbookItems.map((i) => i.key))
    const completions: Completion[] = (progressByAccount.get(account.id) ?? []).filter((c) =>
      keys.has(c.itemKey),
    )
    const facts = { t0: account.t0, items: playbookItems, completions, today }
    return {
      id: account.id,
      name: account.name,
      marketCode: account.marketCode,
      locale: account.locale,
      tier: effectiveTier(account) as Tier,
      owner: account.ownerName,
      ownerId: account.ownerId,
      t0: account.t0,
      day: account.t0 ? onboardingDay(account.t0, today) : null,
      done: completions.length,
      total: playbookItems.length,
      timeToValue: timeToValue(facts),
      duration: onboardingDuration(facts),
      portalUser: portalUsers.has(account.id),
      tasks: taskCounts.get(account.id) ?? { open: 0, overdue: 0 },
    }
  })
}

export type OnboardingStatus = Awaited<ReturnType<typeof listOnboardingStatuses>>[number]

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

export function filterStatuses(rows: OnboardingStatus[], filters: TrackerFilters) {
  return rows.filter(
    (r) =>
      (!filters.market || r.marketCode === filters.market) &&
      (!filters.tier || r.tier === filters.tier) &&
      (!filters.locale || r.locale === filters.locale) &&
      (!filters.csm || r.ownerId === filters.csm) &&
      (!filters.start || (r.t0 !== null && r.t0.toISOString().slice(0, 7) === filters.start)) &&
      (!filters.state || r.timeToValue.kind === filters.state),
  )
}

const outcomeDays = (o: Outcome) => (o.kind === 'unmeasured' ? Number.POSITIVE_INFINITY : o.days)

export function sortStatuses(rows: OnboardingStatus[], filters: Pick<TrackerFilters, 'sort' | 'dir'>) {
  const value: Record<TrackerFilters['sort'], (r: OnboardingStatus) => number | string> = {
    name: (r) => r.name.toLocaleLowerCase(),
    start: (r) => r.t0?.getTime() ?? 0,
    // Reached accounts first by their TTV, then the ones still waiting by how long they have waited.
    ttv: (r) =>
      r.timeToValue.kind === 'reached' ? r.timeToValue.days : 100_000 + outcomeDays(r.timeToValue),
    completion: (r) => (r.total ? r.done / r.total : -1),
    day: (r) => r.day ?? -1,
  }
  const get = value[filters.sort]
  const sign = filters.dir === 'asc' ? 1 : -1
  return [...rows].sort((a, b) => {
    const x = get(a)
    const y = get(b)
    return (x < y ? -1 : x > y ? 1 : 0) * sign || a.id - b.id
  })
}

/** The days at which the data tables under the charts read the curves. */
export const tableDays = [7, 14, 30, 60, 90, 180] as const

/** One Kaplan–Meier curve per group, for time-to-value and for onboarding completion. */
export function survivalByGroup(
  rows: OnboardingStatus[],
  grouping: TrackerGrouping,
  outcome: 'timeToValue' | 'duration',
) {
  const groupOf: Record<TrackerGrouping, (r: OnboardingStatus) => string> = {
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
    groups.set(key, [...(groups.get(key) ?? []), observation])
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
 * The overview's data for a set of filters: the rows in order and both outcomes' curves. The
 * state filter (reached, pending…) narrows the table only: curves drawn over the accounts that
 * already reached value would be the "average over finished accounts" docs/design.md forbids.
 */
export async function loadTracker(filters: TrackerFilters) {
  const all = await listOnboardingStatuses()
  const rows = sortStatuses(filterStatuses(all, filters), filters)
  const measured = filterStatuses(all, { ...filters, state: '' })
  const curves = {
    timeToValue: survivalByGroup(measured, filters.groupBy, 'timeToValue'),
    duration: survivalByGroup(measured, filters.groupBy, 'duration'),
  }
  return { all, rows, curves }
}

export type TrackerCurves = Awaited<ReturnType<typeof loadTracker>>['curves']
