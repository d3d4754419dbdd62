import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { asc, eq } from 'drizzle-orm'
import * as schema from '#db/schema/index'
import type { Db } from '~/db-connection.server'
import type { Locale } from '~/modules/i18n/locales'
import { serializeArticleFile, serializeCategoriesFile } from './content-files.server'

/** Writes the knowledge base as `<dir>/categories.yml` and `<dir>/<key>/<lang>.md`, the layout import reads. */
export function exportContent(db: Db, dir: string) {
  const { articles, articleTranslations, categories, categoryTranslations } = schema
  mkdirSync(dir, { recursive: true })
  const categoryRows = db.select().from(categories).orderBy(asc(categories.position)).all()
  const texts = db.select().from(categoryTranslations).all()
  writeFileSync(
    join(dir, 'categories.yml'),
    serializeCategoriesFile(
      categoryRows.map((c) => {
        const own = texts.filter((t) => t.categoryId === c.id)
        return {
          key: c.key,
          position: c.position,
          title: Object.fromEntries(own.map((t) => [t.locale, t.title])) as Partial<Record<Locale, string>>,
          description: Object.fromEntries(
            own.filter((t) => t.description).map((t) => [t.locale, t.description]),
          ) as Partial<Record<Locale, string>>,
        }
      }),
    ),
  )
  const rows = db
    .select({ article: articles, translation: articleTranslations, category: categories.key })
    .from(articleTranslations)
    .innerJoin(articles, eq(articles.id, articleTranslations.articleId))
    .innerJoin(categories, eq(categories.id, articles.categoryId))
    .all()
  for (const { article, translation, category } of rows) {
    mkdirSync(join(dir, article.key), { recursive: true })
    writeFileSync(
      join(dir, article.key, `${translation.locale}.md`),
      serializeArticleFile({
        title: translation.title,
        summary: translation.summary,
        category,
        tags: translation.tags,
        order: article.position,
        visibility: article.visibility,
        slug: translation.slug,
        folderSlug: article.key,
        status: translation.status,
        body: translation.body,
      }),
    )
  }
  return { articles: new Set(rows.map((r) => r.article.id)).size, files: rows.length }
}
