import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { describe, expect, inject, it } from 'vitest'
import { browserLocales, useBrowser, waitForHydration } from '../setup/browser'
import { tr } from '../setup/i18n'
import { projectRoot } from '../setup/paths'

// Visitors only, on the starter knowledge base, which no browser test changes. The votes they
// leave are new rows of their own and change nothing another test reads.
const browser = useBrowser()

const languageNames: Record<string, string> = {
  en: 'EN English',
  ru: 'RU Русский',
  es: 'ES Español',
  pt: 'PT Português',
}

/** An article's title as its author wrote it: the front matter of content/kb/<slug>/<lang>.md. */
function articleTitle(slug: string, lang: string) {
  const source = readFileSync(join(projectRoot, 'content', 'kb', slug, `${lang}.md`), 'utf8')
  const frontMatter = /^---\n([\s\S]*?)\n---/.exec(source)?.[1] ?? ''
  const line = /^title:\s*(.+)$/m.exec(frontMatter)?.[1]?.trim()
  if (!line) throw new Error(`No title in content/kb/${slug}/${lang}.md`)
  return line.startsWith('"') ? (JSON.parse(line) as string) : line
}

const pathOf = (page: Page) => new URL(page.url()).pathname
const heading = (page: Page) => page.getByRole('heading', { level: 1 })
const header = (page: Page) => page.getByRole('banner')
const feedback = (page: Page, lang: string) =>
  page.getByRole('region', { name: tr(lang, 'kb:feedback.question') })

async function expectHeading(page: Page, text: string) {
  await page.getByRole('heading', { level: 1, name: text, exact: true }).waitFor()
  expect(await heading(page).textContent()).toBe(text)
}

async function expectPath(page: Page, path: string) {
  await page.waitForURL((url) => url.pathname === path)
  expect(pathOf(page)).toBe(path)
}

/**
 * Resolves once the suggestions for `query` have arrived. Navigating while they are still loading
 * makes Remix cancel that request and log an AbortError to the console.
 */
function suggestionsLoaded(page: Page, query: string) {
  return page
    .waitForResponse((response) => {
      const url = new URL(response.url())
      return url.pathname.startsWith('/api/search') && url.searchParams.get('q') === query
    })
    .then((response) => response.finished())
}

/** Answers "Was this article helpful?" and waits for the thanks, in `lang`. */
async function vote(page: Page, lang: string, answer: 'yes' | 'no', reason?: string) {
  const panel = feedback(page, lang)
  if (reason !== undefined)
    await panel.getByLabel(tr(lang, 'kb:feedback.reason'), { exact: true }).fill(reason)
  await panel.getByRole('button', { name: tr(lang, `kb:feedback.${answer}`), exact: true }).click()
  const thanks = panel.getByText(tr(lang, 'kb:feedback.thanks'), { exact: true })
  await thanks.waitFor()
  expect(await thanks.getAttribute('role')).toBe('status')
  // The form is replaced by the thanks.
  expect(await panel.getByRole('button').count()).toBe(0)
}

describe('finding and rating an article', () => {
  it('ru: suggestions in the header search, arrow keys, switch to Portuguese, votes helpful', async () => {
    const slug = 'set-up-postbacks'
    const page = await browser.newPage({ locale: browserLocales.ru! })
    await page.goto('/ru')
    const search = header(page).getByRole('search')
    await waitForHydration(page, 'header form[role=search] input')

    // "постбэки" is in content/kb/set-up-postbacks/ru.md (title, tags and body).
    const input = search.getByRole('searchbox', { name: tr('ru', 'kb:search.label'), exact: true })
    await input.click()
    const loaded = suggestionsLoaded(page, 'постбэки')
    await input.pressSequentially('постбэки')
    await loaded
    const suggestions = search.getByRole('list', { name: tr('ru', 'kb:search.suggestions'), exact: true })
    await suggestions.waitFor()
    const ruTitle = articleTitle(slug, 'ru')
    const first = suggestions.getByRole('link').first()
    expect(await first.textContent()).toBe(ruTitle)
    expect(await input.getAttribute('aria-controls')).toBe(await suggestions.getAttribute('id'))

    // Arrow down moves into the list, Enter opens the suggestion.
    await input.press('ArrowDown')
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe(ruTitle)
    await page.keyboard.press('Enter')
    await expectPath(page, `/ru/kb/${slug}`)
    await expectHeading(page, ruTitle)
    expect(await page.getByRole('article').getAttribute('lang')).toBe('ru')
    await expect(suggestions.count()).resolves.toBe(0)

    // The switcher keeps the article and shows its Portuguese translation. Its navigation may
    // abort a fetch still in flight (on a fresh machine the first search builds its index),
    // which the router reports as an AbortError: by design, not a fault.
    browser.allowProblems(
      (p) => p.kind === 'console' && p.text.startsWith('AbortError: signal is aborted without reason'),
    )
    await page.waitForLoadState('networkidle')
    const switcher = header(page).getByRole('group', { name: tr('ru', 'common:language.label') })
    await switcher.getByRole('button', { name: languageNames.pt, exact: true }).click()
    await expectPath(page, `/pt/kb/${slug}`)
    await page.waitForFunction(() => document.documentElement.lang === 'pt')
    await expectHeading(page, articleTitle(slug, 'pt'))
    expect(await page.getByRole('article').getAttribute('lang')).toBe('pt')

    await vote(page, 'pt', 'yes')
  })

  it('pt: Enter in the header search goes to the results page; votes not helpful with a reason', async () => {
    const page = await browser.newPage({ locale: browserLocales.pt! })
    await page.goto('/pt/kb')
    await expectHeading(page, tr('pt', 'kb:title'))
    await waitForHydration(page, 'header form[role=search] input')

    const input = header(page).getByRole('searchbox', { name: tr('pt', 'kb:search.label'), exact: true })
    const loaded = suggestionsLoaded(page, 'postbacks')
    await input.fill('postbacks')
    await loaded
    await input.press('Enter')
    await page.waitForURL((url) => url.pathname === '/pt/search' && url.searchParams.get('q') === 'postbacks')
    await expectHeading(page, tr('pt', 'kb:search.title'))

    const results = page.locator('main ol.search-results > li')
    await results.first().waitFor()
    const count = await results.count()
    expect(count).toBeGreaterThan(0)
    const summary = page.getByRole('status')
    expect(await summary.textContent()).toContain('“postbacks”')
    // The matching words are marked in the snippets.
    const marks = await page.locator('main ol.search-results mark').allTextContents()
    expect(marks.length).toBeGreaterThan(0)
    for (const mark of marks) expect(mark.toLowerCase()).toContain('postback')
    // The query stays in the page's own search field.
    expect(await page.getByRole('main').getByRole('searchbox').inputValue()).toBe('postbacks')

    const firstLink = results.first().getByRole('heading', { level: 2 }).getByRole('link')
    const title = (await firstLink.textContent())!
    const href = (await firstLink.getAttribute('href'))!
    expect(href).toMatch(/^\/pt\/kb\/[a-z0-9-]+$/)
    await firstLink.click()
    await expectPath(page, href)
    await expectHeading(page, title)

    await waitForHydration(page, 'aside form button[type=submit]')
    await vote(page, 'pt', 'no', 'Faltou um exemplo com a macro {revenue}.')
  })
})

describe('without JavaScript', () => {
  it('es: searches from the home page, rates an article, and sees the untranslated notice', async () => {
    const page = await browser.newPage({ locale: browserLocales.es!, javaScriptEnabled: false })
    await page.goto('/es')
    await expectHeading(page, tr('es', 'common:home.title'))

    const form = page.getByRole('main').getByRole('search')
    await form.getByRole('searchbox', { name: tr('es', 'kb:search.label'), exact: true }).fill('postbacks')
    await form.getByRole('button', { name: tr('es', 'kb:search.submit'), exact: true }).click()
    await page.waitForURL((url) => url.pathname === '/es/search' && url.searchParams.get('q') === 'postbacks')
    await expectHeading(page, tr('es', 'kb:search.title'))
    // No suggestions without JavaScript.
    expect(await page.getByRole('list', { name: tr('es', 'kb:search.suggestions') }).count()).toBe(0)

    const result = page
      .locator('main ol.search-results > li')
      .getByRole('link', { name: articleTitle('set-up-postbacks', 'es'), exact: true })
    await result.click()
    await expectPath(page, '/es/kb/set-up-postbacks')
    await expectHeading(page, articleTitle('set-up-postbacks', 'es'))

    await vote(page, 'es', 'yes')
    expect(pathOf(page)).toBe('/es/kb/set-up-postbacks')

    // An English-only article is shown in English, with a Spanish notice saying so.
    await page.goto('/es/kb/legacy-sdk-migration-v3')
    await expectHeading(page, articleTitle('legacy-sdk-migration-v3', 'en'))
    expect(await page.getByRole('article').getAttribute('lang')).toBe('en')
    const notice = page.getByRole('note').filter({ hasText: tr('es', 'kb:notTranslated') })
    expect(await notice.count()).toBe(1)
    expect(await notice.getAttribute('lang')).toBe('es')
  })
})

describe('table of contents', () => {
  it('en: a long article lists its sections, and a link moves to the heading', async () => {
    const page = await browser.newPage({ locale: browserLocales.en! })
    await page.goto('/en/kb/set-up-postbacks')
    await expectHeading(page, articleTitle('set-up-postbacks', 'en'))
    await waitForHydration(page)

    const toc = page.getByRole('navigation', { name: tr('en', 'kb:contents'), exact: true })
    const links = toc.getByRole('link')
    expect(await links.count()).toBeGreaterThanOrEqual(3)

    // The last entry: far enough down the page that the browser has to scroll to it.
    const link = links.last()
    const text = (await link.textContent())!
    const hash = (await link.getAttribute('href'))!
    expect(hash).toMatch(/^#.+/)
    const target = page.locator(`.prose [id="${hash.slice(1)}"]`)
    expect(await target.textContent()).toContain(text)
    const topBefore = await target.evaluate((el) => el.getBoundingClientRect().top)
    expect(topBefore).toBeGreaterThan(800)

    await link.click()
    await page.waitForURL((url) => url.hash === hash)
    expect(pathOf(page)).toBe('/en/kb/set-up-postbacks')
    // The page scrolled down so that the heading is in view (the last section may not reach the top).
    await page.waitForFunction((id) => {
      const box = document.getElementById(id)?.getBoundingClientRect()
      return !!box && window.scrollY > 0 && box.top >= 0 && box.bottom <= window.innerHeight
    }, hash.slice(1))
  })

  it('en: an article served from the page cache to a visitor with analytics cookies still runs its scripts', async () => {
    const page = await browser.newPage({ locale: browserLocales.en! })
    await page.context().addCookies([{ name: '_ga', value: 'GA1.1.42', url: inject('server').url }])
    const policies: string[] = []
    for (let visit = 0; visit < 2; visit++) {
      const response = await page.goto('/en/kb/set-up-postbacks')
      policies.push((await response!.headerValue('content-security-policy'))!)
    }
    // The second visit is the cached page: its inline scripts are allowed by hash, not nonce.
    expect(policies[1]).toContain("'sha256-")
    expect(policies[1]).not.toContain("'nonce-")
    await waitForHydration(page)
    // Hydrated: the header search suggests as the visitor types (a client-side fetch).
    const search = header(page).getByRole('search')
    await search
      .getByRole('searchbox', { name: tr('en', 'kb:search.label'), exact: true })
      .pressSequentially('postback')
    await search.getByRole('list', { name: tr('en', 'kb:search.suggestions'), exact: true }).waitFor()
  })
})
