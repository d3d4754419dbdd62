import Database from 'better-sqlite3'
import { beforeAll, describe, expect, inject, it } from 'vitest'
import { answersFor, factoryLocales, insertCourse, oneWrong, type CourseFixture } from '../factories/academy'
import { createAccount, createUser, signedInClient, unique, type MarketCode } from '../factories/people'
import { queryDb } from '../setup/db'
import { testVendorName } from '../setup/global'
import { createClient, type Client } from '../setup/http'
import { asHtml, tr } from '../setup/i18n'
import { readPdf } from '../setup/pdf'

const server = inject('server')
let editor: Client
let agent: Client
let anonymous: Client
let article: { id: number; title: string; locale: string }
/** Courses of this file (unique keys); tests only add attempts of their own people to them. */
let course: CourseFixture
let limited: CourseFixture

/** A customer of a market, signed in: every test has its own people, attempts and certificates. */
async function customer(market: MarketCode, locale: 'en' | 'ru' | 'es' | 'pt', name?: string) {
  const account = createAccount({ market })
  const user = createUser({ account, locale, name })
  return { user, account, client: await signedInClient(user) }
}

/** The academy factory writes with better-sqlite3 into the server's database. */
function write<T>(run: (db: Database.Database) => T): T {
  const db = new Database(server.databaseFile)
  db.pragma('busy_timeout = 5000')
  try {
    return run(db)
  } finally {
    db.close()
  }
}

const attemptsOf = (userId: number, quizId: number) =>
  queryDb<{ id: number; submitted_at: number | null; passed: number | null; score_percent: number | null }>(
    server.databaseFile,
    'select id, submitted_at, passed, score_percent from quiz_attempts where user_id = ? and quiz_id = ? order by id',
    userId,
    quizId,
  )
const certificatesOf = (userId: number) =>
  queryDb<{ code: string; course_id: number; locale: string }>(
    server.databaseFile,
    'select code, course_id, locale from certificates where user_id = ? order by id',
    userId,
  )
const videoWord = (lang: string) => ({ en: 'Video', ru: 'Видео', es: 'Video', pt: 'Vídeo' })[lang]
const quizPath = (lang: string, fixture: CourseFixture) =>
  `/${lang}/academy/${fixture.key}/${fixture.lessons.length}`

/** Starts (or resumes) an attempt through the form and returns the open attempt's id. */
async function startAttempt(client: Client, lang: string, fixture: CourseFixture, userId: number) {
  const response = await client.post(quizPath(lang, fixture), { intent: 'start' })
  expect(response.status, await response.clone().text()).toBe(302)
  const open = attemptsOf(userId, fixture.quizId).filter((a) => a.submitted_at === null)
  expect(open).toHaveLength(1)
  return open[0]!.id
}

function submit(
  client: Client,
  lang: string,
  fixture: CourseFixture,
  attemptId: number,
  answers: Record<string, string[]>,
) {
  return client.post(quizPath(lang, fixture), { intent: 'submit', attempt: String(attemptId), ...answers })
}

/** Watches the course's video to the end on its page, as the player reports it. */
async function watchVideo(client: Client, lang: string, fixture: CourseFixture) {
  const response = await client.post(`/${lang}/videos/${fixture.key}-video`, {
    intent: 'progress',
    videoId: String(fixture.videoId),
    position: '180',
    watchedShare: '1',
  })
  expect(response.status).toBe(200)
}

/** Presses "Mark as read" on the course's article lesson (the second). */
async function readArticle(client: Client, lang: string, fixture: CourseFixture) {
  const response = await client.post(`/${lang}/academy/${fixture.key}/2`, { intent: 'read' })
  expect(response.status).toBe(302)
}

/** Passes the course's final quiz through its form; returns the attempt. */
async function passQuiz(client: Client, lang: string, fixture: CourseFixture, userId: number) {
  const attemptId = await startAttempt(client, lang, fixture, userId)
  const response = await submit(
    client,
    lang,
    fixture,
    attemptId,
    write((db) => answersFor(db, attemptId)),
  )
  expect(response.status).toBe(302)
  return attemptId
}

/** João from Brazil, who did every lesson and passed the course's final quiz in Portuguese: his certificate. */
async function certifiedJoao() {
  return certifiedCustomer('BR', 'pt')
}

/** A customer who did every lesson and passed the final quiz in `lang`: their certificate. */
async function certifiedCustomer(market: MarketCode, lang: 'en' | 'ru' | 'es' | 'pt', name?: string) {
  const learner = await customer(market, lang, name)
  await watchVideo(learner.client, lang, course)
  await readArticle(learner.client, lang, course)
  const attemptId = await passQuiz(learner.client, lang, course, learner.user.id)
  const [certificate] = certificatesOf(learner.user.id)
  expect(certificate).toBeDefined()
  return { ...learner, attemptId, certificate: certificate! }
}

beforeAll(async () => {
  article = queryDb<{ id: number; title: string; locale: string }>(
    server.databaseFile,
    `select a.id, t.title, t.locale from articles a join article_translations t on t.article_id = a.id and t.locale = 'pt'
     where a.visibility = 'public' and t.status = 'published'
       and (select count(*) from article_translations o where o.article_id = a.id and o.status = 'published') = 4
     order by a.id limit 1`,
  )[0]!
  course = write((db) =>
    insertCourse(db, {
      key: unique('analytics-basics'),
      articleId: article.id,
      certificateValidityMonths: 12,
      passMark: 100,
    }),
  )
  limited = write((db) =>
    insertCourse(db, {
      key: unique('limited-quiz'),
      withVideo: false,
      maxAttempts: 1,
      cooldownMinutes: 90,
      passMark: 100,
    }),
  )
  editor = await signedInClient(createUser({ role: 'editor' }))
  agent = await signedInClient(createUser({ role: 'agent' }))
  anonymous = createClient(server.url)
})

describe('catalog, course and lessons', () => {
  for (const lang of factoryLocales) {
    it(`reads the catalog, the course and each lesson in ${lang} without signing in`, async () => {
      const catalog = await anonymous.get(`/${lang}/academy`)
      expect(catalog.status).toBe(200)
      const catalogHtml = await catalog.text()
      expect(catalogHtml).toContain(asHtml(tr(lang, 'academy:catalog.title')))
      expect(catalogHtml).toContain(course.titles[lang])
      expect(catalogHtml).toContain(`href="/${lang}/academy/${course.key}"`)

      const page = await (await anonymous.get(`/${lang}/academy/${course.key}`)).text()
      expect(page).toContain(course.titles[lang])
      for (const kind of ['video', 'article', 'quiz'])
        expect(page).toContain(asHtml(tr(lang, `academy:kind.${kind}`)))
      expect(page).toContain(`href="/${lang}/academy/${course.key}/3"`)

      const video = await (await anonymous.get(`/${lang}/academy/${course.key}/1`)).text()
      expect(video).toContain(`data-video-key="${course.key}-video"`)
      expect(video).toContain(`${videoWord(lang)} ${course.key}`)
      const articleLesson = await (await anonymous.get(`/${lang}/academy/${course.key}/2`)).text()
      expect(articleLesson).toContain('class="prose"')
      expect(articleLesson).toContain(`redirectTo=%2F${lang}%2Facademy%2F${course.key}%2F2`)
      const quiz = await (await anonymous.get(`/${lang}/academy/${course.key}/3`)).text()
      expect(quiz).toContain(asHtml(tr(lang, 'academy:quiz.signIn')))
      expect(quiz).not.toContain(course.questions[0]!.prompts[lang])
    })
  }

  it('answers an unknown course or lesson with a localized 404', async () => {
    for (const path of [
      '/es/academy/no-such-course',
      '/es/academy/No_Such',
      `/es/academy/${course.key}/9`,
      `/es/academy/${course.key}/0`,
      `/es/academy/${course.key}/abc`,
    ]) {
      const response = await anonymous.get(path)
      expect(response.status, path).toBe(404)
      expect(await response.text()).toContain(asHtml(tr('es', 'errors:status.404.title')))
    }
  })

  it('asks anonymous people to sign in before recording progress', async () => {
    const response = await anonymous.post(`/pt/academy/${course.key}/2`, { intent: 'read' })
    expect(response.status).toBe(302)
    expect(response.headers.get('Location')).toMatch(/^\/pt\/login\?redirectTo=/)
  })

  it('marks an article lesson read, goes on to the next lesson and records a lesson event', async () => {
    const { user: joaoUser, client: joao } = await customer('BR', 'pt')
    const response = await joao.post(`/pt/academy/${course.key}/2`, { intent: 'read' })
    expect(response.status).toBe(302)
    expect(response.headers.get('Location')).toBe(`/pt/academy/${course.key}/3`)
    const lessonId = course.lessons[1]!.id
    expect(
      queryDb(
        server.databaseFile,
        'select lesson_id from lesson_progress where user_id = ? and lesson_id in (?, ?, ?)',
        joaoUser.id,
        ...course.lessons.map((l) => l.id),
      ),
    ).toEqual([{ lesson_id: lessonId }])
    expect(
      queryDb(
        server.databaseFile,
        "select count(*) as n from events where type = 'lesson' and user_id = ? and ref = ?",
        joaoUser.id,
        String(lessonId),
      ),
    ).toEqual([{ n: 1 }])
    const page = await (await joao.get(`/pt/academy/${course.key}`)).text()
    expect(page).toContain(asHtml(tr('pt', 'academy:catalog.progress', { done: 1, total: 3 })))
    expect(page).toContain(asHtml(tr('pt', 'academy:course.resume', { position: 1 })))
  })
})

describe('the sitemap', () => {
  it('lists the catalog in every language and each course where it is published, with its alternates', async () => {
    const xml = await (await createClient(server.url).get('/sitemap.xml')).text()
    for (const lang of factoryLocales) {
      expect(xml).toContain(`/${lang}/academy</loc>`)
      expect(xml).toContain(`/${lang}/academy/${course.key}</loc>`)
    }
    expect(xml).toContain(`hreflang="ru" href="http://`)
  })
})

describe('video lessons', () => {
  it('watching the video to 90% on its page completes its lesson, recorded once as a lesson event', async () => {
    const { user: mariaUser, client: maria } = await customer('LATAM', 'es')
    const lessonId = course.lessons[0]!.id
    const watch = (watchedShare: string) =>
      maria.post(`/es/videos/${course.key}-video`, {
        intent: 'progress',
        videoId: String(course.videoId),
        position: '170',
        watchedShare,
      })
    expect((await watch('0.5')).status).toBe(200)
    expect(
      queryDb(
        server.databaseFile,
        'select count(*) as n from lesson_progress where user_id = ? and lesson_id = ?',
        mariaUser.id,
        lessonId,
      ),
    ).toEqual([{ n: 0 }])
    for (const share of ['0.95', '1']) expect((await watch(share)).status).toBe(200)
    const page = await (await maria.get(`/es/academy/${course.key}`)).text()
    expect(page).toContain(asHtml(tr('es', 'academy:catalog.progress', { done: 1, total: 3 })))
    expect(page).toContain(asHtml(tr('es', 'academy:course.resume', { position: 2 })))
    expect(
      queryDb(
        server.databaseFile,
        "select count(*) as n from events where type = 'lesson' and user_id = ? and ref = ?",
        mariaUser.id,
        String(lessonId),
      ),
    ).toEqual([{ n: 1 }])
    expect(
      queryDb(
        server.databaseFile,
        'select count(*) as n from lesson_progress where user_id = ? and lesson_id = ?',
        mariaUser.id,
        lessonId,
      ),
    ).toEqual([{ n: 1 }])
  })
})

describe('a quiz attempt before submission', () => {
  it('gives the options in the attempt’s shuffled order by place only, in the HTML and in .data, with nothing that tells the right one', async () => {
    const { user: joaoUser, client: joao } = await customer('BR', 'pt')
    const attemptId = await startAttempt(joao, 'pt', course, joaoUser.id)
    const [row] = queryDb<{ layout: string }>(
      server.databaseFile,
      'select layout from quiz_attempts where id = ?',
      attemptId,
    )
    const layout = JSON.parse(row!.layout) as { questionId: number; optionIds: number[] }[]
    const allOptions = course.questions.flatMap((q) => q.options)

    const html = await (await joao.get(quizPath('pt', course))).text()
    const data = await (await joao.get(`${quizPath('pt', course)}.data`)).text()
    for (const body of [html, data]) {
      expect(body).not.toMatch(/"?correct"?\s*:/i)
      expect(body).not.toMatch(/correct/i)
      layout.forEach((entry, index) => {
        const question = course.questions.find((q) => q.id === entry.questionId)!
        const texts = entry.optionIds.map((id) => allOptions.find((o) => o.id === id)!.texts.pt)
        // The options appear in the attempt's order.
        const positions = texts.map((text) => body.indexOf(text))
        expect(positions.every((p) => p >= 0)).toBe(true)
        expect([...positions].sort((a, b) => a - b)).toEqual(positions)
        expect(body).toContain(question.prompts.pt)
        void index
      })
    }
    // In the form, the inputs of one question differ only by their place: nothing marks the right one.
    layout.forEach((entry, index) => {
      const inputs = [...html.matchAll(new RegExp(`<input[^>]*name="q${index + 1}"[^>]*>`, 'g'))].map(
        (m) => m[0],
      )
      expect(inputs).toHaveLength(entry.optionIds.length)
      expect(inputs.map((input) => /value="(\d+)"/.exec(input)![1])).toEqual(
        entry.optionIds.map((_id, i) => String(i)),
      )
      const stripped = new Set(
        inputs.map((input) => input.replace(/value="\d+"/, '').replace(/id="[^"]*"/, '')),
      )
      expect(stripped.size).toBe(1)
    })
  })
})

describe('bad submissions', () => {
  it('unknown attempts, another person’s attempt, wrong types and unknown fields are refused and write nothing', async () => {
    const { user: joaoUser, client: joao } = await customer('BR', 'pt')
    const { user: emmaUser, client: emma } = await customer('US', 'en')
    const joaoAttempt = await startAttempt(joao, 'pt', course, joaoUser.id)
    const emmaAttempt = await startAttempt(emma, 'en', course, emmaUser.id)
    const right = write((db) => answersFor(db, joaoAttempt))

    const unknown = await submit(joao, 'pt', course, 99_999_999, right)
    expect(unknown.status).toBe(404)
    expect(await unknown.text()).toContain(asHtml(tr('pt', 'errors:status.404.title')))
    expect(
      (
        await submit(
          joao,
          'pt',
          course,
          emmaAttempt,
          write((db) => answersFor(db, emmaAttempt)),
        )
      ).status,
    ).toBe(404)
    const wrongType = await joao.post(quizPath('pt', course), { intent: 'submit', attempt: 'abc', ...right })
    expect(wrongType.status).toBe(400)
    expect(await wrongType.text()).toContain(asHtml(tr('pt', 'errors:status.400.title')))
    expect((await submit(joao, 'pt', course, joaoAttempt, { ...right, q1: ['x'] })).status).toBe(400)
    expect((await submit(joao, 'pt', course, joaoAttempt, { ...right, q1: ['99'] })).status).toBe(400)
    expect((await submit(joao, 'pt', course, joaoAttempt, { ...right, q42: ['0'] })).status).toBe(400)
    expect((await joao.post(quizPath('pt', course), { intent: 'hack' })).status).toBe(400)
    // Field names that are also names of Object.prototype are unknown fields like any other.
    for (const name of ['__proto__', 'constructor', 'toString'])
      expect((await submit(joao, 'pt', course, joaoAttempt, { ...right, [name]: ['0'] })).status).toBe(400)
    const huge = await submit(joao, 'pt', course, joaoAttempt, {
      ...right,
      padding: ['x'.repeat(2 * 1024 * 1024)],
    })
    expect(huge.status).toBe(413)
    expect(await huge.text()).toContain(tr('pt', 'errors:status.413.title').replace(/'/g, '&#39;'))

    expect(attemptsOf(joaoUser.id, course.quizId).find((a) => a.id === joaoAttempt)!.submitted_at).toBeNull()
    expect(attemptsOf(emmaUser.id, course.quizId).find((a) => a.id === emmaAttempt)!.submitted_at).toBeNull()
    expect(certificatesOf(joaoUser.id)).toEqual([])
  })

  it('an unanswered question is a localized 400 that keeps the chosen answers', async () => {
    const { user: joaoUser, client: joao } = await customer('BR', 'pt')
    const attemptId = await startAttempt(joao, 'pt', course, joaoUser.id)
    const answers = write((db) => answersFor(db, attemptId))
    const response = await submit(joao, 'pt', course, attemptId, { ...answers, q2: [] })
    expect(response.status).toBe(400)
    const html = await response.text()
    expect(html).toContain(asHtml(tr('pt', 'academy:quiz.errors.summary')))
    expect(html).toContain(asHtml(tr('pt', 'academy:quiz.errors.unanswered')))
    const checked = [...html.matchAll(/<input[^>]*name="q1"[^>]*>/g)]
      .filter((m) => /\bchecked\b/.test(m[0]))
      .map((m) => /value="(\d+)"/.exec(m[0])![1])
    expect(checked, [...html.matchAll(/<input[^>]*name="q1"[^>]*>/g)].map((m) => m[0]).join('\n')).toEqual(
      answers.q1,
    )
    expect(attemptsOf(joaoUser.id, course.quizId).find((a) => a.id === attemptId)!.submitted_at).toBeNull()
  })
})

describe('a quiz editors change', () => {
  it('an attempt under way goes on when a question is removed, and its result page opens', async () => {
    const changing = write((db) =>
      insertCourse(db, { key: unique('changing-quiz'), withVideo: false, passMark: 50 }),
    )
    const { user: olgaUser, client: olga } = await customer('EMEA', 'ru')
    const attemptId = await startAttempt(olga, 'ru', changing, olgaUser.id)
    // An editor removes the second question in the quiz editor.
    const removed = await editor.post(`/en/staff/academy/quizzes/${changing.quizId}`, {
      intent: 'removeQuestion',
      questionKey: changing.questions[1]!.key,
    })
    expect(removed.status).toBe(200)
    expect(
      queryDb(server.databaseFile, 'select id from quiz_questions where id = ?', changing.questions[1]!.id),
    ).toEqual([])
    const page = await olga.get(quizPath('ru', changing))
    expect(page.status).toBe(200)
    const html = await page.text()
    expect(html).toContain(asHtml(changing.questions[0]!.prompts.ru))
    expect(html).not.toContain(asHtml(changing.questions[1]!.prompts.ru))
    const submitted = await submit(olga, 'ru', changing, attemptId, { q1: ['0'], q2: ['0'] })
    expect(submitted.status).toBe(302)
    expect(attemptsOf(olgaUser.id, changing.quizId)[0]!.submitted_at).not.toBeNull()
    expect((await olga.get(submitted.headers.get('location')!)).status).toBe(200)
  })

  it('a quiz with no published language is not live: its lesson is a 404 and no attempt starts', async () => {
    const draft = write((db) => insertCourse(db, { key: unique('draft-quiz'), withVideo: false }))
    // An editor unpublishes every language of the quiz in the editor.
    for (const locale of factoryLocales) {
      const unpublished = await editor.post(`/en/staff/academy/quizzes/${draft.quizId}/${locale}`, {
        intent: 'unpublish',
        confirm: 'on',
      })
      expect(unpublished.status, locale).toBe(200)
    }
    expect(
      queryDb(
        server.databaseFile,
        'select distinct status from quiz_translations where quiz_id = ?',
        draft.quizId,
      ),
    ).toEqual([{ status: 'draft' }])
    const { user: joaoUser, client: joao } = await customer('BR', 'pt')
    expect((await joao.get(quizPath('pt', draft))).status).toBe(404)
    expect((await joao.post(quizPath('pt', draft), { intent: 'start' })).status).toBe(404)
    expect(attemptsOf(joaoUser.id, draft.quizId)).toEqual([])
  })
})

describe('results and certificates', () => {
  it('failing shows the score and which questions were wrong, and issues no certificate', async () => {
    const { user: mariaUser, client: maria } = await customer('LATAM', 'es')
    const attemptId = await startAttempt(maria, 'es', course, mariaUser.id)
    const response = await submit(
      maria,
      'es',
      course,
      attemptId,
      write((db) => answersFor(db, attemptId, oneWrong)),
    )
    expect(response.status).toBe(302)
    expect(response.headers.get('Location')).toBe(`${quizPath('es', course)}?result=${attemptId}`)
    const result = await (await maria.get(response.headers.get('Location')!)).text()
    expect(result).toContain(asHtml(tr('es', 'academy:quiz.result.failed').split('{{percent}}')[0]!))
    expect(result).toContain(asHtml(tr('es', 'academy:quiz.result.score').split('{{percent}}')[0]!))
    expect(result).toContain(asHtml(tr('es', 'academy:quiz.result.wrong')))
    expect(result).not.toMatch(/\bcorrect\b/i)
    expect(certificatesOf(mariaUser.id)).toEqual([])
  })

  it('passing the final quiz issues exactly one certificate, linked from the result', async () => {
    const { user: joaoUser, client: joao } = await customer('BR', 'pt')
    await watchVideo(joao, 'pt', course)
    await readArticle(joao, 'pt', course)
    const emma = await signedInClient(createUser({ locale: 'en' }))
    const attemptId = await startAttempt(joao, 'pt', course, joaoUser.id)
    const answers = write((db) => answersFor(db, attemptId))
    const response = await submit(joao, 'pt', course, attemptId, answers)
    expect(response.status).toBe(302)
    // Sending the same form again (a double click, a reload) changes nothing.
    expect((await submit(joao, 'pt', course, attemptId, answers)).status).toBe(302)
    const issued = certificatesOf(joaoUser.id)
    expect(issued).toHaveLength(1)
    expect(issued[0]).toMatchObject({ course_id: course.courseId, locale: 'pt' })
    const result = await (await joao.get(`${quizPath('pt', course)}?result=${attemptId}`)).text()
    expect(result).toContain(asHtml(tr('pt', 'academy:quiz.result.passed')))
    expect(result).toContain(`href="/pt/certificates/${issued[0]!.code}/print"`)
    // Another person cannot read this result.
    expect((await emma.get(`${quizPath('en', course)}?result=${attemptId}`)).status).toBe(404)
  })

  it('verifies a certificate publicly: name, course and dates, never the email; noindex', async () => {
    const { user: joaoUser, certificate } = await certifiedJoao()
    const response = await anonymous.get(`/en/certificates/${certificate!.code}`)
    expect(response.status).toBe(200)
    expect(response.headers.get('X-Robots-Tag')).toContain('noindex')
    const html = await response.text()
    expect(html).toContain(asHtml(joaoUser.name))
    expect(html).toContain(course.titles.en)
    expect(html).toContain(tr('en', 'academy:certificate.valid'))
    expect(html).toMatch(/<meta name="robots" content="noindex/)
    expect(html).not.toContain(joaoUser.email)
    const data = await (await anonymous.get(`/en/certificates/${certificate!.code}.data`)).text()
    expect(data).not.toContain(joaoUser.email)
    expect(data).not.toMatch(/score|accountId|userId/)
  })

  it('answers malformed and unknown codes with a 404', async () => {
    const { certificate } = await certifiedJoao()
    const paths = [
      '/en/certificates/%3Cscript%3Ealert(1)%3C%2Fscript%3E',
      `/en/certificates/HUB-${'A'.repeat(300)}`,
      `/en/certificates/${certificate!.code.toLowerCase()}`,
      '/en/certificates/HUB-0000-0000-0000-0000-0000-0000-0000',
      `/en/certificates/${certificate!.code}X`,
      '/en/certificates/%3Cscript%3E/print',
    ]
    for (const path of paths) {
      const response = await anonymous.get(path)
      expect(response.status, path).toBe(404)
      expect(await response.text()).toContain(asHtml(tr('en', 'errors:status.404.title')))
    }
  })

  it('shows the printable certificate to its holder in the language it was earned in, to staff, and to nobody else', async () => {
    const { client: joao, certificate } = await certifiedJoao()
    const emma = await signedInClient(createUser({ locale: 'en' }))
    const own = await joao.get(`/pt/certificates/${certificate!.code}/print`)
    expect(own.status).toBe(200)
    const html = await own.text()
    expect(html).toContain(asHtml(tr('pt', 'academy:certificate.title')))
    expect(html).toContain(course.titles.pt)
    expect(html).toMatch(/<link rel="stylesheet" href="[^"]+" media="print"/)
    const otherLanguage = await joao.get(`/en/certificates/${certificate!.code}/print`)
    expect(otherLanguage.status).toBe(302)
    expect(otherLanguage.headers.get('Location')).toBe(`/pt/certificates/${certificate!.code}/print`)
    expect((await agent.get(`/pt/certificates/${certificate!.code}/print`)).status).toBe(200)
    expect((await emma.get(`/pt/certificates/${certificate!.code}/print`)).status).toBe(404)
    expect((await emma.get(`/pt/certificates/${certificate!.code}/print.data`)).status).toBe(404)
    expect((await emma.get('/pt/certificates/HUB-0000-0000-0000-0000-0000-0000-0000/print')).status).toBe(404)
  })

  it('lists the person’s certificates on their account page and the certified people on the staff account page', async () => {
    const { user: joaoUser, client: joao, certificate } = await certifiedJoao()
    const emma = await signedInClient(createUser({ locale: 'en' }))
    const account = await (await joao.get('/pt/account')).text()
    expect(account).toContain(asHtml(tr('pt', 'academy:account.title')))
    expect(account).toContain(course.titles.pt)
    expect(account).toContain(`href="/pt/certificates/${certificate!.code}"`)
    const emmaAccount = await (await emma.get('/en/account')).text()
    expect(emmaAccount).toContain(asHtml(tr('en', 'academy:account.empty')))

    const staffPage = await (await agent.get(`/es/staff/accounts/${joaoUser.accountId}`)).text()
    expect(staffPage).toContain(asHtml(tr('es', 'academy:staff.title')))
    expect(staffPage).toContain(asHtml(joaoUser.name))
    expect(staffPage).toContain(course.titles.es)
    expect([403, 404]).toContain((await joao.get(`/pt/staff/accounts/${joaoUser.accountId}`)).status)
    expect([403, 404]).toContain((await joao.get(`/pt/staff/accounts/${joaoUser.accountId}.data`)).status)
  })

  it('shows the course as certified in the catalog', async () => {
    const { client: joao } = await certifiedJoao()
    const catalog = await (await joao.get('/pt/academy')).text()
    expect(catalog).toContain(asHtml(tr('pt', 'academy:catalog.certified')))
    // Someone without the certificate does not see it so.
    const { client: maria } = await customer('LATAM', 'es')
    expect(await (await maria.get('/es/academy')).text()).not.toContain(
      asHtml(tr('es', 'academy:catalog.certified')),
    )
  })
})

describe('the certificate as a PDF, on LinkedIn and from its issuer', () => {
  const pdfOf = async (response: Response) => new Uint8Array(await response.arrayBuffer())

  it('gives the holder a PDF in the language it was earned in, with name, course, dates, code, address and issuer', async () => {
    const { user: joaoUser, client: joao, certificate } = await certifiedJoao()
    const response = await joao.get(`/pt/certificates/${certificate.code}.pdf`)
    expect(response.status).toBe(200)
    expect(response.headers.get('Content-Type')).toBe('application/pdf')
    expect(response.headers.get('Cache-Control')).toBe('private, no-store')
    const fileName = `${course.titles.pt} - ${joaoUser.name}.pdf`
    expect(response.headers.get('Content-Disposition')).toBe(
      `attachment; filename="${fileName}"; filename*=UTF-8''${encodeURIComponent(fileName)}`,
    )
    const bytes = await pdfOf(response)
    expect(Buffer.from(bytes.subarray(0, 5)).toString('latin1')).toBe('%PDF-')
    expect(Number(response.headers.get('Content-Length'))).toBe(bytes.byteLength)
    const { text } = await readPdf(bytes)
    const flat = text.replace(/\s+/g, ' ')
    const [row] = queryDb<{ issued_at: number; expires_at: number }>(
      server.databaseFile,
      'select issued_at, expires_at from certificates where code = ?',
      certificate.code,
    )
    const day = (ms: number) =>
      new Intl.DateTimeFormat('pt-BR', { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(ms))
    for (const expected of [
      tr('pt', 'academy:certificate.title'),
      joaoUser.name,
      tr('pt', 'academy:certificate.completed'),
      course.titles.pt,
      tr('pt', 'academy:certificate.issued', { date: day(row!.issued_at) }),
      tr('pt', 'academy:certificate.expires', { date: day(row!.expires_at) }),
      certificate.code,
      `${server.url}/pt/certificates/${certificate.code}`,
      tr('pt', 'academy:certificate.issuedBy', { issuer: testVendorName }),
    ])
      expect(flat).toContain(expected)

    // Asked in another language, it sends the holder to the language it was earned in.
    const english = await joao.get(`/en/certificates/${certificate.code}.pdf`)
    expect(english.status).toBe(302)
    expect(english.headers.get('Location')).toBe(`/pt/certificates/${certificate.code}.pdf`)
  })

  it('writes a Russian name and course in an embedded font, with a file name safe for old clients', async () => {
    const name = 'Ольга Щербакова-Ёлкина'
    const { client: olga, certificate } = await certifiedCustomer('EMEA', 'ru', name)
    const response = await olga.get(`/ru/certificates/${certificate.code}.pdf`)
    expect(response.status).toBe(200)
    const disposition = response.headers.get('Content-Disposition')!
    expect(disposition).toMatch(
      new RegExp(`^attachment; filename="${certificate.code}\\.pdf"; filename\\*=UTF-8''`),
    )
    expect(decodeURIComponent(disposition.split("UTF-8''")[1]!)).toBe(`${course.titles.ru} - ${name}.pdf`)
    const { text, embeddedFonts } = await readPdf(await pdfOf(response))
    expect(text).toContain(name)
    expect(text).toContain(course.titles.ru)
    expect(text).toContain(tr('ru', 'academy:certificate.completed'))
    expect(embeddedFonts).toEqual(expect.arrayContaining([expect.stringMatching(/\+NotoSans-Bold$/)]))
  })

  it('is a 404 for another person, of the same account or another, and for an unknown code; staff may download it', async () => {
    const { account, certificate } = await certifiedJoao()
    const colleague = await signedInClient(createUser({ account, locale: 'pt', isAccountAdmin: true }))
    const stranger = await signedInClient(createUser({ locale: 'pt' }))
    for (const client of [colleague, stranger]) {
      const response = await client.get(`/pt/certificates/${certificate.code}.pdf`)
      expect(response.status).toBe(404)
      expect(response.headers.get('Content-Type')).not.toBe('application/pdf')
    }
    expect((await stranger.get('/pt/certificates/HUB-0000-0000-0000-0000-0000-0000-0000.pdf')).status).toBe(
      404,
    )
    expect((await stranger.get('/pt/certificates/not-a-code.pdf')).status).toBe(404)
    const visitor = await anonymous.get(`/pt/certificates/${certificate.code}.pdf`)
    expect(visitor.status).toBe(302)
    expect(visitor.headers.get('Location')).toMatch(/^\/pt\/login\?redirectTo=/)
    const staff = await agent.get(`/pt/certificates/${certificate.code}.pdf`)
    expect(staff.status).toBe(200)
    expect(staff.headers.get('Content-Type')).toBe('application/pdf')
  })

  it('offers the PDF and, to the holder only, LinkedIn in a new tab; pages name the configured issuer', async () => {
    const { client: joao, certificate } = await certifiedJoao()
    const page = await (await joao.get(`/pt/certificates/${certificate.code}/print`)).text()
    expect(page).toContain(`href="/pt/certificates/${certificate.code}.pdf"`)
    expect(page).toContain(asHtml(tr('pt', 'academy:certificate.downloadPdf')))
    expect(page).toContain(asHtml(tr('pt', 'academy:certificate.issuedBy', { issuer: testVendorName })))
    const link = /<a href="(https:\/\/www\.linkedin\.com\/profile\/add\?[^"]+)"([^>]*)>(.*?)<\/a>/s.exec(page)
    expect(link).not.toBeNull()
    const url = new URL(link![1]!.replaceAll('&amp;', '&'))
    expect(url.searchParams.get('startTask')).toBe('CERTIFICATION_NAME')
    expect(url.searchParams.get('name')).toBe(course.titles.pt)
    expect(url.searchParams.get('organizationName')).toBe(testVendorName)
    expect(url.searchParams.get('certUrl')).toBe(`${server.url}/pt/certificates/${certificate.code}`)
    expect(url.searchParams.get('certId')).toBe(certificate.code)
    expect(link![2]).toContain('target="_blank"')
    expect(link![2]).toContain('rel="noopener noreferrer"')
    expect(link![3]).toContain(asHtml(tr('pt', 'academy:certificate.addToLinkedIn')))
    expect(link![3]).toContain(asHtml(tr('pt', 'academy:certificate.opensInNewTab')))

    const staffView = await (await agent.get(`/pt/certificates/${certificate.code}/print`)).text()
    expect(staffView).not.toContain('linkedin.com')
    const account = await (await joao.get('/pt/account')).text()
    expect(account).toContain(`href="/pt/certificates/${certificate.code}.pdf"`)

    const verification = await (await anonymous.get(`/es/certificates/${certificate.code}`)).text()
    expect(verification).toContain(
      asHtml(tr('es', 'academy:certificate.verifyIntro', { issuer: testVendorName })),
    )
    expect(verification).not.toContain('Customer Hub.')
  })
})

describe('a certificate needs every lesson, not only the final quiz', () => {
  const needs = (lang: string, key: string, count: number) =>
    asHtml(tr(lang, `academy:course.certificateNeeds.${key}`, { count }))

  it('passing the quiz with lessons missing issues none and says what is missing; the last lesson read issues it', async () => {
    const { user: joaoUser, client: joao } = await customer('BR', 'pt')
    const before = await (await joao.get(`/pt/academy/${course.key}`)).text()
    expect(before).toContain(needs('pt', 'quizAndLessons_other', 2))

    const attemptId = await passQuiz(joao, 'pt', course, joaoUser.id)
    expect(certificatesOf(joaoUser.id)).toEqual([])
    const result = await (await joao.get(`${quizPath('pt', course)}?result=${attemptId}`)).text()
    expect(result).toContain(asHtml(tr('pt', 'academy:quiz.result.passed')))
    expect(result).toContain(needs('pt', 'remaining_other', 2))
    expect(result).not.toContain('/certificates/')
    expect(await (await joao.get(`/pt/academy/${course.key}`)).text()).toContain(
      needs('pt', 'lessons_other', 2),
    )

    await watchVideo(joao, 'pt', course)
    expect(certificatesOf(joaoUser.id)).toEqual([])
    const oneLeft = await (await joao.get(`/pt/academy/${course.key}`)).text()
    expect(oneLeft).toContain(needs('pt', 'lessons_one', 1))
    expect(oneLeft).not.toContain(asHtml(tr('pt', 'academy:course.certificateEarned')))

    await readArticle(joao, 'pt', course)
    const issued = queryDb<{ code: string; locale: string; attempt_id: number }>(
      server.databaseFile,
      'select code, locale, attempt_id from certificates where user_id = ?',
      joaoUser.id,
    )
    expect(issued).toEqual([{ code: expect.stringMatching(/^HUB-/), locale: 'pt', attempt_id: attemptId }])
    const after = await (await joao.get(`/pt/academy/${course.key}`)).text()
    expect(after).toContain(asHtml(tr('pt', 'academy:course.certificateEarned')))
    expect(after).toContain(`href="/pt/certificates/${issued[0]!.code}/print"`)
    expect(after).not.toContain(needs('pt', 'lessons_one', 1))
    // Reading it again changes nothing.
    await readArticle(joao, 'pt', course)
    expect(certificatesOf(joaoUser.id)).toHaveLength(1)
  })

  it('a video watched to the end after the quiz, the last lesson missing, issues it in the language of that page', async () => {
    const { user: olgaUser, client: olga } = await customer('EMEA', 'ru')
    await readArticle(olga, 'ru', course)
    const attemptId = await passQuiz(olga, 'ru', course, olgaUser.id)
    expect(certificatesOf(olgaUser.id)).toEqual([])
    expect(await (await olga.get(`/ru/academy/${course.key}`)).text()).toContain(
      needs('ru', 'lessons_one', 1),
    )

    await watchVideo(olga, 'es', course)
    expect(certificatesOf(olgaUser.id)).toEqual([
      { code: expect.any(String), course_id: course.courseId, locale: 'es' },
    ])
    expect(
      queryDb(server.databaseFile, 'select attempt_id from certificates where user_id = ?', olgaUser.id),
    ).toEqual([{ attempt_id: attemptId }])
  })

  it('the lessons done, the quiz is the last thing missing, and a failed attempt still earns nothing', async () => {
    const { user: mariaUser, client: maria } = await customer('LATAM', 'es')
    await watchVideo(maria, 'es', course)
    await readArticle(maria, 'es', course)
    expect(await (await maria.get(`/es/academy/${course.key}`)).text()).toContain(
      asHtml(tr('es', 'academy:course.certificateNeeds.quiz')),
    )
    const attemptId = await startAttempt(maria, 'es', course, mariaUser.id)
    await submit(
      maria,
      'es',
      course,
      attemptId,
      write((db) => answersFor(db, attemptId, oneWrong)),
    )
    expect(certificatesOf(mariaUser.id)).toEqual([])
    await passQuiz(maria, 'es', course, mariaUser.id)
    expect(certificatesOf(mariaUser.id)).toHaveLength(1)
  })
})

describe('attempt limits', () => {
  it('refuses another attempt during the cool-down, saying how long to wait, and starts none', async () => {
    const { user: olgaUser, client: olga } = await customer('EMEA', 'ru')
    const attemptId = await startAttempt(olga, 'ru', limited, olgaUser.id)
    expect(
      (
        await submit(
          olga,
          'ru',
          limited,
          attemptId,
          write((db) => answersFor(db, attemptId, oneWrong)),
        )
      ).status,
    ).toBe(302)

    const refused = await olga.post(quizPath('ru', limited), { intent: 'start' })
    expect(refused.status).toBe(429)
    const html = await refused.text()
    const [before] = tr('ru', 'academy:quiz.locked').split('{{relative}}')
    expect(html).toContain(asHtml(before!))
    expect(html).toMatch(/через (1 час|2 часа|90 минут|89 минут)/)
    expect(attemptsOf(olgaUser.id, limited.quizId)).toHaveLength(1)
    const page = await (await olga.get(quizPath('ru', limited))).text()
    expect(page).toContain(asHtml(before!))
    expect(page).not.toContain(asHtml(tr('ru', 'academy:quiz.start')))
  })
})
