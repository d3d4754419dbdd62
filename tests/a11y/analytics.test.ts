import { afterAll, beforeAll, describe, it } from 'vitest'
import { expectNoSeriousViolations, open, signInAs } from '../setup/axe'
import { browserLocales, useBrowser } from '../setup/browser'
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

describe.each(['en', 'ru'] as const)('%s outcomes cockpit meets WCAG 2.1 AA', (lang) => {
  it('every chart, table and filter, with the low ratings opened', async () => {
    const page = await browser.newPage({ locale: browserLocales[lang]! })
    await signInAs(page, lang, 'agent@hub.example')
    await open(page, `/${lang}/staff/analytics?from=2026-08-01&to=2026-11-02&market=EMEA`)
    await page.getByRole('heading', { level: 1, name: tr(lang, 'analytics:title') }).waitFor()
    await page.locator('details summary').first().click()
    await expectNoSeriousViolations(page)
  })
})
