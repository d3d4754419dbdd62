import { and, eq } from 'drizzle-orm'
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import * as schema from '#db/schema/index'
import { createAccount, createUser, testDb, unique, type TestUser } from '../factories/people'
import { browserLocales, useBrowser, waitForHydration } from '../setup/browser'
import { tr } from '../setup/i18n'

const browser = useBrowser()

const lang = 'es'
/** A Spanish-speaking customer of a new account in LATAM, as the demo's María is. */
const newMaria = () => createUser({ locale: lang, account: createAccount({ market: 'LATAM', locale: lang }) })
/** A real 1×1 PNG, as a screenshot would be. */
const screenshot = {
  name: 'captura.png',
  mimeType: 'image/png',
  buffer: Buffer.from(
    '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8ffff3f0005fe02fea7d6a1c40000000049454e44ae426082',
    'hex',
  ),
}

const deflectionsOf = (customer: TestUser) =>
  testDb()
    .select({ ref: schema.events.ref })
    .from(schema.events)
    .where(and(eq(schema.events.type, 'deflection'), eq(schema.events.userId, customer.id)))
    .all()

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
  const agent = await browser.signedInPage(createUser({ role: 'agent', locale: lang }), {
    locale: browserLocales[lang]!,
    javaScriptEnabled: input.javaScript,
  })
  // The queue holds a year of demo tickets: narrow it as an agent would, to new technical ones in Spanish.
  await agent.goto(`/${lang}/staff/tickets?status=new&locale=es&category=technical`)
  if (input.javaScript) await waitForHydration(agent)
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
    const maria = newMaria()
    const subject = unique('Instalar el SDK de iOS')
    const page = await browser.signedInPage(maria, { locale: browserLocales[lang]! })
    const context = page.context()
    await page.goto(`/${lang}/account`)
    await waitForHydration(page)
    await page
      .getByRole('navigation', { name: tr(lang, 'common:nav.label') })
      .getByRole('link', { name: tr(lang, 'common:nav.tickets') })
      .click()
    await page.getByRole('heading', { level: 1, name: tr(lang, 'tickets:customer.list.title') }).waitFor()
    await page.getByRole('link', { name: tr(lang, 'tickets:customer.new.title') }).click()
    await page.getByRole('heading', { level: 1, name: tr(lang, 'tickets:customer.new.title') }).waitFor()
    await waitForHydration(page, 'main form')

    await fillNewTicket(page, {
      subject,
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
    await page.getByRole('heading', { level: 1, name: subject }).waitFor()
    const conversation = page.getByRole('region', { name: tr(lang, 'tickets:customer.ticket.conversation') })
    await conversation.getByRole('link', { name: 'captura.png' }).waitFor()
    // Sending the ticket is not a deflection, even though a suggestion was opened.
    expect(deflectionsOf(maria)).toEqual([])

    await page
      .getByRole('link', { name: tr(lang, 'tickets:customer.list.title') })
      .first()
      .click()
    const row = page.getByRole('row').filter({ hasText: subject })
    await row.waitFor()
    expect(await row.textContent()).toContain(tr(lang, 'tickets:status.new'))
    await row.getByRole('link', { name: subject }).click()
    await page.getByRole('heading', { level: 1, name: subject }).waitFor()
    await waitForHydration(page, 'main form')
    await replyOn(page, 'Adjunto también el registro si hace falta.')
  })

  it('an agent answers from the staff queue and solves it; the customer reads the answer and rates it', async () => {
    const subject = unique('Los postbacks no llegan')
    const customer = await browser.signedInPage(newMaria(), { locale: browserLocales[lang]! })
    await customer.goto(`/${lang}/tickets/new`)
    await waitForHydration(customer, 'main form')
    await fillNewTicket(customer, {
      subject,
      body: 'Desde ayer la red no recibe los postbacks de instalación.',
    })
    await customer.getByRole('button', { name: tr(lang, 'tickets:customer.new.submit') }).click()
    await customer.waitForURL((url) => /^\/es\/tickets\/\d+$/.test(url.pathname))
    const number = Number(customer.url().split('/').pop())

    const answer =
      'Revisamos la configuración: faltaba el evento de instalación en el postback. Ya está corregido.'
    await agentSolves({ number, subject, answer, javaScript: true })

    await customer.reload()
    await waitForHydration(customer, 'main form')
    await customer
      .getByRole('region', { name: tr(lang, 'tickets:customer.ticket.conversation') })
      .getByText(answer)
      .waitFor()
    await rate(customer)
    const stored = testDb()
      .select({ rating: schema.ticketRatings.rating, comment: schema.ticketRatings.comment })
      .from(schema.ticketRatings)
      .innerJoin(schema.tickets, eq(schema.tickets.id, schema.ticketRatings.ticketId))
      .where(eq(schema.tickets.number, number))
      .all()
    expect(stored).toEqual([{ rating: 5, comment: 'Rápido y claro, ¡gracias!' }])
  })

  it('records a deflection when someone opens a suggestion and leaves without sending', async () => {
    const maria = newMaria()
    const page = await browser.signedInPage(maria, { locale: browserLocales[lang]! })
    const context = page.context()
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
    // A new customer has none before.
    expect(deflectionsOf(maria)).toEqual([])
    await page
      .getByRole('navigation', { name: tr(lang, 'common:nav.label') })
      .getByRole('link', { name: tr(lang, 'common:nav.kb') })
      .click()
    await expect.poll(() => deflectionsOf(maria).length, { timeout: 10_000 }).toBe(1)
  })

  it('works without JavaScript: open a ticket with a file, reply, the agent solves it, rate it', async () => {
    const subject = unique('Sin JavaScript')
    const page = await browser.signedInPage(newMaria(), {
      locale: browserLocales[lang]!,
      javaScriptEnabled: false,
    })
    await page.goto(`/${lang}/tickets/new`)
    await fillNewTicket(page, {
      subject,
      body: 'Probando desde un navegador sin JavaScript.',
    })
    await page.getByRole('button', { name: tr(lang, 'tickets:customer.new.submit') }).click()
    await page.waitForURL((url) => /^\/es\/tickets\/\d+$/.test(url.pathname))
    await page.getByRole('heading', { level: 1, name: subject }).waitFor()
    await page
      .getByRole('region', { name: tr(lang, 'tickets:customer.ticket.conversation') })
      .getByRole('link', { name: 'captura.png' })
      .waitFor()
    await replyOn(page, 'Respuesta sin JavaScript.')
    const number = Number(new URL(page.url()).pathname.split('/').pop())

    const answer = 'Listo: ya puede ver los eventos en el panel.'
    await agentSolves({ number, subject, answer, javaScript: false })
    await page.goto(`/${lang}/tickets/${number}`)
    await page
      .getByRole('region', { name: tr(lang, 'tickets:customer.ticket.conversation') })
      .getByText(answer)
      .waitFor()
    await rate(page)

    await page.goto(`/${lang}/tickets?status=solved`)
    await page.getByRole('row').filter({ hasText: subject }).waitFor()
    // The customer's list shows their one ticket, solved.
    expect(await page.getByRole('row').filter({ hasText: subject }).textContent()).toContain(
      tr(lang, 'tickets:status.solved'),
    )
  })
})
