import { desc, gte } from 'drizzle-orm'
import type { Currency } from '#db/schema/enums'
import * as schema from '#db/schema/index'
import type { Db } from '~/db-connection.server'
import { clock } from '~/modules/clock/clock'
import { addMonths } from './periods'

const { exchangeRates } = schema

/** The rates of the last `months` months up to `month`, newest first. */
export async function listExchangeRates({ db, month, months }: { db: Db; month: string; months: number }) {
  return db
    .select({
      month: exchangeRates.month,
      currency: exchangeRates.currency,
      usdPerUnit: exchangeRates.usdPerUnit,
    })
    .from(exchangeRates)
    .where(gte(exchangeRates.month, addMonths(month, -(months - 1))))
    .orderBy(desc(exchangeRates.month))
}

/** Sets one month's rate of one currency, whether or not it was there. */
export async function setExchangeRate(input: {
  db: Db
  month: string
  currency: Currency
  usdPerUnit: number
}) {
  const { db, ...rate } = input
  await db
    .insert(exchangeRates)
    .values({ ...rate, updatedAt: clock.now() })
    .onConflictDoUpdate({
      target: [exchangeRates.month, exchangeRates.currency],
      set: { usdPerUnit: rate.usdPerUnit, updatedAt: clock.now() },
    })
}
