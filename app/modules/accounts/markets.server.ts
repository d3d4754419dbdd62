import { asc, count, eq } from 'drizzle-orm'
import type { z } from 'zod'
import { db, preparedOnce, schema } from '~/db.server'
import type { marketSettingsSchema, outcomeTargetsSchema } from './accounts.schema'
import { rederiveTiersOfMarket } from './accounts.server'

const { markets, accounts, outcomeTargets } = schema

export async function listMarkets() {
  const rows = await db
    .select({ market: markets, accounts: count(accounts.id) })
    .from(markets)
    .leftJoin(accounts, eq(accounts.marketId, markets.id))
    .groupBy(markets.id)
    .orderBy(asc(markets.code))
  return rows.map((row) => ({ ...row.market, accountCount: row.accounts }))
}

export async function getMarketByCode(code: string) {
  return (await db.query.markets.findFirst({ where: eq(markets.code, code) })) ?? null
}

/** Saves a market's execution settings; new thresholds re-derive its accounts' tiers at once. */
export async function updateMarketSettings(code: string, settings: z.output<typeof marketSettingsSchema>) {
  return db.transaction(
    (tx) => {
      const [updated] = tx.update(markets).set(settings).where(eq(markets.code, code)).returning().all()
      if (updated) rederiveTiersOfMarket(tx, updated)
      return updated ?? null
    },
    { behavior: 'immediate' },
  )
}

const outcomeTargetsRow = preparedOnce(() =>
  db.query.outcomeTargets.findFirst({ where: eq(outcomeTargets.id, 1) }).prepare(),
)

export async function getOutcomeTargets() {
  const targets = await outcomeTargetsRow().execute()
  if (!targets) throw new Error('outcome_targets has no row: run the migrations and the seed')
  return targets
}

export async function updateOutcomeTargets(values: z.output<typeof outcomeTargetsSchema>) {
  await db.update(outcomeTargets).set(values).where(eq(outcomeTargets.id, 1))
}
