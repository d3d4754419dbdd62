import { createHash } from 'node:crypto'
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { eq } from 'drizzle-orm'
import * as schema from '#db/schema/index'
import type { Db } from '~/db-connection.server'
import { isLocale, locales, type Locale } from '~/modules/i18n/locales'
import {
  parseArticleFile,
  parseCategoriesFile,
  rewriteRelativeLinks,
  slugPattern,
  type ArticleFile,
} from './content-files.server'
import { saveTranslation, sourceRevisionOf, upsertArticle, upsertCategory, type Tx } from './kb-writes.server'

export type ImportReport = {
  files: number
  created: number
  updated: number
  unchanged: number
  /** Articles whose category was missing or unknown, put in the "Imported" category. */
  uncategorized: number
  /** Categories created from the files' front matter (`createCategories`). */
  categoriesCreated: number
  errors: { file: string; message: string }[]
}

export type ImportOptions = {
  /** Create a category named in front matter that does not exist, instead of using "Imported". */
  createCategories?: boolean
}

/**
 * Where an article goes when its front matter names no category, or one we do not know: a
 * category editors can rename or empty later. Its names are only written when it is created,
 * so a renamed one stays renamed.
 */
export const importedCategory = {
  key: 'imported',
  position: 1000,
  titles: { en: 'Imported', ru: 'Импортированные', es: 'Importados', pt: 'Importados' },
  descriptions: {
    en: 'Articles imported without a category we know. Move them to their place.',
    ru: 'Статьи, импортированные без известной нам категории. Перенесите их на своё место.',
    es: 'Artículos importados sin una categoría conocida. Muévelos a su lugar.',
    pt: 'Artigos importados sem uma categoria conhecida. Mova-os para o lugar certo.',
  },
} as const

/** The key a category name from elsewhere gets: "Getting Started" → getting-started. */
export function categoryKeyOf(name: string) {
  const key = name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '')
  // A name in another script ("Начало работы") has no Latin letters to build a key from.
  return slugPattern.test(key)
    ? key
    : `category-${createHash('sha256').update(name).digest('hex').slice(0, 8)}`
}

const categoryIdOf = (tx: Tx, key: string) =>
  tx.select({ id: schema.categories.id }).from(schema.categories).where(eq(schema.categories.key, key)).get()
    ?.id

const articleCategoryKey = (tx: Tx, articleKey: string) =>
  tx
    .select({ key: schema.categories.key })
    .from(schema.articles)
    .innerJoin(schema.categories, eq(schema.categories.id, schema.articles.categoryId))
    .where(eq(schema.articles.key, articleKey))
    .get()?.key

/**
 * The category an article goes to, never none: the one its front matter names (by key, or by
 * a name whose key is known); else a new category of that name (`createCategories`); else, for
 * an article imported before, the one it is in now (an editor may have moved it); else "Imported".
 */
function resolveCategory(
  tx: Tx,
  articleKey: string,
  named: string | null,
  options: ImportOptions,
  report: ImportReport,
) {
  if (named) {
    for (const key of [named, categoryKeyOf(named)]) if (categoryIdOf(tx, key)) return key
  }
  if (named && options.createCategories) {
    const key = categoryKeyOf(named)
    const title = named.trim().slice(0, 120)
    upsertCategory(tx, {
      key,
      position: importedCategory.position - 1,
      titles: { en: title, ru: title, es: title, pt: title },
      descriptions: {},
    })
    report.categoriesCreated++
    return key
  }
  const current = articleCategoryKey(tx, articleKey)
  if (current) return current
  report.uncategorized++
  if (!categoryIdOf(tx, importedCategory.key))
    upsertCategory(tx, {
      key: importedCategory.key,
      position: importedCategory.position,
      titles: importedCategory.titles,
      descriptions: importedCategory.descriptions,
    })
  return importedCategory.key
}

/**
 * Imports `<dir>/categories.yml` and `<dir>/<slug>/<lang>.md`. Idempotent: unchanged files
 * change nothing, a changed text gets a new revision. A bad file is reported and skipped;
 * the rest still imports. `onFile` is called after each file (for a progress bar). The
 * category is optional: see `resolveCategory`.
 */
export function importContent(
  db: Db,
  dir: string,
  onFile: (done: number, total: number) => void = () => undefined,
  options: ImportOptions = {},
): ImportReport {
  const report: ImportReport = {
    files: 0,
    created: 0,
    updated: 0,
    unchanged: 0,
    uncategorized: 0,
    categoriesCreated: 0,
    errors: [],
  }
  const fail = (file: string, message: string) => report.errors.push({ file, message })

  const categoriesFile = join(dir, 'categories.yml')
  if (existsSync(categoriesFile)) {
    const parsed = parseCategoriesFile(readFileSync(categoriesFile, 'utf8'))
    if (!parsed.ok) fail(categoriesFile, parsed.error)
    else
      db.transaction(
        (tx) =>
          parsed.categories.forEach((c) =>
            upsertCategory(tx, {
              key: c.key,
              position: c.position,
              titles: c.title,
              descriptions: c.description,
            }),
          ),
        { behavior: 'immediate' },
      )
  }

  const folders = readdirSync(dir)
    .filter((name) => statSync(join(dir, name)).isDirectory())
    .sort()
  const total = folders.reduce((n, folder) => n + readdirSync(join(dir, folder)).length, 0)
  let done = 0

  // Every file is read first, so links between them can become the portal's URLs.
  const parsedFolders = new Map<string, { files: number; parsed: Map<Locale, ArticleFile> }>()
  for (const folder of folders) {
    const path = join(dir, folder)
    const parsed = new Map<Locale, ArticleFile>()
    const names = readdirSync(path).sort()
    for (const name of names) {
      const file = join(path, name)
      const lang = name.replace(/\.md$/, '')
      report.files++
      if (!slugPattern.test(folder))
        fail(file, `folder name "${folder}" is not a slug (lowercase letters, digits and hyphens)`)
      else if (!name.endsWith('.md') || !isLocale(lang))
        fail(file, `not <lang>.md with lang one of ${locales.join(', ')}`)
      else {
        const result = parseArticleFile(readFileSync(file, 'utf8'), folder)
        if (result.ok) parsed.set(lang, result.file)
        else fail(file, result.error)
      }
    }
    parsedFolders.set(folder, { files: names.length, parsed })
  }
  /** An imported folder's slug in a locale: its own there, else its source text's. */
  const slugOf = (locale: Locale) => (folder: string) => {
    const parsed = parsedFolders.get(folder)?.parsed
    if (!parsed?.size) return null
    const file = parsed.get(locale) ?? parsed.get('en') ?? parsed.get(locales.find((l) => parsed.has(l))!)!
    return file.slug ?? folder
  }

  for (const [folder, { files, parsed }] of parsedFolders) {
    const path = join(dir, folder)
    done += files
    onFile(done, total)
    if (parsed.size === 0) continue

    // The English text is the source when there is one; otherwise the first language present.
    const sourceLocale = parsed.has('en') ? 'en' : locales.find((l) => parsed.has(l))!
    const source = parsed.get(sourceLocale)!
    db.transaction(
      (tx) => {
        const article = upsertArticle(tx, {
          key: folder,
          categoryKey: resolveCategory(tx, folder, source.category, options, report),
          position: source.order ?? 0,
          visibility: source.visibility ?? 'public',
          sourceLocale,
        })!
        for (const locale of [sourceLocale, ...locales.filter((l) => l !== sourceLocale)]) {
          const file = parsed.get(locale)
          if (!file) continue
          const result = saveTranslation(tx, {
            articleId: article.id,
            locale,
            slug: file.slug ?? folder,
            title: file.title,
            summary: file.summary,
            body: rewriteRelativeLinks(file.body, { folder, locale, slugOf: slugOf(locale) }),
            tags: file.tags,
            status: file.status,
            // A translation file that changes is taken as translated from the source as it is now.
            translatedFrom: locale === sourceLocale ? undefined : sourceRevisionOf(tx, article.id),
          })
          if (result.outcome === 'slug-taken')
            fail(
              join(path, `${locale}.md`),
              `slug "${file.slug ?? folder}" is already used by another ${locale} article`,
            )
          else if (result.outcome === 'created') report.created++
          else if (result.outcome === 'updated' || article.changed) report.updated++
          else report.unchanged++
        }
      },
      { behavior: 'immediate' },
    )
  }
  return report
}
