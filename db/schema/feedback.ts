import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core'
import { accounts } from './accounts'
import { createdAt, id } from './columns'
import type { Locale, Tier } from './enums'
import { users } from './users'

/** What a reader can say "Did this help?" about: a knowledge-base article, a video, a course. */
export const feedbackKinds = ['article', 'video', 'course'] as const
export type FeedbackKind = (typeof feedbackKinds)[number]

/**
 * "Was this helpful?" answers, one per person (or anonymous browser) and piece of content,
 * keyed by the content's kind and id (articles.id, videos.id or courses.id). A piece of
 * content that is deleted leaves its answers behind: they are counts, and joins drop them.
 */
export const contentFeedback = sqliteTable(
  'content_feedback',
  {
    id: id(),
    kind: text('kind').$type<FeedbackKind>().notNull(),
    contentId: integer('content_id').notNull(),
    /** `user:<id>` or `visitor:<random id>`: who answered, so each answers once. */
    respondent: text('respondent').notNull(),
    userId: integer('user_id').references(() => users.id, { onDelete: 'set null' }),
    accountId: integer('account_id').references(() => accounts.id, { onDelete: 'set null' }),
    marketCode: text('market_code'),
    tier: text('tier').$type<Tier>(),
    locale: text('locale').$type<Locale>().notNull(),
    helpful: integer('helpful', { mode: 'boolean' }).notNull(),
    reason: text('reason'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('content_feedback_once').on(t.kind, t.contentId, t.respondent),
    index('content_feedback_kind_created').on(t.kind, t.createdAt),
  ],
)
