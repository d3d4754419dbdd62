import type Database from 'better-sqlite3'
import type { Tier } from '#db/schema/enums'
import { choosePlaybook } from '~/modules/onboarding/playbook-choice'
import {
  durationOutcome,
  onboardingDuration,
  timeToValue,
  valueOutcome,
  type Outcome,
} from '~/modules/onboarding/time-to-value'

/** What the tracker shows of an account's onboarding, besides its name and people. */
export type OnboardingFigures = {
  playbookId: number | null
  total: number
  done: number
  timeToValue: Outcome
  duration: Outcome
}

type AccountRow = {
  id: number
  t0: number | null
  marketId: number
  derivedTier: Tier
  tierOverride: Tier | null
  checklistId: number | null
}
type ItemRow = { checklistId: number; key: string; required: number; valueMilestone: number }
type ProgressRow = { accountId: number; itemKey: string; doneAt: number }
type StoredRow = {
  accountId: number
  playbookId: number | null
  items: number
  done: number
  milestones: number
  valueAt: number | null
  required: number
  requiredDone: number
  lastRequiredAt: number | null
}

const date = (ms: number | null) => (ms === null ? null : new Date(ms))

/**
 * Every account's onboarding figures twice, read in one snapshot of the database: worked out
 * from the raw rows (accounts, playbooks, their items, progress) by the written definitions
 * (docs/design.md: choosePlaybook, timeToValue, onboardingDuration), and from the facts the
 * table `account_onboarding` stores, which the tracker reads. The two maps must be equal.
 */
export function onboardingFigures(sqlite: Database.Database, today: Date) {
  return sqlite.transaction(() => {
    const accounts = sqlite
      .prepare(
        `select id, onboarding_started_at as t0, market_id as marketId, derived_tier as derivedTier,
           tier_override as tierOverride, checklist_id as checklistId from accounts`,
      )
      .all() as AccountRow[]
    const playbooks = sqlite.prepare('select id, market_id as marketId, tier from checklists').all() as {
      id: number
      marketId: number | null
      tier: Tier | null
    }[]
    const items = sqlite
      .prepare(
        `select checklist_id as checklistId, key, required, value_milestone as valueMilestone
         from checklist_items`,
      )
      .all() as ItemRow[]
    const progress = sqlite
      .prepare(
        'select account_id as accountId, item_key as itemKey, done_at as doneAt from account_item_progress',
      )
      .all() as ProgressRow[]
    const stored = sqlite
      .prepare(
        `select account_id as accountId, playbook_id as playbookId, items, done, milestones,
           value_at as valueAt, required, required_done as requiredDone, last_required_at as lastRequiredAt
         from account_onboarding`,
      )
      .all() as StoredRow[]

    const itemsOf = new Map<number, ItemRow[]>()
    for (const item of items) itemsOf.set(item.checklistId, [...(itemsOf.get(item.checklistId) ?? []), item])
    const progressOf = new Map<number, ProgressRow[]>()
    for (const row of progress) progressOf.set(row.accountId, [...(progressOf.get(row.accountId) ?? []), row])

    const byDefinition = new Map<number, OnboardingFigures>()
    for (const account of accounts) {
      const playbookId = choosePlaybook(account, playbooks)
      const playbookItems = (playbookId === null ? [] : (itemsOf.get(playbookId) ?? [])).map((i) => ({
        key: i.key,
        required: i.required === 1,
        valueMilestone: i.valueMilestone === 1,
      }))
      const completions = (progressOf.get(account.id) ?? []).map((p) => ({
        itemKey: p.itemKey,
        doneAt: new Date(p.doneAt),
      }))
      const input = { t0: date(account.t0), items: playbookItems, completions, today }
      byDefinition.set(account.id, {
        playbookId,
        total: playbookItems.length,
        done: completions.filter((c) => playbookItems.some((i) => i.key === c.itemKey)).length,
        timeToValue: timeToValue(input),
        duration: onboardingDuration(input),
      })
    }

    const t0Of = new Map(accounts.map((a) => [a.id, date(a.t0)]))
    const fromStore = new Map<number, OnboardingFigures>()
    for (const row of stored) {
      const t0 = t0Of.get(row.accountId) ?? null
      fromStore.set(row.accountId, {
        playbookId: row.playbookId,
        total: row.items,
        done: row.done,
        timeToValue: valueOutcome({
          t0,
          milestones: row.milestones,
          firstMilestoneAt: date(row.valueAt),
          today,
        }),
        duration: durationOutcome({
          t0,
          required: row.required,
          requiredDone: row.requiredDone,
          lastRequiredAt: date(row.lastRequiredAt),
          today,
        }),
      })
    }
    return { byDefinition, stored: fromStore }
  })()
}
