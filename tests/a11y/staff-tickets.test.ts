import { inject, describe, expect, it } from 'vitest'
import { createTicket, staffAnswers } from '../factories/browser-data'
import { createUser } from '../factories/people'
import { expectNoSeriousViolations, open } from '../setup/axe'
import { browserLocales, failedResourceStatus, useBrowser, waitForHydration } from '../setup/browser'
import { queryDb } from '../setup/db'
import { tr } from '../setup/i18n'

const server = inject('server')
const browser = useBrowser()

/**
 * A Russian customer's ticket with an internal note in it, so the note's styling is checked
 * too; the note is written on the staff ticket page, as an agent writes one.
 */
async function ticketWithNote() {
  const olga = createUser({ locale: 'ru' })
  const agent = createUser({ role: 'agent', locale: 'ru' })
  const ticket = createTicket(olga, { locale: 'ru', category: 'technical' })
  await staffAnswers(agent, ticket, { intent: 'note', body: 'Проверить настройки постбэков.', lang: 'ru' })
  return { number: ticket.number, agent }
}

/** The starter saved reply in Russian, the ticket's language. */
const resetPasswordReply = () =>
  queryDb<{ title: string; body: string }>(
    server.databaseFile,
    "select t.title, t.body from saved_reply_translations t join saved_replies r on r.id = t.reply_id where r.key = 'reset-password' and t.locale = 'ru'",
  )[0]!

// English and Russian: the staff pages have the same markup in every language.
describe.each(['en', 'ru'] as const)('%s staff ticket pages meet WCAG 2.1 AA', (lang) => {
  it('the queue, filtered to what breaches soon and unfiltered', async () => {
    const agent = createUser({ role: 'agent', locale: lang })
    const page = await browser.signedInPage(agent, { locale: browserLocales[lang]! })
    for (const query of ['', '?status=all&market=EMEA&sla=breached']) {
      await open(page, `/${lang}/staff/tickets${query}`)
      await page.getByRole('heading', { level: 1, name: tr(lang, 'staff:tickets.queue.title') }).waitFor()
      await expectNoSeriousViolations(page)
    }
  })

  it('a ticket with its conversation, internal note, context and history; a saved reply inserted at once', async () => {
    const { number, agent } = await ticketWithNote()
    // The refused empty reply answers 400, which Chromium logs as a failed resource.
    browser.allowProblems(failedResourceStatus(400, `/${lang}/staff/tickets/${number}.data`))
    const page = await browser.signedInPage(agent, { locale: browserLocales[lang]! })
    await open(page, `/${lang}/staff/tickets/${number}`)
    await page.getByText(tr(lang, 'staff:tickets.ticket.internalNote'), { exact: true }).first().waitFor()
    await page.getByText('Проверить настройки постбэков.').waitFor()
    await expectNoSeriousViolations(page)

    const reset = resetPasswordReply()
    await page
      .getByLabel(tr(lang, 'staff:tickets.reply.savedReply'), { exact: true })
      .selectOption({ label: reset.title })
    await page.getByRole('button', { name: tr(lang, 'staff:tickets.reply.insert'), exact: true }).click()
    expect(await page.getByLabel(tr(lang, 'staff:tickets.reply.body'), { exact: true }).inputValue()).toBe(
      reset.body,
    )

    await page.getByLabel(tr(lang, 'staff:tickets.reply.body'), { exact: true }).fill('')
    await page.getByRole('button', { name: tr(lang, 'staff:tickets.reply.send'), exact: true }).click()
    await page.getByText(tr(lang, 'errors:form.required')).waitFor()
    await expectNoSeriousViolations(page)
  })
})

it('inserts a saved reply without JavaScript by sending the form back with the text', async () => {
  const { number, agent } = await ticketWithNote()
  const page = await browser.signedInPage(agent, { locale: browserLocales.en!, javaScriptEnabled: false })
  await page.goto(`/en/staff/tickets/${number}`)
  await page.getByLabel(tr('en', 'staff:tickets.reply.body'), { exact: true }).fill('Здравствуйте!')
  await page.getByRole('button', { name: tr('en', 'staff:tickets.reply.insert'), exact: true }).click()
  await page.waitForLoadState()
  // The select's first option is inserted, in the ticket's language (Russian), after what was typed.
  const russian = queryDb<{ body: string }>(
    server.databaseFile,
    "select body from saved_reply_translations where locale = 'ru'",
  ).map((r) => r.body)
  const value = await page.getByLabel(tr('en', 'staff:tickets.reply.body'), { exact: true }).inputValue()
  expect(value.startsWith('Здравствуйте!\n\n')).toBe(true)
  expect(russian).toContain(value.slice('Здравствуйте!\n\n'.length))
})

it('shows the status a reply set in the ticket form beside it, so saving that form keeps it', async () => {
  const olga = createUser({ locale: 'ru' })
  const agent = createUser({ role: 'agent', locale: 'en' })
  const ticket = createTicket(olga, { locale: 'ru', category: 'technical' })
  const page = await browser.signedInPage(agent, { locale: browserLocales.en! })
  await page.goto(`/en/staff/tickets/${ticket.number}`)
  await waitForHydration(page, 'form')
  const status = page.getByLabel(tr('en', 'staff:tickets.fields.status'), { exact: true })
  expect(await status.inputValue()).toBe('new')
  // With JavaScript the reply posts in place; "waiting for the customer" is the reply's default.
  await page.getByLabel(tr('en', 'staff:tickets.reply.body'), { exact: true }).fill('Which SDK version?')
  await page.getByRole('button', { name: tr('en', 'staff:tickets.reply.send'), exact: true }).click()
  await page.waitForURL((url) => url.searchParams.get('sent') === 'reply')
  await page.waitForFunction(
    (label) =>
      [...document.querySelectorAll('label')].some(
        (l) =>
          l.textContent === label &&
          (document.getElementById(l.htmlFor) as HTMLSelectElement)?.value === 'pending',
      ),
    tr('en', 'staff:tickets.fields.status'),
  )
  expect(await status.inputValue()).toBe('pending')
  await page.getByRole('button', { name: tr('en', 'staff:tickets.ticket.save'), exact: true }).click()
  await page.waitForLoadState('networkidle')
  const [stored] = queryDb<{ status: string }>(
    server.databaseFile,
    'select status from tickets where number = ?',
    ticket.number,
  )
  expect(stored!.status).toBe('pending')
})
