// @vitest-environment node
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { and, eq } from 'drizzle-orm'
import { migrate } from 'drizzle-orm/better-sqlite3/migrator'
import { describe, expect, it } from 'vitest'
import type { Tier } from '#db/schema/enums'
import * as schema from '#db/schema/index'
import { createDb, type Db } from '~/db-connection.server'
import { migrationsFolder } from '../scripts/db-migrate'
import { onboardingFigures } from '../tests/setup/onboarding-figures'

/*
 * The table `account_onboarding` (migration 0017) holds each account's onboarding facts so the
 * tracker can sort by them. Whatever is written, by whichever connection, its rows must stay the
 * figures the written definitions give from the raw rows: checked after every kind of write to
 * the rows they rest on, and after the migration fills it in a database that already had data.
 */

const today = new Date('2026-11-20T12:00:00Z')
const dayMs = 24 * 3600 * 1000
const daysAfter = (t0: Date, days: number) => new Date(t0.getTime() + days * dayMs)

/** A new database file with the migrations up to (not including) `before`, or all of them. */
function freshDatabase(before?: string) {
  const dir = mkdtempSync(join(tmpdir(), 'hub-account-onboarding-'))
  let folder = migrationsFolder
  if (before) {
    folder = join(dir, 'migrations')
    cpSync(migrationsFolder, folder, { recursive: true })
    const journalFile = join(folder, 'meta', '_journal.json')
    const journal = JSON.parse(readFileSync(journalFile, 'utf8')) as { entries: { tag: string }[] }
    const cut = journal.entries.findIndex((e) => e.tag.startsWith(before))
    expect(cut).toBeGreaterThan(0)
    journal.entries = journal.entries.slice(0, cut)
    writeFileSync(journalFile, JSON.stringify(journal))
  }
  const connection = createDb(join(dir, 'hub.db'))
  migrate(connection.db, { migrationsFolder: folder })
  return connection
}

let sequence = 0
const next = (prefix: string) => `${prefix}-${++sequence}`

function addMarket(db: Db) {
  const code = next('M')
  return db
    .insert(schema.markets)
    .values({
      code,
      name: code,
      defaultLocale: 'en',
      currency: 'USD',
      highTouchMinArr: 5_000_000,
      midTouchMinArr: 1_000_000,
      channels: ['email'],
      timezone: 'UTC',
      supportOpens: '09:00',
      supportCloses: '17:00',
      supportDays: [1, 2, 3, 4, 5],
    })
    .returning()
    .get()
}

type Step = { key: string; required?: boolean; milestone?: boolean }

function addPlaybook(db: Db, scope: { marketId?: number; tier?: Tier }, steps: Step[]) {
  const playbook = db
    .insert(schema.checklists)
    .values({
      key: next('playbook'),
      marketId: scope.marketId ?? null,
      tier: scope.tier ?? null,
      sourceLocale: 'en',
    })
    .returning()
    .get()
  steps.forEach((step, position) => addStep(db, playbook.id, step, position))
  return playbook
}

function addStep(db: Db, checklistId: number, step: Step, position = 100) {
  return db
    .insert(schema.checklistItems)
    .values({
      checklistId,
      key: step.key,
      position,
      required: step.required ?? true,
      valueMilestone: step.milestone ?? false,
    })
    .returning()
    .get()
}

function addAccount(
  db: Db,
  input: { marketId: number; tier: Tier; t0?: Date | null; checklistId?: number | null },
) {
  return db
    .insert(schema.accounts)
    .values({
      name: next('Account'),
      externalId: next('ext'),
      marketId: input.marketId,
      locale: 'en',
      arrMinor: 0,
      currency: 'USD',
      derivedTier: input.tier,
      onboardingStartedAt: input.t0 === undefined ? new Date('2026-10-01T08:00:00Z') : input.t0,
      checklistId: input.checklistId ?? null,
    })
    .returning()
    .get()
}

function tick(db: Db, accountId: number, itemKey: string, doneAt: Date) {
  db.insert(schema.accountItemProgress).values({ accountId, itemKey, doneAt, source: 'person' }).run()
}

const progressOf = (accountId: number, itemKey: string) =>
  and(eq(schema.accountItemProgress.accountId, accountId), eq(schema.accountItemProgress.itemKey, itemKey))

const steps: Step[] = [
  { key: 'create-app' },
  { key: 'install-sdk' },
  { key: 'first-event', milestone: true },
  { key: 'invite-team', required: false },
]

/**
 * Two markets, playbooks of every scope (any, a tier, a market, a market and tier) and
 * accounts that follow each, one with a playbook staff chose, one that has not started, with
 * some steps done.
 */
function world(db: Db) {
  const home = addMarket(db)
  const away = addMarket(db)
  const anyone = addPlaybook(db, {}, steps.slice(0, 2))
  const tech = addPlaybook(db, { tier: 'tech' }, steps)
  const homeOnly = addPlaybook(db, { marketId: home.id }, [...steps, { key: 'local-step', milestone: true }])
  const homeHigh = addPlaybook(db, { marketId: home.id, tier: 'high' }, steps.slice(1))
  const t0 = new Date('2026-10-01T08:00:00Z')
  const accounts = {
    techHome: addAccount(db, { marketId: home.id, tier: 'tech', t0 }),
    highHome: addAccount(db, { marketId: home.id, tier: 'high', t0 }),
    midHome: addAccount(db, { marketId: home.id, tier: 'mid', t0 }),
    midAway: addAccount(db, { marketId: away.id, tier: 'mid', t0 }),
    chosen: addAccount(db, { marketId: away.id, tier: 'tech', t0, checklistId: homeHigh.id }),
    notStarted: addAccount(db, { marketId: home.id, tier: 'tech', t0: null }),
  }
  tick(db, accounts.techHome.id, 'create-app', daysAfter(t0, 1))
  tick(db, accounts.techHome.id, 'first-event', daysAfter(t0, 9.5))
  tick(db, accounts.highHome.id, 'install-sdk', daysAfter(t0, 2))
  tick(db, accounts.midHome.id, 'local-step', daysAfter(t0, -1))
  tick(db, accounts.midAway.id, 'create-app', daysAfter(t0, 3))
  tick(db, accounts.midAway.id, 'install-sdk', daysAfter(t0, 4))
  tick(db, accounts.chosen.id, 'first-event', daysAfter(t0, 20))
  tick(db, accounts.notStarted.id, 'create-app', daysAfter(t0, 1))
  return { home, away, t0, playbooks: { anyone, tech, homeOnly, homeHigh }, accounts }
}

function expectStoredByDefinition(connection: ReturnType<typeof createDb>, after: string) {
  const { byDefinition, stored } = onboardingFigures(connection.sqlite, today)
  expect(stored, after).toEqual(byDefinition)
}

describe('the stored onboarding facts of every account', () => {
  it('are filled in by the migration for the accounts already there', () => {
    const connection = freshDatabase('0017_')
    const { accounts } = world(connection.db)
    migrate(connection.db, { migrationsFolder })

    const { byDefinition, stored } = onboardingFigures(connection.sqlite, today)
    expect(stored.size).toBe(Object.keys(accounts).length)
    expect(stored).toEqual(byDefinition)
    // The figures the definitions give, spelled out for two accounts.
    expect(stored.get(accounts.techHome.id)).toMatchObject({
      total: 4,
      done: 2,
      timeToValue: { kind: 'reached', days: 9 },
      duration: { kind: 'pending', days: 50 },
    })
    expect(stored.get(accounts.notStarted.id)?.timeToValue).toEqual({
      kind: 'unmeasured',
      reason: 'not-started',
    })
    connection.sqlite.close()
  })

  it('follow every write to the accounts, their playbooks, the items and the progress', () => {
    const connection = freshDatabase()
    const { db } = connection
    const { away, t0, playbooks, accounts } = world(db)
    const { techHome, highHome, midHome, midAway, chosen } = accounts
    expectStoredByDefinition(connection, 'the accounts added')
    expect(onboardingFigures(connection.sqlite, today).stored.get(techHome.id)?.timeToValue).toMatchObject({
      kind: 'reached',
      days: 9,
    })

    let empty: { id: number } | undefined
    const writes: [string, () => void][] = [
      ['a milestone reached', () => tick(db, highHome.id, 'first-event', daysAfter(t0, 6))],
      [
        'a completion moved earlier',
        () =>
          db
            .update(schema.accountItemProgress)
            .set({ doneAt: daysAfter(t0, 3) })
            .where(progressOf(techHome.id, 'first-event'))
            .run(),
      ],
      [
        'a milestone undone',
        () => db.delete(schema.accountItemProgress).where(progressOf(highHome.id, 'first-event')).run(),
      ],
      ['every required step done', () => tick(db, highHome.id, 'first-event', daysAfter(t0, 8))],
      ['an account added', () => addAccount(db, { marketId: away.id, tier: 'high' })],
      [
        'a tier overridden',
        () =>
          db
            .update(schema.accounts)
            .set({ tierOverride: 'high', tierOverrideReason: 'test' })
            .where(eq(schema.accounts.id, techHome.id))
            .run(),
      ],
      [
        'an account moved to another market',
        () =>
          db
            .update(schema.accounts)
            .set({ marketId: away.id })
            .where(eq(schema.accounts.id, midHome.id))
            .run(),
      ],
      [
        'a playbook chosen by staff',
        () =>
          db
            .update(schema.accounts)
            .set({ checklistId: playbooks.tech.id })
            .where(eq(schema.accounts.id, midAway.id))
            .run(),
      ],
      [
        'T0 set',
        () =>
          db
            .update(schema.accounts)
            .set({ onboardingStartedAt: t0 })
            .where(eq(schema.accounts.id, accounts.notStarted.id))
            .run(),
      ],
      [
        'a step added to a playbook',
        () => addStep(db, playbooks.tech.id, { key: 'go-live', milestone: true }),
      ],
      [
        'a step made a milestone',
        () =>
          db
            .update(schema.checklistItems)
            .set({ valueMilestone: true })
            .where(
              and(
                eq(schema.checklistItems.checklistId, playbooks.homeHigh.id),
                eq(schema.checklistItems.key, 'install-sdk'),
              ),
            )
            .run(),
      ],
      [
        'a step made optional',
        () =>
          db
            .update(schema.checklistItems)
            .set({ required: false })
            .where(
              and(
                eq(schema.checklistItems.checklistId, playbooks.anyone.id),
                eq(schema.checklistItems.key, 'install-sdk'),
              ),
            )
            .run(),
      ],
      [
        'a step moved to another playbook',
        () =>
          db
            .update(schema.checklistItems)
            .set({ checklistId: playbooks.anyone.id })
            .where(
              and(
                eq(schema.checklistItems.checklistId, playbooks.tech.id),
                eq(schema.checklistItems.key, 'first-event'),
              ),
            )
            .run(),
      ],
      [
        'a step removed',
        () =>
          db
            .delete(schema.checklistItems)
            .where(
              and(
                eq(schema.checklistItems.checklistId, playbooks.homeOnly.id),
                eq(schema.checklistItems.key, 'local-step'),
              ),
            )
            .run(),
      ],
      [
        'a more specific playbook added',
        () => addPlaybook(db, { marketId: away.id, tier: 'mid' }, [{ key: 'create-app', milestone: true }]),
      ],
      [
        'a playbook moved to another tier',
        () =>
          db
            .update(schema.checklists)
            .set({ tier: 'mid' })
            .where(eq(schema.checklists.id, playbooks.homeHigh.id))
            .run(),
      ],
      // A playbook without steps yet: the accounts that follow it have nothing to measure.
      [
        'an empty playbook added',
        () => {
          empty = addPlaybook(db, { marketId: away.id, tier: 'high' }, [])
        },
      ],
      [
        'an empty playbook removed',
        () => db.delete(schema.checklists).where(eq(schema.checklists.id, empty!.id)).run(),
      ],
      [
        'a playbook an account had chosen removed',
        () => db.delete(schema.checklists).where(eq(schema.checklists.id, playbooks.homeHigh.id)).run(),
      ],
      ['an account removed', () => db.delete(schema.accounts).where(eq(schema.accounts.id, chosen.id)).run()],
      [
        'a market playbook removed',
        () => db.delete(schema.checklists).where(eq(schema.checklists.id, playbooks.homeOnly.id)).run(),
      ],
    ]
    for (const [after, write] of writes) {
      write()
      expectStoredByDefinition(connection, after)
    }
    // The writes did move the figures: the chosen playbook went with its deletion, and so did the account.
    const { stored } = onboardingFigures(connection.sqlite, today)
    expect(stored.has(chosen.id)).toBe(false)
    expect(stored.get(midAway.id)?.playbookId).toBe(playbooks.tech.id)
    connection.sqlite.close()
  })
})
