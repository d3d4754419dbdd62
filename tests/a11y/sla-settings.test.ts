import { describe, expect, inject, it } from 'vitest'
import { createUser } from '../factories/people'
import { createHoliday, createMarket } from '../factories/tickets'
import { expectNoSeriousViolations, open } from '../setup/axe'
import { browserLocales, failedResourceStatus, useBrowser } from '../setup/browser'
import { queryDb } from '../setup/db'
import { tr } from '../setup/i18n'

const server = inject('server')
const browser = useBrowser()

describe.each(['en', 'ru'] as const)('%s SLA settings meet WCAG 2.1 AA', (lang) => {
  it('the targets grid, and a refused value shown with its error', async () => {
    const admin = createUser({ role: 'admin', locale: lang })
    browser.allowProblems(failedResourceStatus(400, `/${lang}/staff/settings/sla.data`))
    const page = await browser.signedInPage(admin, { locale: browserLocales[lang]! })
    await open(page, `/${lang}/staff/settings/sla`)
    await page.getByRole('heading', { level: 1, name: tr(lang, 'staff:slaTargets.title') }).waitFor()
    await expectNoSeriousViolations(page)
    // The first field of the grid: high touch, low priority, first response.
    const field = page.getByLabel(tr(lang, 'staff:slaTargets.firstResponse'), { exact: true }).first()
    await field.fill('soon')
    await page.getByRole('button', { name: tr(lang, 'staff:slaTargets.save'), exact: true }).click()
    await page.getByText(tr(lang, 'errors:form.hours')).waitFor()
    expect(await field.inputValue()).toBe('soon')
    await expectNoSeriousViolations(page)
  })

  it('a market page with its holidays', async () => {
    const admin = createUser({ role: 'admin', locale: lang })
    const market = createMarket({ like: lang === 'ru' ? 'EMEA' : 'US' })
    createHoliday(market, '2026-12-31', lang === 'ru' ? 'Перенесённый выходной' : 'New Year’s Eve')
    const page = await browser.signedInPage(admin, { locale: browserLocales[lang]! })
    await open(page, `/${lang}/staff/settings/markets/${market.code}`)
    await page.getByRole('heading', { level: 2, name: tr(lang, 'staff:markets.holidays.title') }).waitFor()
    await expectNoSeriousViolations(page)
  })
})

it('adds and removes a holiday without JavaScript', async () => {
  const admin = createUser({ role: 'admin', locale: 'es' })
  const market = createMarket({ like: 'LATAM' })
  const page = await browser.signedInPage(admin, { locale: browserLocales.es!, javaScriptEnabled: false })
  await page.goto(`/es/staff/settings/markets/${market.code}`)
  await page.getByLabel(tr('es', 'staff:markets.holidays.date'), { exact: true }).fill('2026-12-08')
  await page
    .getByLabel(tr('es', 'staff:markets.holidays.name'), { exact: true })
    .fill('Inmaculada Concepción')
  await page.getByRole('button', { name: tr('es', 'staff:markets.holidays.add'), exact: true }).click()
  await page.getByText(tr('es', 'staff:markets.holidays.added')).waitFor()
  await page.getByRole('cell', { name: 'Inmaculada Concepción', exact: true }).waitFor()
  expect(
    queryDb(server.databaseFile, 'select date, name from market_holidays where market_id = ?', market.id),
  ).toEqual([{ date: '2026-12-08', name: 'Inmaculada Concepción' }])
  await page.getByRole('button', { name: /Inmaculada Concepción/ }).click()
  await page.getByText(tr('es', 'staff:markets.holidays.removed')).waitFor()
  expect(
    queryDb(server.databaseFile, 'select id from market_holidays where market_id = ?', market.id),
  ).toEqual([])
})
