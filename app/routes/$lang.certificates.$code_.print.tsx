import { type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { config } from '~/config.server'
import { verificationUrl } from '~/modules/academy/certificate-code'
import { requireViewableCertificate } from '~/modules/academy/certificates.server'
import { linkedInAddToProfileUrl } from '~/modules/academy/linkedin'
import type { RouteHandle } from '~/modules/http/route-handle'
import { formatDate } from '~/modules/i18n/format'
import { useTranslation } from '~/modules/i18n/use-translation'
import styles from '~/styles/academy.css?url'
import printStyles from '~/styles/certificate-print.css?url'

export const handle: RouteHandle = { title: (t) => t('academy:certificate.title') }

export const links = () => [
  { rel: 'stylesheet', href: styles },
  { rel: 'stylesheet', href: printStyles, media: 'print' },
]

export const meta: MetaFunction = () => [{ name: 'robots', content: 'noindex, nofollow' }]
export const headers: HeadersFunction = () => ({
  'X-Robots-Tag': 'noindex, nofollow',
  'Cache-Control': 'private, no-store',
})

/**
 * The printable certificate, for its holder and for staff; anyone else gets a 404, as for a
 * code that does not exist. It is always shown in the language it was earned in.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { locale, user, certificate } = await requireViewableCertificate(request, params, '/print')
  const { SITE_URL, VENDOR_NAME } = config()
  const verifyUrl = verificationUrl(SITE_URL, locale, certificate.code)
  return {
    locale,
    verifyUrl,
    issuer: VENDOR_NAME,
    pdfPath: `/${locale}/certificates/${certificate.code}.pdf`,
    // Only the holder adds it to their own profile; staff see the certificate, not the button.
    linkedInUrl:
      certificate.userId === user.id
        ? linkedInAddToProfileUrl({
            courseTitle: certificate.courseTitle,
            issuer: VENDOR_NAME,
            issuedAt: certificate.issuedAt,
            expiresAt: certificate.expiresAt,
            verificationUrl: verifyUrl,
            code: certificate.code,
          })
        : null,
    certificate: {
      code: certificate.code,
      holderName: certificate.holderName,
      courseTitle: certificate.courseTitle,
      courseTitleLocale: certificate.courseTitleLocale,
      issuedAt: certificate.issuedAt,
      expiresAt: certificate.expiresAt,
    },
  }
}

export default function PrintableCertificate() {
  const { t } = useTranslation('academy')
  const { locale, verifyUrl, issuer, pdfPath, linkedInUrl, certificate } = useLoaderData<typeof loader>()
  return (
    <div className="page">
      <p className="muted no-print">{t('certificate.printHint')}</p>
      <p className="button-row no-print">
        {/* A plain link, not <Link>: a file to download, not a page for the router. */}
        <a href={pdfPath} className="button" download>
          {t('certificate.downloadPdf')}
        </a>
        {linkedInUrl && (
          <a href={linkedInUrl} className="button button--quiet" target="_blank" rel="noopener noreferrer">
            {t('certificate.addToLinkedIn')}{' '}
            <span className="visually-hidden">{t('certificate.opensInNewTab')}</span>
          </a>
        )}
      </p>
      <article className="certificate" aria-labelledby="certificate-title">
        <h1 id="certificate-title">{t('certificate.title')}</h1>
        <p>{t('certificate.certifies')}</p>
        <p className="certificate__name">{certificate.holderName}</p>
        <p>{t('certificate.completed')}</p>
        <p className="certificate__course" lang={certificate.courseTitleLocale}>
          {certificate.courseTitle}
        </p>
        <p>{t('certificate.issued', { date: formatDate(locale, new Date(certificate.issuedAt)) })}</p>
        <p>
          {certificate.expiresAt
            ? t('certificate.expires', { date: formatDate(locale, new Date(certificate.expiresAt)) })
            : t('certificate.noExpiry')}
        </p>
        <p className="certificate__issuer">{t('certificate.issuedBy', { issuer })}</p>
        <p className="certificate__code">
          {t('certificate.code')}: <code>{certificate.code}</code>
        </p>
        <p className="certificate__verify">
          {t('certificate.verifyAt')} <a href={verifyUrl}>{verifyUrl}</a>
        </p>
      </article>
    </div>
  )
}
