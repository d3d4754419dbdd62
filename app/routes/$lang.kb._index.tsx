import type { LoaderFunctionArgs } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { SearchForm } from '~/components/search-form'
import type { RouteHandle } from '~/modules/http/route-handle'
import { localeParam } from '~/modules/i18n/params'
import { useTranslation } from '~/modules/i18n/use-translation'
import { listKnowledgeBase } from '~/modules/kb/kb.server'
import { getViewer } from '~/modules/kb/viewer.server'

export const handle: RouteHandle = { title: (t) => t('kb:title'), seo: true }

export async function loader({ request, params }: LoaderFunctionArgs) {
  const locale = localeParam(params)
  return { locale, categories: await listKnowledgeBase({ locale, viewer: await getViewer(request) }) }
}

export default function KnowledgeBase() {
  const { t } = useTranslation('kb')
  const { locale, categories } = useLoaderData<typeof loader>()
  return (
    <div className="page">
      <h1>{t('title')}</h1>
      <p className="lead">{t('lead')}</p>
      <SearchForm locale={locale} />
      {categories.length === 0 ? (
        <p className="muted">{t('empty')}</p>
      ) : (
        <div className="kb-categories">
          {categories.map((category) => (
            <section
              key={category.key}
              className="card kb-category"
              aria-labelledby={`category-${category.key}`}
            >
              <h2 id={`category-${category.key}`}>{category.title}</h2>
              {category.description && <p className="muted">{category.description}</p>}
              <ul className="kb-article-list">
                {category.articles.map((article) => (
                  <li key={article.id}>
                    <Link
                      to={`/${locale}/kb/${article.slug}`}
                      lang={article.fallback ? article.locale : undefined}
                      prefetch="intent"
                    >
                      {article.title}
                    </Link>
                    {article.fallback && (
                      <span className="badge badge--muted">{article.locale.toUpperCase()}</span>
                    )}
                  </li>
                ))}
              </ul>
            </section>
          ))}
        </div>
      )}
    </div>
  )
}
