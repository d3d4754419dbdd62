import { asc, eq, sql } from 'drizzle-orm'
import type { Tier } from '#db/schema/enums'
import { db, schema } from '~/db.server'
import { clock } from '~/modules/clock/clock'
import { addBusinessMinutes, type BusinessHours } from './business-hours'
import { dueSoonBusinessMinutes } from './sla'

const { slaTargets, markets } = schema

export async function listSlaTargets() {
  return db.select().from(slaTargets).orderBy(asc(slaTargets.tier))
}

/**
 * Saves the targets per tier, in business minutes. Tickets already open keep the due times
 * they were given: a target is a promise made when the ticket came in.
 */
export function updateSlaTargets({
  targets,
}: {
  targets: { tier: Tier; firstResponseMinutes: number; resolutionMinutes: number }[]
}) {
  db.transaction(
    (tx) => {
      for (const target of targets) {
        tx.insert(slaTargets)
          .values({ ...target, updatedAt: clock.now() })
          .onConflictDoUpdate({
            target: slaTargets.tier,
            set: {
              firstResponseMinutes: target.firstResponseMinutes,
              resolutionMinutes: target.resolutionMinutes,
              updatedAt: clock.now(),
            },
          })
          .run()
      }
    },
    { behavior: 'immediate' },
  )
}

export function hoursOfMarket(market: {
  timezone: string
  supportOpens: string
  supportCloses: string
  supportDays: number[]
}): BusinessHours {
  return {
    timezone: market.timezone,
    opens: market.supportOpens,
    closes: market.supportCloses,
    days: market.supportDays,
  }
}

/**
 * Per market, the moment two business hours from `now` end. "Due soon" depends on the
 * market's hours: on Friday evening a ticket due Monday at ten is due soon, one due in three
 * wall-clock hours on a Tuesday morning is not. A market whose support never opens falls
 * back to two plain hours.
 */
export async function dueSoonThresholds({ now }: { now: Date }) {
  const rows = await db
    .select({
      id: markets.id,
      timezone: markets.timezone,
      supportOpens: markets.supportOpens,
      supportCloses: markets.supportCloses,
      supportDays: markets.supportDays,
    })
    .from(markets)
  return new Map(
    rows.map((m) => [
      m.id,
      addBusinessMinutes(now, dueSoonBusinessMinutes, hoursOfMarket(m)) ??
        new Date(now.getTime() + dueSoonBusinessMinutes * 60_000),
    ]),
  )
}

/** The thresholds as one SQL expression over the account's market, for filtering in the query. */
export function dueSoonUntilSql(
  thresholds: Map<number, Date>,
  marketIdColumn: typeof schema.accounts.marketId,
) {
  if (thresholds.size === 0) return sql`0`
  const cases = [...thresholds].map(([marketId, at]) => sql`when ${marketId} then ${at.getTime()}`)
  return sql`(case ${marketIdColumn} ${sql.join(cases, sql` `)} else 0 end)`
}

export async function marketHoursOf({ marketId }: { marketId: number }) {
  const [market] = await db.select().from(markets).where(eq(markets.id, marketId))
  return market ? hoursOfMarket(market) : null
}
