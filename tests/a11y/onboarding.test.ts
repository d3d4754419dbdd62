import { describe, expect, it } from 'vitest'
import { createOnboardingCustomer } from '../factories/browser-data'
import { createUser, unique } from '../factories/people'
import { expectNoSeriousViolations, open } from '../setup/axe'
import { browserLocales, useBrowser } from '../setup/browser'
import { tr } from '../setup/i18n'

const browser = useBrowser()

// English and Russian: the checklist has the same markup in every language (only its texts
// change), so a Latin and a Cyrillic language cover it; tests/e2e/layout.test.ts checks in all
// four that long words do not break its layout at a phone's width.
describe.each(['en', 'ru'] as const)('%s onboarding meets WCAG 2.1 AA', (lang) => {
  it('the checklist, also right after ticking an item', async () => {
    const customer = createOnboardingCustomer(lang)
    const page = await browser.signedInPage(customer, { locale: browserLocales[lang]! })
    await open(page, `/${lang}/onboarding`)
    await page.getByRole('heading', { level: 1, name: tr(lang, 'onboarding:title') }).waitFor()
    await expectNoSeriousViolations(page)
    const undo = page.getByRole('button', { name: tr(lang, 'onboarding:item.undo') })
    // A new account has done nothing yet.
    expect(await undo.count()).toBe(0)
    await page
      .getByRole('button', { name: tr(lang, 'onboarding:item.markDone') })
      .first()
      .click()
    await undo.nth(0).waitFor()
    await expectNoSeriousViolations(page)
  })
})

// English and Russian: staff pages are the same markup in every language.
describe.each(['en', 'ru'] as const)('%s staff onboarding pages meet WCAG 2.1 AA', (lang) => {
  it('the tracker with its charts and tables', async () => {
    const page = await browser.signedInPage(createUser({ role: 'agent', locale: lang }), {
      locale: browserLocales[lang]!,
    })
    // One market keeps the accounts table short enough for axe to check quickly.
    for (const groupBy of ['portal', 'tier']) {
      await open(page, `/${lang}/staff/onboarding?market=BR&groupBy=${groupBy}`)
      await page.getByRole('heading', { level: 1, name: tr(lang, 'onboarding:tracker.title') }).waitFor()
      await expectNoSeriousViolations(page)
    }
  })

  it('an account’s onboarding section with the checklist open', async () => {
    const customer = createOnboardingCustomer('pt')
    const page = await browser.signedInPage(createUser({ role: 'agent', locale: lang }), {
      locale: browserLocales[lang]!,
    })
    await open(page, `/${lang}/staff/accounts/${customer.account!.id}`)
    await page.getByRole('heading', { level: 1, name: customer.account!.name }).waitFor()
    await page.getByText(tr(lang, 'onboarding:account.checklist'), { exact: true }).last().click()
    await expectNoSeriousViolations(page)
  })

  it('the integrations page, also with a new token shown', async () => {
    const page = await browser.signedInPage(createUser({ role: 'admin', locale: lang }), {
      locale: browserLocales[lang]!,
    })
    await open(page, `/${lang}/staff/settings/integrations`)
    await expectNoSeriousViolations(page)
    await page.getByLabel(tr(lang, 'staff:integrations.name')).fill(unique('Data warehouse'))
    await page.getByRole('button', { name: tr(lang, 'staff:integrations.create') }).click()
    await page.getByText(tr(lang, 'staff:integrations.created')).waitFor()
    await expectNoSeriousViolations(page)
  })
})
