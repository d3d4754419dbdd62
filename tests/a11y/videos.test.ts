import { describe, it } from 'vitest'
import { createUser } from '../factories/people'
import { expectNoSeriousViolations, open } from '../setup/axe'
import { browserLocales, useBrowser } from '../setup/browser'

const browser = useBrowser()

// English and Russian: the library and the player have the same markup in every language (only
// the texts change), so a Latin and a Cyrillic language cover them; tests/e2e/layout.test.ts
// checks the layout in all four.
describe.each(['en', 'ru'] as const)('%s videos', (lang) => {
  it('the library and the player meet WCAG 2.1 AA, for visitors and signed-in customers', async () => {
    const visitor = await browser.newPage({ locale: browserLocales[lang]! })
    await open(visitor, `/${lang}/videos`)
    await expectNoSeriousViolations(visitor)
    await open(visitor, `/${lang}/videos/install-the-sdk`)
    await expectNoSeriousViolations(visitor)

    const customer = await browser.signedInPage(createUser({ locale: lang }), {
      locale: browserLocales[lang]!,
    })
    await open(customer, `/${lang}/videos`)
    await expectNoSeriousViolations(customer)
    await open(customer, `/${lang}/videos/attribution-windows`)
    await expectNoSeriousViolations(customer)
  })
})
