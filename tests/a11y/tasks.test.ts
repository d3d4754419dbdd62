import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { createTask } from '../factories/browser-data'
import { createUser, unique } from '../factories/people'
import { expectNoSeriousViolations } from '../setup/axe'
import { browserLocales, failedResourceStatus, useBrowser, waitForHydration } from '../setup/browser'
import { tr } from '../setup/i18n'

const browser = useBrowser()

type Lang = 'en' | 'ru'

/**
 * A new customer's task plan (their account's own, with a task on each side, one of them
 * under way), signed in by a session cookie.
 */
async function openTaskPlan(lang: Lang, javaScript: boolean) {
  const customer = createUser({ locale: lang })
  createTask(customer.account!, { ownerSide: 'customer', dueOn: '2030-01-15' })
  createTask(customer.account!, { ownerSide: 'vendor', status: 'in_progress' })
  const page = await browser.signedInPage(customer, {
    locale: browserLocales[lang]!,
    javaScriptEnabled: javaScript,
  })
  await page.goto(`/${lang}/tasks`)
  await page.getByRole('heading', { level: 1, name: tr(lang, 'tasks:title') }).waitFor()
  if (javaScript) await waitForHydration(page)
  return page
}

/** Fills the new-task form, the last form of the page. */
async function addTask(page: Page, lang: Lang, title: string, dueOn: string) {
  const form = page.getByRole('region', { name: tr(lang, 'tasks:create.title') })
  await form.getByLabel(tr(lang, 'tasks:fields.title'), { exact: true }).fill(title)
  await form.getByLabel(tr(lang, 'tasks:fields.dueOn'), { exact: true }).fill(dueOn)
  await form.getByRole('button', { name: tr(lang, 'tasks:create.submit') }).click()
}

// English and Russian: the task plan has the same markup in every language (only the texts
// change), so a Latin and a Cyrillic language cover it.
describe.each(['en', 'ru'] as const)('%s task plan', (lang) => {
  it('meets WCAG 2.1 AA with tasks, an open edit form, its history and a refused edit', async () => {
    // The refused edit answers 400, which Chromium logs as a failed resource.
    browser.allowProblems(failedResourceStatus(400, `/${lang}/tasks.data`))
    const page = await openTaskPlan(lang, true)
    await expectNoSeriousViolations(page)

    const title = unique(`Overdue ${lang}`)
    await addTask(page, lang, title, '2020-01-01')
    await page.getByText(tr(lang, 'tasks:create.done')).waitFor()
    const task = page.locator('li.task', { hasText: title })
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
  const page = await openTaskPlan('en', false)
  const title = unique('Without JavaScript')
  await addTask(page, 'en', title, '2999-01-01')
  await page.getByText(tr('en', 'tasks:create.done')).waitFor()

  const task = page.locator('li.task', { hasText: title })
  await task.locator('summary').first().click()
  await task.getByLabel(tr('en', 'tasks:fields.status'), { exact: true }).selectOption('blocked')
  await task.getByRole('button', { name: tr('en', 'tasks:edit.submit') }).click()
  await page.locator('li.task', { hasText: title }).getByText(tr('en', 'tasks:edit.done')).waitFor()

  const filters = page.getByRole('search', { name: tr('en', 'tasks:filters.label') })
  await filters.getByLabel(tr('en', 'tasks:fields.status'), { exact: true }).selectOption('blocked')
  await filters.getByRole('button', { name: tr('en', 'tasks:filters.apply') }).click()
  await page.waitForURL((url) => url.searchParams.get('status') === 'blocked')
  // The new customer's one task, the one just blocked, is all the filter leaves.
  expect(await page.locator('li.task').count()).toBe(1)
  expect(await page.locator('li.task').textContent()).toContain(title)
  for (const status of await page.locator('li.task .task-status').allTextContents())
    expect(status).toBe(tr('en', 'tasks:status.blocked'))
})
