import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { createOnboardingCustomer, createTask } from '../factories/browser-data'
import { createUser, unique } from '../factories/people'
import { browserLocales, useBrowser, waitForHydration } from '../setup/browser'
import { tr } from '../setup/i18n'
import { projectRoot } from '../setup/paths'

const browser = useBrowser()

type PlaybookFile = { items: { key: string; title: Record<string, string> }[] }

/** An item's title as the playbook file gives it. */
function itemTitle(playbook: string, key: string, lang: string) {
  const file = parse(
    readFileSync(join(projectRoot, 'content', 'checklists', `${playbook}.yml`), 'utf8'),
  ) as PlaybookFile
  return file.items.find((item) => item.key === key)!.title[lang]!
}

/** A Russian customer of a new mid-touch account in EMEA (the mid-touch playbook), as Volga Games is. */
const newOlga = () => createOnboardingCustomer('ru', { name: `Ольга ${unique('Смирнова')}` })

/** A checklist item by its title; its button's name starts with the action and ends with the title. */
const checklistItem = (page: Page, title: string) =>
  page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: title, exact: true }) })

/** The staff account page, as an agent reads it in Russian. */
async function staffSees(lang: string, account: number) {
  const agent = createUser({ role: 'agent', locale: 'ru' })
  const page = await browser.signedInPage(agent, { locale: browserLocales[lang]! })
  await page.goto(`/${lang}/staff/accounts/${account}`)
  return page.getByRole('region', { name: tr(lang, 'onboarding:account.title') })
}

describe('onboarding in Russian', () => {
  it('a customer ticks two items and the staff account page shows the new progress', async () => {
    const olga = newOlga()
    // A task of the account's shared plan, not done yet.
    const task = createTask(olga.account!, { title: unique('Подключить SDK') })
    const page = await browser.signedInPage(olga, { locale: browserLocales.ru! })
    await page.goto('/ru/account')
    // A click before React has hydrated the page races the hydration (React error #345).
    await waitForHydration(page)
    await page
      .getByRole('navigation', { name: tr('ru', 'common:nav.label') })
      .getByRole('link', { name: tr('ru', 'common:nav.onboarding') })
      .click()
    await page.getByRole('heading', { level: 1, name: tr('ru', 'onboarding:title') }).waitFor()
    await waitForHydration(page, '.checklist__form button')

    const progress = page.locator('label[for="onboarding-progress"]')
    const before = Number(/(\d+) из/.exec((await progress.textContent()) ?? '')![1])
    // A new account has done nothing yet.
    expect(before).toBe(0)
    for (const key of ['connect-ad-networks', 'set-up-postbacks']) {
      const title = itemTitle('mid-touch', key, 'ru')
      const item = checklistItem(page, title)
      await item.getByRole('button', { name: tr('ru', 'onboarding:item.markDone') }).click()
      // The button turns into "undo" at once and stays so once the server has answered.
      await item.getByRole('button', { name: tr('ru', 'onboarding:item.undo') }).waitFor()
    }
    await page.waitForFunction(
      (expected) =>
        document.querySelector('label[for="onboarding-progress"]')?.textContent?.includes(`${expected} из`),
      before + 2,
    )

    // …and finishes a task of the shared plan.
    await page
      .getByRole('navigation', { name: tr('ru', 'common:nav.label') })
      .getByRole('link', { name: tr('ru', 'common:nav.tasks') })
      .click()
    await page.getByRole('heading', { level: 1, name: tr('ru', 'tasks:title') }).waitFor()
    await waitForHydration(page, 'main form')
    const taskItem = page.locator(`#task-${task.id}`)
    expect(await taskItem.textContent()).toContain(task.title)
    await taskItem.locator('summary', { hasText: tr('ru', 'tasks:edit.summary') }).click()
    await taskItem.getByLabel(tr('ru', 'tasks:fields.status'), { exact: true }).selectOption('done')
    await taskItem.getByRole('button', { name: tr('ru', 'tasks:edit.submit') }).click()
    await page.getByText(tr('ru', 'tasks:edit.done')).waitFor()

    const staff = await staffSees('ru', olga.account!.id)
    const staffTask = staff.page().locator(`#task-${task.id}`)
    expect(await staffTask.textContent()).toContain(tr('ru', 'tasks:status.done'))
    const total = await staff.getByText(/Выполнено шагов: \d+ из \d+/).textContent()
    expect(total).toContain(`${before + 2} из`)
    const timeline = staff.getByRole('list').filter({ hasText: tr('ru', 'onboarding:account.started') })
    for (const key of ['connect-ad-networks', 'set-up-postbacks']) {
      expect(await timeline.getByText(itemTitle('mid-touch', key, 'ru')).count()).toBe(1)
    }
  })

  it('works without JavaScript: the form posts and the page comes back with the item done', async () => {
    const olga = newOlga()
    const page = await browser.signedInPage(olga, { locale: browserLocales.ru!, javaScriptEnabled: false })
    await page.goto('/ru/onboarding')
    const title = itemTitle('mid-touch', 'create-attribution-link', 'ru')
    await checklistItem(page, title)
      .getByRole('button', { name: tr('ru', 'onboarding:item.markDone') })
      .click()
    await checklistItem(page, title)
      .getByRole('button', { name: tr('ru', 'onboarding:item.undo') })
      .waitFor()
    const item = page.locator('#item-create-attribution-link')
    expect(await item.getAttribute('class')).toContain('checklist__item--done')
    expect(await item.textContent()).toContain(olga.name)
  })
})
