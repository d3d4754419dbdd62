import { integer, sqliteTable, text, unique } from 'drizzle-orm/sqlite-core'
import { createdAt, id, stringList, updatedAt } from './columns'
import type { Channel, Currency, Locale } from './enums'

/**
 * Execution is local: everything a market may set lives here.
 * Outcome definitions and targets are global (outcome_targets) and have no column here.
 */
export const markets = sqliteTable('markets', {
  id: id(),
  code: text('code').notNull().unique(),
  name: text('name').notNull(),
  defaultLocale: text('default_locale').$type<Locale>().notNull(),
  currency: text('currency').$type<Currency>().notNull(),
  /** ARR at or above which an account is high-touch, in minor units of `currency`. */
  highTouchMinArr: integer('high_touch_min_arr').notNull(),
  /** ARR at or above which an account is mid-touch, in minor units of `currency`. */
  midTouchMinArr: integer('mid_touch_min_arr').notNull(),
  channels: stringList('channels').$type<Channel[]>(),
  timezone: text('timezone').notNull(),
  /** Support hours, local to `timezone`, as HH:MM. */
  supportOpens: text('support_opens').notNull(),
  supportCloses: text('support_closes').notNull(),
  /** ISO weekdays (1 = Monday) with support. */
  supportDays: text('support_days', { mode: 'json' }).$type<number[]>().notNull(),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
})

/** A public holiday of a market: its support is closed the whole local day, and SLA clocks skip it. */
export const marketHolidays = sqliteTable(
  'market_holidays',
  {
    id: id(),
    marketId: integer('market_id')
      .notNull()
      .references(() => markets.id, { onDelete: 'cascade' }),
    /** The local date in the market's time zone, YYYY-MM-DD. */
    date: text('date').notNull(),
    /** As the admin typed it, in the market's language. */
    name: text('name').notNull(),
    createdAt: createdAt(),
  },
  (t) => [unique('market_holidays_market_date').on(t.marketId, t.date)],
)

export type MarketHoliday = typeof marketHolidays.$inferSelect

export type Market = typeof markets.$inferSelect
export type NewMarket = typeof markets.$inferInsert

/** One global row: outcomes are defined once and measured the same in every market. */
export const outcomeTargets = sqliteTable('outcome_targets', {
  id: integer('id').primaryKey(),
  timeToValueDays: integer('time_to_value_days').notNull(),
  onboardingDays: integer('onboarding_days').notNull(),
  /** Share of an account's users active in a month, in percent. */
  adoptionPercent: integer('adoption_percent').notNull(),
  grossRetentionPercent: integer('gross_retention_percent').notNull(),
  netRetentionPercent: integer('net_retention_percent').notNull(),
  /** Days after T0 within which self-service use makes an account a portal user. */
  portalUserWindowDays: integer('portal_user_window_days').notNull(),
  updatedAt: updatedAt(),
})

export type OutcomeTargets = typeof outcomeTargets.$inferSelect
