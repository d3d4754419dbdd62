import { and, eq, inArray, isNull } from 'drizzle-orm'
import type { Page } from 'playwright-core'
import { beforeAll, describe, expect, it } from 'vitest'
import * as schema from '#db/schema/index'
import { answersFor, watchVideo, type CourseFixture } from '../factories/academy'
import { createCourse, sqliteOf, starterArticle, starterVideo } from '../factories/browser-data'
import { createUser, testDb, unique, type TestUser } from '../factories/people'
import { browserLocales, useBrowser, waitForHydration } from '../setup/browser'
import { tr } from '../setup/i18n'

let course: CourseFixture
let quizOnly: CourseFixture
let articleTitle: string

const lang = 'pt'

beforeAll(() => {
  const article = starterArticle(lang)
  articleTitle = article.title
  // A starter video, so the player has real media to load.
  course = createCourse({ articleId: article.id, videoId: starterVideo().id, passMark: 100, position: 0 })
  quizOnly = createCourse({ withVideo: false, passMark: 100, position: 1 })
})

const browser = useBrowser()

/** A Portuguese learner of their own, with a name of their own (it is printed on certificates). */
const newLearner = () => createUser({ locale: lang, name: `João ${unique('Oliveira')}` })

const openAttemptOf = (learner: TestUser, quizId: number) =>
  testDb()
    .select({ id: schema.quizAttempts.id, layout: schema.quizAttempts.layout })
    .from(schema.quizAttempts)
    .where(
      and(
        eq(schema.quizAttempts.userId, learner.id),
        eq(schema.quizAttempts.quizId, quizId),
        isNull(schema.quizAttempts.submittedAt),
      ),
    )
    .get()!

/** Ticks the right options, read from the database and mapped through the attempt's shuffled layout. */
async function answerRight(page: Page, learner: TestUser, fixture: CourseFixture) {
  const attempt = openAttemptOf(learner, fixture.quizId)
  const answers = answersFor(sqliteOf(), attempt.id)
  for (const [index, entry] of attempt.layout.entries()) {
    const question = fixture.questions.find((q) => q.id === entry.questionId)!
    const group = page.getByRole('group', { name: question.prompts.pt })
    for (const place of answers[`q${index + 1}`]!) {
      const option = question.options.find((o) => o.id === entry.optionIds[Number(place)])!
      await group.getByLabel(option.texts.pt, { exact: true }).check()
    }
  }
}

describe('a Portuguese learner in the academy', () => {
  it('opens the course, reads the last lesson missing, passes the final quiz and opens and verifies the certificate', async () => {
    const joao = newLearner()
    // He watched the video lesson earlier: only the article and the final quiz stand between him and the certificate.
    watchVideo(joao, course.videoId!)
    const page = await browser.signedInPage(joao, { locale: browserLocales[lang]! })
    await page.goto(`/${lang}/academy`)
    await waitForHydration(page)
    await page.getByRole('heading', { level: 1, name: tr(lang, 'academy:catalog.title') }).waitFor()
    await page.getByRole('link', { name: course.titles.pt, exact: true }).click()
    await page.waitForURL(`**/${lang}/academy/${course.key}`)
    await page
      .getByText(tr(lang, 'academy:course.certificateNeeds.quizAndLessons_one', { count: 1 }))
      .waitFor()

    await page.getByRole('link', { name: articleTitle, exact: true }).click()
    await page.waitForURL(`**/${lang}/academy/${course.key}/2`)
    await page.getByRole('button', { name: tr(lang, 'academy:lesson.markRead') }).click()
    await page.waitForURL(`**/${lang}/academy/${course.key}/3`)

    await page.getByRole('button', { name: tr(lang, 'academy:quiz.start') }).click()
    await page.getByRole('button', { name: tr(lang, 'academy:quiz.submit') }).waitFor()
    await answerRight(page, joao, course)
    await page.getByRole('button', { name: tr(lang, 'academy:quiz.submit') }).click()
    await page.getByText(tr(lang, 'academy:quiz.result.passed')).waitFor()

    await page.getByRole('link', { name: tr(lang, 'academy:quiz.result.certificate') }).click()
    await page.waitForURL((url) => /\/pt\/certificates\/HUB-[0-9A-Z-]+\/print$/.test(url.pathname))
    await page
      .getByRole('article', { name: tr(lang, 'academy:certificate.title') })
      .getByText(joao.name, { exact: true })
      .waitFor()
    const code = new URL(page.url()).pathname.split('/')[3]!
    // On paper the certificate stands alone: no navigation, no footer.
    await page.emulateMedia({ media: 'print' })
    // The print stylesheet (media="print") is not awaited by the client navigation: Chromium
    // fetches it at low priority, so wait until it applies (this times out if it never does).
    await page.locator('.site-header').waitFor({ state: 'hidden' })
    expect(await page.locator('.site-header').isVisible()).toBe(false)
    expect(await page.locator('.site-footer').isVisible()).toBe(false)
    expect(await page.getByRole('article', { name: tr(lang, 'academy:certificate.title') }).isVisible()).toBe(
      true,
    )
    await page.emulateMedia({ media: 'screen' })
    expect(await page.locator('.site-header').isVisible()).toBe(true)

    // A verifier, not signed in, opens the address printed on the certificate.
    const verifier = await browser.newPage({ locale: browserLocales[lang]! })
    await verifier.goto(`/${lang}/certificates/${code}`)
    await verifier
      .getByRole('heading', { level: 1, name: tr(lang, 'academy:certificate.verifyTitle') })
      .waitFor()
    await verifier.getByRole('main').getByText(joao.name, { exact: true }).waitFor()
    await verifier.getByRole('main').getByText(course.titles.pt, { exact: true }).waitFor()
    expect(await verifier.getByRole('main').textContent()).not.toContain(joao.email)

    const lessons = testDb()
      .select({ lessonId: schema.lessonProgress.lessonId })
      .from(schema.lessonProgress)
      .where(
        and(
          eq(schema.lessonProgress.userId, joao.id),
          inArray(schema.lessonProgress.lessonId, [course.lessons[1]!.id, course.lessons[2]!.id]),
        ),
      )
      .all()
    expect(lessons).toHaveLength(2)
  })

  it('takes a quiz without JavaScript', async () => {
    const joao = newLearner()
    const page = await browser.signedInPage(joao, { locale: browserLocales[lang]!, javaScriptEnabled: false })
    await page.goto(`/${lang}/academy/${quizOnly.key}/1`)
    await page.getByRole('button', { name: tr(lang, 'academy:quiz.start') }).click()
    await page.getByRole('button', { name: tr(lang, 'academy:quiz.submit') }).waitFor()
    await answerRight(page, joao, quizOnly)
    await page.getByRole('button', { name: tr(lang, 'academy:quiz.submit') }).click()
    await page.getByText(tr(lang, 'academy:quiz.result.passed')).waitFor()
    expect(new URL(page.url()).searchParams.get('result')).toMatch(/^\d+$/)
    const issued = testDb()
      .select({ code: schema.certificates.code })
      .from(schema.certificates)
      .where(
        and(eq(schema.certificates.userId, joao.id), eq(schema.certificates.courseId, quizOnly.courseId)),
      )
      .all()
    expect(issued).toHaveLength(1)
  })
})
