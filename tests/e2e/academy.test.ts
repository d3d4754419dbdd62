import Database from 'better-sqlite3'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { answersFor, insertCourse, type CourseFixture } from '../factories/academy'
import { browserLocales, useBrowser, waitForHydration } from '../setup/browser'
import { queryDb } from '../setup/db'
import { demoPassword } from '../setup/http'
import { tr } from '../setup/i18n'
import { startServer, type TestServer } from '../setup/server'

let server: TestServer
let course: CourseFixture
let quizOnly: CourseFixture
let articleTitle: string

const lang = 'pt'
const joao = 'joao@paulista.example'

function withDb<T>(run: (db: Database.Database) => T): T {
  const db = new Database(server.databaseFile)
  db.pragma('busy_timeout = 5000')
  try {
    return run(db)
  } finally {
    db.close()
  }
}

beforeAll(async () => {
  server = await startServer()
  const article = queryDb<{ id: number; title: string }>(
    server.databaseFile,
    `select a.id, t.title from articles a join article_translations t on t.article_id = a.id and t.locale = 'pt' and t.status = 'published'
     where a.visibility = 'public' order by a.id limit 1`,
  )[0]!
  articleTitle = article.title
  // A starter video, so the player has real media to load.
  const video = queryDb<{ id: number }>(
    server.databaseFile,
    'select id from videos order by position, id limit 1',
  )[0]
  course = withDb((db) =>
    insertCourse(db, {
      key: 'primeiros-passos',
      articleId: article.id,
      videoId: video?.id,
      withVideo: !video,
      passMark: 100,
      position: 0,
    }),
  )
  quizOnly = withDb((db) =>
    insertCourse(db, { key: 'so-teste', withVideo: false, passMark: 100, position: 1 }),
  )
})
afterAll(async () => {
  await server?.stop()
})

const browser = useBrowser({ baseURL: () => server.url })

async function signIn(page: Page, javaScript: boolean) {
  await page.goto(`/${lang}/login`)
  if (javaScript) await waitForHydration(page)
  await page.getByLabel(tr(lang, 'auth:fields.email'), { exact: true }).fill(joao)
  await page.getByLabel(tr(lang, 'auth:fields.password'), { exact: true }).fill(demoPassword)
  await page
    .getByRole('main')
    .getByRole('button', { name: tr(lang, 'auth:login.submit') })
    .click()
  await page.waitForURL((url) => !url.pathname.endsWith('/login'))
}

const openAttemptOf = (quizId: number) =>
  queryDb<{ id: number }>(
    server.databaseFile,
    'select a.id from quiz_attempts a join users u on u.id = a.user_id where u.email = ? and a.quiz_id = ? and a.submitted_at is null',
    joao,
    quizId,
  )[0]!.id

/** Ticks the right options, read from the database and mapped through the attempt's shuffled layout. */
async function answerRight(page: Page, fixture: CourseFixture) {
  const attemptId = openAttemptOf(fixture.quizId)
  const answers = withDb((db) => answersFor(db, attemptId))
  const layout = JSON.parse(
    queryDb<{ layout: string }>(
      server.databaseFile,
      'select layout from quiz_attempts where id = ?',
      attemptId,
    )[0]!.layout,
  ) as {
    questionId: number
    optionIds: number[]
  }[]
  for (const [index, entry] of layout.entries()) {
    const question = fixture.questions.find((q) => q.id === entry.questionId)!
    const group = page.getByRole('group', { name: question.prompts.pt })
    for (const place of answers[`q${index + 1}`]!) {
      const option = question.options.find((o) => o.id === entry.optionIds[Number(place)])!
      await group.getByLabel(option.texts.pt, { exact: true }).check()
    }
  }
}

describe('a Portuguese learner in the academy', () => {
  it('opens the course, reads the article lesson, passes the final quiz and opens and verifies the certificate', async () => {
    const page = await browser.newPage({ locale: browserLocales[lang]! })
    await signIn(page, true)
    await page.goto(`/${lang}/academy`)
    await waitForHydration(page)
    await page.getByRole('heading', { level: 1, name: tr(lang, 'academy:catalog.title') }).waitFor()
    await page.getByRole('link', { name: course.titles.pt, exact: true }).click()
    await page.waitForURL(`**/${lang}/academy/${course.key}`)

    await page.getByRole('link', { name: articleTitle, exact: true }).click()
    await page.waitForURL(`**/${lang}/academy/${course.key}/2`)
    await page.getByRole('button', { name: tr(lang, 'academy:lesson.markRead') }).click()
    await page.waitForURL(`**/${lang}/academy/${course.key}/3`)

    await page.getByRole('button', { name: tr(lang, 'academy:quiz.start') }).click()
    await page.getByRole('button', { name: tr(lang, 'academy:quiz.submit') }).waitFor()
    await answerRight(page, course)
    await page.getByRole('button', { name: tr(lang, 'academy:quiz.submit') }).click()
    await page.getByText(tr(lang, 'academy:quiz.result.passed')).waitFor()

    await page.getByRole('link', { name: tr(lang, 'academy:quiz.result.certificate') }).click()
    await page.waitForURL((url) => /\/pt\/certificates\/HUB-[0-9A-Z-]+\/print$/.test(url.pathname))
    await page
      .getByRole('article', { name: tr(lang, 'academy:certificate.title') })
      .getByText('João Oliveira', { exact: true })
      .waitFor()
    const code = new URL(page.url()).pathname.split('/')[3]!
    // On paper the certificate stands alone: no navigation, no footer.
    await page.emulateMedia({ media: 'print' })
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
    await verifier.getByRole('main').getByText('João Oliveira', { exact: true }).waitFor()
    await verifier.getByRole('main').getByText(course.titles.pt, { exact: true }).waitFor()
    expect(await verifier.getByRole('main').textContent()).not.toContain(joao)

    const lessons = queryDb<{ n: number }>(
      server.databaseFile,
      'select count(*) as n from lesson_progress p join users u on u.id = p.user_id where u.email = ? and p.lesson_id in (?, ?)',
      joao,
      course.lessons[1]!.id,
      course.lessons[2]!.id,
    )[0]!
    expect(lessons.n).toBe(2)
  })

  it('takes a quiz without JavaScript', async () => {
    const page = await browser.newPage({ locale: browserLocales[lang]!, javaScriptEnabled: false })
    await signIn(page, false)
    await page.goto(`/${lang}/academy/${quizOnly.key}/1`)
    await page.getByRole('button', { name: tr(lang, 'academy:quiz.start') }).click()
    await page.getByRole('button', { name: tr(lang, 'academy:quiz.submit') }).waitFor()
    await answerRight(page, quizOnly)
    await page.getByRole('button', { name: tr(lang, 'academy:quiz.submit') }).click()
    await page.getByText(tr(lang, 'academy:quiz.result.passed')).waitFor()
    expect(new URL(page.url()).searchParams.get('result')).toMatch(/^\d+$/)
    const issued = queryDb<{ n: number }>(
      server.databaseFile,
      'select count(*) as n from certificates c join users u on u.id = c.user_id where u.email = ? and c.course_id = ?',
      joao,
      quizOnly.courseId,
    )[0]!
    expect(issued.n).toBe(1)
  })
})
