import { and, asc, eq } from 'drizzle-orm'
import type { z } from 'zod'
import { db, schema } from '~/db.server'
import { clock } from '~/modules/clock/clock'
import type { holidaySchema } from './holidays.schema'

const { marketHolidays } = schema

/**
 * A market's public holidays, by date. SLA clocks skip them (tickets/sla.server.ts reads them);
 * due times already given are promises and do not move when the list changes.
 */
export async function listHolidays({ marketId }: { marketId: number }) {
  return db
    .select({ id: marketHolidays.id, date: marketHolidays.date, name: marketHolidays.name })
    .from(marketHolidays)
    .where(eq(marketHolidays.marketId, marketId))
    .orderBy(asc(marketHolidays.date))
}

/** Adds a holiday; false when the market already has one on that date (nothing is written). */
export function addHoliday({
  marketId,
  holiday,
}: {
  marketId: number
  holiday: z.output<typeof holidaySchema>
}) {
  const inserted = db
    .insert(marketHolidays)
    .values({ marketId, date: holiday.date, name: holiday.name, createdAt: clock.now() })
    .onConflictDoNothing()
    .returning({ id: marketHolidays.id })
    .all()
  return inserted.length > 0
}

/** Removes one of the market's holidays; another market's id removes nothing. */
export function removeHoliday({ marketId, holidayId }: { marketId: number; holidayId: number }) {
  const removed = db
    .delete(marketHolidays)
    .where(and(eq(marketHolidays.id, holidayId), eq(marketHolidays.marketId, marketId)))
    .returning({ id: marketHolidays.id })
    .all()
  return removed.length > 0
}
