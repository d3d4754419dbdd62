import { and, asc, eq, inArray } from 'drizzle-orm'
import type { Tier } from '#db/schema/enums'
import type { TicketPriority } from '#db/schema/tickets'
import { db, schema } from '~/db.server'
import { clock } from '~/modules/clock/clock'
import { addBusinessMinutes, type BusinessHours } from './business-hours'
import { dueSoonBusinessMinutes } from './sla'

const { slaTargets, markets, marketHolidays } = schema

/** The database or a transaction: due times are computed inside the writes that store them. */
type Executor = Pick<typeof db, 'select'>

export async function listSlaTargets() {
  return db.select().from(slaTargets).orderBy(asc(slaTargets.tier), asc(slaTargets.priority))
}

export type SlaTarget = { firstResponseMinutes: number; resolutionMinutes: number }

/**
 * The targets a ticket of this tier and priority is promised. A database made before
 * priorities had targets of their own holds only the tier's `normal` row until an admin saves
 * the grid: the other priorities get that one meanwhile.
 */
export function slaTargetFor(
  exec: Executor,
  { tier, priority }: { tier: Tier; priority: TicketPriority },
): SlaTarget | null {
  const rows = exec
    .select({
      priority: slaTargets.priority,
      firstResponseMinutes: slaTargets.firstResponseMinutes,
      resolutionMinutes: slaTargets.resolutionMinutes,
    })
    .from(slaTargets)
    .where(and(eq(slaTargets.tier, tier), inArray(slaTargets.priority, [priority, 'normal'])))
    .all()
  const row = rows.find((r) => r.priority === priority) ?? rows.find((r) => r.priority === 'normal')
  return row
    ? { firstResponseMinutes: row.firstResponseMinutes, resolutionMinutes: row.resolutionMinutes }
    : null
}

/**
 * Saves the targets per tier and priority, in business minutes. Tickets already open keep the
 * due times they were given: a target is a promise made when the ticket came in.
 */
export function updateSlaTargets({
  targets,
}: {
  targets: { tier: Tier; priority: TicketPriority; firstResponseMinutes: number; resolutionMinutes: number }[]
}) {
  db.transaction(
    (tx) => {
      for (const target of targets) {
        tx.insert(slaTargets)
          .values({ ...target, updatedAt: clock.now() })
          .onConflictDoUpdate({
            target: [slaTargets.tier, slaTargets.priority],
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

type MarketHoursRow = {
  id: number
  timezone: string
  supportOpens: string
  supportCloses: string
  supportDays: number[]
}

const marketHoursColumns = {
  id: markets.id,
  timezone: markets.timezone,
  supportOpens: markets.supportOpens,
  supportCloses: markets.supportCloses,
  supportDays: markets.supportDays,
}

function holidaysByMarket(exec: Executor, marketIds: number[]) {
  const byMarket = new Map<number, string[]>()
  if (marketIds.length === 0) return byMarket
  const rows = exec
    .select({ marketId: marketHolidays.marketId, date: marketHolidays.date })
    .from(marketHolidays)
    .where(inArray(marketHolidays.marketId, marketIds))
    .all()
  for (const row of rows) byMarket.set(row.marketId, [...(byMarket.get(row.marketId) ?? []), row.date])
  return byMarket
}

const hoursOf = (market: MarketHoursRow, holidays: string[]): BusinessHours => ({
  timezone: market.timezone,
  opens: market.supportOpens,
  closes: market.supportCloses,
  days: market.supportDays,
  holidays,
})

/**
 * A market's support hours with its holidays: the only way SLA arithmetic learns a market's
 * calendar, so due times, pauses and "due soon" all skip the same days.
 */
export function businessHoursOfMarket(exec: Executor, { marketId }: { marketId: number }) {
  const market = exec.select(marketHoursColumns).from(markets).where(eq(markets.id, marketId)).get()
  if (!market) return null
  return hoursOf(market, holidaysByMarket(exec, [market.id]).get(market.id) ?? [])
}

/**
 * Per market, the moment two business hours from `now` end. "Due soon" depends on the
 * market's hours: on Friday evening a ticket due Monday at ten is due soon, one due in three
 * wall-clock hours on a Tuesday morning is not. A market whose support never opens falls
 * back to two plain hours.
 */
export async function dueSoonThresholds({ now }: { now: Date }) {
  const rows = db.select(marketHoursColumns).from(markets).all()
  const holidays = holidaysByMarket(
    db,
    rows.map((m) => m.id),
  )
  return new Map(
    rows.map((m) => [
      m.id,
      addBusinessMinutes(now, dueSoonBusinessMinutes, hoursOf(m, holidays.get(m.id) ?? [])) ??
        new Date(now.getTime() + dueSoonBusinessMinutes * 60_000),
    ]),
  )
}
