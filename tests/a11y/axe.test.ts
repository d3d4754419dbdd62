import { describe, expect, it } from 'vitest'
import { createUser } from '../factories/people'
import { expectNoSeriousViolations, open } from '../setup/axe'
import { browserLocales, failedResourceStatus, useBrowser, waitForHydration } from '../setup/browser'
import { tr } from '../setup/i18n'

const browser = useBrowser()

const allLangs = ['en', 'ru', 'es', 'pt'] as const
/**
 * A Latin and a Cyrillic language: for pages whose markup is the same in every language (only
 * the texts change), two languages find what four would. tests/e2e/layout.test.ts checks in
 * all four that long words do not break these pages at a phone's width.
 */
const twoLangs = ['en', 'ru'] as const

// All four languages: the home page carries the language switcher, whose markup differs with
// the language (the pressed button, each name's lang), and the header's longest words.
describe.each(allLangs)('%s home page meets WCAG 2.1 AA', (lang) => {
  it('home page', async () => {
    const page = await browser.newPage({ locale: browserLocales[lang]! })
    await open(page, `/${lang}`)
    await page.getByRole('heading', { level: 1, name: tr(lang, 'common:home.title') }).waitFor()
    await expectNoSeriousViolations(page)
    const switcher = page.getByRole('banner').getByRole('group', { name: tr(lang, 'common:language.label') })
    expect(await switcher.getByRole('button').count()).toBe(4)
  })
})

describe.each(twoLangs)('%s pages meet WCAG 2.1 AA', (lang) => {
  it('sign-in page, also when it shows an error', async () => {
    // The refused form answers 400, which Chromium logs as a failed resource.
    browser.allowProblems(failedResourceStatus(400, `/${lang}/login.data`))
    const page = await browser.newPage({ locale: browserLocales[lang]! })
    await open(page, `/${lang}/login`)
    await page.getByRole('heading', { level: 1, name: tr(lang, 'auth:login.title') }).waitFor()
    await expectNoSeriousViolations(page)

    await page.getByLabel(tr(lang, 'auth:fields.email'), { exact: true }).fill(`someone-${lang}@test.example`)
    await page.getByRole('button', { name: tr(lang, 'auth:login.submit'), exact: true }).click()
    // An empty password: the field error is shown with the field.
    await page.getByText(tr(lang, 'errors:form.required')).first().waitFor()
    await expectNoSeriousViolations(page)
  })

  it('404 page', async () => {
    // The page is a real 404 response, which Chromium logs as a failed resource.
    browser.allowProblems(failedResourceStatus(404, `/${lang}/no-such-page`))
    const page = await browser.newPage({ locale: browserLocales[lang]! })
    const response = await page.goto(`/${lang}/no-such-page`)
    expect(response?.status()).toBe(404)
    await waitForHydration(page)
    await page.getByRole('heading', { level: 1, name: tr(lang, 'errors:status.404.title') }).waitFor()
    await expectNoSeriousViolations(page)
  })

  it('the customer’s own home, signed in', async () => {
    const customer = createUser({ locale: lang })
    const page = await browser.signedInPage(customer, { locale: browserLocales[lang]! })
    await open(page, `/${lang}`)
    await page
      .getByRole('heading', {
        level: 1,
        name: tr(lang, 'common:home.personal.title', { name: customer.name }),
      })
      .waitFor()
    await expectNoSeriousViolations(page)
  })

  it('account page, signed in', async () => {
    const customer = createUser({ locale: lang })
    const page = await browser.signedInPage(customer, { locale: browserLocales[lang]! })
    await open(page, `/${lang}/account`)
    await page.getByRole('heading', { level: 1, name: tr(lang, 'account:title') }).waitFor()
    await page.getByRole('heading', { level: 2, name: customer.account!.name, exact: true }).waitFor()
    await expectNoSeriousViolations(page)
  })
})

describe.each(twoLangs)('%s knowledge base pages meet WCAG 2.1 AA', (lang) => {
  it('knowledge base index', async () => {
    const page = await browser.newPage({ locale: browserLocales[lang]! })
    await open(page, `/${lang}/kb`)
    await page.getByRole('heading', { level: 1, name: tr(lang, 'kb:title') }).waitFor()
    await expectNoSeriousViolations(page)
  })

  it('search results, and the suggestions while typing', async () => {
    const page = await browser.newPage({ locale: browserLocales[lang]! })
    await open(page, `/${lang}/search?q=sdk`)
    await page.getByRole('heading', { level: 1, name: tr(lang, 'kb:search.title') }).waitFor()
    await page.locator('main ol.search-results mark').first().waitFor()
    await expectNoSeriousViolations(page)

    // The suggestion list open under the field.
    const input = page.getByRole('main').getByRole('searchbox')
    await input.fill('')
    await input.pressSequentially('sdk')
    await page.getByRole('list', { name: tr(lang, 'kb:search.suggestions') }).waitFor()
    await expectNoSeriousViolations(page)
  })
})

// All four languages: an article's body is its own in each language (its headings, tables and
// code differ, and a missing translation shows the English text with a notice in another lang).
describe.each(allLangs)('%s article page meets WCAG 2.1 AA', (lang) => {
  it('article page, also after answering "Was this helpful?"', async () => {
    const page = await browser.newPage({ locale: browserLocales[lang]! })
    // Long enough for a table of contents, with code blocks and a table.
    await open(page, `/${lang}/kb/set-up-postbacks`)
    await page.getByRole('heading', { level: 2, name: tr(lang, 'kb:contents') }).waitFor()
    await expectNoSeriousViolations(page)

    await page.getByRole('button', { name: tr(lang, 'kb:feedback.yes'), exact: true }).click()
    await page.getByText(tr(lang, 'kb:feedback.thanks')).waitFor()
    await expectNoSeriousViolations(page)
  })
})

it("404 page of an unknown language prefix, in the browser's language", async () => {
  browser.allowProblems(failedResourceStatus(404, '/xx'))
  const page = await browser.newPage({ locale: browserLocales.pt! })
  const response = await page.goto('/xx')
  expect(response?.status()).toBe(404)
  await waitForHydration(page)
  expect(await page.locator('html').getAttribute('lang')).toBe('pt')
  await page.getByRole('heading', { level: 1, name: tr('pt', 'errors:status.404.title') }).waitFor()
  await expectNoSeriousViolations(page)
})
