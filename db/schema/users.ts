import type { AnySQLiteColumn } from 'drizzle-orm/sqlite-core'
import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core'
import { accounts } from './accounts'
import { createdAt, id, timestamp, updatedAt } from './columns'
import type { Locale, Role } from './enums'

export const users = sqliteTable(
  'users',
  {
    id: id(),
    /** Always stored lower-cased and trimmed: emails are unique case-insensitively. */
    email: text('email').notNull().unique(),
    name: text('name').notNull(),
    role: text('role').$type<Role>().notNull(),
    accountId: integer('account_id').references((): AnySQLiteColumn => accounts.id, {
      onDelete: 'cascade',
    }),
    isAccountAdmin: integer('is_account_admin', { mode: 'boolean' }).notNull().default(false),
    locale: text('locale').$type<Locale>().notNull(),
    /**
     * The IANA zone the person reads times in, once they chose or confirmed one. Null until
     * then: a customer reads their market's zone and staff read UTC (app/modules/time).
     */
    timeZone: text('time_zone'),
    passwordHash: text('password_hash').notNull(),
    disabled: integer('disabled', { mode: 'boolean' }).notNull().default(false),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('users_account_idx').on(t.accountId)],
)

export type User = typeof users.$inferSelect
export type NewUser = typeof users.$inferInsert

export const sessions = sqliteTable(
  'sessions',
  {
    /** SHA-256 of the id in the cookie: a leaked database does not leak live sessions. */
    idHash: text('id_hash').primaryKey(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
    lastSeenAt: timestamp('last_seen_at').notNull(),
    expiresAt: timestamp('expires_at').notNull(),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
)

export const invitations = sqliteTable('invitations', {
  id: id(),
  tokenHash: text('token_hash').notNull().unique(),
  accountId: integer('account_id')
    .notNull()
    .references((): AnySQLiteColumn => accounts.id, { onDelete: 'cascade' }),
  email: text('email').notNull(),
  locale: text('locale').$type<Locale>().notNull(),
  isAccountAdmin: integer('is_account_admin', { mode: 'boolean' }).notNull().default(false),
  invitedById: integer('invited_by_id').references(() => users.id, { onDelete: 'set null' }),
  expiresAt: timestamp('expires_at').notNull(),
  acceptedAt: timestamp('accepted_at'),
  createdAt: createdAt(),
})

export const passwordResets = sqliteTable('password_resets', {
  id: id(),
  tokenHash: text('token_hash').notNull().unique(),
  userId: integer('user_id')
    .notNull()
    .references(() => users.id, { onDelete: 'cascade' }),
  expiresAt: timestamp('expires_at').notNull(),
  usedAt: timestamp('used_at'),
  createdAt: createdAt(),
})

/** Failed sign-ins, kept in the database so the limit survives a restart. */
export const loginAttempts = sqliteTable(
  'login_attempts',
  {
    id: id(),
    /** `email:<address>` or `client:<ip>`. */
    bucket: text('bucket').notNull(),
    attemptedAt: timestamp('attempted_at').notNull(),
  },
  (t) => [index('login_attempts_bucket_idx').on(t.bucket, t.attemptedAt)],
)
