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
const screenshot = {
  name: 'captura.png',
  mimeType: 'image/png',
  buffer: Buffer.from(
    '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8ffff3f0005fe02fea7d6a1c40000000049454e44ae426082',
    'hex',
  ),
}

async function signIn(page: Page, javaScript: boolean, email = maria) {
  await page.goto(`/${lang}/login`)
  // Typing into a page React is still hydrating can make it throw away the half-built tree.
  if (javaScript) await waitForHydration(page)
  await page.getByLabel(tr(lang, 'auth:fields.email'), { exact: true }).fill(email)
  await page.getByLabel(tr(lang, 'auth:fields.password'), { exact: true }).fill(demoPassword)
  await page
    .getByRole('main')
    .getByRole('button', { name: tr(lang, 'auth:login.submit') })
    .click()
  await page.waitForURL((url) => !url.pathname.endsWith('/login'))
}

const deflectionsOf = (email: string) =>
  queryDb<{ ref: string }>(
    server.databaseFile,
    "select e.ref from events e join users u on u.id = e.user_id where e.type = 'deflection' and u.email = ?",
    email,
  )

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
  await page
    .getByRole('region', { name: tr(lang, 'tickets:customer.ticket.conversation') })
    .getByText(text)
    .waitFor()
}

/** An agent finds the ticket in the queue, in Spanish, and answers with "then set the status to solved". */
async function agentSolves(input: { number: number; subject: string; answer: string; javaScript: boolean }) {
  const agent = await browser.newPage({ locale: browserLocales[lang]!, javaScriptEnabled: input.javaScript })
  await signIn(agent, input.javaScript, 'agent@hub.example')
  // The queue holds a year of demo tickets: narrow it as an agent would, to new technical ones in Spanish.
  await agent.goto(`/${lang}/staff/tickets?status=new&locale=es&category=technical`)
  await agent
    .getByRole('row')
    .filter({ hasText: input.subject })
    .getByRole('link', { name: `#${input.number}` })
    .click()
  await agent.waitForURL((url) => url.pathname === `/${lang}/staff/tickets/${input.number}`)
  if (input.javaScript) await waitForHydration(agent, 'main form')
  await agent.getByLabel(tr(lang, 'staff:tickets.reply.body'), { exact: true }).fill(input.answer)
  await agent.getByLabel(tr(lang, 'staff:tickets.reply.nextStatus'), { exact: true }).selectOption('solved')
  await agent.getByRole('button', { name: tr(lang, 'staff:tickets.reply.send') }).click()
  await agent.getByText(tr(lang, 'staff:tickets.reply.sent')).waitFor()
}

/** The customer gives five stars with a comment and sees the rating kept. */
async function rate(page: Page) {
  const rating = page.getByRole('region', { name: tr(lang, 'tickets:customer.rating.title') })
  await rating.getByLabel(tr(lang, 'tickets:customer.rating.scale.5')).check()
  await rating.getByLabel(tr(lang, 'tickets:customer.rating.comment')).fill('Rápido y claro, ¡gracias!')
  await rating.getByRole('button', { name: tr(lang, 'tickets:customer.rating.submit') }).click()
  await page.getByText(tr(lang, 'tickets:customer.rating.given', { rating: 5 })).waitFor()
}

describe('a customer’s tickets, in Spanish', () => {
  it('opens a ticket with a screenshot after glancing at a suggestion, finds it in the list and replies', async () => {
    const context = await browser.newContext({ locale: browserLocales[lang]! })
    const page = await context.newPage()
    await signIn(page, true)
    await page
      .getByRole('navigation', { name: tr(lang, 'common:nav.label') })
      .getByRole('link', { name: tr(lang, 'common:nav.tickets') })
      .click()
    await page.getByRole('heading', { level: 1, name: tr(lang, 'tickets:customer.list.title') }).waitFor()
    await page.getByRole('link', { name: tr(lang, 'tickets:customer.new.title') }).click()
    await page.getByRole('heading', { level: 1, name: tr(lang, 'tickets:customer.new.title') }).waitFor()
    await waitForHydration(page, 'main form')

    await fillNewTicket(page, {
      subject: 'Instalar el SDK de iOS',
      body: 'La app no envía eventos después de instalar el SDK.',
      typeSubject: true,
    })
    const suggestions = page.getByRole('region', { name: tr(lang, 'tickets:customer.new.suggestionsTitle') })
    const suggestion = suggestions.getByRole('link').first()
    await suggestion.waitFor()
    // The article opens in its own tab; the draft stays as it was.
    const [article] = await Promise.all([context.waitForEvent('page'), suggestion.click()])
    await article.waitForLoadState()
    expect(new URL(article.url()).pathname).toMatch(/^\/es\/kb\//)
    await article.close()
    expect(
      await page.getByLabel(tr(lang, 'tickets:customer.new.body'), { exact: true }).inputValue(),
    ).toContain('La app no envía eventos')

    await page.getByRole('button', { name: tr(lang, 'tickets:customer.new.submit') }).click()
    await page.waitForURL((url) => /^\/es\/tickets\/\d+$/.test(url.pathname))
    await page.getByRole('heading', { level: 1, name: /Instalar el SDK de iOS/ }).waitFor()
    const conversation = page.getByRole('region', { name: tr(lang, 'tickets:customer.ticket.conversation') })
    await conversation.getByRole('link', { name: 'captura.png' }).waitFor()
    // Sending the ticket is not a deflection, even though a suggestion was opened.
    expect(deflectionsOf(maria)).toEqual([])

    await page
      .getByRole('link', { name: tr(lang, 'tickets:customer.list.title') })
      .first()
      .click()
    const row = page.getByRole('row').filter({ hasText: 'Instalar el SDK de iOS' })
    await row.waitFor()
    expect(await row.textContent()).toContain(tr(lang, 'tickets:status.new'))
    await row.getByRole('link', { name: 'Instalar el SDK de iOS' }).click()
    await page.getByRole('heading', { level: 1, name: /Instalar el SDK de iOS/ }).waitFor()
    await waitForHydration(page, 'main form')
    await replyOn(page, 'Adjunto también el registro si hace falta.')
  })

  it('an agent answers from the staff queue and solves it; the customer reads the answer and rates it', async () => {
    const customer = await browser.newPage({ locale: browserLocales[lang]! })
    await signIn(customer, true, maria)
    await customer.goto(`/${lang}/tickets/new`)
    await waitForHydration(customer, 'main form')
    await fillNewTicket(customer, {
      subject: 'Los postbacks no llegan',
      body: 'Desde ayer la red no recibe los postbacks de instalación.',
    })
    await customer.getByRole('button', { name: tr(lang, 'tickets:customer.new.submit') }).click()
    await customer.waitForURL((url) => /^\/es\/tickets\/\d+$/.test(url.pathname))
    const number = Number(customer.url().split('/').pop())

    const answer =
      'Revisamos la configuración: faltaba el evento de instalación en el postback. Ya está corregido.'
    await agentSolves({ number, subject: 'Los postbacks no llegan', answer, javaScript: true })

    await customer.reload()
    await waitForHydration(customer, 'main form')
    await customer
      .getByRole('region', { name: tr(lang, 'tickets:customer.ticket.conversation') })
      .getByText(answer)
      .waitFor()
    await rate(customer)
    const [stored] = queryDb<{ rating: number }>(
      server.databaseFile,
      'select r.rating from ticket_ratings r join tickets t on t.id = r.ticket_id where t.number = ?',
      number,
    )
    expect(stored).toEqual({ rating: 5 })
  })

  it('records a deflection when someone opens a suggestion and leaves without sending', async () => {
    const context = await browser.newContext({ locale: browserLocales[lang]! })
    const page = await context.newPage()
    await signIn(page, true)
    await page.goto(`/${lang}/tickets/new`)
    await waitForHydration(page, 'main form')
    await page
      .getByLabel(tr(lang, 'tickets:customer.new.subject'), { exact: true })
      .pressSequentially('Conectar redes publicitarias', { delay: 20 })
    const suggestion = page
      .getByRole('region', { name: tr(lang, 'tickets:customer.new.suggestionsTitle') })
      .getByRole('link')
      .first()
    await suggestion.waitFor()
    const [article] = await Promise.all([context.waitForEvent('page'), suggestion.click()])
    await article.close()
    const before = deflectionsOf(maria).length
    await page
      .getByRole('navigation', { name: tr(lang, 'common:nav.label') })
      .getByRole('link', { name: tr(lang, 'common:nav.kb') })
      .click()
    await expect.poll(() => deflectionsOf(maria).length, { timeout: 10_000 }).toBe(before + 1)
  })

  it('works without JavaScript: open a ticket with a file, reply, the agent solves it, rate it', async () => {
    const page = await browser.newPage({ locale: browserLocales[lang]!, javaScriptEnabled: false })
    await signIn(page, false)
    await page.goto(`/${lang}/tickets/new`)
    await fillNewTicket(page, {
      subject: 'Sin JavaScript',
      body: 'Probando desde un navegador sin JavaScript.',
    })
    await page.getByRole('button', { name: tr(lang, 'tickets:customer.new.submit') }).click()
    await page.waitForURL((url) => /^\/es\/tickets\/\d+$/.test(url.pathname))
    await page.getByRole('heading', { level: 1, name: /Sin JavaScript/ }).waitFor()
    await page
      .getByRole('region', { name: tr(lang, 'tickets:customer.ticket.conversation') })
      .getByRole('link', { name: 'captura.png' })
      .waitFor()
    await replyOn(page, 'Respuesta sin JavaScript.')
    const number = Number(new URL(page.url()).pathname.split('/').pop())

    const answer = 'Listo: ya puede ver los eventos en el panel.'
    await agentSolves({ number, subject: 'Sin JavaScript', answer, javaScript: false })
    await page.goto(`/${lang}/tickets/${number}`)
    await page
      .getByRole('region', { name: tr(lang, 'tickets:customer.ticket.conversation') })
      .getByText(answer)
      .waitFor()
    await rate(page)

    await page.goto(`/${lang}/tickets?status=solved`)
    await page.getByRole('row').filter({ hasText: 'Sin JavaScript' }).waitFor()
  })
})
