import { asc, sql, type SQL } from 'drizzle-orm'
import * as schema from '#db/schema/index'
import { ticketNextDue } from '#db/schema/tickets'

/*
 * The SLA rules of sla.ts, in SQL, so the queue can filter and page in the database. Kept
 * beside no connection, so a unit test can run them on a file of its own and hold them to
 * sla.ts (sla.sql.test.ts). Timestamps are Unix milliseconds.
 */

const { tickets, accounts } = schema

/** nextDueAt of sla.ts; the schema's, so the queue's indexes on it serve its order. */
export const nextDueSql = ticketNextDue(tickets)

/** The queue's order: what is due next first, tickets with no due time last, then by number. */
export const queueOrderSql = [sql`${nextDueSql} is null`, asc(nextDueSql), asc(tickets.number)] as const

/** slaBreaches of sla.ts: a waiting ticket's clock stands at the moment the wait began. */
export function breachedSql(now: Date): SQL {
  const clockAt = sql`coalesce(${tickets.slaPausedSince}, ${now.getTime()})`
  return sql`((${tickets.firstResponseDueAt} is not null and ${tickets.firstResponseDueAt} < coalesce(${tickets.firstResponseAt}, ${tickets.solvedAt}, ${tickets.closedAt}, ${clockAt}))
    or (${tickets.resolutionDueAt} is not null and ${tickets.resolutionDueAt} < coalesce(${tickets.solvedAt}, ${tickets.closedAt}, ${clockAt})))`
}

/** The per-market "due soon" thresholds as one SQL expression over the account's market. */
export function dueSoonUntilSql(thresholds: Map<number, Date>) {
  if (thresholds.size === 0) return sql`0`
  const cases = [...thresholds].map(([marketId, at]) => sql`when ${marketId} then ${at.getTime()}`)
  return sql`(case ${accounts.marketId} ${sql.join(cases, sql` `)} else 0 end)`
}

/** "Due soon" of slaStateOf: active, not waiting for the customer, next due before the market's threshold. */
export function dueSoonSql(now: Date, thresholds: Map<number, Date>): SQL {
  return sql`(not ${breachedSql(now)} and ${tickets.status} in ('new', 'open', 'pending') and ${tickets.slaPausedSince} is null and ${nextDueSql} is not null and ${nextDueSql} <= ${dueSoonUntilSql(thresholds)})`
}
