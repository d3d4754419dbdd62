import { describe, expect, it } from 'vitest'
import { createAccount, createUser, unique } from '../factories/people'
import { createTicket } from '../factories/tickets'
import { browserLocales, useBrowser, waitForHydration } from '../setup/browser'
import { tr } from '../setup/i18n'

const browser = useBrowser()

const lang = 'es'

describe('copying a colleague on a ticket, in Spanish', () => {
  it('the requester adds a colleague on the ticket page; the colleague finds it labelled in their list and stops following it without JavaScript', async () => {
    const account = createAccount({ market: 'LATAM', locale: lang })
    const maria = createUser({ account, locale: lang, name: unique('María Requester') })
    const carlos = createUser({ account, locale: lang, name: unique('Carlos Colega') })
    const subject = unique('Exportación vacía')
    const ticket = await createTicket(maria, { subject })

    const page = await browser.signedInPage(maria, { locale: browserLocales[lang]! })
    await page.goto(`/${lang}/tickets/${ticket.number}`)
    await waitForHydration(page, 'main form')
    const copy = page.getByRole('region', { name: tr(lang, 'tickets:customer.cc.title') })
    await copy.getByText(tr(lang, 'tickets:customer.cc.none')).waitFor()
    await copy
      .getByLabel(tr(lang, 'tickets:customer.cc.colleague'), { exact: true })
      .selectOption(String(carlos.id))
    await copy.getByRole('button', { name: tr(lang, 'tickets:customer.cc.add') }).click()
    await copy
      .getByRole('status')
      .getByText(tr(lang, 'tickets:customer.cc.added', { name: carlos.name }))
      .waitFor()
    await copy
      .getByRole('button', { name: tr(lang, 'tickets:customer.cc.removeNamed', { name: carlos.name }) })
      .waitFor()
    // Nobody else of the account is left to add.
    await copy.getByText(tr(lang, 'tickets:customer.cc.noCandidates')).waitFor()

    const colleague = await browser.signedInPage(carlos, {
      locale: browserLocales[lang]!,
      javaScriptEnabled: false,
    })
    await colleague.goto(`/${lang}/tickets`)
    const row = colleague.getByRole('row').filter({ hasText: subject })
    await row.waitFor()
    expect(await row.textContent()).toContain(tr(lang, 'tickets:customer.list.copied'))
    expect(await row.textContent()).toContain(maria.name)
    await row.getByRole('link', { name: subject }).click()
    await colleague.getByRole('heading', { level: 1, name: subject }).waitFor()
    await colleague.getByRole('button', { name: tr(lang, 'tickets:customer.cc.stop') }).click()
    await colleague.waitForURL((url) => url.pathname === `/${lang}/tickets`)
    await colleague.getByText(tr(lang, 'tickets:customer.list.stopped', { number: ticket.number })).waitFor()
    expect(await colleague.getByRole('row').filter({ hasText: subject }).count()).toBe(0)
  })
})
