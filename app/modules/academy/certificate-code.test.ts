import { describe, expect, it } from 'vitest'
import {
  certificateCodePattern,
  codeAlphabet,
  expiryOf,
  generateCertificateCode,
  isCertificateCode,
  isValidAt,
} from './certificate-code'

describe('certificate codes', () => {
  it('look like HUB-XXXX-… in Crockford base32, with at least 128 random bits', () => {
    const code = generateCertificateCode()
    expect(code).toMatch(certificateCodePattern)
    expect(code).toMatch(/^HUB(-[0-9A-HJKMNP-TV-Z]{4}){7}$/)
    const randomChars = code.replace(/^HUB-/, '').replaceAll('-', '').length
    expect(randomChars * Math.log2(codeAlphabet.length)).toBeGreaterThanOrEqual(128)
    expect(codeAlphabet).not.toMatch(/[ILOU]/)
  })

  it('do not repeat over many draws', () => {
    const codes = new Set(Array.from({ length: 20_000 }, () => generateCertificateCode()))
    expect(codes.size).toBe(20_000)
  })

  it('accepts only the exact format: no lower case, no ambiguous letters, no extra text', () => {
    const code = generateCertificateCode()
    expect(isCertificateCode(code)).toBe(true)
    expect(isCertificateCode(code.toLowerCase())).toBe(false)
    expect(isCertificateCode(`${code}-AAAA`)).toBe(false)
    expect(isCertificateCode(code.replace(/-[^-]{4}$/, '-ILOU'))).toBe(false)
    expect(isCertificateCode(`${code} `)).toBe(false)
    expect(isCertificateCode('<script>')).toBe(false)
    expect(isCertificateCode('HUB-' + 'A'.repeat(500))).toBe(false)
    expect(isCertificateCode(undefined)).toBe(false)
  })
})

describe('expiry', () => {
  it('adds the course validity in months, clamped to the end of a shorter month', () => {
    expect(expiryOf(new Date('2026-03-15T10:00:00Z'), 12)).toEqual(new Date('2027-03-15T10:00:00Z'))
    expect(expiryOf(new Date('2026-01-31T10:00:00Z'), 1)).toEqual(new Date('2026-02-28T10:00:00Z'))
    expect(expiryOf(new Date('2026-11-30T00:00:00Z'), 3)).toEqual(new Date('2027-02-28T00:00:00Z'))
    expect(expiryOf(new Date('2026-03-15T10:00:00Z'), null)).toBeNull()
  })

  it('a certificate is valid until its expiry and forever without one', () => {
    const expiresAt = new Date('2027-03-15T10:00:00Z')
    expect(isValidAt({ expiresAt }, new Date('2027-03-15T09:59:59Z'))).toBe(true)
    expect(isValidAt({ expiresAt }, expiresAt)).toBe(false)
    expect(isValidAt({ expiresAt: null }, new Date('2100-01-01T00:00:00Z'))).toBe(true)
  })
})
