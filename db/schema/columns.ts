import { integer, text } from 'drizzle-orm/sqlite-core'
import { clock } from '~/modules/clock/clock'

/** Timestamps are stored as Unix milliseconds so ordering and arithmetic stay in SQL. */
export const timestamp = (name: string) => integer(name, { mode: 'timestamp_ms' })

export const id = () => integer('id').primaryKey({ autoIncrement: true })

export const createdAt = () =>
  timestamp('created_at')
    .notNull()
    .$defaultFn(() => clock.now())

export const updatedAt = () =>
  timestamp('updated_at')
    .notNull()
    .$defaultFn(() => clock.now())
    .$onUpdateFn(() => clock.now())

/** A JSON array of strings kept in a text column. */
export const stringList = (name: string) =>
  text(name, { mode: 'json' }).$type<string[]>().notNull().default([])
