import { and, eq, gte, inArray, lt, sql, type SQL } from 'drizzle-orm'
import * as schema from '#db/schema/index'
import type { Db } from '~/db-connection.server'

const { accounts, events, users } = schema

/** What counts as self-service use of the portal (docs/design.md: portal users vs non-users). */
export const selfServiceEvents = ['article', 'video', 'lesson', 'checklist'] as const

const dayMs = 24 * 3600 * 1000

/**
 * Accounts whose own people used self-service from T0 until `windowDays` whole days after it
 * (day 0 to day windowDays − 1). Staff ticking an item for a customer is not the customer using
 * the portal. `where` narrows the accounts (one account, the cockpit's period and scope).
 */
export async function earlyPortalUsers(db: Db, input: { windowDays: number; where?: SQL }) {
  const rows = await db
    .selectDistinct({ accountId: events.accountId })
    .from(events)
    .innerJoin(accounts, eq(accounts.id, events.accountId))
    .innerJoin(users, and(eq(users.id, events.userId), eq(users.accountId, events.accountId)))
    .where(
      and(
        input.where,
        inArray(events.type, [...selfServiceEvents]),
        gte(events.occurredAt, accounts.onboardingStartedAt),
        lt(events.occurredAt, sql`${accounts.onboardingStartedAt} + ${input.windowDays * dayMs}`),
      ),
    )
  return new Set(rows.map((r) => r.accountId))
}
