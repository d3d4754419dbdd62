import Database from 'better-sqlite3'
import { beforeAll, describe, expect, inject, it } from 'vitest'
import { createOnboardingCustomer, type TestPlaybook } from '../factories/onboarding'
import { createAccount, createUser, signedInClient } from '../factories/people'
import { createMarket, type TestMarket } from '../factories/tickets'
import { days, testClock } from '../setup/clock'
import { parseCsv } from '../setup/csv'
import { queryDb } from '../setup/db'
import type { Client } from '../setup/http'
import { onboardingFigures, type OnboardingFigures } from '../setup/onboarding-figures'

/*
 * The tracker reads each account's onboarding facts from `account_onboarding`, which SQLite
 * triggers keep (migration 0017). What it shows must still be the figures docs/design.md
 * defines, worked out here from the raw rows (tests/setup/onboarding-figures.ts), before and
 * after the writes that move them, and in the order its TTV sort promises.
 */

const server = inject('server')
const clock = testClock('2027-03-15T10:00:00Z')
let agent: Client

beforeAll(async () => {
  agent = await signedInClient(createUser({ role: 'agent' }), { now: clock.now })
})

/** Every account's figures by definition and as stored, in one snapshot of the server's database. */
function figures() {
  const sqlite = new Database(server.databaseFile, { readonly: true, fileMustExist: true })
  try {
    return onboardingFigures(sqlite, clock.now())
  } finally {
    sqlite.close()
  }
}

/** The keys of a playbook's first value milestone and of a required step that is not one. */
function stepsOf(playbook: TestPlaybook) {
  const keys = (where: string) =>
    queryDb<{ key: string }>(
      server.databaseFile,
      `select key from checklist_items where checklist_id = ? and ${where} order by position, id`,
      playbook.id,
    ).map((r) => r.key)
  return {
    milestone: keys('value_milestone = 1')[0]!,
    required: keys('required = 1 and value_milestone = 0')[0]!,
  }
}

/** The cells of the tracker's CSV that carry the figures: TTV, duration, items done and total. */
function cellsOf(f: OnboardingFigures) {
  const days = (o: OnboardingFigures['timeToValue']) => (o.kind === 'unmeasured' ? '' : String(o.days))
  const reached = (o: OnboardingFigures['timeToValue']) => (o.kind === 'reached' ? '1' : '0')
  return [
    days(f.timeToValue),
    reached(f.timeToValue),
    days(f.duration),
    reached(f.duration),
    String(f.done),
    String(f.total),
  ]
}

/**
 * The TTV order the tracker promises: accounts that reached value by their TTV, then those still
 * waiting by how long they have waited, then the ones that cannot be measured; ties by id.
 */
function ttvOrder<T extends { id: number }>(accounts: T[], byDefinition: Map<number, OnboardingFigures>) {
  const rank = (id: number): [number, number] => {
    const ttv = byDefinition.get(id)!.timeToValue
    return ttv.kind === 'reached' ? [0, ttv.days] : ttv.kind === 'pending' ? [1, ttv.days] : [2, 0]
  }
  return [...accounts].sort((a, b) => {
    const [ka, da] = rank(a.id)
    const [kb, db] = rank(b.id)
    return ka - kb || da - db || a.id - b.id
  })
}

async function trackerCsv(market: TestMarket) {
  const response = await agent.get(
    `/en/staff/onboarding.csv?dataset=accounts&market=${market.code}&sort=ttv&dir=asc`,
  )
  expect(response.status).toBe(200)
  return parseCsv(await response.text()).slice(1)
}

/** The tracker's rows of the market against the figures by definition, in the TTV order. */
async function expectTrackerShowsDefinitions(market: TestMarket, accounts: { id: number; name: string }[]) {
  const { byDefinition, stored } = figures()
  // What is stored for every account of the shared database, whatever other files wrote.
  expect(stored).toEqual(byDefinition)
  const rows = await trackerCsv(market)
  expect(rows.map((r) => r[0])).toEqual(ttvOrder(accounts, byDefinition).map((a) => a.name))
  for (const account of accounts) {
    const row = rows.find((r) => r[0] === account.name)!
    // ttv_days, ttv_reached, onboarding_days, onboarding_complete, items_done, items_total.
    expect(row.slice(7, 13), account.name).toEqual(cellsOf(byDefinition.get(account.id)!))
  }
  return byDefinition
}

describe('the tracker’s figures', () => {
  it('are each account’s figures by definition, after a milestone reached, a step undone and an account added', async () => {
    const market = createMarket()
    const start = (daysAgo: number) => ({
      market: market.code,
      onboardingStartedAt: new Date(clock.now().getTime() - days(daysAgo)),
    })
    const people = [30, 20, 12, 5].map((daysAgo) => createOnboardingCustomer({ account: start(daysAgo) }))
    const notStarted = createAccount({ market: market.code, onboardingStartedAt: null })
    const accounts = [...people.map((p) => p.account), notStarted]
    const clients = await Promise.all(people.map((p) => signedInClient(p.user, { now: clock.now })))
    const { milestone, required } = stepsOf(people[0]!.playbook)
    const post = (i: number, intent: 'done' | 'undo', itemKey: string) =>
      clients[i]!.post('/en/onboarding', { intent, itemKey }).then((r) => expect(r.status).toBe(200))

    // Sessions go idle if the clock jumps, so the accounts differ by their T0 instead. The first two
    // reached value, the third did a step that is not a milestone.
    await post(0, 'done', milestone)
    await post(1, 'done', required)
    await post(1, 'done', milestone)
    await post(2, 'done', required)
    let byDefinition = await expectTrackerShowsDefinitions(market, accounts)
    expect(byDefinition.get(people[0]!.account.id)!.timeToValue).toEqual(
      expect.objectContaining({ kind: 'reached', days: 30 }),
    )
    expect(byDefinition.get(people[1]!.account.id)!.timeToValue).toEqual(
      expect.objectContaining({ kind: 'reached', days: 20 }),
    )
    expect(byDefinition.get(notStarted.id)!.timeToValue).toEqual({
      kind: 'unmeasured',
      reason: 'not-started',
    })

    // A milestone reached.
    await post(3, 'done', milestone)
    byDefinition = await expectTrackerShowsDefinitions(market, accounts)
    expect(byDefinition.get(people[3]!.account.id)!.timeToValue).toEqual(
      expect.objectContaining({ kind: 'reached', days: 5 }),
    )

    // A step undone: the first account's milestone, so it waits again.
    await post(0, 'undo', milestone)
    byDefinition = await expectTrackerShowsDefinitions(market, accounts)
    expect(byDefinition.get(people[0]!.account.id)!.timeToValue).toEqual({ kind: 'pending', days: 30 })

    // An account added.
    const added = createOnboardingCustomer({ account: start(1) }).account
    byDefinition = await expectTrackerShowsDefinitions(market, [...accounts, added])
    expect(byDefinition.get(added.id)!.timeToValue).toEqual({ kind: 'pending', days: 1 })
  })
})
