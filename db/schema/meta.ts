import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core'

/** Facts about the database itself, such as whether it holds demo data. */
export const appMeta = sqliteTable('app_meta', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
})

/**
 * The `app_meta` key of the month (`YYYY-MM`) the portal opened to customers: the cockpit marks
 * it on the TTV-by-cohort chart. The demo seed writes its own launch month.
 */
export const portalLaunchMonthKey = 'portal_launch_month'

/**
 * Counters that SQLite triggers bump whenever the rows an in-memory cache is built from change
 * (migration `0013_tracker_cache_triggers`), so a process can tell in one indexed read whether
 * its cache is still right, whichever connection or process wrote. Key `onboarding`: the staff
 * tracker's aggregates (app/modules/onboarding/tracker-cache.server.ts).
 */
export const dataVersions = sqliteTable('data_versions', {
  name: text('name').primaryKey(),
  version: integer('version').notNull().default(0),
})
