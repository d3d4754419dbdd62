import type { LoaderFunctionArgs, SerializeFrom } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { OnboardingNextStep } from '~/components/onboarding-next-step'
import { SearchForm } from '~/components/search-form'
import { getUser } from '~/modules/auth/session.server'
import { getCustomerHome, type CustomerHome } from '~/modules/home/home.server'
import type { RouteHandle } from '~/modules/http/route-handle'
import { formatDate, formatNumber } from '~/modules/i18n/format'
import type { Locale } from '~/modules/i18n/locales'
import { localeParam } from '~/modules/i18n/params'
import { useTranslation } from '~/modules/i18n/use-translation'
import { useRootData } from '~/root'

export const handle: RouteHandle = { seo: true }

/**
 * A signed-in customer's home is theirs: what to do next, what waits for them, what is new.
 * Everyone else (visitors, staff) keeps the public home, which the page cache serves to visitors.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const locale = localeParam(params)
  const user = await getUser(request)
  if (!user || user.role !== 'customer' || user.accountId === null) return { home: null }
  const home = await getCustomerHome({ locale, viewer: { ...user, accountId: user.accountId } })
  return { home: { ...home, name: user.name } }
}

export default function Home() {
  const { home } = useLoaderData<typeof loader>()
  const root = useRootData()
  const locale = root?.locale ?? 'en'
  return home ? <CustomerHomePage home={home} locale={locale} /> : <PublicHome />
}

function PublicHome() {
  const { t } = useTranslation('common')
  const root = useRootData()
  const locale = root?.locale ?? 'en'
  const user = root?.user
  return (
    <div className="home">
      <section className="hero" aria-labelledby="hero-title">
        <h1 id="hero-title">{t('home.title')}</h1>
        <p className="hero__lead">{t('home.lead')}</p>
        <SearchForm locale={locale} />
        <p className="hero__actions">
          {user ? (
            <Link className="button" to={user.hasAccount ? `/${locale}/account` : `/${locale}/staff`}>
              {t('home.continue')}
            </Link>
          ) : (
            <Link className="button" to={`/${locale}/login`}>
              {t('signIn')}
            </Link>
          )}
        </p>
      </section>
      <section className="pillars" aria-labelledby="pillars-title">
        <h2 id="pillars-title">{t('home.pillarsTitle')}</h2>
        <ul className="card-grid">
          {(['onboard', 'learn', 'ask'] as const).map((pillar) => (
            <li key={pillar} className="card">
              <h3>{t(`home.pillars.${pillar}.title`)}</h3>
              <p>{t(`home.pillars.${pillar}.text`)}</p>
            </li>
          ))}
        </ul>
      </section>
    </div>
  )
}

type HomeData = SerializeFrom<CustomerHome> & { name: string }

function CustomerHomePage({ home, locale }: { home: HomeData; locale: Locale }) {
  const { t } = useTranslation('common')
  return (
    <div className="page customer-home">
      <h1>{t('home.personal.title', { name: home.name })}</h1>
      <p className="lead">{t('home.personal.lead')}</p>
      <div className="home-cards">
        {home.onboarding?.playbook && (
          <OnboardingNextStep
            onboarding={home.onboarding}
            locale={locale}
            headingId="home-next-step"
            titleHref={`/${locale}/onboarding`}
          />
        )}
        <WaitingTicketsCard tickets={home.waiting} locale={locale} />
        <CourseCard course={home.course} locale={locale} />
        <ArticlesCard articles={home.articles} days={home.freshArticleDays} locale={locale} />
        {home.team && <TeamCard team={home.team} locale={locale} />}
      </div>
    </div>
  )
}

function WaitingTicketsCard({ tickets, locale }: { tickets: HomeData['waiting']; locale: Locale }) {
  const { t } = useTranslation(['common', 'tickets'])
  const list = `/${locale}/tickets?status=pending`
  return (
    <section className="panel home-card" aria-labelledby="home-tickets">
      <h2 id="home-tickets">
        <Link to={list}>{t('home.tickets.title')}</Link>{' '}
        <span className="badge">{formatNumber(locale, tickets.length)}</span>
      </h2>
      {tickets.length > 0 ? (
        <ul className="list">
          {tickets.map((ticket) => (
            <li key={ticket.number}>
              <Link to={`/${locale}/tickets/${ticket.number}`}>
                #{ticket.number} {ticket.subject}
              </Link>
              <span className="muted">
                {t('home.tickets.updated', { date: formatDate(locale, new Date(ticket.updatedAt)) })}
              </span>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">{t('home.tickets.none')}</p>
      )}
      <p>
        <Link to={`/${locale}/tickets`}>{t('home.tickets.all')}</Link>
      </p>
    </section>
  )
}

function CourseCard({ course, locale }: { course: HomeData['course']; locale: Locale }) {
  const { t } = useTranslation(['common', 'academy'])
  return (
    <section className="panel home-card" aria-labelledby="home-course">
      <h2 id="home-course">
        <Link to={`/${locale}/academy`}>{t('home.course.title')}</Link>
      </h2>
      {course ? (
        <>
          <p className="next-step__title" lang={course.textLocale !== locale ? course.textLocale : undefined}>
            {course.title}
          </p>
          <div className="progress-meter">
            <label htmlFor="home-course-progress">
              {t('academy:catalog.progress', {
                done: formatNumber(locale, course.doneCount),
                total: formatNumber(locale, course.lessonCount),
              })}
            </label>
            <progress id="home-course-progress" max={course.lessonCount} value={course.doneCount} />
          </div>
          <p>
            <Link className="button" to={`/${locale}/academy/${course.key}/${course.resumePosition}`}>
              {course.started
                ? t('academy:catalog.continueCourse', { title: course.title })
                : t('academy:catalog.startCourse', { title: course.title })}
            </Link>
          </p>
        </>
      ) : (
        <p className="muted">{t('home.course.allDone')}</p>
      )}
      <p>
        <Link to={`/${locale}/academy`}>{t('home.course.all')}</Link>
      </p>
    </section>
  )
}

function ArticlesCard({
  articles,
  days,
  locale,
}: {
  articles: HomeData['articles']
  days: number
  locale: Locale
}) {
  const { t } = useTranslation('common')
  return (
    <section className="panel home-card" aria-labelledby="home-articles">
      <h2 id="home-articles">
        <Link to={`/${locale}/kb`}>{t('home.articles.title')}</Link>
      </h2>
      <p className="muted">{t('home.articles.lead', { count: days })}</p>
      {articles.length > 0 ? (
        <ul className="list">
          {articles.map((article) => (
            <li key={article.articleId} className="home-article">
              <Link to={article.url}>{article.title}</Link>
              <span className="home-article__meta">
                <span className={article.kind === 'new' ? 'badge' : 'badge badge--muted'}>
                  {t(`home.articles.${article.kind}`)}
                </span>{' '}
                <span className="muted">{formatDate(locale, new Date(article.publishedAt))}</span>
              </span>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">{t('home.articles.none')}</p>
      )}
      <p>
        <Link to={`/${locale}/kb`}>{t('home.articles.all')}</Link>
      </p>
    </section>
  )
}

function TeamCard({ team, locale }: { team: NonNullable<HomeData['team']>; locale: Locale }) {
  const { t } = useTranslation('common')
  const facts = [
    ['people', team.people],
    ['learning', team.learning],
    ['certified', team.certified],
  ] as const
  return (
    <section className="panel home-card" aria-labelledby="home-team">
      <h2 id="home-team">
        <Link to={`/${locale}/account#team-heading`}>{t('home.team.title')}</Link>
      </h2>
      <dl className="facts facts--compact">
        {facts.map(([key, value]) => (
          <div key={key}>
            <dt>{t(`home.team.${key}`)}</dt>
            <dd>{formatNumber(locale, value)}</dd>
          </div>
        ))}
      </dl>
      <p>
        <Link to={`/${locale}/account#team-heading`}>{t('home.team.all')}</Link>
      </p>
    </section>
  )
}
