import { and, asc, count, desc, eq, gte, or, sql, type SQL } from 'drizzle-orm'
import type { Tier } from '#db/schema/enums'
import { db, schema } from '~/db.server'
import { clock } from '~/modules/clock/clock'
import { accountsPageSize, type AccountFilters } from './accounts.schema'
import { deriveTier } from './tier'

const { accounts, markets, users, events } = schema

/** The tier in force: the override when staff set one, otherwise the derived tier. */
const tierInForce = sql<Tier>`coalesce(${accounts.tierOverride}, ${accounts.derivedTier})`

/** Staff list of accounts with search and filters; never used for customers. */
export async function listAccounts(filters: AccountFilters) {
  const conditions: SQL[] = []
  if (filters.q) {
    const pattern = `%${filters.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
    conditions.push(
      or(
        sql`${accounts.name} like ${pattern} escape '\\'`,
        sql`${accounts.externalId} like ${pattern} escape '\\'`,
      )!,
    )
  }
  if (filters.market) conditions.push(eq(markets.code, filters.market))
  if (filters.tier) conditions.push(sql`${tierInForce} = ${filters.tier}`)
  if (filters.locale) conditions.push(eq(accounts.locale, filters.locale))
  const where = conditions.length ? and(...conditions) : undefined

  const [total] = await db
    .select({ n: count() })
    .from(accounts)
    .innerJoin(markets, eq(markets.id, accounts.marketId))
    .where(where)
  // A page past the last (a stale link after the list shrank) shows the first.
  const page = filters.page > Math.max(1, Math.ceil((total?.n ?? 0) / accountsPageSize)) ? 1 : filters.page
  const rows = await db
    .select({
      id: accounts.id,
      name: accounts.name,
      externalId: accounts.externalId,
      marketCode: markets.code,
      locale: accounts.locale,
      arrMinor: accounts.arrMinor,
      currency: accounts.currency,
      tier: tierInForce,
      onboardingStartedAt: accounts.onboardingStartedAt,
    })
    .from(accounts)
    .innerJoin(markets, eq(markets.id, accounts.marketId))
    .where(where)
    .orderBy(asc(accounts.name), asc(accounts.id))
    .limit(accountsPageSize)
    .offset((page - 1) * accountsPageSize)
  return { rows, page, total: total?.n ?? 0 }
}

/** One account with its market and owner, for staff. */
export async function getAccountForStaff({ accountId }: { accountId: number }) {
  const account = await db.query.accounts.findFirst({
    where: eq(accounts.id, accountId),
  })
  if (!account) return null
  const market = await db.query.markets.findFirst({ where: eq(markets.id, account.marketId) })
  const owner = account.ownerId
    ? await db.query.users.findFirst({
        where: eq(users.id, account.ownerId),
        columns: { id: true, name: true, email: true },
      })
    : null
  const since = new Date(clock.now().getTime() - 30 * 24 * 3600 * 1000)
  const [activity] = await db
    .select({ n: count() })
    .from(events)
    .where(and(eq(events.accountId, accountId), gte(events.occurredAt, since)))
  return { account, market: market!, owner, eventsLast30Days: activity?.n ?? 0 }
}

/** The account a customer belongs to, with what they may see of it. */
export async function getOwnAccount({ accountId }: { accountId: number }) {
  const row = await db
    .select({
      id: accounts.id,
      name: accounts.name,
      tier: tierInForce,
      onboardingStartedAt: accounts.onboardingStartedAt,
      marketName: markets.name,
      marketCode: markets.code,
      ownerName: users.name,
      ownerEmail: users.email,
    })
    .from(accounts)
    .innerJoin(markets, eq(markets.id, accounts.marketId))
    .leftJoin(users, eq(users.id, accounts.ownerId))
    .where(eq(accounts.id, accountId))
    .get()
  return row ?? null
}

/**
 * What an account admin sees of the team's progress on the home: the active people, how many
 * have done at least one academy lesson, and how many hold a certificate.
 */
export async function getTeamProgress({ accountId }: { accountId: number }) {
  // Aliased in plain SQL: drizzle drops the table names of columns inside a select's sql, and an
  // unqualified "id" in the subquery would be the certificate's own id.
  const row = await db
    .select({
      people: count(),
      learning: sql<number>`count(*) filter (where exists (select 1 from lesson_progress lp where lp.user_id = "users"."id"))`,
      certified: sql<number>`count(*) filter (where exists (select 1 from certificates c where c.user_id = "users"."id"))`,
    })
    .from(users)
    .where(and(eq(users.accountId, accountId), eq(users.disabled, false)))
    .get()
  return { people: row?.people ?? 0, learning: row?.learning ?? 0, certified: row?.certified ?? 0 }
}

const memberColumns = {
  id: users.id,
  name: users.name,
  email: users.email,
  locale: users.locale,
  isAccountAdmin: users.isAccountAdmin,
  disabled: users.disabled,
  createdAt: users.createdAt,
}

export async function listAccountMembers({ accountId }: { accountId: number }) {
  return db
    .select(memberColumns)
    .from(users)
    .where(and(eq(users.accountId, accountId), eq(users.role, 'customer')))
    .orderBy(desc(users.isAccountAdmin), asc(users.name))
}

/** A member of this account, or null: another account's member is as missing as an unknown id. */
export async function getAccountMember({ accountId, userId }: { accountId: number; userId: number }) {
  const member = await db
    .select(memberColumns)
    .from(users)
    .where(and(eq(users.id, userId), eq(users.accountId, accountId), eq(users.role, 'customer')))
    .get()
  if (!member) return null
  const lastSignIn = await db
    .select({ at: events.occurredAt })
    .from(events)
    .where(and(eq(events.userId, userId), eq(events.type, 'login')))
    .orderBy(desc(events.occurredAt))
    .limit(1)
    .get()
  return { ...member, lastSignInAt: lastSignIn?.at ?? null }
}

/**
 * Changes a member's admin flag or access. Scoped to the account; an account always keeps
 * one active admin, so nobody can lock their colleagues out by accident.
 */
export async function updateAccountMember({
  accountId,
  userId,
  change,
}: {
  accountId: number
  userId: number
  change: { isAccountAdmin?: boolean; disabled?: boolean }
}): Promise<'updated' | 'not-found' | 'last-admin'> {
  return db.transaction(
    (tx) => {
      const member = tx
        .select({ id: users.id, isAccountAdmin: users.isAccountAdmin, disabled: users.disabled })
        .from(users)
        .where(and(eq(users.id, userId), eq(users.accountId, accountId), eq(users.role, 'customer')))
        .get()
      if (!member) return 'not-found'
      const next = { ...member, ...change }
      const losesAdmin = member.isAccountAdmin && !member.disabled && (!next.isAccountAdmin || next.disabled)
      if (losesAdmin) {
        const [admins] = tx
          .select({ n: count() })
          .from(users)
          .where(
            and(eq(users.accountId, accountId), eq(users.isAccountAdmin, true), eq(users.disabled, false)),
          )
          .all()
        if ((admins?.n ?? 0) <= 1) return 'last-admin'
      }
      tx.update(users).set(change).where(eq(users.id, userId)).run()
      if (change.disabled) tx.delete(schema.sessions).where(eq(schema.sessions.userId, userId)).run()
      return 'updated'
    },
    { behavior: 'immediate' },
  )
}

export async function setTierOverride({
  accountId,
  tierOverride,
  reason,
}: {
  accountId: number
  tierOverride: Tier | null
  reason: string | null
}) {
  const result = await db
    .update(accounts)
    .set({ tierOverride, tierOverrideReason: tierOverride ? reason : null })
    .where(eq(accounts.id, accountId))
    .returning({ id: accounts.id })
  return result.length > 0
}

/** Re-derives the tier of every account of a market after its thresholds changed. */
export function rederiveTiersOfMarket(
  tx: Parameters<Parameters<typeof db.transaction>[0]>[0],
  market: typeof markets.$inferSelect,
) {
  const rows = tx
    .select({
      id: accounts.id,
      arrMinor: accounts.arrMinor,
      currency: accounts.currency,
      derivedTier: accounts.derivedTier,
    })
    .from(accounts)
    .where(eq(accounts.marketId, market.id))
    .all()
  for (const row of rows) {
    const tier = deriveTier(row, market)
    if (tier !== row.derivedTier)
      tx.update(accounts).set({ derivedTier: tier }).where(eq(accounts.id, row.id)).run()
  }
}

export async function countAccountsByTier() {
  const rows = await db.select({ tier: tierInForce, n: count() }).from(accounts).groupBy(tierInForce)
  return Object.fromEntries(rows.map((r) => [r.tier, r.n])) as Partial<Record<Tier, number>>
}
