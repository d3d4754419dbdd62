import { and, eq, isNull } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import * as schema from '#db/schema/index'
import { answersFor, completeLessons, watchVideo, type CourseFixture } from '../factories/academy'
import { createCourse, sqliteOf, starterArticle, starterVideo } from '../factories/browser-data'
import { createUser, testDb } from '../factories/people'
import { expectNoSeriousViolations, open } from '../setup/axe'
import { browserLocales, failedResourceStatus, useBrowser, waitForHydration } from '../setup/browser'
import { tr } from '../setup/i18n'

let course: CourseFixture

beforeAll(() => {
  course = createCourse({ articleId: starterArticle('en').id, videoId: starterVideo().id, passMark: 100 })
})

const browser = useBrowser()

/** The attempt the person has open on the quiz. */
const openAttempt = (userId: number, quizId: number) =>
  testDb()
    .select({ id: schema.quizAttempts.id })
    .from(schema.quizAttempts)
    .where(
      and(
        eq(schema.quizAttempts.userId, userId),
        eq(schema.quizAttempts.quizId, quizId),
        isNull(schema.quizAttempts.submittedAt),
      ),
    )
    .get()!

// English and Russian: the academy's pages have the same markup in every language (only the
// texts change), so a Latin and a Cyrillic language cover them; tests/e2e/layout.test.ts checks
// the course and the quiz's radios and checkboxes at a phone's width in all four.
describe.each(['en', 'ru'] as const)('%s academy pages meet WCAG 2.1 AA', (lang) => {
  it('catalog, course, lessons, the quiz with its errors and result, the certificate and its verification', async () => {
    // The refused submission answers 400, which Chromium logs as a failed resource.
    browser.allowProblems(failedResourceStatus(400, `/${lang}/academy/${course.key}/3.data`))
    const anonymous = await browser.newPage({ locale: browserLocales[lang]! })
    await open(anonymous, `/${lang}/academy`)
    await expectNoSeriousViolations(anonymous)

    const learner = createUser({ locale: lang })
    // The lessons before the quiz are done, so that passing it earns the certificate.
    watchVideo(learner, course.videoId!)
    completeLessons(learner, [course.lessons[1]!.id])
    const page = await browser.signedInPage(learner, { locale: browserLocales[lang]! })
    for (const path of [
      `/${lang}/academy`,
      `/${lang}/academy/${course.key}`,
      `/${lang}/academy/${course.key}/1`,
      `/${lang}/academy/${course.key}/2`,
    ]) {
      await open(page, path)
      await expectNoSeriousViolations(page)
    }

    await open(page, `/${lang}/academy/${course.key}/3`)
    await expectNoSeriousViolations(page)
    await page.getByRole('button', { name: tr(lang, 'academy:quiz.start') }).click()
    await page.getByRole('button', { name: tr(lang, 'academy:quiz.submit') }).waitFor()
    await waitForHydration(page, 'main form')
    await page.getByRole('button', { name: tr(lang, 'academy:quiz.submit') }).click()
    await page.getByText(tr(lang, 'academy:quiz.errors.summary')).waitFor()
    await expectNoSeriousViolations(page)

    const answers = answersFor(sqliteOf(), openAttempt(learner.id, course.quizId).id)
    for (const [name, places] of Object.entries(answers)) {
      for (const place of places) await page.locator(`input[name="${name}"][value="${place}"]`).check()
    }
    await page.getByRole('button', { name: tr(lang, 'academy:quiz.submit') }).click()
    await page.getByText(tr(lang, 'academy:quiz.result.passed')).waitFor()
    await expectNoSeriousViolations(page)

    await page.getByRole('link', { name: tr(lang, 'academy:quiz.result.certificate') }).click()
    await page.waitForURL((url) => url.pathname.endsWith('/print'))
    await waitForHydration(page)
    await expectNoSeriousViolations(page)
    const code = new URL(page.url()).pathname.split('/')[3]!
    expect(code).toMatch(/^HUB-[0-9A-Z-]+$/)

    await open(anonymous, `/${lang}/certificates/${code}`)
    await expectNoSeriousViolations(anonymous)
    await open(page, `/${lang}/account`)
    await expectNoSeriousViolations(page)
  })
})
