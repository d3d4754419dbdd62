import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, it } from 'vitest'
import { expectNoSeriousViolations, open, signInAs } from '../setup/axe'
import { browserLocales, failedResourceStatus, useBrowser, waitForHydration } from '../setup/browser'
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

const customers = { en: 'emma@harbor.example', ru: 'olga@volga.example', es: 'maria@andes.example' } as const
type Lang = keyof typeof customers

/** Marks a ticket solved as an agent would; the staff routes live on another branch. */
function solve(number: number) {
  const db = new Database(server.databaseFile)
  db.pragma('busy_timeout = 5000')
  try {
    const now = Date.now()
    db.prepare("update tickets set status = 'solved', solved_at = ?, updated_at = ? where number = ?").run(
      now,
      now,
      number,
    )
  } finally {
    db.close()
  }
}

describe.each(Object.keys(customers) as Lang[])('%s ticket pages meet WCAG 2.1 AA', (lang) => {
  it('the new-ticket form with suggestions and errors, the ticket with its rating form, and the list', async () => {
    // The refused submit answers 400, which Chromium logs as a failed resource.
    browser.allowProblems(failedResourceStatus(400, `/${lang}/tickets/new.data`))
    const page = await browser.newPage({ locale: browserLocales[lang]! })
    await signInAs(page, lang, customers[lang])
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
    solve(number)
    await open(page, `/${lang}/tickets/${number}`)
    await page.getByRole('group', { name: tr(lang, 'tickets:customer.rating.legend') }).waitFor()
    await expectNoSeriousViolations(page)

    await open(page, `/${lang}/tickets`)
    await page.getByRole('row').filter({ hasText: 'SDK iOS' }).waitFor()
    await expectNoSeriousViolations(page)
  })
})
