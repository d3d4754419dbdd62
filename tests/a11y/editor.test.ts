import { and, eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import * as schema from '#db/schema/index'
import { createArticle } from '../factories/browser-data'
import { createUser, testDb } from '../factories/people'
import { expectNoSeriousViolations, open } from '../setup/axe'
import { browserLocales, useBrowser, waitForHydration } from '../setup/browser'
import { tr } from '../setup/i18n'

const browser = useBrowser()

/**
 * English and Russian: the editor's pages have the same markup in every language (only the
 * texts change), so a Latin and a Cyrillic language cover them.
 */
const langs = ['en', 'ru'] as const

/** An editor of their own, signed in by a session cookie. */
const editorPage = (lang: string, options: { javaScriptEnabled?: boolean } = {}) =>
  browser.signedInPage(createUser({ role: 'editor', locale: lang as 'en' | 'ru' }), {
    locale: browserLocales[lang]!,
    ...options,
  })

/**
 * An article of the test's own with an English source and a Spanish translation, copied from
 * the long set-up-postbacks (the editor shows the source beside the translation): the starter
 * article itself stays as the readers' tests expect it.
 */
const newArticle = () => createArticle({ locales: ['en', 'es'] })

/** The stored Spanish translation of the article. */
function spanishTranslation(articleId: number) {
  const row = testDb()
    .select({
      title: schema.articleTranslations.title,
      revision: schema.articleTranslations.revision,
      status: schema.articleTranslations.status,
    })
    .from(schema.articleTranslations)
    .where(
      and(eq(schema.articleTranslations.articleId, articleId), eq(schema.articleTranslations.locale, 'es')),
    )
    .get()
  if (!row) throw new Error(`No Spanish translation of article ${articleId}`)
  return row
}

describe.each(langs)('%s content editor pages meet WCAG 2.1 AA', (lang) => {
  it('translation matrix, and its link to the Spanish translation', async () => {
    const article = newArticle()
    const page = await editorPage(lang)
    await open(page, `/${lang}/staff/content`)
    await page.getByRole('heading', { level: 1, name: tr(lang, 'editor:matrix.title') }).waitFor()
    await expectNoSeriousViolations(page)

    const cell = page.locator(`tr[data-article="${article.key}"] td[data-locale="es"]`).getByRole('link')
    expect(await cell.getAttribute('href')).toBe(`/${lang}/staff/content/${article.id}/es`)
  })

  it('new article form', async () => {
    const page = await editorPage(lang)
    await open(page, `/${lang}/staff/content/new`)
    await page.getByRole('heading', { level: 1, name: tr(lang, 'editor:new.title') }).waitFor()
    await expectNoSeriousViolations(page)
  })

  it('translation editor, beside its source', async () => {
    const article = newArticle()
    const page = await editorPage(lang)
    await open(page, `/${lang}/staff/content/${article.id}/es`)
    await page
      .getByRole('heading', { level: 2, name: tr(lang, 'editor:edit.translation', { language: 'Español' }) })
      .waitFor()
    await expectNoSeriousViolations(page)
  })

  it('searches with no results', async () => {
    const page = await editorPage(lang)
    await open(page, `/${lang}/staff/content/searches`)
    await page.getByRole('heading', { level: 1, name: tr(lang, 'editor:searches.title') }).waitFor()
    await expectNoSeriousViolations(page)
  })
})

describe('editing a translation', () => {
  const saveName = (status: string) =>
    tr('en', status === 'published' ? 'editor:edit.saveChanges' : 'editor:edit.saveDraft')

  it('en: changes the title, previews, saves; the preview and notice meet WCAG 2.1 AA', async () => {
    const article = newArticle()
    const page = await editorPage('en')
    const before = spanishTranslation(article.id)
    await open(page, `/en/staff/content/${article.id}/es`)
    await waitForHydration(page, 'main form button[type=submit]')

    const title = page.getByLabel(tr('en', 'editor:fields.title'), { exact: true })
    expect(await title.inputValue()).toBe(before.title)
    const newTitle = `${before.title} (revisado)`
    await title.fill(newTitle)

    await page.getByRole('button', { name: tr('en', 'editor:edit.preview'), exact: true }).click()
    const preview = page.getByRole('region', { name: tr('en', 'editor:edit.previewTitle'), exact: true })
    await preview.waitFor()
    expect(await preview.locator('.prose').getAttribute('lang')).toBe('es')
    expect((await preview.locator('.prose').textContent())!.length).toBeGreaterThan(0)
    // The preview keeps the unsaved text in the form.
    expect(await title.inputValue()).toBe(newTitle)
    expect(spanishTranslation(article.id).title).toBe(before.title)
    await expectNoSeriousViolations(page)

    await page.getByRole('button', { name: saveName(before.status), exact: true }).click()
    const saved = page
      .getByRole('status')
      .filter({ hasText: tr('en', 'editor:edit.saved', { revision: before.revision + 1 }) })
    await saved.waitFor()
    expect(spanishTranslation(article.id)).toMatchObject({ title: newTitle, revision: before.revision + 1 })
    // The form shows the saved text once the page's data is loaded again after the save (on a
    // busy machine that can come a moment after the saved notice).
    await expect
      .poll(() => page.getByLabel(tr('en', 'editor:fields.title'), { exact: true }).inputValue())
      .toBe(newTitle)
    await expectNoSeriousViolations(page)
  })

  it('en without JavaScript: saves through the plain form', async () => {
    const article = newArticle()
    const page = await editorPage('en', { javaScriptEnabled: false })
    const before = spanishTranslation(article.id)
    await page.goto(`/en/staff/content/${article.id}/es`)
    await page
      .getByRole('heading', { level: 2, name: tr('en', 'editor:edit.translation', { language: 'Español' }) })
      .waitFor()

    const newTitle = `${before.title} (sin JavaScript)`
    await page.getByLabel(tr('en', 'editor:fields.title'), { exact: true }).fill(newTitle)
    await page.getByRole('button', { name: saveName(before.status), exact: true }).click()
    await page
      .getByRole('status')
      .filter({ hasText: tr('en', 'editor:edit.saved', { revision: before.revision + 1 }) })
      .waitFor()
    expect(new URL(page.url()).pathname).toBe(`/en/staff/content/${article.id}/es`)
    expect(spanishTranslation(article.id)).toMatchObject({ title: newTitle, revision: before.revision + 1 })
  })
})
