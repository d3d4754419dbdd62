import { redirect, type LoaderFunctionArgs } from '@remix-run/node'
import { config } from '~/config.server'
import { isCertificateCode, verificationUrl } from '~/modules/academy/certificate-code'
import { renderCertificatePdf } from '~/modules/academy/certificate-pdf.server'
import { findCertificateForViewer } from '~/modules/academy/certificates.server'
import { requireUser } from '~/modules/auth/guards.server'
import { contentDisposition } from '~/modules/http/csv'
import { localeParam } from '~/modules/i18n/params'

/**
 * The certificate as a PDF file, for the same people as its printable page (the holder and
 * staff; anyone else gets a 404), always in the language it was earned in.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const locale = localeParam(params)
  const code = params.code ?? ''
  if (!isCertificateCode(code)) throw new Response('Not found', { status: 404 })
  const user = await requireUser(request, locale)
  const certificate = await findCertificateForViewer({ code, locale, viewer: user })
  if (!certificate) throw new Response('Not found', { status: 404 })
  if (certificate.locale !== locale)
    throw redirect(`/${certificate.locale}/certificates/${certificate.code}.pdf`)
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
