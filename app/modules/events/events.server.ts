import type { EventType, Locale } from '#db/schema/enums'
import { db, schema } from '~/db.server'
import { clock } from '~/modules/clock/clock'
import { bestEffortWrite } from '~/modules/storage/storage.server'

/**
 * Records what a person did; the raw material of adoption, content usage and time-to-value.
 * Best effort: with a full disk the event is dropped and the page is still served.
 */
export async function recordEvent(input: {
  type: EventType
  userId?: number | null
  accountId?: number | null
  ref?: string | null
  locale?: Locale | null
  occurredAt?: Date
}) {
  await bestEffortWrite(() =>
    db.insert(schema.events).values({ ...input, occurredAt: input.occurredAt ?? clock.now() }),
  )
}
