import { beforeAll, describe, expect, inject, it } from 'vitest'
import { insertAcademyContent, validCaptions } from '../factories/academy-editor'
import { createUser, signedInClient, unique } from '../factories/people'
import { queryDb } from '../setup/db'
import type { Client } from '../setup/http'
import { asHtml, tr } from '../setup/i18n'

const server = inject('server')
let editor: Client
let agent: Client
let customer: Client

beforeAll(async () => {
  editor = await signedInClient(createUser({ role: 'editor' }))
  agent = await signedInClient(createUser({ role: 'agent' }))
  customer = await signedInClient(createUser())
})

/** A video, a quiz and a course of this test's own (unique keys), in every translation state. */
const content = () => insertAcademyContent(server.databaseFile, unique('editor-test'))
type Content = ReturnType<typeof content>

/** One row of the matrix as `locale → state`; null when not listed. */
async function rowStates(key: string, query = '') {
  const html = await (await editor.get(`/en/staff/academy${query}`)).text()
  const row = new RegExp(`<tr data-key="${key}">([\\s\\S]*?)</tr>`).exec(html)?.[1]
  if (!row) return null
  return Object.fromEntries(
    [...row.matchAll(/data-locale="(\w+)" data-state="(\w+)"/g)].map((m) => [m[1], m[2]]),
  )
}

const videoText = (ids: Content, locale: string) =>
  queryDb<{ title: string; captions: string; status: string; revision: number; source_revision: number }>(
    server.databaseFile,
    'select title, captions, status, revision, source_revision from video_translations where video_id = ? and locale = ?',
    ids.video,
    locale,
  )[0]

const russianText = {
  title: 'Настройка отслеживания событий',
  description: 'Как настроить отслеживание.',
  captions: validCaptions,
}

/**
 * The state after a Russian save (revision 2, from English revision 2) and then an English one
 * (revision 3): the Russian text is outdated.
 */
async function withOutdatedRussian() {
  const ids = content()
  const saved = await editor.post(`/en/staff/academy/videos/${ids.video}/ru`, {
    intent: 'save',
    ...russianText,
    expectedRevision: '1',
    translatedFrom: '2',
  })
  expect(saved.status).toBe(200)
  const source = await editor.post(`/en/staff/academy/videos/${ids.video}/en`, {
    intent: 'save',
    title: 'Set up event tracking',
    description: 'How to set up tracking.',
    captions: '',
    expectedRevision: '2',
    translatedFrom: '2',
  })
  expect(source.status).toBe(200)
  return ids
}

const lessonsOf = (courseId: number) =>
  queryDb<{ id: number; position: number; kind: string }>(
    server.databaseFile,
    'select id, position, kind from course_lessons where course_id = ? order by position, id',
    courseId,
  )

describe('academy translation matrix', () => {
  it('shows each text as missing, draft, published or outdated, and filters by state and language', async () => {
    const { keys } = content()
    expect(await rowStates(keys.video)).toEqual({
      en: 'published',
      ru: 'draft',
      es: 'stale',
      pt: 'missing',
    })
    expect(await rowStates(keys.quiz)).toEqual({
      en: 'draft',
      ru: 'missing',
      es: 'missing',
      pt: 'missing',
    })
    expect(await rowStates(keys.video, '?state=stale&locale=es')).not.toBeNull()
    expect(await rowStates(keys.video, '?state=stale&locale=ru')).toBeNull()
    expect(await rowStates(keys.course, '?kind=video')).toBeNull()
    expect(await rowStates(keys.course, '?kind=course')).not.toBeNull()
  })
})

describe('saving video texts', () => {
  it('a saved translation gets the next revision and records the source revision it was written from; a changed source makes it outdated', async () => {
    const ids = content()
    const saved = await editor.post(`/en/staff/academy/videos/${ids.video}/ru`, {
      intent: 'save',
      ...russianText,
      expectedRevision: '1',
      translatedFrom: '2',
    })
    expect(saved.status).toBe(200)
    expect(await saved.text()).toContain(asHtml(tr('en', 'editor:edit.saved', { revision: 2 })))
    expect(videoText(ids, 'ru')).toMatchObject({
      title: 'Настройка отслеживания событий',
      captions: validCaptions,
      status: 'draft',
      revision: 2,
      source_revision: 2,
    })
    expect((await rowStates(ids.keys.video))!.ru).toBe('draft')

    const source = await editor.post(`/en/staff/academy/videos/${ids.video}/en`, {
      intent: 'save',
      title: 'Set up event tracking',
      description: 'How to set up tracking.',
      captions: '',
      expectedRevision: '2',
      translatedFrom: '2',
    })
    expect(source.status).toBe(200)
    expect(videoText(ids, 'en')).toMatchObject({ revision: 3, source_revision: 3, status: 'published' })
    expect((await rowStates(ids.keys.video))!.ru).toBe('stale')
  })

  it('a form opened at an older revision gets 409, writes nothing and shows the typed text again', async () => {
    const ids = await withOutdatedRussian()
    const before = videoText(ids, 'ru')!
    const response = await editor.post(`/en/staff/academy/videos/${ids.video}/ru`, {
      intent: 'save',
      title: 'Мой набранный заголовок',
      description: '',
      captions: '',
      expectedRevision: '1',
      translatedFrom: '3',
    })
    expect(response.status).toBe(409)
    const html = await response.text()
    expect(html).toContain(asHtml(tr('en', 'editor:edit.conflict', { revision: before.revision })))
    expect(html).toContain('value="Мой набранный заголовок"')
    expect(videoText(ids, 'ru')).toEqual(before)
  })

  it('marking an outdated translation as up to date records the current source revision', async () => {
    const ids = await withOutdatedRussian()
    expect((await rowStates(ids.keys.video))!.ru).toBe('stale')
    const response = await editor.post(`/en/staff/academy/videos/${ids.video}/ru`, {
      intent: 'markUpToDate',
      expectedRevision: '2',
      sourceRevision: '3',
    })
    expect(response.status).toBe(200)
    expect(videoText(ids, 'ru')).toMatchObject({ revision: 2, source_revision: 3 })
    expect((await rowStates(ids.keys.video))!.ru).toBe('draft')
  })

  it('refuses invalid WebVTT captions with the line of the mistake, in the editor’s language', async () => {
    const ids = await withOutdatedRussian()
    const response = await editor.post(`/es/staff/academy/videos/${ids.video}/pt`, {
      intent: 'save',
      title: 'Configurar o rastreamento',
      description: '',
      captions: 'WEBVTT\n\n00:01.000 --> later\nOlá\n',
      expectedRevision: '0',
      translatedFrom: '3',
    })
    expect(response.status).toBe(400)
    const html = await response.text()
    expect(html).toContain(asHtml(tr('es', 'editor:academy.webvtt.timing', { line: 3 })))
    expect(html).toContain('value="Configurar o rastreamento"')
    expect(videoText(ids, 'pt')).toBeUndefined()
  })

  it('publishes and unpublishes a translation', async () => {
    const ids = await withOutdatedRussian()
    const fields = {
      ...russianText,
      expectedRevision: '2',
      translatedFrom: '3',
    }
    expect(
      (await editor.post(`/en/staff/academy/videos/${ids.video}/ru`, { ...fields, intent: 'publish' }))
        .status,
    ).toBe(200)
    expect(videoText(ids, 'ru')).toMatchObject({ status: 'published', revision: 2 })
    const published = videoText(ids, 'ru')!
    // Unpublishing is its own confirmed form: without the tick it is refused in the editor's
    // language, and text typed in the editor's other form is never saved with it.
    const pending = { ...fields, title: 'Половина правки', intent: 'unpublish' }
    const unconfirmed = await editor.post(`/ru/staff/academy/videos/${ids.video}/ru`, pending)
    expect(unconfirmed.status).toBe(400)
    expect(await unconfirmed.text()).toContain(asHtml(tr('ru', 'errors:form.confirmUnpublish')))
    expect(videoText(ids, 'ru')).toMatchObject({ status: 'published', revision: 2 })
    expect(
      (await editor.post(`/en/staff/academy/videos/${ids.video}/ru`, { ...pending, confirm: 'on' })).status,
    ).toBe(200)
    expect(videoText(ids, 'ru')).toMatchObject({ status: 'draft', revision: 2, title: published.title })
  })
})

describe('new videos', () => {
  it('refuses look-alike hosts with a localized error and creates a video from a real YouTube link', async () => {
    const lookalike = unique('lookalike-video')
    const real = unique('real-video')
    const form = {
      intent: 'newVideo',
      key: lookalike,
      title: 'Look-alike',
      sourceLocale: 'en',
      durationSeconds: '60',
    }
    for (const embedInput of [
      'https://www.youtube.com.evil.example/watch?v=dQw4w9WgXcQ',
      'https://evil.example/?https://youtu.be/dQw4w9WgXcQ',
      'https://youtube.com@evil.example/watch?v=dQw4w9WgXcQ',
    ]) {
      const response = await editor.post('/ru/staff/academy', { ...form, embedInput })
      expect(response.status, embedInput).toBe(400)
      expect(await response.text()).toContain(asHtml(tr('ru', 'editor:academy.errors.embed')))
    }
    expect(queryDb(server.databaseFile, 'select id from videos where key = ?', lookalike)).toEqual([])

    const created = await editor.post('/en/staff/academy', {
      ...form,
      key: real,
      embedInput: 'https://youtu.be/dQw4w9WgXcQ',
    })
    expect(created.status).toBe(302)
    const [video] = queryDb<{ id: number; provider: string; provider_id: string; source: string }>(
      server.databaseFile,
      'select id, provider, provider_id, source from videos where key = ?',
      real,
    )
    expect(video).toMatchObject({ provider: 'youtube', provider_id: 'dQw4w9WgXcQ', source: 'embed' })
    expect(created.headers.get('location')).toBe(`/en/staff/academy/videos/${video!.id}/en`)
  })
})

describe('quizzes', () => {
  const quizForm = (intent: string) => ({
    intent,
    title: 'Tracking check',
    'q.q1.prompt': 'Where do postbacks go?',
    'q.q1.o.o1': 'To the ad network',
    'q.q1.o.o2': 'Nowhere',
    expectedRevision: '1',
    translatedFrom: '1',
  })
  const quizStatus = (ids: Content) =>
    queryDb<{ status: string }>(
      server.databaseFile,
      "select status from quiz_translations where quiz_id = ? and locale = 'en'",
      ids.quiz,
    )[0]!.status

  it('refuses to publish a single-choice question with two right answers, and publishes once it has one', async () => {
    const ids = content()
    const refused = await editor.post(`/ru/staff/academy/quizzes/${ids.quiz}/en`, quizForm('publish'))
    expect(refused.status).toBe(400)
    expect(await refused.text()).toContain(
      asHtml(tr('ru', 'editor:academy.quiz.problem.singleNeedsOne', { question: 1 })),
    )
    expect(quizStatus(ids)).toBe('draft')

    const fixed = await editor.post(`/en/staff/academy/quizzes/${ids.quiz}`, {
      intent: 'question',
      questionKey: 'q1',
      kind: 'single',
      correct: ['o1'],
    })
    expect(fixed.status).toBe(200)
    expect(
      queryDb<{ key: string; correct: number }>(
        server.databaseFile,
        'select o.key, o.correct from quiz_options o join quiz_questions q on q.id = o.question_id where q.quiz_id = ? order by o.position',
        ids.quiz,
      ),
    ).toEqual([
      { key: 'o1', correct: 1 },
      { key: 'o2', correct: 0 },
    ])
    expect((await editor.post(`/en/staff/academy/quizzes/${ids.quiz}/en`, quizForm('publish'))).status).toBe(
      200,
    )
    expect(quizStatus(ids)).toBe('published')
  })

  it('checks the rules’ ranges', async () => {
    const ids = content()
    const response = await editor.post(`/en/staff/academy/quizzes/${ids.quiz}`, {
      intent: 'settings',
      passMark: '0',
      maxAttempts: '21',
      cooldownMinutes: '10081',
    })
    expect(response.status).toBe(400)
    expect(
      queryDb(
        server.databaseFile,
        'select pass_mark, max_attempts, cooldown_minutes from quizzes where id = ?',
        ids.quiz,
      ),
    ).toEqual([{ pass_mark: 80, max_attempts: 3, cooldown_minutes: 60 }])
  })
})

describe('course lessons', () => {
  it('move up and down and removal keep positions 1..n', async () => {
    const ids = content()
    const [first, second, third] = lessonsOf(ids.course)
    expect(
      (
        await editor.post(`/en/staff/academy/courses/${ids.course}`, {
          intent: 'moveLesson',
          lessonId: String(third!.id),
          direction: 'up',
        })
      ).status,
    ).toBe(200)
    expect(lessonsOf(ids.course).map((l) => [l.id, l.position])).toEqual([
      [first!.id, 1],
      [third!.id, 2],
      [second!.id, 3],
    ])
    expect(
      (
        await editor.post(`/en/staff/academy/courses/${ids.course}`, {
          intent: 'removeLesson',
          lessonId: String(first!.id),
        })
      ).status,
    ).toBe(200)
    expect(lessonsOf(ids.course).map((l) => [l.id, l.position])).toEqual([
      [third!.id, 1],
      [second!.id, 2],
    ])
    expect(
      (
        await editor.post(`/en/staff/academy/courses/${ids.course}`, {
          intent: 'addLesson',
          kind: 'video',
          refId: String(ids.video),
        })
      ).status,
    ).toBe(200)
    expect(lessonsOf(ids.course).map((l) => [l.kind, l.position])).toEqual([
      ['quiz', 1],
      ['article', 2],
      ['video', 3],
    ])
  })
})

describe('access', () => {
  it('agents may read the editor but not change anything; customers may do neither', async () => {
    const ids = content()
    const agentCourse = unique('agent-course')
    expect((await agent.get('/en/staff/academy')).status).toBe(200)
    expect((await agent.get(`/en/staff/academy/quizzes/${ids.quiz}`)).status).toBe(200)
    const posts: [string, Record<string, string>][] = [
      ['/en/staff/academy', { intent: 'newCourse', key: agentCourse, title: 'x', sourceLocale: 'en' }],
      [
        `/en/staff/academy/videos/${ids.video}/ru`,
        { intent: 'save', title: 'x', expectedRevision: '2', translatedFrom: '3' },
      ],
      [`/en/staff/academy/quizzes/${ids.quiz}`, { intent: 'addQuestion', kind: 'single' }],
      [
        `/en/staff/academy/courses/${ids.course}`,
        { intent: 'removeLesson', lessonId: String(lessonsOf(ids.course)[0]!.id) },
      ],
    ]
    for (const [path, form] of posts) {
      expect((await agent.post(path, form)).status, path).toBe(403)
      expect((await customer.post(path, form)).status, path).toBe(403)
    }
    expect((await customer.get('/en/staff/academy')).status).toBe(403)
    expect(queryDb(server.databaseFile, 'select id from courses where key = ?', agentCourse)).toEqual([])
    expect(lessonsOf(ids.course)).toHaveLength(3)
  })
})
