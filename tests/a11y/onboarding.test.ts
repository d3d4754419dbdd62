import { afterAll, beforeAll, describe, it } from 'vitest'
import { expectNoSeriousViolations, open, signInAs } from '../setup/axe'
import { browserLocales, useBrowser } from '../setup/browser'
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

const customers = {
  en: 'emma@harbor.example',
  ru: 'olga@volga.example',
  es: 'maria@andes.example',
  pt: 'joao@paulista.example',
} as const

describe.each(Object.keys(customers) as (keyof typeof customers)[])(
  '%s onboarding meets WCAG 2.1 AA',
  (lang) => {
    it('the checklist, also right after ticking an item', async () => {
      const page = await browser.newPage({ locale: browserLocales[lang]! })
      await signInAs(page, lang, customers[lang])
      await open(page, `/${lang}/onboarding`)
      await page.getByRole('heading', { level: 1, name: tr(lang, 'onboarding:title') }).waitFor()
      await expectNoSeriousViolations(page)
      await page
        .getByRole('button', { name: tr(lang, 'onboarding:item.markDone') })
        .first()
        .click()
      await page
        .getByRole('button', { name: tr(lang, 'onboarding:item.undo') })
        .nth(0)
        .waitFor()
      await expectNoSeriousViolations(page)
    })
  },
)

describe.each(['en', 'ru'] as const)('%s staff onboarding pages meet WCAG 2.1 AA', (lang) => {
  it('the tracker with its charts and tables', async () => {
    const page = await browser.newPage({ locale: browserLocales[lang]! })
    await signInAs(page, lang, 'agent@hub.example')
    // One market keeps the accounts table short enough for axe to check quickly.
    for (const groupBy of ['portal', 'tier']) {
      await open(page, `/${lang}/staff/onboarding?market=BR&groupBy=${groupBy}`)
      await page.getByRole('heading', { level: 1, name: tr(lang, 'onboarding:tracker.title') }).waitFor()
      await expectNoSeriousViolations(page)
    }
  })

  it('an account’s onboarding section with the checklist open', async () => {
    const [account] = queryDb<{ id: number }>(
      server.databaseFile,
      "select id from accounts where name = 'Paulista Apps'",
    )
    const page = await browser.newPage({ locale: browserLocales[lang]! })
    await signInAs(page, lang, 'agent@hub.example')
    await open(page, `/${lang}/staff/accounts/${account!.id}`)
    await page.getByText(tr(lang, 'onboarding:account.checklist'), { exact: true }).last().click()
    await expectNoSeriousViolations(page)
  })

  it('the integrations page, also with a new token shown', async () => {
    const page = await browser.newPage({ locale: browserLocales[lang]! })
    await signInAs(page, lang, 'admin@hub.example')
    await open(page, `/${lang}/staff/settings/integrations`)
    await expectNoSeriousViolations(page)
    await page.getByLabel(tr(lang, 'staff:integrations.name')).fill('Data warehouse')
    await page.getByRole('button', { name: tr(lang, 'staff:integrations.create') }).click()
    await page.getByText(tr(lang, 'staff:integrations.created')).waitFor()
    await expectNoSeriousViolations(page)
  })
})
