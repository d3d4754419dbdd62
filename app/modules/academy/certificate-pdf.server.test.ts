// @vitest-environment node
import { describe, expect, it } from 'vitest'
import { readPdf } from '../../../tests/setup/pdf'
import { renderCertificatePdf, type CertificateForPdf } from './certificate-pdf.server'

const code = 'HUB-AB12-CD34-EF56-GH78-JK9M-NP0Q-RSTV'
const render = (certificate: Partial<CertificateForPdf> & Pick<CertificateForPdf, 'locale'>) =>
  renderCertificatePdf({
    certificate: {
      code,
      holderName: 'Emma Thompson',
      courseTitle: 'Platform fundamentals',
      // 23:30 UTC on 30 November: the certificate's day, whatever the server's zone.
      issuedAt: new Date('2026-11-30T23:30:00Z'),
      expiresAt: new Date('2028-11-30T23:30:00Z'),
      ...certificate,
    },
    issuer: 'Orbit Analytics',
    verificationUrl: `https://hub.example.com/${certificate.locale}/certificates/${code}`,
  })

describe('the certificate PDF', () => {
  it('writes a Russian certificate in Russian with an embedded Cyrillic font: name, course, dates, code, address, issuer', async () => {
    const pdf = await render({
      locale: 'ru',
      holderName: 'Ольга Щербакова-Ёлкина',
      courseTitle: 'Основы платформы',
    })
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-')
    const { text, info, embeddedFonts } = await readPdf(pdf)
    const flat = text.replace(/\s+/g, ' ')
    for (const expected of [
      'Сертификат о прохождении курса',
      'Ольга Щербакова-Ёлкина',
      'успешно завершил(а) курс',
      'Основы платформы',
      'Выдан 30 нояб. 2026 г.',
      'Действителен до 30 нояб. 2028 г.',
      `Код проверки: ${code}`,
      `https://hub.example.com/ru/certificates/${code}`,
      'Выдан компанией Orbit Analytics',
    ])
      expect(flat).toContain(expected)
    expect(embeddedFonts.some((name) => name.endsWith('+NotoSans-Bold'))).toBe(true)
    expect(embeddedFonts.some((name) => name.endsWith('+NotoSans-Regular'))).toBe(true)
    expect(info).toMatchObject({
      Title: 'Сертификат о прохождении курса: Основы платформы',
      Author: 'Orbit Analytics',
    })
  })

  it('keeps the accents of Portuguese and Spanish, and says when a certificate does not expire', async () => {
    const pt = await readPdf(
      await render({ locale: 'pt', holderName: 'João Conceição Araújo', expiresAt: null }),
    )
    expect(pt.text).toContain('João Conceição Araújo')
    expect(pt.text).toContain('Não expira')
    expect(pt.text).not.toContain('Válido até')
    const es = await readPdf(await render({ locale: 'es', holderName: 'María José Núñez Peña' }))
    expect(es.text).toContain('María José Núñez Peña')
    expect(es.text).toContain('Válido hasta el 30 nov 2028')
  })
})
