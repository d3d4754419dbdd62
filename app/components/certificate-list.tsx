import { Link } from '@remix-run/react'
import { formatDate } from '~/modules/i18n/format'
import type { Locale } from '~/modules/i18n/locales'
import { useTranslation } from '~/modules/i18n/use-translation'

type Dated = { issuedAt: Date | string; expiresAt: Date | string | null; valid: boolean }

function Validity({ certificate, locale }: { certificate: Dated; locale: Locale }) {
  const { t } = useTranslation('academy')
  return (
    <>
      <span className="muted">
        {t('certificate.issued', { date: formatDate(locale, new Date(certificate.issuedAt)) })}
      </span>{' '}
      ·{' '}
      <span className="muted">
        {certificate.expiresAt
          ? t('certificate.expires', { date: formatDate(locale, new Date(certificate.expiresAt)) })
          : t('certificate.noExpiry')}
      </span>{' '}
      <span className={certificate.valid ? 'badge badge--done' : 'badge badge--muted'}>
        {certificate.valid ? t('certificate.valid') : t('certificate.expired')}
      </span>
    </>
  )
}

/** "My certificates" on a person's account page. */
export function CertificateList({
  certificates,
  locale,
}: {
  certificates: (Dated & { code: string; courseTitle: string })[]
  locale: Locale
}) {
  const { t } = useTranslation('academy')
  return (
    <section className="panel" aria-labelledby="certificates-heading">
      <h2 id="certificates-heading">{t('account.title')}</h2>
      {certificates.length === 0 ? (
        <p className="muted">
          {t('account.empty')} <Link to={`/${locale}/academy`}>{t('account.browse')}</Link>
        </p>
      ) : (
        <ul className="list list--text">
          {certificates.map((certificate) => (
            <li key={certificate.code}>
              <strong>{certificate.courseTitle}</strong>{' '}
              <Validity certificate={certificate} locale={locale} />{' '}
              <Link to={`/${locale}/certificates/${certificate.code}/print`}>{t('account.print')}</Link> ·{' '}
              <a href={`/${locale}/certificates/${certificate.code}.pdf`} download>
                {t('certificate.downloadPdf')}
              </a>{' '}
              · <Link to={`/${locale}/certificates/${certificate.code}`}>{t('account.verify')}</Link>
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}

/** "Certified people" on the staff page of an account. */
export function CertifiedPeople({
  people,
  locale,
}: {
  people: (Dated & { code: string; holderName: string; courseTitle: string })[]
  locale: Locale
}) {
  const { t } = useTranslation('academy')
  return (
    <section className="panel" aria-labelledby="certified-heading">
      <h2 id="certified-heading">{t('staff.title')}</h2>
      {people.length === 0 ? (
        <p className="muted">{t('staff.empty')}</p>
      ) : (
        <ul className="list">
          {people.map((person) => (
            <li key={person.code}>
              <strong>{person.holderName}</strong>: {person.courseTitle}{' '}
              <Validity certificate={person} locale={locale} />{' '}
              <Link to={`/${locale}/certificates/${person.code}`}>{t('account.verify')}</Link>
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}
