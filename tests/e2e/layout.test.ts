import type { Page } from 'playwright-core'
import { beforeAll, describe, it } from 'vitest'
import type { Locale } from '#db/schema/enums'
import {
  createCourse,
  createOnboardingCustomer,
  createTicket,
  starterArticle,
  starterVideo,
} from '../factories/browser-data'
import { createUser, type TestUser } from '../factories/people'
import { open } from '../setup/axe'
import { browserLocales, useBrowser, waitForHydration } from '../setup/browser'
import { tr } from '../setup/i18n'
import { expectSaneLayout, phoneViewport } from '../setup/layout'

/**
 * The main pages at a 390 px wide phone, in every language: the same markup breaks in one
 * language and not another, since words differ in length (Russian and Portuguese labels are
 * the longest). Nothing may make the page scroll sideways, and radio buttons, checkboxes and
 * text fields keep their sizes, which axe does not look at.
 */
const browser = useBrowser()

const langs: Locale[] = ['en', 'ru', 'es', 'pt']

describe.each(langs)('%s pages at 390 px', (lang) => {
  let customer: TestUser
  let agent: TestUser
  let solvedTicket: { number: number }
  let course: ReturnType<typeof createCourse>

  beforeAll(() => {
    customer = createOnboardingCustomer(lang)
    agent = createUser({ role: 'agent', locale: lang })
    // Two colleagues: one copied on the ticket (a row with its Remove button), one to add (the
    // select), and both as checkboxes on the new-ticket form.
    const colleague = () => createUser({ locale: lang, account: customer.account })
    const copied = colleague()
    colleague()
    // A solved ticket shows its rating form: a group of radio buttons.
    solvedTicket = createTicket(customer, {
      cc: [copied],
      status: 'solved',
      messages: [{ author: agent, body: 'Fixed on our side; please check again.' }],
    })
    course = createCourse({
      articleId: starterArticle(lang).id,
      videoId: starterVideo().id,
    })
  })

  const phonePage = async (user?: TestUser) => {
    const options = { locale: browserLocales[lang]! }
    const page = user ? await browser.signedInPage(user, options) : await browser.newPage(options)
    await page.setViewportSize(phoneViewport)
    return page
  }

  async function check(page: Page, path: string) {
    await open(page, path)
    await expectSaneLayout(page)
  }

  it('home, knowledge base, an article and search, for a visitor', async () => {
    const page = await phonePage()
    await check(page, `/${lang}`)
    await check(page, `/${lang}/kb`)
    // Long, with a table of contents, code blocks and a table.
    await check(page, `/${lang}/kb/set-up-postbacks`)
    // Long inline identifiers and URLs (`Orbit.waitForTrackingAuthorization(timeout:)`) in
    // sentences, and code blocks wider than a phone, which scroll inside their own box.
    await check(page, `/${lang}/kb/install-the-ios-sdk`)
    await check(page, `/${lang}/search?q=sdk`)
  })

  it('the customer’s home, account, onboarding checklist, videos and a video', async () => {
    const page = await phonePage(customer)
    await check(page, `/${lang}`)
    await check(page, `/${lang}/account`)
    await check(page, `/${lang}/onboarding`)
    await check(page, `/${lang}/videos`)
    await check(page, `/${lang}/videos/${starterVideo().key}`)
  })

  it('the team report of an account admin', async () => {
    const admin = createUser({ locale: lang, account: customer.account, isAccountAdmin: true })
    const page = await phonePage(admin)
    await check(page, `/${lang}/account`)
    await check(page, `/${lang}/account/team`)
  })

  it('tickets: the list, the new-ticket form and a solved ticket with its rating radios', async () => {
    const page = await phonePage(customer)
    await check(page, `/${lang}/tickets`)
    await check(page, `/${lang}/tickets/new`)
    await check(page, `/${lang}/tickets/${solvedTicket.number}`)
    await page.getByRole('group', { name: tr(lang, 'tickets:customer.rating.legend') }).waitFor()
    await expectSaneLayout(page)
  })

  it('academy: a course and its quiz, with its radio buttons and checkboxes', async () => {
    const page = await phonePage(customer)
    await check(page, `/${lang}/academy/${course.key}`)
    const quiz = course.lessons.find((lesson) => lesson.kind === 'quiz')!
    await check(page, `/${lang}/academy/${course.key}/${quiz.position}`)
    await page.getByRole('button', { name: tr(lang, 'academy:quiz.start') }).click()
    await page.getByRole('button', { name: tr(lang, 'academy:quiz.submit') }).waitFor()
    await waitForHydration(page, 'main form')
    await expectSaneLayout(page)
  })

  it('staff: the ticket queue and a ticket', async () => {
    const page = await phonePage(agent)
    await check(page, `/${lang}/staff/tickets`)
    await check(page, `/${lang}/staff/tickets/${solvedTicket.number}`)
  })
})
