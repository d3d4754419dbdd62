import { sqliteTable, text } from 'drizzle-orm/sqlite-core'

/** Facts about the database itself, such as whether it holds demo data. */
export const appMeta = sqliteTable('app_meta', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
})
