import { and, eq, sql } from 'drizzle-orm'
import { db, schema } from '~/db.server'
import { itemKeysForEvent, markDoneIn } from '~/modules/onboarding/progress.server'
import type { ProductEventInput } from './product-events.schema'

const { accounts, users, checklistItems, productEvents } = schema

export type IngestResult =
  | { status: 'accepted'; completed: string[] }
  | { status: 'duplicate' }
  | { status: 'unknown-account' }
  | { status: 'unknown-event' }
  | { status: 'before-onboarding-start'; onboardingStartedAt: Date }

/**
 * Stores a product event once per (token, idempotency key) and completes the checklist
 * items that carry its key. Event keys no playbook knows are refused, so a typo in an
 * integration shows up at once instead of silently completing nothing.
 */
export async function ingestProductEvent(input: {
  tokenId: number
  event: ProductEventInput
}): Promise<IngestResult> {
  const { event } = input
  const account = await db.query.accounts.findFirst({
    where:
      event.accountId !== undefined
        ? eq(accounts.id, event.accountId)
        : eq(accounts.externalId, event.accountExternalId!),
    columns: { id: true, onboardingStartedAt: true },
  })
  if (!account) return { status: 'unknown-account' }
  const occurredAt = new Date(event.occurredAt)
  // Onboarding days count from T0: an event before it would tick a step on a negative day and
  // pull the account's time-to-value below zero. It is a clock or mapping error upstream.
  if (account.onboardingStartedAt && occurredAt < account.onboardingStartedAt)
    return { status: 'before-onboarding-start', onboardingStartedAt: account.onboardingStartedAt }
  const known = await db
    .select({ n: sql<number>`1` })
    .from(checklistItems)
    .where(eq(checklistItems.eventKey, event.event))
    .limit(1)
  if (known.length === 0) return { status: 'unknown-event' }
  // A person is named only when they belong to this account; any other email is ignored.
  const user = event.userEmail
    ? await db.query.users.findFirst({
        where: and(eq(users.email, event.userEmail.toLowerCase()), eq(users.accountId, account.id)),
        columns: { id: true },
      })
    : undefined
  const itemKeys = await itemKeysForEvent({ accountId: account.id, eventKey: event.event })
  // One transaction: a crash can no longer keep the event (so a retry is a duplicate) while
  // losing the ticks it should have made.
  const completed = db.transaction(
    (tx) => {
      const inserted = tx
        .insert(productEvents)
        .values({
          tokenId: input.tokenId,
          idempotencyKey: event.idempotencyKey,
          accountId: account.id,
          eventKey: event.event,
          userId: user?.id ?? null,
          occurredAt,
        })
        .onConflictDoNothing()
        .returning({ id: productEvents.id })
        .all()
      if (inserted.length === 0) return null
      tx.insert(schema.events)
        .values({
          type: 'product',
          userId: user?.id ?? null,
          accountId: account.id,
          ref: event.event,
          occurredAt,
        })
        .run()
      return markDoneIn(tx, {
        accountId: account.id,
        itemKeys,
        userId: user?.id ?? null,
        source: 'product',
        at: occurredAt,
      })
    },
    { behavior: 'immediate' },
  )
  if (completed === null) return { status: 'duplicate' }
  return { status: 'accepted', completed }
}
