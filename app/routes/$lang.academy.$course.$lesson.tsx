import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { z } from 'zod'
import { AskUs } from '~/components/ask-us'
import { CertificateNeeds } from '~/components/certificate-standing'
import { TimeInSentence } from '~/components/time'
import { revalidateAfterProgress, VideoPlayer } from '~/components/video-player'
import type { CertificateStanding } from '~/modules/academy/certificate-rule'
import {
  getCourse,
  markArticleLessonRead,
  videoTitle,
  type CourseForReader,
} from '~/modules/academy/courses.server'
import { formatTimeUntil } from '~/modules/academy/format'
import { courseKeyParam, lessonPositionParam } from '~/modules/academy/params'
import {
  answerFieldsOf,
  getAttemptForTaker,
  getAttemptResult,
  getAttemptRules,
  getQuizIntro,
  startAttempt,
  submitAttempt,
  type AnswerError,
} from '~/modules/academy/quizzes.server'
import { getVideoForPlayer, type PlayerVideo } from '~/modules/academy/videos.server'
import { requireUser } from '~/modules/auth/guards.server'
import { getUser } from '~/modules/auth/session.server'
import { clock } from '~/modules/clock/clock'
import { fields, readForm } from '~/modules/http/forms'
import type { RouteHandle } from '~/modules/http/route-handle'
import { formatPercent } from '~/modules/i18n/format'
import type { Locale } from '~/modules/i18n/locales'
import { localeParam } from '~/modules/i18n/params'
import { useTranslation } from '~/modules/i18n/use-translation'
import { findArticleForReader, renderTranslation } from '~/modules/kb/kb.server'
import { getViewer } from '~/modules/kb/viewer.server'
import styles from '~/styles/academy.css?url'

export const handle: RouteHandle = {
  title: (_t, data) => (data as { lesson?: { title: string } } | undefined)?.lesson?.title ?? '',
}

export const links = () => [{ rel: 'stylesheet', href: styles }]

export const shouldRevalidate = revalidateAfterProgress

async function loadLesson(request: Request, params: LoaderFunctionArgs['params']) {
  const locale = localeParam(params)
  const key = courseKeyParam(params)
  const position = lessonPositionParam(params)
  const user = await getUser(request)
  const course = await getCourse({ locale, key, userId: user?.id ?? null })
  const lesson = course?.lessons[position - 1]
  if (!course || !lesson) throw new Response('Not found', { status: 404 })
  return { locale, user, course, lesson }
}

const lessonPath = (locale: Locale, course: Pick<CourseForReader, 'key'>, position: number) =>
  `/${locale}/academy/${course.key}/${position}`

const resultQuery = z.object({ result: fields.id.optional() })

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { locale, user, course, lesson } = await loadLesson(request, params)
  const here = lessonPath(locale, course, lesson.position)
  const neighbour = (position: number) => {
    const other = course.lessons[position - 1]
    return other ? { position, title: other.title, titleLocale: other.titleLocale } : null
  }
  const base = {
    locale,
    signedIn: !!user,
    here,
    loginPath: `/${locale}/login?${new URLSearchParams({ redirectTo: here })}`,
    course: {
      key: course.key,
      title: course.title,
      textLocale: course.textLocale,
      total: course.lessons.length,
      certificateCode: course.certificateCode,
      certificate: course.certificate,
    },
    lesson: {
      position: lesson.position,
      kind: lesson.kind,
      title: lesson.title,
      titleLocale: lesson.titleLocale,
      done: lesson.done,
    },
    previous: neighbour(lesson.position - 1),
    next: neighbour(lesson.position + 1),
    video: null as Awaited<ReturnType<typeof videoTitle>>,
    player: null as PlayerVideo | null,
    article: null as { html: string; locale: Locale; fallback: boolean } | null,
    articleSignIn: false,
    quiz: null as Awaited<ReturnType<typeof loadQuiz>> | null,
  }
  if (lesson.kind === 'video' && lesson.videoId) {
    base.video = await videoTitle({ videoId: lesson.videoId, locale })
    base.player = base.video
      ? await getVideoForPlayer({ key: base.video.key, locale, userId: user?.id ?? null })
      : null
  }
  if (lesson.kind === 'article') {
    // The KB's own rules decide what the reader may see: visibility holds inside a course too.
    const found = lesson.refKey
      ? await findArticleForReader({ locale, slug: lesson.refKey, viewer: await getViewer(request) })
      : null
    if (!found || found.kind === 'redirect') throw new Response('Not found', { status: 404 })
    if (found.kind === 'sign-in') base.articleSignIn = true
    else
      base.article = {
        html: renderTranslation(found.translation, locale).html,
        locale: found.translation.locale,
        fallback: found.fallback,
      }
  }
  if (lesson.kind === 'quiz' && lesson.quizId) {
    const query = resultQuery.safeParse(Object.fromEntries(new URL(request.url).searchParams))
    base.quiz = await loadQuiz({
      quizId: lesson.quizId,
      locale,
      userId: user?.id ?? null,
      resultId: query.success ? (query.data.result ?? null) : null,
    })
  }
  return base
}

async function loadQuiz({
  quizId,
  locale,
  userId,
  resultId,
}: {
  quizId: number
  locale: Locale
  userId: number | null
  resultId: number | null
}) {
  const intro = await getQuizIntro({ quizId, locale })
  if (!intro) throw new Response('Not found', { status: 404 })
  const now = clock.now()
  if (!userId) return { intro, now, rules: null, attempt: null, result: null }
  if (resultId) {
    const result = await getAttemptResult({ attemptId: resultId, userId })
    if (!result || result.quizId !== quizId) throw new Response('Not found', { status: 404 })
    return { intro, now, rules: null, attempt: null, result }
  }
  const rules = await getAttemptRules({ quizId, userId, now })
  const attempt = rules?.openAttemptId
    ? await getAttemptForTaker({ attemptId: rules.openAttemptId, userId })
    : null
  return { intro, now, rules, attempt, result: null }
}

const intentSchema = z.object({ intent: z.enum(['read', 'start', 'submit']) })

type ActionData =
  | { intent: 'start'; lockedUntil: Date; now: Date }
  | { intent: 'submit'; errors: Record<string, AnswerError>; chosen: Record<string, string[]> }

export async function action({ request, params }: ActionFunctionArgs) {
  const { locale, course, lesson } = await loadLesson(request, params)
  const user = await requireUser(request, locale)
  const form = await readForm(request)
  const parsed = intentSchema.safeParse({ intent: form.get('intent') })
  if (!parsed.success) throw new Response('Bad Request', { status: 400 })
  const here = lessonPath(locale, course, lesson.position)
  const intent = parsed.data.intent

  if (intent === 'read') {
    if (lesson.kind !== 'article') throw new Response('Bad Request', { status: 400 })
    await markArticleLessonRead({ userId: user.id, accountId: user.accountId, lessonId: lesson.id, locale })
    const next = course.lessons[lesson.position]
    return redirect(next ? lessonPath(locale, course, next.position) : `/${locale}/academy/${course.key}`)
  }

  if (lesson.kind !== 'quiz' || !lesson.quizId) throw new Response('Bad Request', { status: 400 })
  if (intent === 'start') {
    const now = clock.now()
    const started = await startAttempt({
      quizId: lesson.quizId,
      userId: user.id,
      accountId: user.accountId,
      locale,
      now,
    })
    if (started.status === 'not-found') throw new Response('Not found', { status: 404 })
    if (started.status === 'locked')
      return data<ActionData>({ intent, lockedUntil: started.lockedUntil, now }, 429)
    return redirect(here)
  }

  const attemptId = fields.id.safeParse(form.get('attempt'))
  if (!attemptId.success) throw new Response('Bad Request', { status: 400 })
  // Someone else's attempt, or one of another quiz, is as unknown as one that never existed.
  const attempt = await getAttemptForTaker({ attemptId: attemptId.data, userId: user.id })
  if (!attempt || attempt.quizId !== lesson.quizId) throw new Response('Not found', { status: 404 })
  const result = await submitAttempt({
    attemptId: attempt.id,
    userId: user.id,
    answers: answerFieldsOf(form),
  })
  if (result.status === 'not-found') throw new Response('Not found', { status: 404 })
  if (result.status === 'malformed') throw new Response('Bad Request', { status: 400 })
  if (result.status === 'invalid')
    return data<ActionData>({ intent, errors: result.errors, chosen: result.chosen }, 400)
  return redirect(`${here}?result=${result.attemptId}`)
}

export default function LessonPage() {
  const { t } = useTranslation('academy')
  const loaderData = useLoaderData<typeof loader>()
  const {
    locale,
    signedIn,
    here,
    loginPath,
    course,
    lesson,
    previous,
    next,
    video,
    player,
    article,
    articleSignIn,
    quiz,
  } = loaderData
  const navigation = useNavigation()
  const busy = navigation.state === 'submitting'
  return (
    <div className="page lesson-page">
      <nav aria-label={t('course.breadcrumb')} className="breadcrumbs">
        <Link to={`/${locale}/academy`}>{t('course.breadcrumb')}</Link> ›{' '}
        <Link to={`/${locale}/academy/${course.key}`} lang={course.textLocale}>
          {course.title}
        </Link>
      </nav>
      <p className="muted">
        {t(`kind.${lesson.kind}`)} ·{' '}
        {t('lesson.position', { position: lesson.position, total: course.total })}
        {lesson.done && <span className="badge badge--done">{t('lesson.done')}</span>}
      </p>
      <h1 lang={lesson.titleLocale}>{lesson.title}</h1>

      {video && (
        <section className="panel">
          {player ? (
            <VideoPlayer video={player} progressAction={`/${locale}/videos/${video.key}`} />
          ) : (
            <>
              {video.description && <p lang={video.locale}>{video.description}</p>}
              <p>
                <Link to={`/${locale}/videos/${video.key}`} className="button">
                  {t('lesson.watch', { title: video.title })}
                </Link>
              </p>
            </>
          )}
          {lesson.done && <p role="status">{t('lesson.watched')}</p>}
          {!signedIn && <SignInLink to={loginPath} text={t('lesson.signInToRecord')} />}
        </section>
      )}

      {articleSignIn && <SignInLink to={loginPath} text={t('lesson.articleSignIn')} />}
      {article && (
        <>
          {article.fallback && (
            <p className="notice" role="note">
              {t('notTranslated')}
            </p>
          )}
          {/* Rendered from Markdown on the server by the KB, raw HTML dropped and the result sanitized. */}
          <div className="prose" lang={article.locale} dangerouslySetInnerHTML={{ __html: article.html }} />
          {signedIn ? (
            lesson.done ? (
              <p role="status">{t('lesson.read')}</p>
            ) : (
              <Form method="post">
                <input type="hidden" name="intent" value="read" />
                <button type="submit" className="button" disabled={busy}>
                  {t('lesson.markRead')}
                </button>
              </Form>
            )
          ) : (
            <SignInLink to={loginPath} text={t('lesson.signInToRecord')} />
          )}
        </>
      )}

      {quiz && (
        <QuizSection
          quiz={quiz}
          locale={locale}
          signedIn={signedIn}
          loginPath={loginPath}
          busy={busy}
          courseCertificate={course.certificateCode}
          certificateStanding={course.certificate}
          here={here}
        />
      )}

      <nav aria-label={t('lesson.navigation')} className="lesson-nav">
        {previous ? (
          <Link to={`/${locale}/academy/${course.key}/${previous.position}`} rel="prev">
            ← {t('lesson.previous', { title: previous.title })}
          </Link>
        ) : (
          <span />
        )}
        <Link to={`/${locale}/academy/${course.key}`}>{t('lesson.backToCourse')}</Link>
        {next ? (
          <Link to={`/${locale}/academy/${course.key}/${next.position}`} rel="next">
            {t('lesson.next', { title: next.title })} →
          </Link>
        ) : (
          <span />
        )}
      </nav>
      <AskUs locale={locale} page={{ path: here, title: lesson.title }} />
    </div>
  )
}

function SignInLink({ to, text }: { to: string; text: string }) {
  return (
    <p className="notice" role="note">
      <Link to={to}>{text}</Link>
    </p>
  )
}

type QuizData = NonNullable<Awaited<ReturnType<typeof loadQuiz>>>

function QuizSection({
  quiz,
  locale,
  signedIn,
  loginPath,
  busy,
  courseCertificate,
  certificateStanding,
  here,
}: {
  quiz: QuizData
  locale: Locale
  signedIn: boolean
  loginPath: string
  busy: boolean
  courseCertificate: string | null
  certificateStanding: CertificateStanding | null
  here: string
}) {
  const { t } = useTranslation('academy')
  const actionData = useActionData<ActionData>()
  const { intro, rules, attempt, result } = quiz
  const now = new Date(quiz.now)

  if (result) {
    const certificate = result.certificateCode ?? (result.passed ? courseCertificate : null)
    return (
      <section className="panel quiz-result" aria-labelledby="result-heading">
        <h2 id="result-heading">{t('quiz.result.title')}</h2>
        <p className="quiz-result__score">
          {t('quiz.result.score', { percent: formatPercent(locale, result.scorePercent / 100) })}
        </p>
        <p role="status" className={result.passed ? 'notice notice--success' : 'notice notice--error'}>
          {result.passed
            ? t('quiz.result.passed')
            : t('quiz.result.failed', { percent: formatPercent(locale, result.passMark / 100) })}
        </p>
        {result.passed && !certificate && <CertificateNeeds standing={certificateStanding} afterPass />}
        <h3>{t('quiz.result.questions')}</h3>
        <ol className="quiz-result__list">
          {result.questions.map((q) => (
            <li key={q.number}>
              <span lang={q.locale}>{q.prompt}</span>{' '}
              <span className={q.right ? 'badge badge--done' : 'badge badge--danger'}>
                {q.right ? t('quiz.result.right') : t('quiz.result.wrong')}
              </span>
            </li>
          ))}
        </ol>
        <p className="button-row">
          {certificate && (
            <Link to={`/${locale}/certificates/${certificate}/print`} className="button">
              {t('quiz.result.certificate')}
            </Link>
          )}
          <Link to={here} className={certificate ? 'button button--quiet' : 'button'}>
            {t('quiz.result.retake')}
          </Link>
        </p>
      </section>
    )
  }

  const lockedUntil =
    actionData?.intent === 'start'
      ? new Date(actionData.lockedUntil)
      : rules?.lockedUntil
        ? new Date(rules.lockedUntil)
        : null
  const lockedNow = actionData?.intent === 'start' ? new Date(actionData.now) : now
  const errors = actionData?.intent === 'submit' ? actionData.errors : {}
  const chosen = actionData?.intent === 'submit' ? actionData.chosen : {}

  return (
    <section className="panel quiz" aria-labelledby="quiz-heading">
      <h2 id="quiz-heading" lang={intro.titleLocale}>
        {intro.title}
      </h2>
      <ul className="facts-inline">
        <li>{t('quiz.passMark', { percent: formatPercent(locale, intro.passMark / 100) })}</li>
        <li>{t('quiz.questions', { count: intro.questionCount })}</li>
        <li>
          {t('quiz.rules', {
            count: intro.maxAttempts,
            minutes: t('quiz.minutes', { count: intro.cooldownMinutes }),
          })}
        </li>
      </ul>
      {!signedIn && <SignInLink to={loginPath} text={t('quiz.signIn')} />}
      {rules?.passed && <p className="notice notice--success">{t('quiz.passedBefore')}</p>}
      {lockedUntil ? (
        <p className="notice notice--error" role="alert">
          <TimeInSentence at={lockedUntil}>
            {(time) => t('quiz.locked', { relative: formatTimeUntil(locale, lockedUntil, lockedNow), time })}
          </TimeInSentence>
        </p>
      ) : (
        rules && !attempt && <p>{t('quiz.attemptsLeft', { count: rules.left })}</p>
      )}
      {signedIn && !attempt && !lockedUntil && (
        <Form method="post">
          <input type="hidden" name="intent" value="start" />
          <button type="submit" className="button" disabled={busy}>
            {t('quiz.start')}
          </button>
        </Form>
      )}
      {attempt && (
        <Form method="post" className="stack quiz-form" aria-labelledby="attempt-heading" noValidate>
          <h3 id="attempt-heading">{t('quiz.inProgress')}</h3>
          {Object.keys(errors).length > 0 && (
            <p className="notice notice--error" role="alert">
              {t('quiz.errors.summary')}
            </p>
          )}
          <input type="hidden" name="intent" value="submit" />
          <input type="hidden" name="attempt" value={attempt.id} />
          {attempt.questions.map((question) => {
            const error = errors[question.name]
            const hintId = `${question.name}-hint`
            const errorId = `${question.name}-error`
            return (
              <fieldset
                key={question.name}
                className={
                  error ? 'choice-group quiz-question quiz-question--invalid' : 'choice-group quiz-question'
                }
                aria-describedby={error ? `${hintId} ${errorId}` : hintId}
              >
                <legend>
                  <span className="quiz-question__number">
                    {t('quiz.question', { number: question.number })}
                  </span>{' '}
                  <span lang={question.locale}>{question.prompt}</span>
                </legend>
                <p id={hintId} className="muted">
                  {question.kind === 'single' ? t('quiz.chooseOne') : t('quiz.chooseMany')}
                </p>
                {error && (
                  <p id={errorId} className="field-error">
                    {t(`quiz.errors.${error}`)}
                  </p>
                )}
                {question.options.map((option) => {
                  const id = `${question.name}-${option.value}`
                  return (
                    <div key={id} className="choice">
                      <input
                        type={question.kind === 'single' ? 'radio' : 'checkbox'}
                        id={id}
                        name={question.name}
                        value={option.value}
                        defaultChecked={chosen[question.name]?.includes(option.value)}
                      />
                      <label htmlFor={id} lang={question.locale}>
                        {option.text}
                      </label>
                    </div>
                  )
                })}
              </fieldset>
            )
          })}
          <button type="submit" className="button" disabled={busy}>
            {t('quiz.submit')}
          </button>
        </Form>
      )}
    </section>
  )
}
