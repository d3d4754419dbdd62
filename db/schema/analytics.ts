import { primaryKey, real, sqliteTable, text } from 'drizzle-orm/sqlite-core'
import { updatedAt } from './columns'
import type { Currency } from './enums'

/**
 * Monthly exchange rates for the cockpit's constant-currency retention: each account's ARR at
 * both ends of a trailing year is converted with the rate of the reported month, so a moving
 * rate never reads as churn or expansion. Seeded for the demo, kept by finance afterwards.
 */
export const exchangeRates = sqliteTable(
  'exchange_rates',
  {
    /** YYYY-MM. */
    month: text('month').notNull(),
    currency: text('currency').$type<Currency>().notNull(),
    /** US dollars per one unit (not minor unit) of `currency`. */
    usdPerUnit: real('usd_per_unit').notNull(),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.month, t.currency] })],
)

export type ExchangeRate = typeof exchangeRates.$inferSelect
