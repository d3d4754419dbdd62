import { describe, expect, it } from 'vitest'
import { createUser } from '../factories/people'
import { expectNoSeriousViolations, open } from '../setup/axe'
import { browserLocales, useBrowser } from '../setup/browser'
import { tr } from '../setup/i18n'
import { expectSaneLayout } from '../setup/layout'

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

  it('fits the per-market summary in its panel at 1280 px, each verdict on one line, and never scrolls sideways at 390 px', async () => {
    const page = await browser.signedInPage(createUser({ role: 'agent', locale: lang }), {
      locale: browserLocales[lang]!,
    })
    await open(page, `/${lang}/staff/analytics?from=2026-08-01&to=2026-11-02`)
    // The summary's table region (its section bears the same name).
    const summary = page.locator('.cockpit-summary .table-wrap')
    await summary.waitFor()
    const measure = () =>
      summary.evaluate((wrap) => ({
        overflow: wrap.scrollWidth - wrap.clientWidth,
        // A verdict broken over two lines has two boxes.
        brokenVerdicts: [...wrap.querySelectorAll('.badge')].filter((b) => b.getClientRects().length > 1)
          .length,
        verdicts: wrap.querySelectorAll('.badge').length,
      }))
    const wide = await measure()
    expect(wide.verdicts).toBeGreaterThan(0)
    expect(wide).toMatchObject({ overflow: 0, brokenVerdicts: 0 })
    await expectSaneLayout(page)
  })
})
