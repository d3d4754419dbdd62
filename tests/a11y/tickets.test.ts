import { describe, expect, it } from 'vitest'
import { staffAnswers } from '../factories/browser-data'
import { createUser } from '../factories/people'
import { expectNoSeriousViolations, open } from '../setup/axe'
import { browserLocales, failedResourceStatus, useBrowser, waitForHydration } from '../setup/browser'
import { tr } from '../setup/i18n'

const browser = useBrowser()

// English and Russian: the ticket pages have the same markup in every language (only the texts
// change), so a Latin and a Cyrillic language cover them; tests/e2e/layout.test.ts checks the
// rating radios and the forms at a phone's width in all four.
describe.each(['en', 'ru'] as const)('%s ticket pages meet WCAG 2.1 AA', (lang) => {
  it('the new-ticket form with suggestions and errors, the ticket with its rating form, and the list', async () => {
    // The refused submit answers 400, which Chromium logs as a failed resource.
    browser.allowProblems(failedResourceStatus(400, `/${lang}/tickets/new.data`))
    const customer = createUser({ locale: lang })
    // A colleague to copy: the checkboxes of the new-ticket form and the select of the ticket page.
    createUser({ locale: lang, account: customer.account })
    const page = await browser.signedInPage(customer, { locale: browserLocales[lang]! })
    await open(page, `/${lang}/tickets/new`)
    await waitForHydration(page, 'main form')
    await page.getByRole('button', { name: tr(lang, 'tickets:customer.new.submit') }).click()
    await page.getByText(tr(lang, 'errors:form.checkFields')).waitFor()
    await page
      .getByLabel(tr(lang, 'tickets:customer.new.subject'), { exact: true })
      .pressSequentially('SDK iOS', { delay: 20 })
    await page.getByRole('region', { name: tr(lang, 'tickets:customer.new.suggestionsTitle') }).waitFor()
    await expectNoSeriousViolations(page)

    await page.getByLabel(tr(lang, 'tickets:customer.new.category'), { exact: true }).selectOption('how_to')
    await page.getByLabel(tr(lang, 'tickets:customer.new.body'), { exact: true }).fill('Axe')
    await page.getByRole('button', { name: tr(lang, 'tickets:customer.new.submit') }).click()
    await page.waitForURL((url) => /\/tickets\/\d+$/.test(url.pathname))
    const number = Number(new URL(page.url()).pathname.split('/').pop())
    // An agent solves it on the staff ticket page, which is what makes the rating form appear.
    const agent = createUser({ role: 'agent', locale: lang })
    await staffAnswers(agent, { number }, { body: 'Solved on our side.', nextStatus: 'solved', lang })
    await open(page, `/${lang}/tickets/${number}`)
    const rating = page.getByRole('group', { name: tr(lang, 'tickets:customer.rating.legend') })
    await rating.waitFor()
    expect(await rating.getByRole('radio').count()).toBe(5)
    await expectNoSeriousViolations(page)

    await open(page, `/${lang}/tickets`)
    await page.getByRole('row').filter({ hasText: 'SDK iOS' }).waitFor()
    expect(await page.getByRole('row').filter({ hasText: 'SDK iOS' }).textContent()).toContain(
      tr(lang, 'tickets:status.solved'),
    )
    await expectNoSeriousViolations(page)
  })
})
