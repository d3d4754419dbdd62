import { asc, eq, isNull } from 'drizzle-orm'
import type { BetterSQLite3Database } from 'drizzle-orm/better-sqlite3'
import * as schema from '../schema/index'
import type { Tier } from '../schema/enums'
import type { createRandom } from './random'

type Tx = Parameters<Parameters<BetterSQLite3Database<typeof schema>['transaction']>[0]>[0]
type Random = ReturnType<typeof createRandom>

export type SeededAccount = { id: number; tier: Tier; t0: Date | null; userIds: number[]; isDemo: boolean; locale: schema.Locale }

const dayMs = 24 * 3600 * 1000

/**
 * Onboarding histories that look real: accounts whose people used the portal in their first
 * two weeks reach value about two weeks sooner in the median; some are still on the way
 * (censored), some stalled, some never started. The demo logins' accounts are mid-way, with
 * the value milestone still ahead, so a visitor can tick items off.
 */
export function seedOnboardingHistories(tx: Tx, input: { random: Random; today: number; accounts: SeededAccount[] }) {
  const { random, today } = input
  const playbooks = tx.select().from(schema.checklists).where(isNull(schema.checklists.marketId)).all()
  const itemsOf = new Map(
    playbooks.map((p) => [p.tier, tx.select().from(schema.checklistItems).where(eq(schema.checklistItems.checklistId, p.id)).orderBy(asc(schema.checklistItems.position)).all()]),
  )
  const articleIds = tx.select({ id: schema.articles.id }).from(schema.articles).all().map((a) => a.id)

  for (const account of input.accounts) {
    const items = itemsOf.get(account.tier) ?? []
    if (!account.t0 || items.length === 0) continue
    const t0 = account.t0.getTime()
    const at = (days: number) => new Date(t0 + days * dayMs + random.int(1, 8) * 3600 * 1000)
    const portalUser = account.isDemo || random.chance(0.55)
    const milestoneIndex = Math.max(0, items.findIndex((i) => i.valueMilestone))
    // Median time-to-value: 18 days for portal users, 32 for the others; one in ten stalls.
    const stalled = !account.isDemo && random.chance(0.1)
    const ttv = account.isDemo ? 60 : stalled ? Infinity : Math.max(2, Math.round(random.logNormal(portalUser ? 18 : 32, 0.45)))
    const person = () => (account.userIds.length ? random.pick(account.userIds) : null)

    // A stalled account moves at an ordinary pace through the first steps, then stops.
    const pace = Number.isFinite(ttv) ? ttv : random.int(25, 60)
    let day = 0
    items.forEach((item, index) => {
      if (index < milestoneIndex) day = Math.min(pace - 1, day + random.int(1, Math.max(1, Math.floor(pace / (milestoneIndex + 1)))))
      else if (index === milestoneIndex) day = ttv
      else day += random.int(2, 9)
      if (account.isDemo && index >= 3) return
      if (!item.required && random.chance(0.5)) return
      const doneAt = at(day)
      if (!Number.isFinite(day) || doneAt.getTime() > today) return
      // Non-users' first two weeks of progress comes from the product, not from the portal.
      const byPerson = portalUser || day >= 14
      const userId = byPerson ? person() : null
      tx.insert(schema.accountItemProgress)
        .values({ accountId: account.id, itemKey: item.key, doneAt, doneById: userId, source: byPerson ? 'person' : 'product' })
        .run()
      if (byPerson) tx.insert(schema.events).values({ type: 'checklist', userId, accountId: account.id, ref: `done:${item.key}`, locale: account.locale, occurredAt: doneAt }).run()
    })

    if (portalUser && articleIds.length) {
      for (let n = random.int(2, 6); n > 0; n--) {
        const occurredAt = at(random.int(0, 13))
        if (occurredAt.getTime() > today) continue
        tx.insert(schema.events).values({ type: 'article', userId: person(), accountId: account.id, ref: String(random.pick(articleIds)), locale: account.locale, occurredAt }).run()
      }
    }
  }
}
