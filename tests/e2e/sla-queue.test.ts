import { beforeAll, describe, expect, it } from 'vitest'
import type { Locale } from '#db/schema/enums'
import { createAccount, createUser, type TestUser } from '../factories/people'
import { createMarket, createTicket, type TestMarket } from '../factories/tickets'
import { open } from '../setup/axe'
import { browserLocales, useBrowser } from '../setup/browser'
import { tr } from '../setup/i18n'
import { expectColumnsInView, expectSaneLayout, laptopViewport } from '../setup/layout'

/**
 * The support queue at 1366 px, the common laptop: the SLA columns (next due time, and the
 * state with its time left or overdue in words) are in view without scrolling, in English and
 * in Russian (the longest labels), with a long subject and an overdue ticket among the rows.
 */
const browser = useBrowser()

const at = (iso: string) => new Date(iso)

describe.each(['en', 'ru'] as Locale[])('%s queue at 1366 px', (lang) => {
  let market: TestMarket
  let agent: TestUser

  beforeAll(async () => {
    market = createMarket({ like: lang === 'ru' ? 'EMEA' : 'US' })
    const account = createAccount({ market: market.code, tier: 'high', locale: lang })
    const customer = createUser({ account, locale: lang, isAccountAdmin: true })
    agent = createUser({ role: 'agent', locale: lang })
    // Monday 9 November 2026, morning in both markets.
    await createTicket(customer, {
      now: () => at('2026-11-09T07:00:00Z'),
      subject:
        'После обновления SDK до версии 4.2 постбэки в Meta и TikTok перестали приходить, а отчёт по атрибуции пуст',
    })
    await createTicket(customer, { now: () => at('2026-11-09T14:00:00Z') })
  })

  it('shows the SLA columns and the words for time left or overdue without sideways scrolling', async () => {
    const page = await browser.signedInPage(agent, {
      locale: browserLocales[lang]!,
      now: () => at('2026-11-09T16:00:00Z'),
    })
    await page.setViewportSize(laptopViewport)
    await open(page, `/${lang}/staff/tickets?status=all&market=${market.code}`)
    await page.getByRole('heading', { level: 1, name: tr(lang, 'staff:tickets.queue.title') }).waitFor()
    const overdue = new RegExp(tr(lang, 'staff:tickets.sla.overdueBy', { duration: '.+' }))
    await expect(page.getByText(overdue).first().isVisible()).resolves.toBe(true)
    await expectSaneLayout(page, laptopViewport)
    await expectColumnsInView(page, [
      tr(lang, 'staff:tickets.fields.nextDue'),
      tr(lang, 'staff:tickets.fields.sla'),
    ])
  })
})
