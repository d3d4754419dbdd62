import { and, eq, sql } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import type { Locale } from '#db/schema/enums'
import * as schema from '#db/schema/index'
import { createPlaybook } from '../factories/browser-data'
import { createUser, testDb } from '../factories/people'
import { expectNoSeriousViolations, open } from '../setup/axe'
import { browserLocales, useBrowser, waitForHydration } from '../setup/browser'
import { tr } from '../setup/i18n'

const browser = useBrowser()

/** An editor of their own, signed in by a session cookie. */
const editorPage = (lang: Locale, options: { javaScriptEnabled?: boolean } = {}) =>
  browser.signedInPage(createUser({ role: 'editor', locale: lang }), {
    locale: browserLocales[lang]!,
    ...options,
  })

/** A playbook of the test's own (a copy of high-touch) and its first step. */
function newPlaybook() {
  const playbook = createPlaybook()
  return { id: playbook.id, itemKey: playbook.items[0]!.key }
}

/** The stored text of the playbook's step in one language. */
const textOf = (playbookId: number, itemKey: string, locale: Locale) =>
  testDb()
    .select({
      id: schema.checklistItemTranslations.itemId,
      title: schema.checklistItemTranslations.title,
      revision: schema.checklistItemTranslations.revision,
      sourceRevision: schema.checklistItemTranslations.sourceRevision,
    })
    .from(schema.checklistItemTranslations)
    .innerJoin(schema.checklistItems, eq(schema.checklistItems.id, schema.checklistItemTranslations.itemId))
    .where(
      and(
        eq(schema.checklistItems.checklistId, playbookId),
        eq(schema.checklistItems.key, itemKey),
        eq(schema.checklistItemTranslations.locale, locale),
      ),
    )
    .get()!

// English and Russian: the editor's pages have the same markup in every language.
describe.each(['en', 'ru'] as const)('%s playbook editor pages meet WCAG 2.1 AA', (lang) => {
  it('matrix, with one playbook’s steps shown', async () => {
    const { id } = newPlaybook()
    const page = await editorPage(lang)
    await open(page, `/${lang}/staff/playbooks?open=${id}`)
    await page.getByRole('heading', { level: 1, name: tr(lang, 'editor:playbooks.matrix.title') }).waitFor()
    await expectNoSeriousViolations(page)
  })

  it('one playbook: scope, steps and the new-step form', async () => {
    const { id } = newPlaybook()
    const page = await editorPage(lang)
    await open(page, `/${lang}/staff/playbooks/${id}`)
    await page
      .getByRole('heading', { level: 2, name: tr(lang, 'editor:playbooks.detail.addTitle') })
      .waitFor()
    await expectNoSeriousViolations(page)
  })

  it('texts in one language beside the source', async () => {
    const { id } = newPlaybook()
    const page = await editorPage(lang)
    await open(page, `/${lang}/staff/playbooks/${id}/es`)
    await page
      .getByRole('heading', { level: 2, name: tr(lang, 'editor:playbooks.edit.itemsTitle') })
      .waitFor()
    await expectNoSeriousViolations(page)
  })
})

describe('editing texts in the browser', () => {
  it('with JavaScript: saves the source, then marks the Portuguese step up to date', async () => {
    const { id, itemKey } = newPlaybook()
    const before = textOf(id, itemKey, 'en')
    // The Portuguese step starts up to date with its source.
    expect(textOf(id, itemKey, 'pt').sourceRevision).toBe(before.revision)
    const page = await editorPage('en')
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
    expect(textOf(id, itemKey, 'en')).toMatchObject({
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
    expect(textOf(id, itemKey, 'pt').sourceRevision).toBe(before.revision + 1)
  })

  it('without JavaScript: marks the Russian step up to date through the plain form', async () => {
    const { id, itemKey } = newPlaybook()
    // The English source has moved on since the Russian text was translated.
    const source = textOf(id, itemKey, 'en')
    testDb()
      .update(schema.checklistItemTranslations)
      .set({ revision: sql`${schema.checklistItemTranslations.revision} + 1` })
      .where(
        and(
          eq(schema.checklistItemTranslations.itemId, source.id),
          eq(schema.checklistItemTranslations.locale, 'en'),
        ),
      )
      .run()
    expect(textOf(id, itemKey, 'ru').sourceRevision).toBeLessThan(textOf(id, itemKey, 'en').revision)
    const page = await editorPage('ru', { javaScriptEnabled: false })
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
    expect(textOf(id, itemKey, 'ru').sourceRevision).toBe(textOf(id, itemKey, 'en').revision)
  })
})
