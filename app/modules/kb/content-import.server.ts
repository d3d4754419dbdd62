import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import type { Db } from '~/db-connection.server'
import { isLocale, locales, type Locale } from '~/modules/i18n/locales'
import { parseArticleFile, parseCategoriesFile, slugPattern, type ArticleFile } from './content-files.server'
import { saveTranslation, sourceRevisionOf, upsertArticle, upsertCategory } from './kb-writes.server'

export type ImportReport = {
  files: number
  created: number
  updated: number
  unchanged: number
  errors: { file: string; message: string }[]
}

/**
 * Imports `<dir>/categories.yml` and `<dir>/<slug>/<lang>.md`. Idempotent: unchanged files
 * change nothing, a changed text gets a new revision. A bad file is reported and skipped;
 * the rest still imports. `onFile` is called after each file (for a progress bar).
 */
export function importContent(
  db: Db,
  dir: string,
  onFile: (done: number, total: number) => void = () => undefined,
): ImportReport {
  const report: ImportReport = { files: 0, created: 0, updated: 0, unchanged: 0, errors: [] }
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

  for (const folder of folders) {
    const path = join(dir, folder)
    const parsed = new Map<Locale, ArticleFile>()
    for (const name of readdirSync(path).sort()) {
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
      onFile(++done, total)
    }
    if (parsed.size === 0) continue

    // The English text is the source when there is one; otherwise the first language present.
    const sourceLocale = parsed.has('en') ? 'en' : locales.find((l) => parsed.has(l))!
    const source = parsed.get(sourceLocale)!
    const sourceFile = join(path, `${sourceLocale}.md`)
    if (!source.category) {
      fail(sourceFile, 'front matter "category" is missing')
      continue
    }
    db.transaction(
      (tx) => {
        const article = upsertArticle(tx, {
          key: folder,
          categoryKey: source.category!,
          position: source.order ?? 0,
          visibility: source.visibility ?? 'public',
          sourceLocale,
        })
        if (!article) {
          fail(sourceFile, `unknown category "${source.category}"`)
          return
        }
        for (const locale of [sourceLocale, ...locales.filter((l) => l !== sourceLocale)]) {
          const file = parsed.get(locale)
          if (!file) continue
          const result = saveTranslation(tx, {
            articleId: article.id,
            locale,
            slug: file.slug ?? folder,
            title: file.title,
            summary: file.summary,
            body: file.body,
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
