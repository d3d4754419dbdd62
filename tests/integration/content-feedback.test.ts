import { describe, expect, inject, it } from 'vitest'
import { createEmbedVideo } from '../factories/academy'
import { createCourse } from '../factories/browser-data'
import { createOnboardingCustomer } from '../factories/onboarding'
import { createUser, signedInClient } from '../factories/people'
import { queryDb } from '../setup/db'
import { createClient } from '../setup/http'
import { asHtml, tr } from '../setup/i18n'

// "Did this help?" on video and course pages: the articles' rule (one answer per person or
// anonymous browser and piece of content, a new answer replacing the old), kept in the same
// table under the content's kind and id.
const server = inject('server')

type AnswerRow = {
  kind: string
  helpful: number
  reason: string | null
  user_id: number | null
  market_code: string | null
  locale: string
}
const answersTo = (kind: string, contentId: number) =>
  queryDb<AnswerRow>(
    server.databaseFile,
    'select kind, helpful, reason, user_id, market_code, locale from content_feedback where kind = ? and content_id = ? order by id',
    kind,
    contentId,
  )

/** The staff tally by its definition: the answers stored for the content, yes and no counted apart. */
const tallyOf = (kind: string, contentId: number) => {
  const rows = queryDb<{ yes: number; no: number }>(
    server.databaseFile,
    'select sum(helpful = 1) as yes, sum(helpful = 0) as no from content_feedback where kind = ? and content_id = ?',
    kind,
    contentId,
  )[0]!
  return { yes: String(rows.yes), no: String(rows.no) }
}

describe('did this video help?', () => {
  it('records a signed-in customer’s answer once, replaces it on a second answer and shows it', async () => {
    const video = createEmbedVideo()
    const { user: olga } = createOnboardingCustomer({ locale: 'ru', market: 'EMEA' })
    const client = await signedInClient(olga)
    const path = `/ru/videos/${video.key}`
    const page = await (await client.get(path)).text()
    expect(page).toContain(asHtml(tr('ru', 'videos:feedback.question')))

    const first = await client.post(path, { intent: 'feedback', helpful: 'no', reason: 'Слишком быстро' })
    expect(first.status).toBe(200)
    expect(await first.text()).toContain(asHtml(tr('ru', 'videos:feedback.thanks')))
    expect(answersTo('video', video.id)).toEqual([
      {
        kind: 'video',
        helpful: 0,
        reason: 'Слишком быстро',
        user_id: olga.id,
        market_code: 'EMEA',
        locale: 'ru',
      },
    ])

    expect((await client.post(path, { intent: 'feedback', helpful: 'yes' })).status).toBe(200)
    expect(answersTo('video', video.id)).toMatchObject([{ helpful: 1, reason: null, user_id: olga.id }])
    const answered = await (await client.get(path)).text()
    expect(answered).toContain(
      asHtml(tr('ru', 'videos:feedback.answered', { answer: tr('ru', 'videos:feedback.helpful') })),
    )

    // Staff see the count on the video's page in the academy editor.
    const agent = await signedInClient(createUser({ role: 'agent' }))
    expect(tallyOf('video', video.id)).toEqual({ yes: '1', no: '0' })
    expect(await (await agent.get(`/en/staff/academy/videos/${video.id}`)).text()).toContain(
      asHtml(tr('en', 'editor:academy.feedbackTally', tallyOf('video', video.id))),
    )
  })

  it('refuses a bad answer and an unknown video, and saves nothing', async () => {
    const video = createEmbedVideo()
    const visitor = createClient(server.url)
    const bad = await visitor.post(`/en/videos/${video.key}`, { intent: 'feedback', helpful: 'maybe' })
    expect(bad.status).toBe(400)
    const unknown = await visitor.post('/en/videos/no-such-video', { intent: 'feedback', helpful: 'yes' })
    expect(unknown.status).toBe(404)
    expect(answersTo('video', video.id)).toEqual([])
    expect(visitor.cookies.has('hub_visitor')).toBe(false)
  })
})

describe('did this course help?', () => {
  it('lets an anonymous reader answer once per browser, in their language', async () => {
    const course = createCourse()
    const path = `/pt/academy/${course.key}`
    const visitor = createClient(server.url)
    expect(await (await visitor.get(path)).text()).toContain(asHtml(tr('pt', 'academy:feedback.question')))

    const first = await visitor.post(path, { helpful: 'yes' })
    expect(first.status).toBe(200)
    expect(await first.text()).toContain(asHtml(tr('pt', 'academy:feedback.thanks')))
    expect(visitor.cookies.has('hub_visitor')).toBe(true)
    await visitor.post(path, { helpful: 'no', reason: 'Faltou um exemplo' })
    expect(answersTo('course', course.courseId)).toEqual([
      {
        kind: 'course',
        helpful: 0,
        reason: 'Faltou um exemplo',
        user_id: null,
        market_code: null,
        locale: 'pt',
      },
    ])

    // Another browser is another respondent.
    expect((await createClient(server.url).post(path, { helpful: 'yes' })).status).toBe(200)
    expect(answersTo('course', course.courseId).map((row) => row.helpful)).toEqual([0, 1])
    const editor = await signedInClient(createUser({ role: 'editor' }))
    expect(tallyOf('course', course.courseId)).toEqual({ yes: '1', no: '1' })
    expect(await (await editor.get(`/pt/staff/academy/courses/${course.courseId}`)).text()).toContain(
      asHtml(tr('pt', 'editor:academy.feedbackTally', tallyOf('course', course.courseId))),
    )

    expect((await visitor.post('/pt/academy/no-such-course', { helpful: 'yes' })).status).toBe(404)
  })
})
