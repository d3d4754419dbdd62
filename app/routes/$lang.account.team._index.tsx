import type { LoaderFunctionArgs } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { Time } from '~/components/time'
import { getTeamReport } from '~/modules/accounts/team-report.server'
import { requireAccountAdmin } from '~/modules/auth/guards.server'
import type { RouteHandle } from '~/modules/http/route-handle'
import { formatDate, formatNumber } from '~/modules/i18n/format'
import type { Locale } from '~/modules/i18n/locales'
import { localeParam } from '~/modules/i18n/params'
import { useTranslation } from '~/modules/i18n/use-translation'

export const handle: RouteHandle = { title: (t) => t('account:teamReport.title') }

export async function loader({ request, params }: LoaderFunctionArgs) {
  const locale = localeParam(params)
  const admin = await requireAccountAdmin(request, locale)
  return { locale, report: await getTeamReport({ accountId: admin.accountId, locale }) }
}

export default function TeamReportPage() {
  const { t } = useTranslation('account')
  const { locale, report } = useLoaderData<typeof loader>()
  return (
    <div className="page">
      <p className="breadcrumbs">
        <Link to={`/${locale}/account`}>{t('title')}</Link>
      </p>
      <h1>{t('teamReport.title')}</h1>
      <p className="lead">{t('teamReport.lead')}</p>
      <p>
        {/* A plain link: the CSV route answers with a download, not a page. */}
        <a href={`/${locale}/account/team.csv`} download>
          {t('teamReport.download')}
        </a>
      </p>
      {report.map((person) => (
        <section key={person.id} className="panel" aria-labelledby={`person-${person.id}`}>
          <h2 id={`person-${person.id}`}>
            {person.name}{' '}
            {person.disabled && <span className="badge badge--muted">{t('team.disabled')}</span>}
          </h2>
          <p className="muted">{person.email}</p>
          <h3>
            {t('teamReport.steps', {
              count: person.steps.length,
              formatted: formatNumber(locale, person.steps.length),
            })}
          </h3>
          {person.steps.length === 0 ? (
            <p className="muted">{t('teamReport.none')}</p>
          ) : (
            <ul className="list list--text">
              {person.steps.map((step) => (
                <li key={step.key}>
                  {step.title} · <Time at={step.doneAt} />
                </li>
              ))}
            </ul>
          )}
          <h3>{t('teamReport.courses')}</h3>
          {person.courses.length === 0 ? (
            <p className="muted">{t('teamReport.none')}</p>
          ) : (
            <ul className="list">
              {person.courses.map((course) => (
                <li key={course.key}>
                  {t('teamReport.courseProgress', {
                    title: course.title,
                    done: formatNumber(locale as Locale, course.lessonsDone),
                    total: formatNumber(locale as Locale, course.lessonsTotal),
                  })}
                </li>
              ))}
            </ul>
          )}
          <h3>{t('teamReport.certificates')}</h3>
          {person.certificates.length === 0 ? (
            <p className="muted">{t('teamReport.none')}</p>
          ) : (
            <ul className="list">
              {person.certificates.map((certificate) => (
                <li key={certificate.code}>
                  {t('teamReport.certificate', {
                    title: certificate.courseTitle,
                    date: formatDate(locale, certificate.issuedAt),
                  })}
                  {!certificate.valid && (
                    <span className="badge badge--muted">{t('teamReport.expired')}</span>
                  )}
                </li>
              ))}
            </ul>
          )}
        </section>
      ))}
    </div>
  )
}
