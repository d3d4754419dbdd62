import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { expectNoSeriousViolations, open } from '../setup/axe'
import { browserLocales, failedResourceStatus, useBrowser, waitForHydration } from '../setup/browser'
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

const customers = {
  en: 'emma@harbor.example',
  ru: 'olga@volga.example',
  es: 'maria@andes.example',
  pt: 'joao@paulista.example',
} as const

describe.each(Object.keys(customers) as (keyof typeof customers)[])('%s pages meet WCAG 2.1 AA', (lang) => {
  it('home page', async () => {
    const page = await browser.newPage({ locale: browserLocales[lang]! })
    await open(page, `/${lang}`)
    await page.getByRole('heading', { level: 1, name: tr(lang, 'common:home.title') }).waitFor()
    await expectNoSeriousViolations(page)
  })

  it('sign-in page, also when it shows an error', async () => {
    // The refused form answers 400, which Chromium logs as a failed resource.
    browser.allowProblems(failedResourceStatus(400, `/${lang}/login.data`))
    const page = await browser.newPage({ locale: browserLocales[lang]! })
    await open(page, `/${lang}/login`)
    await page.getByRole('heading', { level: 1, name: tr(lang, 'auth:login.title') }).waitFor()
    await expectNoSeriousViolations(page)

    await page.getByLabel(tr(lang, 'auth:fields.email'), { exact: true }).fill(customers[lang])
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

  it('account page, signed in', async () => {
    const page = await browser.newPage({ locale: browserLocales[lang]! })
    await open(page, `/${lang}/login`)
    await page.getByLabel(tr(lang, 'auth:fields.email'), { exact: true }).fill(customers[lang])
    await page.getByLabel(tr(lang, 'auth:fields.password'), { exact: true }).fill(demoPassword)
    await page.getByRole('button', { name: tr(lang, 'auth:login.submit'), exact: true }).click()
    await page.waitForURL((url) => url.pathname === `/${lang}/account`)
    await page.getByRole('heading', { level: 1, name: tr(lang, 'account:title') }).waitFor()
    await expectNoSeriousViolations(page)
  })
})

describe.each(Object.keys(customers) as (keyof typeof customers)[])(
  '%s knowledge base pages meet WCAG 2.1 AA',
  (lang) => {
    it('knowledge base index', async () => {
      const page = await browser.newPage({ locale: browserLocales[lang]! })
      await open(page, `/${lang}/kb`)
      await page.getByRole('heading', { level: 1, name: tr(lang, 'kb:title') }).waitFor()
      await expectNoSeriousViolations(page)
    })

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
  },
)

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
