import { describe, expect, it } from 'vitest'
import { createAccount, createUser } from '../factories/people'
import { createTicket } from '../factories/tickets'
import { browserLocales, useBrowser, waitForHydration } from '../setup/browser'
import { testClock } from '../setup/clock'
import { tr } from '../setup/i18n'

const browser = useBrowser()

/** Olga of the demo: a Russian-speaking admin of an account in the EMEA market, whose zone is Moscow. */
const newOlga = () =>
  createUser({ locale: 'ru', account: createAccount({ market: 'EMEA', locale: 'ru' }), isAccountAdmin: true })

// Intl output uses narrow no-break spaces in places; compare with plain spaces.
const plain = (s: string | null) => (s ?? '').replace(/[\u00a0\u202f]/g, ' ')

/** What Olga should read for a moment on a clock: "7 дек. 2026 г., 15:54" in Moscow. */
const inRussian = (at: Date, timeZone: string) =>
  plain(new Intl.DateTimeFormat('ru-RU', { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(at))

/**
 * Today at 12:54 UTC (15:54 in Moscow). Today's date, not a fixed one: the shared server prunes
 * sessions idle for 72 hours by whatever clock another test's sign-in carries.
 */
const todayAt1254 = () => `${new Date().toISOString().slice(0, 10)}T12:54:00Z`

describe('time zones in the browser', () => {
  it('Olga reads her ticket in Moscow time, moves to Lisbon on the account page and sees the times move', async () => {
    const clock = testClock(todayAt1254())
    const olga = newOlga()
    const ticket = await createTicket(olga, { now: clock.now })
    // Her laptop is set to Lisbon: the portal offers that zone but changes nothing by itself.
    const page = await browser.signedInPage(olga, {
      locale: browserLocales.ru!,
      now: clock.now,
      timezoneId: 'Europe/Lisbon',
    })
    const opened = page.locator(`time[datetime="${ticket.createdAt.toISOString()}"]`).first()

    await page.goto(`/ru/tickets/${ticket.number}`)
    await waitForHydration(page)

    const moscow = inRussian(ticket.createdAt, 'Europe/Moscow')
    expect(moscow).toContain('15:54')
    expect(plain(await opened.textContent())).toBe(moscow)
    const offer = page.getByRole('region', { name: tr('ru', 'common:time.offer.title') })
    await offer.getByRole('button', { name: /Europe\/Lisbon|Португалия|Западная Европа/ }).waitFor()
    expect(plain(await opened.textContent())).toBe(moscow)

    await page.goto('/ru/account')
    await waitForHydration(page)
    const section = page.getByRole('region', { name: tr('ru', 'account:timeZone.title') })
    await section.getByLabel(tr('ru', 'account:timeZone.label'), { exact: true }).fill('Europe/Lisbon')
    await section.getByRole('button', { name: tr('ru', 'account:timeZone.save') }).click()
    await page.getByText(tr('ru', 'account:timeZone.saved')).waitFor()

    await page.goto(`/ru/tickets/${ticket.number}`)
    const lisbon = inRussian(ticket.createdAt, 'Europe/Lisbon')
    expect(lisbon).not.toBe(moscow)
    expect(plain(await opened.textContent())).toBe(lisbon)
    expect(await page.getByRole('region', { name: tr('ru', 'common:time.offer.title') }).count()).toBe(0)
  })

  it('without JavaScript the server already writes Moscow time, and the offer still keeps it', async () => {
    const clock = testClock(todayAt1254())
    const olga = newOlga()
    const ticket = await createTicket(olga, { now: clock.now })
    const page = await browser.signedInPage(olga, {
      locale: browserLocales.ru!,
      now: clock.now,
      javaScriptEnabled: false,
    })

    await page.goto(`/ru/tickets/${ticket.number}`)

    const opened = page.locator(`time[datetime="${ticket.createdAt.toISOString()}"]`).first()
    const moscow = inRussian(ticket.createdAt, 'Europe/Moscow')
    expect(plain(await opened.textContent())).toBe(moscow)
    await page.getByRole('button', { name: tr('ru', 'common:time.offer.keep') }).click()
    await page.waitForURL((url) => url.pathname === `/ru/tickets/${ticket.number}`)
    expect(await page.getByRole('region', { name: tr('ru', 'common:time.offer.title') }).count()).toBe(0)
    expect(plain(await opened.textContent())).toBe(moscow)
  })
})
