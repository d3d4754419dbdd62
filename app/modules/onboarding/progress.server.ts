import { and, eq, inArray, sql } from 'drizzle-orm'
import type { Locale } from '#db/schema/enums'
import type { CompletionSource, ItemLinkType } from '#db/schema/onboarding'
import { db, preparedOnce, schema } from '~/db.server'
import { getOutcomeTargets } from '~/modules/accounts/markets.server'
import { effectiveTier } from '~/modules/accounts/tier'
import { clock } from '~/modules/clock/clock'
import { recordEvent } from '~/modules/events/events.server'
import { isPastGoal, nextOpenStep } from './next-step'
import { getPlaybook, playbookIdFor } from './playbooks.server'
import { onboardingDay, onboardingDuration, timeToValue } from './time-to-value'

const { accounts, accountItemProgress, checklistItems, users } = schema

const accountForOnboardingById = preparedOnce(() =>
  db.query.accounts
    .findFirst({
      where: eq(accounts.id, sql.placeholder('accountId')),
      columns: {
        id: true,
        marketId: true,
        derivedTier: true,
        tierOverride: true,
        checklistId: true,
        onboardingStartedAt: true,
        ownerId: true,
      },
    })
    .prepare(),
)

async function accountForOnboarding(accountId: number) {
  return accountForOnboardingById().execute({ accountId })
}

/** High-touch accounts have a named success manager to turn to; the others open a ticket. */
async function successManagerOf(account: { ownerId: number | null } & Parameters<typeof effectiveTier>[0]) {
  if (effectiveTier(account) !== 'high' || account.ownerId === null) return null
  const owner = await db.query.users.findFirst({
    where: eq(users.id, account.ownerId),
    columns: { name: true, email: true },
  })
  return owner ?? null
}

const progressByAccount = preparedOnce(() =>
  db
    .select({
      itemKey: accountItemProgress.itemKey,
      doneAt: accountItemProgress.doneAt,
      source: accountItemProgress.source,
      byName: users.name,
    })
    .from(accountItemProgress)
    .leftJoin(users, eq(users.id, accountItemProgress.doneById))
    .where(eq(accountItemProgress.accountId, sql.placeholder('accountId')))
    .prepare(),
)

async function progressOf(accountId: number) {
  return progressByAccount().all({ accountId })
}

/**
 * An account's onboarding as its people and staff see it: the playbook in `locale` with who
 * did what and when, progress, the day of onboarding, time-to-value against the global target.
 */
export async function getOnboarding({
  accountId,
  locale,
  today = clock.now(),
}: {
  accountId: number
  locale: Locale
  today?: Date
}) {
  const account = await accountForOnboarding(accountId)
  if (!account) return null
  const checklistId = await playbookIdFor(account)
  const playbook = checklistId ? await getPlaybook({ checklistId, locale }) : null
  const progress = await progressOf(accountId)
  const targets = await getOutcomeTargets()
  const doneByKey = new Map(progress.map((p) => [p.itemKey, p]))
  const items = (playbook?.items ?? []).map((item) => {
    const done = doneByKey.get(item.key)
    return { ...item, done: done ? { at: done.doneAt, by: done.byName, source: done.source } : null }
  })
  const facts = { t0: account.onboardingStartedAt, items, completions: progress, today }
  const required = items.filter((i) => i.required)
  const day = account.onboardingStartedAt ? onboardingDay(account.onboardingStartedAt, today) : null
  const duration = onboardingDuration(facts)
  const pastGoal = isPastGoal({ day, goalDays: targets.onboardingDays, duration })
  return {
    playbook: playbook && {
      id: playbook.id,
      key: playbook.key,
      name: playbook.name,
      description: playbook.description,
      locale: playbook.locale,
    },
    chosenByStaff: account.checklistId !== null,
    items,
    counts: {
      done: items.filter((i) => i.done).length,
      total: items.length,
      requiredDone: required.filter((i) => i.done).length,
      requiredTotal: required.length,
    },
    startedAt: account.onboardingStartedAt,
    day,
    timeToValue: timeToValue(facts),
    duration,
    targets: { timeToValueDays: targets.timeToValueDays, onboardingDays: targets.onboardingDays },
    nextStep: nextOpenStep(items),
    pastGoal,
    /** Whom to turn to when stuck past the goal: the CSM of a high-touch account, else a ticket. */
    successManager: pastGoal ? await successManagerOf(account) : null,
  }
}

export type Onboarding = NonNullable<Awaited<ReturnType<typeof getOnboarding>>>

/** The keys of the account's current playbook items that match `where`; scoping lives here. */
async function currentItemKeys(
  accountId: number,
  where: (item: typeof checklistItems.$inferSelect) => boolean,
) {
  const account = await accountForOnboarding(accountId)
  if (!account) return []
  const checklistId = await playbookIdFor(account)
  if (!checklistId) return []
  const items = await db.select().from(checklistItems).where(eq(checklistItems.checklistId, checklistId))
  return items.filter(where).map((i) => i.key)
}

type Tx = Parameters<Parameters<typeof db.transaction>[0]>[0]

type Completion = {
  accountId: number
  itemKeys: string[]
  userId: number | null
  source: CompletionSource
  at: Date
  locale?: Locale | null
}

/**
 * Marks items done for an account inside the caller's transaction, so that what caused the
 * completion (a product event, a tick) and the completion are saved together or not at all.
 * An item already done keeps its first date and author. Returns the keys that became done now.
 */
export function markDoneIn(tx: Tx, input: Completion) {
  const newlyDone: string[] = []
  for (const itemKey of input.itemKeys) {
    const inserted = tx
      .insert(accountItemProgress)
      .values({
        accountId: input.accountId,
        itemKey,
        doneAt: input.at,
        doneById: input.userId,
        source: input.source,
      })
      .onConflictDoNothing()
      .returning({ itemKey: accountItemProgress.itemKey })
      .all()
    if (inserted.length) newlyDone.push(itemKey)
  }
  // Only a tick by a person is self-service use of the portal (what makes a portal user);
  // reading an article is already its own event, and product events are not portal use.
  if (input.source !== 'person') return newlyDone
  for (const itemKey of newlyDone) {
    tx.insert(schema.events)
      .values({
        type: 'checklist',
        userId: input.userId,
        accountId: input.accountId,
        ref: `done:${itemKey}`,
        locale: input.locale ?? null,
        occurredAt: input.at,
      })
      .run()
  }
  return newlyDone
}

function markDone(input: Completion) {
  return db.transaction((tx) => markDoneIn(tx, input), { behavior: 'immediate' })
}

/** A person ticks an item of their account's playbook; false when the account has no such item. */
export async function completeItem(input: {
  accountId: number
  itemKey: string
  userId: number
  locale: Locale
}) {
  const keys = await currentItemKeys(input.accountId, (item) => item.key === input.itemKey)
  if (keys.length === 0) return false
  await markDone({
    accountId: input.accountId,
    itemKeys: keys,
    userId: input.userId,
    source: 'person',
    at: clock.now(),
    locale: input.locale,
  })
  return true
}

/** Takes a completion back; the item counts again from its next completion. */
export async function undoItem(input: {
  accountId: number
  itemKey: string
  userId: number
  locale: Locale
}) {
  const keys = await currentItemKeys(input.accountId, (item) => item.key === input.itemKey)
  if (keys.length === 0) return false
  const removed = await db
    .delete(accountItemProgress)
    .where(
      and(eq(accountItemProgress.accountId, input.accountId), inArray(accountItemProgress.itemKey, keys)),
    )
    .returning({ itemKey: accountItemProgress.itemKey })
  if (removed.length)
    await recordEvent({
      type: 'checklist',
      userId: input.userId,
      accountId: input.accountId,
      ref: `undone:${input.itemKey}`,
      locale: input.locale,
    })
  return true
}

/**
 * Reading a linked article, watching a linked video or finishing a linked course completes
 * only the items whose playbook says `completeOn: read`. Every other step is about doing
 * something in the product: reading how to verify the integration is not verifying it, so
 * such a step waits for its product event or a person's tick.
 */
export async function completeLinkedItems(input: {
  accountId: number
  userId: number
  linkType: ItemLinkType
  linkKey: string
  locale: Locale
}) {
  const keys = await currentItemKeys(
    input.accountId,
    (item) => item.completeOnRead && item.linkType === input.linkType && item.linkKey === input.linkKey,
  )
  return markDone({
    accountId: input.accountId,
    itemKeys: keys,
    userId: input.userId,
    source: input.linkType,
    at: clock.now(),
    locale: input.locale,
  })
}

/** A product event completes the items of the account's playbook that carry its key. */
/** The items of the account's current playbook that a product event completes. */
export function itemKeysForEvent({ accountId, eventKey }: { accountId: number; eventKey: string }) {
  return currentItemKeys(accountId, (item) => item.eventKey === eventKey)
}
