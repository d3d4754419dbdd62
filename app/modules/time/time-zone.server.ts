import { eq, sql, type SQL } from 'drizzle-orm'
import type { AnySQLiteColumn } from 'drizzle-orm/sqlite-core'
import { db, schema } from '~/db.server'
import { utcZone } from './time-zones'

const { users } = schema

/**
 * readerTimeZone (time-zones.ts) in SQL, for any query that selects from `users` (or an alias
 * of it): the person's chosen zone, else their account's market's zone, else UTC. Mail, the
 * session and the staff ticket page all read a person's zone through it.
 */
export function readerTimeZoneSql(people: {
  timeZone: AnySQLiteColumn
  accountId: AnySQLiteColumn
}): SQL<string> {
  // The subquery names its own tables under aliases of its own: drizzle leaves columns
  // unqualified in a one-table select, and `id` would then be ambiguous inside it.
  return sql<string>`coalesce(${people.timeZone}, (select tz_market.timezone from accounts tz_account inner join markets tz_market on tz_market.id = tz_account.market_id where tz_account.id = ${people.accountId}), ${utcZone})`
}

/** Saves the zone a person chose or confirmed; the caller has checked it is a canonical IANA zone. */
export async function setTimeZone({ userId, timeZone }: { userId: number; timeZone: string }) {
  await db.update(users).set({ timeZone }).where(eq(users.id, userId))
}
