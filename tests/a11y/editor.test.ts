import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { expectNoSeriousViolations, open } from '../setup/axe'
import { browserLocales, useBrowser, waitForHydration } from '../setup/browser'
import { queryDb } from '../setup/db'
import { demoPassword } from '../setup/http'
import { tr } from '../setup/i18n'
import { startServer, type TestServer } from '../setup/server'

let server: TestServer

beforeAll(async () => {
  server = await startServer()
})
afterAll(async () => {
  await server?.stop()
})

const browser = useBrowser({ baseURL: () => server.url })

const editor = 'editor@hub.example'
const langs = ['en', 'ru'] as const
/** A long article with a Spanish translation: its editor shows the source beside it. */
const articleKey = 'set-up-postbacks'

/** Signs the editor in through the real sign-in form; staff land on /<lang>/staff. */
async function signIn(page: Page, lang: string, options: { javaScript?: boolean } = {}) {
  if (options.javaScript === false) await page.goto(`/${lang}/login`)
  else await open(page, `/${lang}/login`)
  await page.getByLabel(tr(lang, 'auth:fields.email'), { exact: true }).fill(editor)
  await page.getByLabel(tr(lang, 'auth:fields.password'), { exact: true }).fill(demoPassword)
  await page.getByRole('button', { name: tr(lang, 'auth:login.submit'), exact: true }).click()
  await page.waitForURL((url) => url.pathname === `/${lang}/staff`)
}

/** The article's id, straight from the test server's database. */
function articleId() {
  const [row] = queryDb<{ id: number }>(
    server.databaseFile,
    'select id from articles where key = ?',
    articleKey,
  )
  if (!row) throw new Error(`No article ${articleKey}`)
  return row.id
}

/** The stored Spanish translation of the article. */
function spanishTranslation() {
  const [row] = queryDb<{ title: string; revision: number; status: string }>(
    server.databaseFile,
    "select title, revision, status from article_translations where article_id = ? and locale = 'es'",
    articleId(),
  )
  if (!row) throw new Error(`No Spanish translation of ${articleKey}`)
  return row
}

describe.each(langs)('%s content editor pages meet WCAG 2.1 AA', (lang) => {
  it('translation matrix, and its link to the Spanish translation', async () => {
    const page = await browser.newPage({ locale: browserLocales[lang]! })
    await signIn(page, lang)
    await open(page, `/${lang}/staff/content`)
    await page.getByRole('heading', { level: 1, name: tr(lang, 'editor:matrix.title') }).waitFor()
    await expectNoSeriousViolations(page)

    const cell = page.locator(`tr[data-article="${articleKey}"] td[data-locale="es"]`).getByRole('link')
    expect(await cell.getAttribute('href')).toBe(`/${lang}/staff/content/${articleId()}/es`)
  })

  it('new article form', async () => {
    const page = await browser.newPage({ locale: browserLocales[lang]! })
    await signIn(page, lang)
    await open(page, `/${lang}/staff/content/new`)
    await page.getByRole('heading', { level: 1, name: tr(lang, 'editor:new.title') }).waitFor()
    await expectNoSeriousViolations(page)
  })

  it('translation editor, beside its source', async () => {
    const page = await browser.newPage({ locale: browserLocales[lang]! })
    await signIn(page, lang)
    await open(page, `/${lang}/staff/content/${articleId()}/es`)
    await page
      .getByRole('heading', { level: 2, name: tr(lang, 'editor:edit.translation', { language: 'Español' }) })
      .waitFor()
    await expectNoSeriousViolations(page)
  })

  it('searches with no results', async () => {
    const page = await browser.newPage({ locale: browserLocales[lang]! })
    await signIn(page, lang)
    await open(page, `/${lang}/staff/content/searches`)
    await page.getByRole('heading', { level: 1, name: tr(lang, 'editor:searches.title') }).waitFor()
    await expectNoSeriousViolations(page)
  })
})

describe('editing a translation', () => {
  const saveName = (status: string) =>
    tr('en', status === 'published' ? 'editor:edit.saveChanges' : 'editor:edit.saveDraft')

  it('en: changes the title, previews, saves; the preview and notice meet WCAG 2.1 AA', async () => {
    const page = await browser.newPage({ locale: browserLocales.en! })
    await signIn(page, 'en')
    const before = spanishTranslation()
    await open(page, `/en/staff/content/${articleId()}/es`)
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
    expect(spanishTranslation().title).toBe(before.title)
    await expectNoSeriousViolations(page)

    await page.getByRole('button', { name: saveName(before.status), exact: true }).click()
    const saved = page
      .getByRole('status')
      .filter({ hasText: tr('en', 'editor:edit.saved', { revision: before.revision + 1 }) })
    await saved.waitFor()
    expect(spanishTranslation()).toMatchObject({ title: newTitle, revision: before.revision + 1 })
    expect(await page.getByLabel(tr('en', 'editor:fields.title'), { exact: true }).inputValue()).toBe(
      newTitle,
    )
    await expectNoSeriousViolations(page)
  })

  it('en without JavaScript: saves through the plain form', async () => {
    const page = await browser.newPage({ locale: browserLocales.en!, javaScriptEnabled: false })
    await signIn(page, 'en', { javaScript: false })
    const before = spanishTranslation()
    await page.goto(`/en/staff/content/${articleId()}/es`)
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
    expect(new URL(page.url()).pathname).toBe(`/en/staff/content/${articleId()}/es`)
    expect(spanishTranslation()).toMatchObject({ title: newTitle, revision: before.revision + 1 })
  })
})
