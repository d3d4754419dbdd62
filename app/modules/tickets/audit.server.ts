import type { TicketChange } from '#db/schema/tickets'
import { db, schema } from '~/db.server'
import { clock } from '~/modules/clock/clock'

export type Tx = Parameters<Parameters<typeof db.transaction>[0]>[0]

/** One line of a ticket's audit trail (ticket_events), inside the change's own transaction. */
export function audit(
  tx: Tx,
  input: {
    ticketId: number
    actorId: number | null
    change: TicketChange
    from?: string | null
    to?: string | null
    at?: Date
  },
) {
  tx.insert(schema.ticketEvents)
    .values({
      ticketId: input.ticketId,
      actorId: input.actorId,
      change: input.change,
      fromValue: input.from ?? null,
      toValue: input.to ?? null,
      at: input.at ?? clock.now(),
    })
    .run()
}
