import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { create } from 'fontkit'
import PDFDocument from 'pdfkit'
import { formatDate } from '~/modules/i18n/format'
import { serverT } from '~/modules/i18n/i18n.server'
import type { Locale } from '~/modules/i18n/locales'

/*
 * The certificate as a PDF, made on the server with PDFKit (no browser). The text is set in
 * Noto Sans, shipped in assets/fonts under the SIL Open Font License and embedded as a subset,
 * so Cyrillic and accented Latin show on any machine, with or without fonts installed.
 */

const fontDir = () => join(process.cwd(), 'assets', 'fonts', 'noto-sans')

function openFont(file: string) {
  const font = create(readFileSync(join(fontDir(), file)))
  if (!('layout' in font)) throw new Error(`${file} is a font collection, not one font`)
  // PDFKit takes a parsed fontkit font as well as the file (PDFFontFactory.open); its types
  // only list files. Each document still makes its own subset of it.
  return font as unknown as Buffer
}

let fonts: { regular: Buffer; bold: Buffer } | undefined
/**
 * Parsed once per process and shared by every document: parsing the two 600 KB files for each
 * certificate made it about 6 times slower (a median of 93 ms against 14 ms here).
 */
function loadFonts() {
  fonts ??= { regular: openFont('NotoSans-Regular.ttf'), bold: openFont('NotoSans-Bold.ttf') }
  return fonts
}

const colours = { brand: '#1f4e79', ink: '#1c2430', soft: '#4a5565', line: '#d8dee6' }

export type CertificateForPdf = {
  code: string
  holderName: string
  courseTitle: string
  /** The language it was earned in: every word of the PDF is in it. */
  locale: Locale
  issuedAt: Date
  expiresAt: Date | null
}

export async function renderCertificatePdf({
  certificate,
  issuer,
  verificationUrl,
  compress = true,
}: {
  certificate: CertificateForPdf
  issuer: string
  verificationUrl: string
  /** Off only to read the raw file in a test; compressed streams are what people download. */
  compress?: boolean
}): Promise<Buffer> {
  const { regular, bold } = loadFonts()
  const t = serverT(certificate.locale)
  const tc = (key: string, values?: Record<string, string>) =>
    t(`academy:certificate.${key}` as 'academy:certificate.title', values)
  const date = (value: Date) => formatDate(certificate.locale, value)

  const doc = new PDFDocument({
    size: 'A4',
    layout: 'landscape',
    margin: 0,
    compress,
    // The embedded font from the start: PDFKit would otherwise load Helvetica, which has no Cyrillic.
    font: regular as unknown as string,
    lang: certificate.locale,
    displayTitle: true,
    info: {
      Title: `${tc('title')}: ${certificate.courseTitle}`,
      Author: issuer,
      Subject: certificate.holderName,
      Creator: issuer,
    },
  })
  doc.registerFont('regular', regular)
  doc.registerFont('bold', bold)
  const chunks: Buffer[] = []
  doc.on('data', (chunk: Buffer) => chunks.push(chunk))
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)))
    doc.on('error', reject)
  })

  const { width, height } = doc.page
  doc
    .lineWidth(2)
    .strokeColor(colours.brand)
    .rect(24, 24, width - 48, height - 48)
    .stroke()
  doc
    .lineWidth(0.75)
    .strokeColor(colours.line)
    .rect(32, 32, width - 64, height - 64)
    .stroke()

  const left = 80
  const column = width - 2 * left
  const centred = { width: column, align: 'center' as const }

  doc.font('bold').fontSize(13).fillColor(colours.brand).text(issuer, left, 84, centred)
  doc.font('bold').fontSize(30).fillColor(colours.ink).text(tc('title'), left, 118, centred)
  doc.moveDown(1.2)
  doc.font('regular').fontSize(14).fillColor(colours.soft).text(tc('certifies'), centred)
  doc.moveDown(0.4)
  // A long name wraps onto a second line; past that it is cut with an ellipsis, never drawn over the rest.
  doc
    .font('bold')
    .fontSize(28)
    .fillColor(colours.brand)
    .text(certificate.holderName, { ...centred, height: 80, ellipsis: true })
  doc.moveDown(0.4)
  doc.font('regular').fontSize(14).fillColor(colours.soft).text(tc('completed'), centred)
  doc.moveDown(0.4)
  doc
    .font('bold')
    .fontSize(22)
    .fillColor(colours.ink)
    .text(certificate.courseTitle, { ...centred, height: 60, ellipsis: true })

  const datesTop = height - 170
  const half = column / 2 - 10
  doc
    .font('regular')
    .fontSize(12)
    .fillColor(colours.ink)
    .text(tc('issued', { date: date(certificate.issuedAt) }), left, datesTop, { width: half })
  doc.text(
    certificate.expiresAt ? tc('expires', { date: date(certificate.expiresAt) }) : tc('noExpiry'),
    left,
    datesTop + 18,
    { width: half },
  )
  doc.text(tc('issuedBy', { issuer }), left + column - half, datesTop, { width: half, align: 'right' })

  doc
    .lineWidth(0.75)
    .strokeColor(colours.line)
    .moveTo(left, height - 118)
    .lineTo(width - left, height - 118)
    .stroke()
  // One text run per line: a run split for styling loses its spaces when the PDF is read back.
  doc
    .font('bold')
    .fontSize(11)
    .fillColor(colours.ink)
    .text(`${tc('code')}: ${certificate.code}`, left, height - 106, centred)
  doc
    .font('regular')
    .fontSize(10)
    .fillColor(colours.soft)
    .text(tc('verifyAt'), left, height - 88, centred)
  // The address on a line of its own, never broken at a hyphen of the code.
  doc
    .fontSize(10)
    .fillColor(colours.brand)
    .text(verificationUrl, left, height - 74, {
      ...centred,
      link: verificationUrl,
      underline: true,
      lineBreak: false,
    })

  doc.end()
  return done
}
