import type { LoaderFunctionArgs } from '@remix-run/node'
import { config } from '~/config.server'
import { verificationUrl } from '~/modules/academy/certificate-code'
import { renderCertificatePdf } from '~/modules/academy/certificate-pdf.server'
import { requireViewableCertificate } from '~/modules/academy/certificates.server'
import { contentDisposition } from '~/modules/http/csv'

/**
 * The certificate as a PDF file, for the same people as its printable page (the holder and
 * staff; anyone else gets a 404), always in the language it was earned in.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { locale, certificate } = await requireViewableCertificate(request, params, '.pdf')
  const { SITE_URL, VENDOR_NAME } = config()
  const pdf = await renderCertificatePdf({
    certificate,
    issuer: VENDOR_NAME,
    verificationUrl: verificationUrl(SITE_URL, locale, certificate.code),
  })
  const fileName = `${certificate.courseTitle} - ${certificate.holderName}.pdf`
  // Old clients read only the ASCII name: a name in another script would become `_ _ - _ _.pdf`
  // there, so they get the code instead (accented Latin folds well and stays).
  const asciiName = /[^\p{Script=Latin}\p{N}\p{P}\p{Zs}]/u.test(fileName)
    ? `${certificate.code}.pdf`
    : undefined
  return new Response(new Blob([new Uint8Array(pdf)]), {
    headers: {
      'Content-Type': 'application/pdf',
      'Content-Length': String(pdf.byteLength),
      'Content-Disposition': contentDisposition(fileName, asciiName),
      'Cache-Control': 'private, no-store',
      'X-Robots-Tag': 'noindex, nofollow',
    },
  })
}
