import { and, asc, desc, eq, gte, inArray, sql } from 'drizzle-orm'
import { db, schema } from '~/db.server'
import { serverT } from '~/modules/i18n/i18n.server'
import type { Locale } from '~/modules/i18n/locales'
import { renderMarkdown, type RenderedArticle } from './markdown.server'
import { visibleTo, type Viewer } from './visibility'

const { articles, articleTranslations, categories, categoryTranslations } = schema

const listColumns = {
  articleId: articleTranslations.articleId,
  locale: articleTranslations.locale,
  slug: articleTranslations.slug,
  title: articleTranslations.title,
  summary: articleTranslations.summary,
  updatedAt: articleTranslations.updatedAt,
}

/**
 * For each visible article, the published translation a reader of `locale` gets: their own
 * language when it is published, otherwise the source text (a fallback).
 */
async function readableTranslations(locale: Locale, viewer: Pick<Viewer, 'role'>, articleIds?: number[]) {
  const rows = await db
    .select({
      ...listColumns,
      sourceLocale: articles.sourceLocale,
      categoryId: articles.categoryId,
      position: articles.position,
      visibility: articles.visibility,
    })
    .from(articleTranslations)
    .innerJoin(articles, eq(articles.id, articleTranslations.articleId))
    .where(
      and(
        eq(articleTranslations.status, 'published'),
        inArray(articles.visibility, visibleTo(viewer)),
        sql`(${articleTranslations.locale} = ${locale} or ${articleTranslations.locale} = ${articles.sourceLocale})`,
        articleIds ? inArray(articles.id, articleIds) : undefined,
      ),
    )
    .orderBy(asc(articles.position), asc(articles.id))
  const byArticle = new Map<number, (typeof rows)[number] & { fallback: boolean }>()
  for (const row of rows) {
    const current = byArticle.get(row.articleId)
    if (!current || row.locale === locale)
      byArticle.set(row.articleId, { ...row, fallback: row.locale !== locale })
  }
  return [...byArticle.values()]
}

/**
 * Articles published or updated in the reader's own language (never a fallback: "new for
 * you" means readable by you) since `since`, in the given categories, newest first. An
 * article whose text has more than one revision is an update, otherwise new.
 */
export async function listFreshArticles(input: {
  locale: Locale
  viewer: Pick<Viewer, 'role'>
  categoryIds: number[]
  since: Date
  limit: number
}) {
  if (input.categoryIds.length === 0) return []
  const rows = await db
    .select({
      articleId: articleTranslations.articleId,
      slug: articleTranslations.slug,
      title: articleTranslations.title,
      summary: articleTranslations.summary,
      revision: articleTranslations.revision,
      publishedAt: articleTranslations.publishedAt,
    })
    .from(articleTranslations)
    .innerJoin(articles, eq(articles.id, articleTranslations.articleId))
    .where(
      and(
        eq(articleTranslations.locale, input.locale),
        eq(articleTranslations.status, 'published'),
        gte(articleTranslations.publishedAt, input.since),
        inArray(articles.visibility, visibleTo(input.viewer)),
        inArray(articles.categoryId, input.categoryIds),
      ),
    )
    .orderBy(desc(articleTranslations.publishedAt), desc(articleTranslations.id))
    .limit(input.limit)
  return rows.map((row) => ({
    articleId: row.articleId,
    title: row.title,
    summary: row.summary,
    url: `/${input.locale}/kb/${row.slug}`,
    publishedAt: row.publishedAt!,
    kind: row.revision > 1 ? ('updated' as const) : ('new' as const),
  }))
}

/** Categories in the reader's language (English when a category lacks a translation). */
async function categoriesIn(locale: Locale) {
  const rows = await db
    .select({
      id: categories.id,
      key: categories.key,
      position: categories.position,
      locale: categoryTranslations.locale,
      title: categoryTranslations.title,
      description: categoryTranslations.description,
    })
    .from(categories)
    .leftJoin(categoryTranslations, eq(categoryTranslations.categoryId, categories.id))
    .where(sql`${categoryTranslations.locale} in (${locale}, 'en') or ${categoryTranslations.locale} is null`)
    .orderBy(asc(categories.position))
  const byId = new Map<
    number,
    { id: number; key: string; position: number; title: string; description: string }
  >()
  for (const row of rows) {
    if (!byId.has(row.id) || row.locale === locale) {
      byId.set(row.id, {
        id: row.id,
        key: row.key,
        position: row.position,
        title: row.title ?? row.key,
        description: row.description ?? '',
      })
    }
  }
  return [...byId.values()].sort((a, b) => a.position - b.position)
}

export async function listKnowledgeBase({ locale, viewer }: { locale: Locale; viewer: Viewer }) {
  const [allCategories, readable] = await Promise.all([
    categoriesIn(locale),
    readableTranslations(locale, viewer),
  ])
  return allCategories
    .map((category) => ({
      ...category,
      articles: readable
        .filter((a) => a.categoryId === category.id)
        .map((a) => ({
          id: a.articleId,
          slug: a.slug,
          title: a.title,
          summary: a.summary,
          locale: a.locale,
          fallback: a.fallback,
        })),
    }))
    .filter((category) => category.articles.length > 0)
}

export type ReaderArticle = NonNullable<Awaited<ReturnType<typeof findArticleForReader>>>

/**
 * The article behind `/:lang/kb/:slug`. The slug may be of any language: an article that
 * exists in another language opens here with its source text, and a slug of another
 * language redirects to this language's slug. Hidden articles answer as missing, except
 * customer articles for anonymous readers, who are asked to sign in.
 */
export async function findArticleForReader({
  locale,
  slug,
  viewer,
}: {
  locale: Locale
  slug: string
  viewer: Viewer
}) {
  const matches = await db
    .select({
      articleId: articleTranslations.articleId,
      locale: articleTranslations.locale,
      visibility: articles.visibility,
    })
    .from(articleTranslations)
    .innerJoin(articles, eq(articles.id, articleTranslations.articleId))
    .where(and(eq(articleTranslations.slug, slug), eq(articleTranslations.status, 'published')))
  const match = matches.find((m) => m.locale === locale) ?? matches[0]
  if (!match) return null
  if (!visibleTo(viewer).includes(match.visibility)) {
    return match.visibility === 'customers' && !viewer.role ? ({ kind: 'sign-in' } as const) : null
  }

  const translations = await db
    .select()
    .from(articleTranslations)
    .where(
      and(eq(articleTranslations.articleId, match.articleId), eq(articleTranslations.status, 'published')),
    )
  const article = (await db.query.articles.findFirst({ where: eq(articles.id, match.articleId) }))!
  const own = translations.find((t) => t.locale === locale)
  const source = translations.find((t) => t.locale === article.sourceLocale)
  if (own && own.slug !== slug) return { kind: 'redirect', to: `/${locale}/kb/${own.slug}` } as const
  const shown = own ?? source ?? translations[0]!
  const category = (await categoriesIn(locale)).find((c) => c.id === article.categoryId)!
  const related = (await readableTranslations(locale, viewer))
    .filter((r) => r.categoryId === article.categoryId && r.articleId !== article.id)
    .slice(0, 5)
    .map((r) => ({ slug: r.slug, title: r.title, fallback: r.fallback }))
  const staleAgainst =
    own && source && own.id !== source.id && own.sourceRevision < source.revision ? source : null
  return {
    kind: 'article',
    article: {
      id: article.id,
      key: article.key,
      visibility: article.visibility,
      sourceLocale: article.sourceLocale,
    },
    translation: shown,
    fallback: !own,
    stale: staleAgainst
      ? { locale: staleAgainst.locale, slug: staleAgainst.slug, updatedAt: staleAgainst.updatedAt }
      : null,
    alternates: translations.map((t) => ({ locale: t.locale, slug: t.slug })),
    category: { key: category.key, title: category.title },
    related,
  } as const
}

/** Every readable article URL per language, for the sitemap (public articles only). */
export async function listPublicArticleUrls() {
  return db
    .select({
      articleId: articleTranslations.articleId,
      locale: articleTranslations.locale,
      slug: articleTranslations.slug,
      updatedAt: articleTranslations.updatedAt,
    })
    .from(articleTranslations)
    .innerJoin(articles, eq(articles.id, articleTranslations.articleId))
    .where(and(eq(articleTranslations.status, 'published'), eq(articles.visibility, 'public')))
    .orderBy(asc(articleTranslations.articleId))
}

const rendered = new Map<string, RenderedArticle>()

/** Rendered once per translation revision and reader language (callout titles are localized). */
export function renderTranslation(
  translation: { id: number; revision: number; body: string },
  locale: Locale,
) {
  const key = `${translation.id}:${translation.revision}:${locale}`
  let result = rendered.get(key)
  if (!result) {
    const t = serverT(locale)
    result = renderMarkdown(translation.body, locale, {
      note: t('kb:callout.note'),
      tip: t('kb:callout.tip'),
      important: t('kb:callout.important'),
      warning: t('kb:callout.warning'),
      caution: t('kb:callout.caution'),
    })
    if (rendered.size > 500) rendered.delete(rendered.keys().next().value!)
    rendered.set(key, result)
  }
  return result
}
