/**
 * LinkedIn's "Add to profile" link for a certification: a plain link that opens the member's
 * profile form prefilled (no LinkedIn script on our pages, nothing sent before the click). The
 * parameters are LinkedIn's (`startTask=CERTIFICATION_NAME`, `name`, `organizationName`,
 * `issueYear`, `issueMonth`, `expirationYear`, `expirationMonth`, `certUrl`, `certId`); months
 * are 1–12. Dates are calendar days, so the year and month are those of the UTC date, the day
 * printed on the certificate. The holder's name is never part of it: LinkedIn knows its member.
 */
export function linkedInAddToProfileUrl(certificate: {
  courseTitle: string
  issuer: string
  issuedAt: Date
  expiresAt: Date | null
  verificationUrl: string
  code: string
}) {
  const params = new URLSearchParams({
    startTask: 'CERTIFICATION_NAME',
    name: certificate.courseTitle,
    organizationName: certificate.issuer,
    issueYear: String(certificate.issuedAt.getUTCFullYear()),
    issueMonth: String(certificate.issuedAt.getUTCMonth() + 1),
  })
  if (certificate.expiresAt) {
    params.set('expirationYear', String(certificate.expiresAt.getUTCFullYear()))
    params.set('expirationMonth', String(certificate.expiresAt.getUTCMonth() + 1))
  }
  params.set('certUrl', certificate.verificationUrl)
  params.set('certId', certificate.code)
  return `https://www.linkedin.com/profile/add?${params}`
}
