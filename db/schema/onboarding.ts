import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core'
import { accounts } from './accounts'
import { createdAt, id, timestamp, updatedAt } from './columns'
import type { Locale, Tier } from './enums'
import { markets } from './markets'
import { users } from './users'

/** The steps of onboarding an item may belong to, in the order a customer meets them. */
export const onboardingPhases = ['setup', 'integrate', 'measure', 'grow'] as const
export type OnboardingPhase = (typeof onboardingPhases)[number]

/** What a checklist item may point to (an article, a video or a course, by key). */
export const itemLinkTypes = ['article', 'video', 'course'] as const
export type ItemLinkType = (typeof itemLinkTypes)[number]

/** Who or what completed an item. */
export const completionSources = ['person', 'article', 'video', 'course', 'product'] as const
export type CompletionSource = (typeof completionSources)[number]

/**
 * A playbook: the onboarding checklist of a market and tier. Locale-neutral; its name and
 * its items' texts live in translations. A null market or tier matches any.
 */
export const checklists = sqliteTable('checklists', {
  id: id(),
  /** The file name in content/checklists: ties the file to the playbook across imports. */
  key: text('key').notNull().unique(),
  marketId: integer('market_id').references(() => markets.id, { onDelete: 'set null' }),
  tier: text('tier').$type<Tier>(),
  sourceLocale: text('source_locale').$type<Locale>().notNull(),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
})

export type Checklist = typeof checklists.$inferSelect

/** `revision` and `sourceRevision` work as for articles: stale when the source moved on. */
export const checklistTranslations = sqliteTable(
  'checklist_translations',
  {
    checklistId: integer('checklist_id')
      .notNull()
      .references(() => checklists.id, { onDelete: 'cascade' }),
    locale: text('locale').$type<Locale>().notNull(),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    revision: integer('revision').notNull().default(1),
    sourceRevision: integer('source_revision').notNull().default(1),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.checklistId, t.locale] })],
)

export const checklistItems = sqliteTable(
  'checklist_items',
  {
    id: id(),
    checklistId: integer('checklist_id')
      .notNull()
      .references(() => checklists.id, { onDelete: 'cascade' }),
    /**
     * The same step carries the same key in every playbook ("install-sdk"), so progress,
     * which is kept per account and key, survives a switch of playbook.
     */
    key: text('key').notNull(),
    position: integer('position').notNull().default(0),
    phase: text('phase').$type<OnboardingPhase>(),
    required: integer('required', { mode: 'boolean' }).notNull().default(true),
    valueMilestone: integer('value_milestone', { mode: 'boolean' }).notNull().default(false),
    /** A product event with this key completes the item (POST /api/events). */
    eventKey: text('event_key'),
    /**
     * Opening the linked article, video or course completes the item only when its playbook
     * says so (`completeOn: read`): reading how to verify the integration is not verifying it.
     */
    completeOnRead: integer('complete_on_read', { mode: 'boolean' }).notNull().default(false),
    linkType: text('link_type').$type<ItemLinkType>(),
    /** The linked thing's key: an article's folder name, later a video's or course's. */
    linkKey: text('link_key'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('checklist_items_checklist_key').on(t.checklistId, t.key),
    index('checklist_items_event_key').on(t.eventKey),
    index('checklist_items_link').on(t.linkType, t.linkKey),
  ],
)

export type ChecklistItem = typeof checklistItems.$inferSelect

export const checklistItemTranslations = sqliteTable(
  'checklist_item_translations',
  {
    itemId: integer('item_id')
      .notNull()
      .references(() => checklistItems.id, { onDelete: 'cascade' }),
    locale: text('locale').$type<Locale>().notNull(),
    title: text('title').notNull(),
    help: text('help').notNull().default(''),
    revision: integer('revision').notNull().default(1),
    sourceRevision: integer('source_revision').notNull().default(1),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.itemId, t.locale] })],
)

/** What an account has done, per item key; a row is removed when someone undoes it. */
export const accountItemProgress = sqliteTable(
  'account_item_progress',
  {
    accountId: integer('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    itemKey: text('item_key').notNull(),
    doneAt: timestamp('done_at').notNull(),
    doneById: integer('done_by_id').references(() => users.id, { onDelete: 'set null' }),
    source: text('source').$type<CompletionSource>().notNull(),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.itemKey] })],
)

export type AccountItemProgress = typeof accountItemProgress.$inferSelect

/**
 * Each account's onboarding facts, as the view `account_onboarding_live` computes them from the
 * account, its playbook (playbook-choice.ts), the playbook's items and the account's progress:
 * stored so the staff tracker can sort and filter ten thousand accounts by time-to-value or
 * completion without joining every item and step on each request. SQLite triggers rewrite an
 * account's row on every write to the rows it rests on (migration 0017_account_onboarding), so
 * it holds whichever connection or process wrote. Nothing here depends on "today": the days
 * of time-to-value, duration and waiting are worked out from these facts and T0 when read
 * (time-to-value.ts).
 */
export const accountOnboarding = sqliteTable(
  'account_onboarding',
  {
    accountId: integer('account_id')
      .primaryKey()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    /** The playbook the account follows; null when none matches. Not a reference: derived. */
    playbookId: integer('playbook_id'),
    /** The playbook's items, and how many of them the account has done. */
    items: integer('items').notNull(),
    done: integer('done').notNull(),
    /** How many items are value milestones, and when the first of them was done. */
    milestones: integer('milestones').notNull(),
    valueAt: timestamp('value_at'),
    /** How many items are required, how many of those are done, and when the last was. */
    required: integer('required').notNull(),
    requiredDone: integer('required_done').notNull(),
    lastRequiredAt: timestamp('last_required_at'),
  },
  // The item triggers rewrite the accounts that follow the playbook whose items changed.
  (t) => [index('account_onboarding_playbook').on(t.playbookId)],
)

/** Tokens an admin creates per integration for POST /api/events; only the hash is kept. */
export const apiTokens = sqliteTable('api_tokens', {
  id: id(),
  name: text('name').notNull(),
  tokenHash: text('token_hash').notNull().unique(),
  /** The last characters, so people can tell tokens apart without the secret. */
  hint: text('hint').notNull(),
  createdById: integer('created_by_id').references(() => users.id, { onDelete: 'set null' }),
  createdAt: createdAt(),
  lastUsedAt: timestamp('last_used_at'),
  revokedAt: timestamp('revoked_at'),
})

export type ApiToken = typeof apiTokens.$inferSelect

/** Product events as received; the idempotency key makes a replay a no-op. */
export const productEvents = sqliteTable(
  'product_events',
  {
    id: id(),
    tokenId: integer('token_id')
      .notNull()
      .references(() => apiTokens.id, { onDelete: 'cascade' }),
    idempotencyKey: text('idempotency_key').notNull(),
    accountId: integer('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    eventKey: text('event_key').notNull(),
    userId: integer('user_id').references(() => users.id, { onDelete: 'set null' }),
    occurredAt: timestamp('occurred_at').notNull(),
    receivedAt: createdAt(),
  },
  (t) => [
    uniqueIndex('product_events_token_idempotency').on(t.tokenId, t.idempotencyKey),
    index('product_events_account').on(t.accountId, t.occurredAt),
  ],
)
