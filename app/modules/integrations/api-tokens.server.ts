import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'
import { desc, eq, isNull, and } from 'drizzle-orm'
import { db, schema } from '~/db.server'
import { clock } from '~/modules/clock/clock'

const { apiTokens, users } = schema

/**
 * A token is 32 random bytes; only its SHA-256 is stored. A slow hash buys nothing here:
 * the secret has 256 bits of entropy, so the fast hash cannot be guessed backwards.
 */
const hash = (token: string) => createHash('sha256').update(token).digest('hex')

export async function createApiToken({ name, createdById }: { name: string; createdById: number }) {
  const token = `hub_${randomBytes(32).toString('base64url')}`
  const [row] = await db
    .insert(apiTokens)
    .values({ name, tokenHash: hash(token), hint: token.slice(-4), createdById })
    .returning({ id: apiTokens.id })
  return { id: row!.id, token }
}

export async function listApiTokens() {
  return db
    .select({
      id: apiTokens.id,
      name: apiTokens.name,
      hint: apiTokens.hint,
      createdAt: apiTokens.createdAt,
      lastUsedAt: apiTokens.lastUsedAt,
      revokedAt: apiTokens.revokedAt,
      createdBy: users.name,
    })
    .from(apiTokens)
    .leftJoin(users, eq(users.id, apiTokens.createdById))
    .orderBy(desc(apiTokens.createdAt), desc(apiTokens.id))
}

export async function revokeApiToken({ id }: { id: number }) {
  const revoked = await db
    .update(apiTokens)
    .set({ revokedAt: clock.now() })
    .where(and(eq(apiTokens.id, id), isNull(apiTokens.revokedAt)))
    .returning({ id: apiTokens.id })
  return revoked.length > 0
}

/** The live token behind an `Authorization: Bearer …` header, or null; marks it used. */
export async function authenticateApiToken(authorization: string | null) {
  const match = /^Bearer\s+(hub_[\w-]{20,100})\s*$/.exec(authorization ?? '')
  if (!match) return null
  const tokenHash = hash(match[1]!)
  const row = await db.query.apiTokens.findFirst({ where: eq(apiTokens.tokenHash, tokenHash) })
  // The lookup is by hash already; the constant-time compare keeps it so if the index changes.
  if (!row || row.revokedAt || !timingSafeEqual(Buffer.from(row.tokenHash), Buffer.from(tokenHash)))
    return null
  await db.update(apiTokens).set({ lastUsedAt: clock.now() }).where(eq(apiTokens.id, row.id))
  return { id: row.id, name: row.name }
}
