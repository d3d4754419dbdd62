import { createCookie } from '@remix-run/node'
import { eq } from 'drizzle-orm'
import { inject } from 'vitest'
import type { Locale, Role, Tier } from '#db/schema/enums'
import * as schema from '#db/schema/index'
import { createDb, type Db } from '~/db-connection.server'
import { createToken } from '~/modules/auth/tokens.server'
import { createClient, demoPassword, type Client } from '../setup/http'

/**
 * Factories for the people a test needs, written straight into the test server's database
 * (as the Epic Stack's createUser does): every account, person and e-mail is new and unique,
 * so a test never depends on another test's data and files can run in any order, side by
 * side, against one shared server. Every person's password is the demo password.
 */

let sequence = 0
/** A name no other test of this run uses: the worker's pid, a counter and the time. */
export function unique(prefix: string) {
  sequence += 1
  return `${prefix}-${process.pid}-${sequence}-${Date.now().toString(36)}`
}

const connections = new Map<string, Db>()
/** The shared server's database (or another file), opened once per test file. */
export function testDb(file = inject('server').databaseFile): Db {
  let db = connections.get(file)
  if (!db) {
    db = createDb(file).db
    connections.set(file, db)
  }
  return db
}

/** The demo's markets; a test may also make markets of its own (tests/factories/tickets.ts). */
export type MarketCode = 'US' | 'EMEA' | 'LATAM' | 'BR'

export type AccountOverrides = {
  name?: string
  /** A market code: one of the demo's (US, EMEA, LATAM, BR) or one a test created. */
  market?: string
  locale?: Locale
  tier?: Tier
  onboardingStartedAt?: Date | null
  checklistId?: number | null
  ownerId?: number | null
}

/** A customer account in a market, in the market's language unless told; tech touch unless told. */
export function createAccount(overrides: AccountOverrides = {}, db = testDb()) {
  const marketCode = overrides.market ?? 'US'
  const market = db.select().from(schema.markets).where(eq(schema.markets.code, marketCode)).get()
  if (!market) throw new Error(`createAccount: no market ${marketCode} in the database`)
  const tier = overrides.tier ?? 'tech'
  return db
    .insert(schema.accounts)
    .values({
      name: overrides.name ?? unique('Account'),
      externalId: unique('ext'),
      marketId: market.id,
      locale: overrides.locale ?? market.defaultLocale,
      arrMinor: tier === 'high' ? market.highTouchMinArr : tier === 'mid' ? market.midTouchMinArr : 0,
      currency: market.currency,
      derivedTier: tier,
      onboardingStartedAt:
        overrides.onboardingStartedAt === undefined ? new Date() : overrides.onboardingStartedAt,
      checklistId: overrides.checklistId ?? null,
      ownerId: overrides.ownerId ?? null,
    })
    .returning()
    .get()
}

export type Account = ReturnType<typeof createAccount>

export type UserOverrides = {
  name?: string
  email?: string
  role?: Role
  locale?: Locale
  account?: Account | null
  isAccountAdmin?: boolean
  disabled?: boolean
  /** The zone the person chose; none (null) means the default: their market's, or UTC for staff. */
  timeZone?: string | null
}

function demoPasswordHash(db: Db) {
  const admin = db
    .select({ hash: schema.users.passwordHash })
    .from(schema.users)
    .where(eq(schema.users.email, 'admin@hub.example'))
    .get()
  if (!admin) throw new Error('The test database has no demo logins to take the password hash from')
  return admin.hash
}

/**
 * A person; a customer gets an account of their own unless one is given. Staff have none.
 * They sign in with the demo password (the hash is the demo's, so no test pays for scrypt).
 */
export function createUser(overrides: UserOverrides = {}, db = testDb()) {
  const role = overrides.role ?? 'customer'
  const account =
    role === 'customer' ? (overrides.account ?? createAccount({ locale: overrides.locale }, db)) : null
  const locale = overrides.locale ?? account?.locale ?? 'en'
  const name = overrides.name ?? unique('Person')
  const user = db
    .insert(schema.users)
    .values({
      email: (overrides.email ?? `${unique(role)}@test.example`).toLowerCase(),
      name,
      role,
      locale,
      accountId: account?.id ?? null,
      isAccountAdmin: overrides.isAccountAdmin ?? false,
      disabled: overrides.disabled ?? false,
      timeZone: overrides.timeZone ?? null,
      passwordHash: demoPasswordHash(db),
    })
    .returning()
    .get()
  return { ...user, password: demoPassword, account }
}

export type TestUser = ReturnType<typeof createUser>

/**
 * A signed-in session for the person, written as the portal writes one at sign-in, and the
 * cookie a browser would hold for it. Only the sign-in tests go through the form.
 */
export async function createSession(user: { id: number }, options: { now?: Date } = {}, db = testDb()) {
  const { token, tokenHash } = createToken()
  const now = options.now ?? new Date()
  db.insert(schema.sessions)
    .values({
      idHash: tokenHash,
      userId: user.id,
      createdAt: now,
      lastSeenAt: now,
      expiresAt: new Date(now.getTime() + 30 * 24 * 3600 * 1000),
    })
    .run()
  const cookie = createCookie('hub_session', { secrets: [inject('server').sessionSecret] })
  const value = (await cookie.serialize(token)).split(';')[0]!.slice('hub_session='.length)
  return { name: 'hub_session', value }
}

/** An HTTP client of the shared server, signed in as the person. */
export async function signedInClient(user: { id: number }, options: { now?: () => Date } = {}) {
  const client: Client = createClient(inject('server').url, { now: options.now })
  const session = await createSession(user, { now: options.now?.() })
  client.cookies.set(session.name, session.value)
  return client
}
