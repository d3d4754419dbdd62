import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { browserLocales, useBrowser, waitForHydration } from '../setup/browser'
import { queryDb } from '../setup/db'
import { demoPassword } from '../setup/http'
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

const lang = 'es'
const maria = 'maria@andes.example'
/** A real 1×1 PNG, as a screenshot would be. */
const screenshot = { name: 'captura.png', mimeType: 'image/png', buffer: Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8ffff3f0005fe02fea7d6a1c40000000049454e44ae426082', 'hex') }

async function signIn(page: Page, javaScript: boolean) {
  await page.goto(`/${lang}/login`)
  // Typing into a page React is still hydrating can make it throw away the half-built tree.
  if (javaScript) await waitForHydration(page)
  await page.getByLabel(tr(lang, 'auth:fields.email'), { exact: true }).fill(maria)
  await page.getByLabel(tr(lang, 'auth:fields.password'), { exact: true }).fill(demoPassword)
  await page.getByRole('main').getByRole('button', { name: tr(lang, 'auth:login.submit') }).click()
  await page.waitForURL((url) => !url.pathname.endsWith('/login'))
}

const deflectionsOf = (email: string) =>
  queryDb<{ ref: string }>(server.databaseFile, "select e.ref from events e join users u on u.id = e.user_id where e.type = 'deflection' and u.email = ?", email)

/** Fills the new-ticket form; the subject is typed key by key, as a person does, so suggestions come. */
async function fillNewTicket(page: Page, input: { subject: string; body: string; typeSubject?: boolean }) {
  const subject = page.getByLabel(tr(lang, 'tickets:customer.new.subject'), { exact: true })
  if (input.typeSubject) await subject.pressSequentially(input.subject, { delay: 20 })
  else await subject.fill(input.subject)
  await page.getByLabel(tr(lang, 'tickets:customer.new.category'), { exact: true }).selectOption('technical')
  await page.getByLabel(tr(lang, 'tickets:customer.new.body'), { exact: true }).fill(input.body)
  await page.getByLabel(tr(lang, 'tickets:attachments.label'), { exact: true }).setInputFiles(screenshot)
}

async function replyOn(page: Page, text: string) {
  const reply = page.getByRole('region', { name: tr(lang, 'tickets:customer.ticket.replyTitle') })
  await reply.getByLabel(tr(lang, 'tickets:customer.ticket.replyBody'), { exact: true }).fill(text)
  await reply.getByRole('button', { name: tr(lang, 'tickets:customer.ticket.replySubmit') }).click()
  await page.getByText(tr(lang, 'tickets:customer.ticket.replyDone')).waitFor()
  await page.getByRole('region', { name: tr(lang, 'tickets:customer.ticket.conversation') }).getByText(text).waitFor()
}

describe('a customer’s tickets, in Spanish', () => {
  it('opens a ticket with a screenshot after glancing at a suggestion, finds it in the list and replies', async () => {
    const context = await browser.newContext({ locale: browserLocales[lang]! })
    const page = await context.newPage()
    await signIn(page, true)
    await page.getByRole('navigation', { name: tr(lang, 'common:nav.label') }).getByRole('link', { name: tr(lang, 'common:nav.tickets') }).click()
    await page.getByRole('heading', { level: 1, name: tr(lang, 'tickets:customer.list.title') }).waitFor()
    await page.getByRole('link', { name: tr(lang, 'tickets:customer.new.title') }).click()
    await page.getByRole('heading', { level: 1, name: tr(lang, 'tickets:customer.new.title') }).waitFor()
    await waitForHydration(page, 'main form')

    await fillNewTicket(page, { subject: 'Instalar el SDK de iOS', body: 'La app no envía eventos después de instalar el SDK.', typeSubject: true })
    const suggestions = page.getByRole('region', { name: tr(lang, 'tickets:customer.new.suggestionsTitle') })
    const suggestion = suggestions.getByRole('link').first()
    await suggestion.waitFor()
    // The article opens in its own tab; the draft stays as it was.
    const [article] = await Promise.all([context.waitForEvent('page'), suggestion.click()])
    await article.waitForLoadState()
    expect(new URL(article.url()).pathname).toMatch(/^\/es\/kb\//)
    await article.close()
    expect(await page.getByLabel(tr(lang, 'tickets:customer.new.body'), { exact: true }).inputValue()).toContain('La app no envía eventos')

    await page.getByRole('button', { name: tr(lang, 'tickets:customer.new.submit') }).click()
    await page.waitForURL((url) => /^\/es\/tickets\/\d+$/.test(url.pathname))
    await page.getByRole('heading', { level: 1, name: /Instalar el SDK de iOS/ }).waitFor()
    const conversation = page.getByRole('region', { name: tr(lang, 'tickets:customer.ticket.conversation') })
    await conversation.getByRole('link', { name: 'captura.png' }).waitFor()
    // Sending the ticket is not a deflection, even though a suggestion was opened.
    expect(deflectionsOf(maria)).toEqual([])

    await page.getByRole('link', { name: tr(lang, 'tickets:customer.list.title') }).first().click()
    const row = page.getByRole('row').filter({ hasText: 'Instalar el SDK de iOS' })
    await row.waitFor()
    expect(await row.textContent()).toContain(tr(lang, 'tickets:status.new'))
    await row.getByRole('link', { name: 'Instalar el SDK de iOS' }).click()
    await page.getByRole('heading', { level: 1, name: /Instalar el SDK de iOS/ }).waitFor()
    await waitForHydration(page, 'main form')
    await replyOn(page, 'Adjunto también el registro si hace falta.')
  })

  it('records a deflection when someone opens a suggestion and leaves without sending', async () => {
    const context = await browser.newContext({ locale: browserLocales[lang]! })
    const page = await context.newPage()
    await signIn(page, true)
    await page.goto(`/${lang}/tickets/new`)
    await waitForHydration(page, 'main form')
    await page.getByLabel(tr(lang, 'tickets:customer.new.subject'), { exact: true }).pressSequentially('Conectar redes publicitarias', { delay: 20 })
    const suggestion = page.getByRole('region', { name: tr(lang, 'tickets:customer.new.suggestionsTitle') }).getByRole('link').first()
    await suggestion.waitFor()
    const [article] = await Promise.all([context.waitForEvent('page'), suggestion.click()])
    await article.close()
    const before = deflectionsOf(maria).length
    await page.getByRole('navigation', { name: tr(lang, 'common:nav.label') }).getByRole('link', { name: tr(lang, 'common:nav.kb') }).click()
    await expect.poll(() => deflectionsOf(maria).length, { timeout: 10_000 }).toBe(before + 1)
  })

  it('works without JavaScript: open a ticket with a file, see it, reply', async () => {
    const page = await browser.newPage({ locale: browserLocales[lang]!, javaScriptEnabled: false })
    await signIn(page, false)
    await page.goto(`/${lang}/tickets/new`)
    await fillNewTicket(page, { subject: 'Sin JavaScript', body: 'Probando desde un navegador sin JavaScript.' })
    await page.getByRole('button', { name: tr(lang, 'tickets:customer.new.submit') }).click()
    await page.waitForURL((url) => /^\/es\/tickets\/\d+$/.test(url.pathname))
    await page.getByRole('heading', { level: 1, name: /Sin JavaScript/ }).waitFor()
    await page.getByRole('region', { name: tr(lang, 'tickets:customer.ticket.conversation') }).getByRole('link', { name: 'captura.png' }).waitFor()
    await replyOn(page, 'Respuesta sin JavaScript.')

    await page.goto(`/${lang}/tickets?status=new`)
    await page.getByRole('row').filter({ hasText: 'Sin JavaScript' }).waitFor()
  })
})
