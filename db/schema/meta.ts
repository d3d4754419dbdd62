import { sqliteTable, text } from 'drizzle-orm/sqlite-core'

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
