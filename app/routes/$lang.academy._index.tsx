import type { LoaderFunctionArgs } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { listCourses } from '~/modules/academy/courses.server'
import { formatStudyTime } from '~/modules/academy/format'
import { getUser } from '~/modules/auth/session.server'
import type { RouteHandle } from '~/modules/http/route-handle'
import { formatNumber } from '~/modules/i18n/format'
import { localeParam } from '~/modules/i18n/params'
import { useTranslation } from '~/modules/i18n/use-translation'
import styles from '~/styles/academy.css?url'

export const handle: RouteHandle = { title: (t) => t('academy:catalog.title'), seo: true }

export const links = () => [{ rel: 'stylesheet', href: styles }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const locale = localeParam(params)
  const user = await getUser(request)
  const courses = await listCourses({ locale, userId: user?.id ?? null })
  return {
    locale,
    signedIn: !!user,
    courses,
    loginPath: `/${locale}/login?${new URLSearchParams({ redirectTo: `/${locale}/academy` })}`,
  }
}

export default function AcademyCatalog() {
  const { t } = useTranslation('academy')
  const { locale, signedIn, courses, loginPath } = useLoaderData<typeof loader>()
  return (
    <div className="page">
      <h1>{t('catalog.title')}</h1>
      <p className="lead">{t('catalog.intro')}</p>
      {!signedIn && (
        <p className="notice" role="note">
          {t('catalog.signInToTrack')} <Link to={loginPath}>{t('catalog.signIn')}</Link>
        </p>
      )}
      {courses.length === 0 ? (
        <p className="muted">{t('catalog.empty')}</p>
      ) : (
        <ul className="card-grid course-list">
          {courses.map((course) => {
            const started = course.doneCount > 0
            return (
              <li key={course.key} className="card course-card">
                <h2 lang={course.textLocale}>
                  <Link to={`/${locale}/academy/${course.key}`}>{course.title}</Link>
                </h2>
                {course.fallback && (
                  <p className="muted" role="note">
                    {t('notTranslated')}
                  </p>
                )}
                {course.summary && <p lang={course.textLocale}>{course.summary}</p>}
                <p className="muted">
                  {t('catalog.lessons', { count: course.lessonCount })} ·{' '}
                  {t('catalog.duration', { duration: formatStudyTime(locale, course.minutes) })}
                </p>
                {course.certificateCode && (
                  <p>
                    <Link
                      to={`/${locale}/certificates/${course.certificateCode}/print`}
                      className="badge badge--certified"
                    >
                      {t('catalog.certified')}
                    </Link>
                  </p>
                )}
                {signedIn && (
                  <div className="progress-meter">
                    <label htmlFor={`progress-${course.key}`}>
                      {t('catalog.progress', {
                        done: formatNumber(locale, course.doneCount),
                        total: formatNumber(locale, course.lessonCount),
                      })}
                    </label>
                    <progress
                      id={`progress-${course.key}`}
                      max={course.lessonCount || 1}
                      value={course.doneCount}
                    >
                      {course.doneCount}/{course.lessonCount}
                    </progress>
                  </div>
                )}
                {signedIn && (
                  <Link
                    to={`/${locale}/academy/${course.key}/${course.resumePosition}`}
                    className="button"
                    aria-label={t(started ? 'catalog.continueCourse' : 'catalog.startCourse', {
                      title: course.title,
                    })}
                  >
                    {t(started ? 'catalog.continue' : 'catalog.start')}
                  </Link>
                )}
              </li>
            )
          })}
        </ul>
      )}
    </div>
  )
}
