import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto'

// OWASP's scrypt floor: N=2^17, r=8, p=1 costs ~128 MiB per hash; 2^15 keeps a sign-in
// near 50 ms on our two cores while staying far beyond brute force at our rate limit.
const params = { N: 2 ** 15, r: 8, p: 1, keyLength: 64 }

function derive(password: string, salt: Buffer, options: ScryptOptions, keyLength: number) {
  return new Promise<Buffer>((resolve, reject) =>
    scrypt(
      password.normalize('NFKC'),
      salt,
      keyLength,
      { ...options, maxmem: 256 * 1024 * 1024 },
      (error, key) => (error ? reject(error) : resolve(key)),
    ),
  )
}

/** `scrypt$N$r$p$salt$hash`, so the cost can be raised later without breaking old hashes. */
export async function hashPassword(password: string) {
  const salt = randomBytes(16)
  const key = await derive(password, salt, { N: params.N, r: params.r, p: params.p }, params.keyLength)
  return ['scrypt', params.N, params.r, params.p, salt.toString('base64'), key.toString('base64')].join('$')
}

export async function verifyPassword(password: string, stored: string) {
  const [scheme, N, r, p, salt, hash] = stored.split('$')
  if (scheme !== 'scrypt' || !salt || !hash) return false
  const expected = Buffer.from(hash, 'base64')
  const actual = await derive(
    password,
    Buffer.from(salt, 'base64'),
    { N: Number(N), r: Number(r), p: Number(p) },
    expected.length,
  )
  return timingSafeEqual(expected, actual)
}

/** A real hash to verify against when the email is unknown, so both answers take as long. */
let decoy: Promise<string> | undefined
export function decoyHash() {
  decoy ??= hashPassword(randomBytes(16).toString('hex'))
  return decoy
}
