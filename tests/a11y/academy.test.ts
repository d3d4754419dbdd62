import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, it } from 'vitest'
import { answersFor, insertCourse, type CourseFixture } from '../factories/academy'
import { expectNoSeriousViolations, open, signInAs } from '../setup/axe'
import { browserLocales, failedResourceStatus, useBrowser, waitForHydration } from '../setup/browser'
import { queryDb } from '../setup/db'
import { tr } from '../setup/i18n'
import { startServer, type TestServer } from '../setup/server'

let server: TestServer
let course: CourseFixture

beforeAll(async () => {
  server = await startServer()
  const article = queryDb<{ id: number }>(
    server.databaseFile,
    "select id from articles where visibility = 'public' order by id limit 1",
  )[0]!
  const video = queryDb<{ id: number }>(
    server.databaseFile,
    'select id from videos order by position, id limit 1',
  )[0]
  const db = new Database(server.databaseFile)
  db.pragma('busy_timeout = 5000')
  try {
    course = insertCourse(db, {
      key: 'axe-course',
      articleId: article.id,
      videoId: video?.id,
      withVideo: !video,
      passMark: 100,
    })
  } finally {
    db.close()
  }
})
afterAll(async () => {
  await server?.stop()
})

const browser = useBrowser({ baseURL: () => server.url })

const customers = {
  en: 'emma@harbor.example',
  ru: 'olga@volga.example',
  pt: 'joao@paulista.example',
} as const
type Lang = keyof typeof customers

describe.each(Object.keys(customers) as Lang[])('%s academy pages meet WCAG 2.1 AA', (lang) => {
  it('catalog, course, lessons, the quiz with its errors and result, the certificate and its verification', async () => {
    // The refused submission answers 400, which Chromium logs as a failed resource.
    browser.allowProblems(failedResourceStatus(400, `/${lang}/academy/${course.key}/3.data`))
    const anonymous = await browser.newPage({ locale: browserLocales[lang]! })
    await open(anonymous, `/${lang}/academy`)
    await expectNoSeriousViolations(anonymous)

    const page = await browser.newPage({ locale: browserLocales[lang]! })
    await signInAs(page, lang, customers[lang])
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

    const [attempt] = queryDb<{ id: number }>(
      server.databaseFile,
      'select a.id from quiz_attempts a join users u on u.id = a.user_id where u.email = ? and a.quiz_id = ? and a.submitted_at is null',
      customers[lang],
      course.quizId,
    )
    const db = new Database(server.databaseFile, { readonly: true })
    const answers = answersFor(db, attempt!.id)
    db.close()
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

    await open(anonymous, `/${lang}/certificates/${code}`)
    await expectNoSeriousViolations(anonymous)
    await open(page, `/${lang}/account`)
    await expectNoSeriousViolations(page)
  })
})
