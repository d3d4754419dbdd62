import { createHash, randomBytes } from 'node:crypto'

/** An unguessable token for a link or cookie; only its hash is stored. */
export function createToken() {
  const token = randomBytes(32).toString('base64url')
  return { token, tokenHash: hashToken(token) }
}

export function hashToken(token: string) {
  return createHash('sha256').update(token).digest('hex')
}
