import { describe, it } from 'vitest'
import { createUser } from '../factories/people'
import { expectNoSeriousViolations, open } from '../setup/axe'
import { browserLocales, useBrowser } from '../setup/browser'
import { tr } from '../setup/i18n'

const browser = useBrowser()

// English and Russian: the cockpit's markup is the same in every language (only the texts
// change), so a Latin and a Cyrillic language cover it.
describe.each(['en', 'ru'] as const)('%s outcomes cockpit meets WCAG 2.1 AA', (lang) => {
  it('every chart, table and filter, with the low ratings opened', async () => {
    const page = await browser.signedInPage(createUser({ role: 'agent', locale: lang }), {
      locale: browserLocales[lang]!,
    })
    await open(page, `/${lang}/staff/analytics?from=2026-08-01&to=2026-11-02&market=EMEA`)
    await page.getByRole('heading', { level: 1, name: tr(lang, 'analytics:title') }).waitFor()
    await page.locator('details summary').first().click()
    await expectNoSeriousViolations(page)
  })
})
