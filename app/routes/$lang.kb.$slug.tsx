import {
  data,
  redirect,
  type ActionFunctionArgs,
  type HeadersFunction,
  type LoaderFunctionArgs,
} from '@remix-run/node'
import { Link, useActionData, useLoaderData, useLocation } from '@remix-run/react'
import { AskUs } from '~/components/ask-us'
import { ContentFeedback } from '~/components/content-feedback'
import { suggestionParam } from '~/components/kb-suggestions'
import { TimeInSentence } from '~/components/time'
import { loginPath } from '~/modules/auth/guards.server'
import { usageHeader, usageHeaders, type Usage } from '~/modules/events/usage'
import { feedbackOf, saveFeedbackForm } from '~/modules/feedback/feedback.server'
import { readForm } from '~/modules/http/forms'
import type { RouteHandle } from '~/modules/http/route-handle'
import { type Locale } from '~/modules/i18n/locales'
import { localeParam } from '~/modules/i18n/params'
import { useTranslation } from '~/modules/i18n/use-translation'
import { findArticleForReader, renderTranslation } from '~/modules/kb/kb.server'
import type { TocEntry } from '~/modules/kb/markdown.server'
import { getViewer } from '~/modules/kb/viewer.server'
import { completeLinkedItems } from '~/modules/onboarding/progress.server'
import { bestEffortWrite } from '~/modules/storage/storage.server'

export const handle: RouteHandle = {
  title: (_t, data) => (data as { translation?: { title: string } } | undefined)?.translation?.title ?? '',
  seo: true,
  alternates: (data) =>
    (data as { alternates?: { locale: Locale; path: string }[] } | undefined)?.alternates ?? [],
}

/**
 * Every view is an event (content usage, onboarding). The loader names it in the usage header and
 * the server records it each time the page is served, so anonymous readers can be served from
 * the page cache and still count.
 */
export const headers: HeadersFunction = ({ actionHeaders, loaderHeaders }) => {
  const headers = new Headers(actionHeaders)
  const usage = loaderHeaders.get(usageHeader)
  if (usage) headers.set(usageHeader, usage)
  return headers
}

async function loadArticle(request: Request, locale: Locale, slug: string) {
  const viewer = await getViewer(request)
  const found = await findArticleForReader({ locale, slug, viewer })
  if (!found) throw new Response('Not found', { status: 404 })
  if (found.kind === 'redirect') throw redirect(found.to, 301)
  if (found.kind === 'sign-in') throw redirect(loginPath(locale, request))
  return { viewer, found }
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const locale = localeParam(params)
  const { viewer, found } = await loadArticle(request, locale, params.slug ?? '')
  const use = { kind: 'event', userId: viewer.userId, accountId: viewer.accountId, locale } as const
  const ref = String(found.article.id)
  const usages: Usage[] = [{ ...use, type: 'article', ref }]
  if (viewer.accountId && new URL(request.url).searchParams.has(suggestionParam))
    usages.push({ ...use, type: 'suggestion', ref })
  if (viewer.userId && viewer.accountId) {
    const { accountId, userId } = viewer
    // Reading must not fail on a full disk; the step is ticked at the next read instead.
    await bestEffortWrite(() =>
      completeLinkedItems({ accountId, userId, linkType: 'article', linkKey: found.article.key, locale }),
    )
  }
  const { html, toc } = renderTranslation(found.translation, locale)
  const feedback = await feedbackOf(request, viewer, { kind: 'article', contentId: found.article.id })
  return data(
    {
      locale,
      translation: {
        title: found.translation.title,
        summary: found.translation.summary,
        locale: found.translation.locale,
        updatedAt: found.translation.updatedAt,
      },
      html,
      // Only a long article gets one: three headings or more, nested ones included.
      toc: toc.reduce((count, section) => count + 1 + section.children.length, 0) >= 3 ? toc : [],
      fallback: found.fallback,
      stale: found.stale,
      category: found.category,
      related: found.related,
      visibility: found.article.visibility,
      feedback,
      // Only published translations are alternates; an untranslated language is not one.
      alternates: found.alternates.map((a) => ({ locale: a.locale, path: `/${a.locale}/kb/${a.slug}` })),
    },
    { headers: usageHeaders(usages) },
  )
}

export async function action({ request, params }: ActionFunctionArgs) {
  const locale = localeParam(params)
  const { viewer, found } = await loadArticle(request, locale, params.slug ?? '')
  return saveFeedbackForm({
    request,
    form: await readForm(request),
    kind: 'article',
    contentId: found.article.id,
    answerer: viewer,
    locale,
  })
}

export default function ArticlePage() {
  const { t } = useTranslation('kb')
  const { locale, translation, html, toc, fallback, stale, category, related, visibility, feedback } =
    useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { pathname } = useLocation()
  return (
    <div className="article-layout">
      <article className="article" lang={translation.locale}>
        <nav aria-label={t('breadcrumbs')} className="breadcrumbs-trail">
          <ol>
            <li>
              <Link to={`/${locale}/kb`}>{t('title')}</Link>
            </li>
            <li>
              <Link to={`/${locale}/kb#category-${category.key}`}>{category.title}</Link>
            </li>
          </ol>
        </nav>
        <h1>{translation.title}</h1>
        {translation.summary && <p className="lead">{translation.summary}</p>}
        <p className="muted article-meta" lang={locale}>
          <TimeInSentence at={translation.updatedAt} style="date">
            {(date) => t('updated', { date })}
          </TimeInSentence>
          {visibility !== 'public' && <span className="badge">{t(`visibility.${visibility}`)}</span>}
        </p>
        {fallback && (
          <p className="notice" role="note" lang={locale}>
            {t('notTranslated')}
          </p>
        )}
        {stale && (
          <p className="notice" role="note" lang={locale}>
            <TimeInSentence at={stale.updatedAt} style="date">
              {(date) => t('stale', { date })}
            </TimeInSentence>{' '}
            <Link to={`/${stale.locale}/kb/${stale.slug}`} hrefLang={stale.locale}>
              {t('staleLink')}
            </Link>
          </p>
        )}
        {toc.length > 0 && (
          <nav aria-labelledby="toc-title" className="toc" lang={locale}>
            <h2 id="toc-title">{t('contents')}</h2>
            <TocList entries={toc} lang={translation.locale} />
          </nav>
        )}
        {/* Rendered from Markdown on the server, raw HTML dropped and the result sanitized. */}
        <div className="prose" dangerouslySetInnerHTML={{ __html: html }} />
      </article>
      <aside className="article-aside" lang={locale}>
        <ContentFeedback kind="article" answer={feedback} saved={actionData?.saved ?? false} />
        {related.length > 0 && (
          <section className="panel" aria-labelledby="related-title">
            <h2 id="related-title">{t('related')}</h2>
            <ul className="kb-article-list">
              {related.map((r) => (
                <li key={r.slug}>
                  <Link to={`/${locale}/kb/${r.slug}`}>{r.title}</Link>
                </li>
              ))}
            </ul>
          </section>
        )}
        <AskUs locale={locale} page={{ path: pathname, title: translation.title }} />
      </aside>
    </div>
  )
}

/** The sections as nested ordered lists, numbered 1, 2, 2.1, 2.2, 3 by the stylesheet. */
function TocList({ entries, lang }: { entries: TocEntry[]; lang: string }) {
  return (
    <ol>
      {entries.map((entry) => (
        <li key={entry.id}>
          <a href={`#${entry.id}`} lang={lang}>
            {entry.text}
          </a>
          {entry.children.length > 0 && <TocList entries={entry.children} lang={lang} />}
        </li>
      ))}
    </ol>
  )
}
