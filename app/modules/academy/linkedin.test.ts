import { describe, expect, it } from 'vitest'
import { linkedInAddToProfileUrl } from './linkedin'

const certificate = {
  courseTitle: 'Основы платформы & SDK',
  issuer: 'Orbit Analytics',
  // 23:30 on 31 December UTC is still 2026-12 on the certificate, whatever the server's zone.
  issuedAt: new Date('2026-12-31T23:30:00Z'),
  expiresAt: new Date('2028-12-31T23:30:00Z'),
  verificationUrl: 'https://hub.example.com/ru/certificates/HUB-AAAA-BBBB-CCCC-DDDD-EEEE-FFFF-GGGG',
  code: 'HUB-AAAA-BBBB-CCCC-DDDD-EEEE-FFFF-GGGG',
}

describe('the LinkedIn add-to-profile link', () => {
  it('names the course, the issuer, the month and year of issue and expiry, the verification page and the code', () => {
    const url = new URL(linkedInAddToProfileUrl(certificate))
    expect(`${url.origin}${url.pathname}`).toBe('https://www.linkedin.com/profile/add')
    expect(Object.fromEntries(url.searchParams)).toEqual({
      startTask: 'CERTIFICATION_NAME',
      name: 'Основы платформы & SDK',
      organizationName: 'Orbit Analytics',
      issueYear: '2026',
      issueMonth: '12',
      expirationYear: '2028',
      expirationMonth: '12',
      certUrl: certificate.verificationUrl,
      certId: certificate.code,
    })
    // An ampersand in a title cannot start a parameter of its own.
    expect(linkedInAddToProfileUrl(certificate)).toContain('name=%D0%9E')
    expect(linkedInAddToProfileUrl(certificate)).not.toContain('& SDK')
  })

  it('leaves the expiry out for a certificate that does not expire, and writes January as 1', () => {
    const url = new URL(
      linkedInAddToProfileUrl({
        ...certificate,
        issuedAt: new Date('2027-01-05T00:00:00Z'),
        expiresAt: null,
      }),
    )
    expect(url.searchParams.get('issueMonth')).toBe('1')
    expect(url.searchParams.get('issueYear')).toBe('2027')
    expect(url.searchParams.has('expirationYear')).toBe(false)
    expect(url.searchParams.has('expirationMonth')).toBe(false)
  })
})
