import type { HeadersFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { config } from '~/config.server'
import { findCertificateByCode } from '~/modules/academy/certificates.server'
import type { RouteHandle } from '~/modules/http/route-handle'
import { formatDate } from '~/modules/i18n/format'
import { localeParam } from '~/modules/i18n/params'
import { useTranslation } from '~/modules/i18n/use-translation'
import styles from '~/styles/academy.css?url'

export const handle: RouteHandle = { title: (t) => t('academy:certificate.verifyTitle') }

export const links = () => [{ rel: 'stylesheet', href: styles }]

/** A verification page is for the person holding the link, not for search engines. */
export const meta: MetaFunction = () => [{ name: 'robots', content: 'noindex, nofollow' }]
export const headers: HeadersFunction = () => ({
  'X-Robots-Tag': 'noindex, nofollow',
  'Referrer-Policy': 'no-referrer',
})

/**
 * Public verification: only what a verifier needs (holder, course, dates, valid or expired);
 * never the email, the account or the score.
 */
export async function loader({ params }: LoaderFunctionArgs) {
  const locale = localeParam(params)
  const certificate = await findCertificateByCode({ code: params.code ?? '', locale })
  if (!certificate) throw new Response('Not found', { status: 404 })
  return {
    locale,
    issuer: config().VENDOR_NAME,
    certificate: {
      code: certificate.code,
      holderName: certificate.holderName,
      courseTitle: certificate.courseTitle,
      courseTitleLocale: certificate.courseTitleLocale,
      issuedAt: certificate.issuedAt,
      expiresAt: certificate.expiresAt,
      valid: certificate.valid,
    },
  }
}

export default function CertificateVerification() {
  const { t } = useTranslation('academy')
  const { locale, issuer, certificate } = useLoaderData<typeof loader>()
  return (
    <div className="page certificate-verification">
      <h1>{t('certificate.verifyTitle')}</h1>
      <p className={certificate.valid ? 'notice notice--success' : 'notice notice--error'} role="status">
        {certificate.valid ? t('certificate.valid') : t('certificate.expired')}
      </p>
      <dl className="facts">
        <div>
          <dt>{t('certificate.holder')}</dt>
          <dd>{certificate.holderName}</dd>
        </div>
        <div>
          <dt>{t('certificate.course')}</dt>
          <dd lang={certificate.courseTitleLocale}>{certificate.courseTitle}</dd>
        </div>
        <div>
          <dt>{t('certificate.issuer')}</dt>
          <dd>{issuer}</dd>
        </div>
        <div>
          <dt>{t('certificate.issuedOn')}</dt>
          <dd>{formatDate(locale, new Date(certificate.issuedAt))}</dd>
        </div>
        <div>
          <dt>{t('certificate.expiresOn')}</dt>
          <dd>
            {certificate.expiresAt
              ? formatDate(locale, new Date(certificate.expiresAt))
              : t('certificate.noExpiry')}
          </dd>
        </div>
        <div>
          <dt>{t('certificate.status')}</dt>
          <dd>{certificate.valid ? t('certificate.valid') : t('certificate.expired')}</dd>
        </div>
        <div>
          <dt>{t('certificate.code')}</dt>
          <dd>
            <code>{certificate.code}</code>
          </dd>
        </div>
      </dl>
      <p className="muted">{t('certificate.verifyIntro', { issuer })}</p>
    </div>
  )
}
