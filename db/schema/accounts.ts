import type { AnySQLiteColumn } from 'drizzle-orm/sqlite-core'
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core'
import { createdAt, id, timestamp, updatedAt } from './columns'
import type { Currency, Locale, Tier } from './enums'
import { markets } from './markets'
import { checklists } from './onboarding'
import { users } from './users'

export const accounts = sqliteTable(
  'accounts',
  {
    id: id(),
    name: text('name').notNull(),
    /** The id the vendor's product uses for this customer (product events refer to it). */
    externalId: text('external_id').notNull().unique(),
    marketId: integer('market_id')
      .notNull()
      .references(() => markets.id),
    locale: text('locale').$type<Locale>().notNull(),
    arrMinor: integer('arr_minor').notNull(),
    currency: text('currency').$type<Currency>().notNull(),
    /** Set from ARR and the market's thresholds whenever either changes. */
    derivedTier: text('derived_tier').$type<Tier>().notNull(),
    tierOverride: text('tier_override').$type<Tier>(),
    tierOverrideReason: text('tier_override_reason'),
    onboardingStartedAt: timestamp('onboarding_started_at'),
    ownerId: integer('owner_id').references(() => users.id, { onDelete: 'set null' }),
    /** A playbook chosen by staff; null means the one that matches the market and tier. */
    checklistId: integer('checklist_id').references((): AnySQLiteColumn => checklists.id, {
      onDelete: 'set null',
    }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('accounts_market_idx').on(t.marketId), index('accounts_name_idx').on(t.name)],
)

export type Account = typeof accounts.$inferSelect
export type NewAccount = typeof accounts.$inferInsert

export const arrSnapshots = sqliteTable(
  'arr_snapshots',
  {
    id: id(),
    accountId: integer('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    /** First day of the month, YYYY-MM. */
    month: text('month').notNull(),
    arrMinor: integer('arr_minor').notNull(),
    currency: text('currency').$type<Currency>().notNull(),
  },
  (t) => [uniqueIndex('arr_snapshots_account_month').on(t.accountId, t.month)],
)
