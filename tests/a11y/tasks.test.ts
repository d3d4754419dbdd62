import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { expectNoSeriousViolations } from '../setup/axe'
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

const customers = { en: 'emma@harbor.example', ru: 'olga@volga.example' } as const
type Lang = keyof typeof customers

async function signIn(page: Page, lang: Lang, javaScript: boolean) {
  await page.goto(`/${lang}/login?redirectTo=${encodeURIComponent(`/${lang}/tasks`)}`)
  if (javaScript) await waitForHydration(page)
  await page.getByLabel(tr(lang, 'auth:fields.email'), { exact: true }).fill(customers[lang])
  await page.getByLabel(tr(lang, 'auth:fields.password'), { exact: true }).fill(demoPassword)
  await page.getByRole('button', { name: tr(lang, 'auth:login.submit'), exact: true }).click()
  await page.waitForURL((url) => url.pathname === `/${lang}/tasks`)
  await page.getByRole('heading', { level: 1, name: tr(lang, 'tasks:title') }).waitFor()
  if (javaScript) await waitForHydration(page)
}

/** Fills the new-task form, the last form of the page. */
async function addTask(page: Page, lang: Lang, title: string, dueOn: string) {
  const form = page.getByRole('region', { name: tr(lang, 'tasks:create.title') })
  await form.getByLabel(tr(lang, 'tasks:fields.title'), { exact: true }).fill(title)
  await form.getByLabel(tr(lang, 'tasks:fields.dueOn'), { exact: true }).fill(dueOn)
  await form.getByRole('button', { name: tr(lang, 'tasks:create.submit') }).click()
}

describe.each(Object.keys(customers) as Lang[])('%s task plan', (lang) => {
  it('meets WCAG 2.1 AA with tasks, an open edit form, its history and a refused edit', async () => {
    // The refused edit answers 400, which Chromium logs as a failed resource.
    browser.allowProblems(failedResourceStatus(400, `/${lang}/tasks.data`))
    const page = await browser.newPage({ locale: browserLocales[lang]! })
    await signIn(page, lang, true)
    await expectNoSeriousViolations(page)

    await addTask(page, lang, `Overdue ${lang}`, '2020-01-01')
    await page.getByText(tr(lang, 'tasks:create.done')).waitFor()
    const task = page.locator('li.task', { hasText: `Overdue ${lang}` })
    await task.getByText(tr(lang, 'tasks:overdue'), { exact: true }).waitFor()

    await task.locator('summary').first().click()
    await task.locator('summary').nth(1).click()
    await expectNoSeriousViolations(page)

    await task.getByLabel(tr(lang, 'tasks:fields.title'), { exact: true }).fill('')
    await task.getByRole('button', { name: tr(lang, 'tasks:edit.submit') }).click()
    await task.getByText(tr(lang, 'errors:form.required')).waitFor()
    await expectNoSeriousViolations(page)
  })
})

it('works without JavaScript: add a task, edit it, filter', async () => {
  const page = await browser.newPage({ locale: browserLocales.en!, javaScriptEnabled: false })
  await signIn(page, 'en', false)
  await addTask(page, 'en', 'Without JavaScript', '2999-01-01')
  await page.getByText(tr('en', 'tasks:create.done')).waitFor()

  const task = page.locator('li.task', { hasText: 'Without JavaScript' })
  await task.locator('summary').first().click()
  await task.getByLabel(tr('en', 'tasks:fields.status'), { exact: true }).selectOption('blocked')
  await task.getByRole('button', { name: tr('en', 'tasks:edit.submit') }).click()
  await page
    .locator('li.task', { hasText: 'Without JavaScript' })
    .getByText(tr('en', 'tasks:edit.done'))
    .waitFor()

  const filters = page.getByRole('search', { name: tr('en', 'tasks:filters.label') })
  await filters.getByLabel(tr('en', 'tasks:fields.status'), { exact: true }).selectOption('blocked')
  await filters.getByRole('button', { name: tr('en', 'tasks:filters.apply') }).click()
  await page.waitForURL((url) => url.searchParams.get('status') === 'blocked')
  expect(await page.locator('li.task').count()).toBeGreaterThan(0)
  for (const status of await page.locator('li.task .task-status').allTextContents())
    expect(status).toBe(tr('en', 'tasks:status.blocked'))
})
