import Database from 'better-sqlite3'
import { beforeAll, describe, expect, inject, it } from 'vitest'
import type { EventType, Tier } from '#db/schema/enums'
import {
  completeItem,
  insertAccount,
  insertCustomer,
  insertEvent,
  insertMarket,
  insertPlaybook,
} from '../factories/analytics'
import { createUser, signedInClient, testDb, unique } from '../factories/people'
import { parseCsv } from '../setup/csv'
import type { Client } from '../setup/http'
import { asHtml, tr } from '../setup/i18n'

/**
 * The cockpit's landmark comparison of portal users and non-users (`ttv-landmark`, docs/design.md's
 * cockpit contract) over a handful of accounts made here, in a market of this file's own and in
 * January 2019, long before anything other files write. Which account lands in which group is
 * read back with plain SQL by the written definition; the medians and intervals are what R's
 * survfit gives for those times.
 */

const from = '2019-01-01'
const to = '2019-02-28'
const now = new Date('2019-06-01T12:00:00Z')
const dayMs = 24 * 3600 * 1000
const t0 = new Date('2019-01-10T09:00:00Z')
/** A moment on day `day` of onboarding (an hour into it). */
const onDay = (day: number) => new Date(t0.getTime() + day * dayMs + 3600_000)

let staff: Client
let market: string

type Starter = {
  tier: Tier
  /** Day the value milestone was ticked; null: not yet (censored at `now`). */
  reached: number | null
  /** Self-service and other events of the account's own people, by onboarding day. */
  events?: { type: EventType; day: number }[]
  /** An article a member of staff read "for" the account: not the customer using the portal. */
  staffRead?: number
}

beforeAll(async () => {
  const db = testDb()
  const own = insertMarket(db, { code: unique('LM').replace(/-/g, '').slice(0, 20) })
  market = own.code
  const playbook = insertPlaybook(db)
  const agent = createUser({ role: 'agent' })
  const starters: Starter[] = [
    // Used the portal before day 14.
    { tier: 'high', reached: 16, events: [{ type: 'article', day: 5 }] },
    { tier: 'mid', reached: 20, events: [{ type: 'article', day: 3 }] },
    // Day 13 is the last day that counts.
    { tier: 'mid', reached: 25, events: [{ type: 'checklist', day: 13 }] },
    { tier: 'mid', reached: null, events: [{ type: 'video', day: 0 }] },
    // Did not: no events, use that came on day 15, a sign-in (not self-service), staff reading.
    { tier: 'high', reached: 22 },
    { tier: 'mid', reached: 30 },
    { tier: 'mid', reached: 40, events: [{ type: 'article', day: 15 }] },
    { tier: 'mid', reached: 35, events: [{ type: 'login', day: 1 }] },
    { tier: 'mid', reached: 50, staffRead: 2 },
    // Value on day 14 itself: still onboarding when day 14 began, so compared.
    { tier: 'mid', reached: 14 },
    // Value before day 14: not onboarding any more at the landmark, left out of both groups.
    { tier: 'mid', reached: 10, events: [{ type: 'article', day: 2 }] },
    { tier: 'mid', reached: 13 },
  ]
  for (const starter of starters) {
    const account = insertAccount(db, { marketId: own.id, tier: starter.tier, t0, checklistId: playbook.id })
    const person = insertCustomer(db, { accountId: account.id })
    for (const event of starter.events ?? [])
      insertEvent(db, {
        type: event.type,
        at: onDay(event.day),
        accountId: account.id,
        userId: person.id,
      })
    if (starter.staffRead !== undefined)
      insertEvent(db, {
        type: 'article',
        at: onDay(starter.staffRead),
        accountId: account.id,
        userId: agent.id,
      })
    if (starter.reached !== null)
      completeItem(db, { accountId: account.id, itemKey: playbook.milestone, doneAt: onDay(starter.reached) })
  }
  staff = await signedInClient(agent, { now: () => now })
})

function sql<T>(query: string, ...params: unknown[]): T[] {
  const db = new Database(inject('server').databaseFile, { readonly: true, fileMustExist: true })
  try {
    return db.prepare(query).all(...params) as T[]
  } finally {
    db.close()
  }
}

async function csv(lang = 'en') {
  const response = await staff.get(
    `/${lang}/staff/analytics.csv?metric=ttv-landmark&from=${from}&to=${to}&market=${market}`,
  )
  expect(response.status).toBe(200)
  return parseCsv(await response.text())
}

describe('ttv-landmark', () => {
  it('compares only accounts still onboarding on day 14, by portal use before day 14, as R’s survfit does', async () => {
    // By the written definition, with plain SQL: days from T0 to the value milestone (or to
    // `now`), and whether the account's own people read, watched, learned or ticked anything in
    // days 0–13.
    const observed = sql<{ tier: Tier; days: number; reached: number; used: number }>(
      `select a.derived_tier as tier,
              cast((coalesce(min(p.done_at), ?) - a.onboarding_started_at) / 86400000 as integer) as days,
              count(p.done_at) as reached,
              exists (select 1 from events e join users u on u.id = e.user_id and u.account_id = e.account_id
                      where e.account_id = a.id and e.type in ('article', 'video', 'lesson', 'checklist')
                        and e.occurred_at >= a.onboarding_started_at
                        and e.occurred_at < a.onboarding_started_at + 14 * 86400000) as used
       from accounts a join markets m on m.id = a.market_id
       left join account_item_progress p on p.account_id = a.id
         and p.item_key in (select i.key from checklist_items i where i.checklist_id = a.checklist_id and i.value_milestone = 1)
       where m.code = ? and a.onboarding_started_at >= ? and a.onboarding_started_at < ?
       group by a.id order by used desc, tier, days`,
      now.getTime(),
      market,
      Date.parse(`${from}T00:00:00Z`),
      Date.parse(`${to}T00:00:00Z`) + dayMs,
    )
    const censoredAt = Math.floor((now.getTime() - t0.getTime()) / dayMs)
    expect(observed.map((o) => [o.used, o.tier, o.days, o.reached])).toEqual([
      [1, 'high', 16, 1],
      [1, 'mid', 10, 1],
      [1, 'mid', 20, 1],
      [1, 'mid', 25, 1],
      [1, 'mid', censoredAt, 0],
      [0, 'high', 22, 1],
      [0, 'mid', 13, 1],
      [0, 'mid', 14, 1],
      [0, 'mid', 30, 1],
      [0, 'mid', 35, 1],
      [0, 'mid', 40, 1],
      [0, 'mid', 50, 1],
    ])
    expect(censoredAt).toBe(142)
    // The two with value on days 10 and 13 are left out. The rest, as R 4.2.2 with survival
    // 3.5.3 printed them (print(survfit(Surv(time, event) ~ 1, conf.type = "log-log"))):
    //   high users  Surv(16, 1)                                  n 1 median 16    NA  NA
    //   high non    Surv(22, 1)                                  n 1 median 22    NA  NA
    //   mid users   Surv(c(20,25,142), c(1,1,0))                 n 3 median 25    20  NA
    //   mid non     Surv(c(14,30,35,40,50), rep(1,5))            n 5 median 35    14  NA
    //   all users   Surv(c(16,20,25,142), c(1,1,1,0))            n 4 median 22.5  16  NA
    //   all non     Surv(c(14,22,30,35,40,50), rep(1,6))         n 6 median 32.5  14  NA
    const [header, ...rows] = await csv()
    expect(header).toEqual([
      'tier',
      'group',
      'accounts',
      'reached',
      'censored',
      'median_days',
      'ci_low',
      'ci_high',
    ])
    expect(rows).toEqual([
      ['high', 'users', '1', '1', '0', '16', '', ''],
      ['high', 'non_users', '1', '1', '0', '22', '', ''],
      ['mid', 'users', '3', '2', '1', '25', '20', ''],
      ['mid', 'non_users', '5', '5', '0', '35', '14', ''],
      ['tech', 'users', '0', '0', '0', '', '', ''],
      ['tech', 'non_users', '0', '0', '0', '', '', ''],
      ['all', 'users', '4', '3', '1', '22.5', '16', ''],
      ['all', 'non_users', '6', '6', '0', '32.5', '14', ''],
    ])
  })

  it('keeps to the tier filter', async () => {
    const response = await staff.get(
      `/en/staff/analytics.csv?metric=ttv-landmark&from=${from}&to=${to}&market=${market}&tier=high`,
    )
    expect(parseCsv(await response.text()).slice(1)).toEqual([
      ['high', 'users', '1', '1', '0', '16', '', ''],
      ['high', 'non_users', '1', '1', '0', '22', '', ''],
    ])
  })

  it('is on the page in every staff language, with what it does and does not show', async () => {
    for (const lang of ['en', 'ru', 'es', 'pt']) {
      const response = await staff.get(`/${lang}/staff/analytics?from=${from}&to=${to}&market=${market}`)
      expect(response.status, lang).toBe(200)
      const html = await response.text()
      for (const key of ['landmark.title', 'landmark.lead', 'landmark.caveat', 'landmark.groups.users'])
        expect(html, `${lang} ${key}`).toContain(asHtml(tr(lang, `analytics:${key}`)))
      expect(html).toContain('/staff/analytics.csv?metric=ttv-landmark&amp;from=2019-01-01')
    }
  })
})
