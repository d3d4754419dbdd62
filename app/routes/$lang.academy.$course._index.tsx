import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { AskUs } from '~/components/ask-us'
import { CertificateNeeds } from '~/components/certificate-standing'
import { ContentFeedback } from '~/components/content-feedback'
import { getCourse } from '~/modules/academy/courses.server'
import { formatStudyTime } from '~/modules/academy/format'
import { courseKeyParam } from '~/modules/academy/params'
import { getUser } from '~/modules/auth/session.server'
import { feedbackOf, saveFeedbackForm } from '~/modules/feedback/feedback.server'
import { readForm } from '~/modules/http/forms'
import type { RouteHandle } from '~/modules/http/route-handle'
import { formatNumber } from '~/modules/i18n/format'
import { localeParam } from '~/modules/i18n/params'
import { useTranslation } from '~/modules/i18n/use-translation'
import styles from '~/styles/academy.css?url'

export const handle: RouteHandle = {
  title: (_t, data) => (data as { course?: { title: string } } | undefined)?.course?.title ?? '',
  seo: true,
}

export const links = () => [{ rel: 'stylesheet', href: styles }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const locale = localeParam(params)
  const key = courseKeyParam(params)
  const user = await getUser(request)
  const course = await getCourse({ locale, key, userId: user?.id ?? null })
  if (!course) throw new Response('Not found', { status: 404 })
  const feedback = await feedbackOf(request, answererOf(user), { kind: 'course', contentId: course.id })
  return {
    locale,
    signedIn: !!user,
    feedback,
    course: {
      key: course.key,
      title: course.title,
      summary: course.summary,
      textLocale: course.textLocale,
      fallback: course.fallback,
      certificateValidityMonths: course.certificateValidityMonths,
      minutes: course.minutes,
      doneCount: course.doneCount,
      resumePosition: course.resumePosition,
      certificateCode: course.certificateCode,
      certificate: course.certificate,
      lessons: course.lessons.map((l) => ({
        position: l.position,
        kind: l.kind,
        title: l.title,
        titleLocale: l.titleLocale,
        minutes: l.minutes,
        done: l.done,
      })),
    },
  }
}

const answererOf = (user: { id: number; accountId: number | null } | null) => ({
  userId: user?.id ?? null,
  accountId: user?.accountId ?? null,
})

/** "Did this course help?", from anyone who can read the course. */
export async function action({ request, params }: ActionFunctionArgs) {
  const locale = localeParam(params)
  const user = await getUser(request)
  const course = await getCourse({ locale, key: courseKeyParam(params), userId: user?.id ?? null })
  if (!course) throw new Response('Not found', { status: 404 })
  return saveFeedbackForm({
    request,
    form: await readForm(request),
    kind: 'course',
    contentId: course.id,
    answerer: answererOf(user),
    locale,
  })
}

export default function CoursePage() {
  const { t } = useTranslation('academy')
  const { locale, signedIn, course, feedback } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const total = course.lessons.length
  return (
    <div className="page course-page">
      <nav aria-label={t('course.breadcrumb')} className="breadcrumbs">
        <Link to={`/${locale}/academy`}>{t('course.breadcrumb')}</Link>
      </nav>
      <h1 lang={course.textLocale}>{course.title}</h1>
      {course.fallback && (
        <p className="notice" role="note">
          {t('notTranslated')}
        </p>
      )}
      {course.summary && (
        <p className="lead" lang={course.textLocale}>
          {course.summary}
        </p>
      )}
      <p className="muted">
        {t('catalog.lessons', { count: total })} ·{' '}
        {t('catalog.duration', { duration: formatStudyTime(locale, course.minutes) })} ·{' '}
        {course.certificateValidityMonths === null
          ? t('course.noExpiry')
          : t('course.validity', { count: course.certificateValidityMonths })}
      </p>
      {course.certificateCode && (
        <p className="notice notice--success" role="status">
          {t('course.certificateEarned')}{' '}
          <Link to={`/${locale}/certificates/${course.certificateCode}/print`}>
            {t('course.certificateLink')}
          </Link>
        </p>
      )}
      <CertificateNeeds standing={course.certificate} />
      {signedIn && (
        <div className="progress-meter">
          <label htmlFor="course-progress">
            {t('catalog.progress', {
              done: formatNumber(locale, course.doneCount),
              total: formatNumber(locale, total),
            })}
          </label>
          <progress id="course-progress" max={total || 1} value={course.doneCount}>
            {course.doneCount}/{total}
          </progress>
        </div>
      )}
      {total > 0 && (
        <p>
          <Link to={`/${locale}/academy/${course.key}/${course.resumePosition}`} className="button">
            {course.doneCount > 0
              ? t('course.resume', { position: course.resumePosition })
              : t('course.start')}
          </Link>
        </p>
      )}
      <section aria-labelledby="lessons-heading">
        <h2 id="lessons-heading">{t('course.lessons')}</h2>
        <ol className="lesson-list">
          {course.lessons.map((lesson) => (
            <li
              key={lesson.position}
              className={lesson.done ? 'lesson-list__item lesson-list__item--done' : 'lesson-list__item'}
            >
              <span className="badge">{t(`kind.${lesson.kind}`)}</span>{' '}
              <Link to={`/${locale}/academy/${course.key}/${lesson.position}`} lang={lesson.titleLocale}>
                {lesson.title}
              </Link>{' '}
              <span className="muted">
                {t('catalog.duration', { duration: formatStudyTime(locale, lesson.minutes) })}
              </span>
              {signedIn && (
                <span className={lesson.done ? 'badge badge--done' : 'badge badge--muted'}>
                  {lesson.done ? t('course.done') : t('course.notDone')}
                </span>
              )}
            </li>
          ))}
        </ol>
      </section>
      <ContentFeedback kind="course" answer={feedback} saved={actionData?.saved ?? false} />
      <AskUs locale={locale} page={{ path: `/${locale}/academy/${course.key}`, title: course.title }} />
    </div>
  )
}
