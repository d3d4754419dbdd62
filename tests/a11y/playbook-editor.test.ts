import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { expectNoSeriousViolations, open, signInAs } from '../setup/axe'
import { browserLocales, useBrowser, waitForHydration } from '../setup/browser'
import { queryDb } from '../setup/db'
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

/** The first playbook and its first step, straight from the test server's database. */
function firstPlaybook() {
  const [playbook] = queryDb<{ id: number; key: string }>(
    server.databaseFile,
    'select id, key from checklists order by key limit 1',
  )
  const [item] = queryDb<{ key: string }>(
    server.databaseFile,
    'select key from checklist_items where checklist_id = ? order by position, id limit 1',
    playbook!.id,
  )
  return { ...playbook!, itemKey: item!.key }
}

const textOf = (itemKey: string, locale: string) =>
  queryDb<{ title: string; revision: number; source_revision: number }>(
    server.databaseFile,
    `select t.title, t.revision, t.source_revision from checklist_item_translations t
     join checklist_items i on i.id = t.item_id where i.checklist_id = ? and i.key = ? and t.locale = ?`,
    firstPlaybook().id,
    itemKey,
    locale,
  )[0]!

describe.each(['en', 'ru'] as const)('%s playbook editor pages meet WCAG 2.1 AA', (lang) => {
  it('matrix, with one playbook’s steps shown', async () => {
    const page = await browser.newPage({ locale: browserLocales[lang]! })
    await signInAs(page, lang, editor)
    await open(page, `/${lang}/staff/playbooks?open=${firstPlaybook().id}`)
    await page.getByRole('heading', { level: 1, name: tr(lang, 'editor:playbooks.matrix.title') }).waitFor()
    await expectNoSeriousViolations(page)
  })

  it('one playbook: scope, steps and the new-step form', async () => {
    const page = await browser.newPage({ locale: browserLocales[lang]! })
    await signInAs(page, lang, editor)
    await open(page, `/${lang}/staff/playbooks/${firstPlaybook().id}`)
    await page
      .getByRole('heading', { level: 2, name: tr(lang, 'editor:playbooks.detail.addTitle') })
      .waitFor()
    await expectNoSeriousViolations(page)
  })

  it('texts in one language beside the source', async () => {
    const page = await browser.newPage({ locale: browserLocales[lang]! })
    await signInAs(page, lang, editor)
    await open(page, `/${lang}/staff/playbooks/${firstPlaybook().id}/es`)
    await page
      .getByRole('heading', { level: 2, name: tr(lang, 'editor:playbooks.edit.itemsTitle') })
      .waitFor()
    await expectNoSeriousViolations(page)
  })
})

describe('editing texts in the browser', () => {
  it('with JavaScript: saves the source, then marks the Portuguese step up to date', async () => {
    const { id, itemKey } = firstPlaybook()
    const before = textOf(itemKey, 'en')
    const page = await browser.newPage({ locale: browserLocales.en! })
    await signInAs(page, 'en', editor)
    await open(page, `/en/staff/playbooks/${id}/en`)
    await waitForHydration(page, 'main form button[type=submit]')
    const step = page.locator(`#item-${itemKey}`)
    await step
      .getByLabel(tr('en', 'editor:playbooks.fields.title'), { exact: true })
      .fill(`${before.title} (revised)`)
    await page
      .getByRole('button', {
        name: tr('en', 'editor:playbooks.edit.save', { language: 'English' }),
        exact: true,
      })
      .click()
    await page
      .getByRole('status')
      .filter({ hasText: tr('en', 'editor:playbooks.edit.saved_one', { formatted: '1' }) })
      .waitFor()
    expect(textOf(itemKey, 'en')).toMatchObject({
      title: `${before.title} (revised)`,
      revision: before.revision + 1,
    })

    await open(page, `/en/staff/playbooks/${id}/pt`)
    const stale = page.locator(`#item-${itemKey}`)
    await stale.getByText(tr('en', 'editor:playbooks.edit.staleNotice')).waitFor()
    await expectNoSeriousViolations(page)
    await stale
      .getByRole('button', { name: tr('en', 'editor:playbooks.edit.markUpToDate'), exact: true })
      .click()
    await page
      .getByRole('status')
      .filter({ hasText: tr('en', 'editor:playbooks.edit.markedUpToDate') })
      .waitFor()
    expect(textOf(itemKey, 'pt').source_revision).toBe(before.revision + 1)
  })

  it('without JavaScript: marks the Russian step up to date through the plain form', async () => {
    const { id, itemKey } = firstPlaybook()
    const page = await browser.newPage({ locale: browserLocales.ru!, javaScriptEnabled: false })
    await signInAs(page, 'ru', editor, { javaScript: false })
    await page.goto(`/ru/staff/playbooks/${id}/ru`)
    await page
      .locator(`#item-${itemKey}`)
      .getByRole('button', { name: tr('ru', 'editor:playbooks.edit.markUpToDate'), exact: true })
      .click()
    await page
      .getByRole('status')
      .filter({ hasText: tr('ru', 'editor:playbooks.edit.markedUpToDate') })
      .waitFor()
    expect(new URL(page.url()).pathname).toBe(`/ru/staff/playbooks/${id}/ru`)
    expect(textOf(itemKey, 'ru').source_revision).toBe(textOf(itemKey, 'en').revision)
  })
})
