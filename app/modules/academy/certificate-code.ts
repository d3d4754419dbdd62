import { randomInt } from 'node:crypto'

/**
 * Crockford's base32 alphabet: no I, L, O or U, so a code read aloud or typed from paper is
 * not misread. 28 characters of 5 bits each: 140 random bits, far beyond guessing.
 */
export const codeAlphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'
const groups = 7
const groupLength = 4

export const certificateCodePattern = new RegExp(`^HUB(?:-[${codeAlphabet}]{${groupLength}}){${groups}}$`)

export function generateCertificateCode(random: (max: number) => number = randomInt) {
  const parts: string[] = []
  for (let g = 0; g < groups; g++) {
    let part = ''
    for (let i = 0; i < groupLength; i++) part += codeAlphabet[random(codeAlphabet.length)]
    parts.push(part)
  }
  return `HUB-${parts.join('-')}`
}

/** Only codes we could have issued reach the database; anything else is simply unknown. */
export function isCertificateCode(value: unknown): value is string {
  return typeof value === 'string' && value.length <= 64 && certificateCodePattern.test(value)
}

/** The expiry of a certificate issued at `issuedAt` for a course valid `months` months (null: never). */
export function expiryOf(issuedAt: Date, months: number | null) {
  if (months === null) return null
  const expiry = new Date(issuedAt)
  const day = expiry.getUTCDate()
  expiry.setUTCDate(1)
  expiry.setUTCMonth(expiry.getUTCMonth() + months)
  // 31 January + 1 month is the last day of February, not 3 March.
  const lastDay = new Date(Date.UTC(expiry.getUTCFullYear(), expiry.getUTCMonth() + 1, 0)).getUTCDate()
  expiry.setUTCDate(Math.min(day, lastDay))
  return expiry
}

export function isValidAt(certificate: { expiresAt: Date | null }, now: Date) {
  return certificate.expiresAt === null || certificate.expiresAt.getTime() > now.getTime()
}

/** The public verification page of a certificate: printed on it, in its PDF and sent to LinkedIn. */
export function verificationUrl(siteUrl: string, locale: string, code: string) {
  return `${siteUrl}/${locale}/certificates/${code}`
}
