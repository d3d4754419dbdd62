import { describe, expect, inject, it } from 'vitest'
import { completeLessons, createCertificate } from '../factories/academy'
import { createOnboardingCustomer } from '../factories/onboarding'
import { createAccount, createUser, signedInClient } from '../factories/people'
import { parseCsv } from '../setup/csv'
import { queryDb } from '../setup/db'
import { asHtml, tr } from '../setup/i18n'

const server = inject('server')

const db = <T>(sql: string, ...args: unknown[]) => queryDb<T>(server.databaseFile, sql, ...args)

/**
 * A Russian-speaking account on a playbook of its own, with its admin and a colleague whose
 * name starts like a spreadsheet formula. The colleague ticks the playbook's first step, does
 * two article lessons of the first course and holds that course's certificate.
 */
async function team() {
  const {
    user: colleagueSeed,
    account,
    playbook,
  } = createOnboardingCustomer({ market: 'EMEA', locale: 'ru' })
  const admin = createUser({ account, locale: 'ru', isAccountAdmin: true, name: 'Ольга Админ' })
  const colleague = createUser({ account, locale: 'ru', name: '=HYPERLINK("http://evil.example")' })
  const [step] = db<{ key: string; title: string }>(
    `select i.key, t.title from checklist_items i join checklist_item_translations t on t.item_id = i.id
     where i.checklist_id = ? and t.locale = 'ru' order by i.position limit 1`,
    playbook.id,
  )
  const asColleague = await signedInClient(colleague)
  const ticked = await asColleague.post('/ru/onboarding', { intent: 'done', itemKey: step!.key })
  expect(ticked.status).toBeLessThan(400)
  const [course] = db<{ id: number }>('select id from courses order by position, id limit 1')
  // Article lessons count as done when read (lesson_progress); videos and quizzes have rules of their own.
  const lessons = db<{ id: number }>(
    "select id from course_lessons where course_id = ? and kind = 'article' order by position",
    course!.id,
  )
  completeLessons(
    colleague,
    lessons.slice(0, 2).map((l) => l.id),
  )
  createCertificate({ ...colleague, locale: 'ru' })
  return { account, admin, colleague, colleagueSeed, step: step!, courseId: course!.id }
}

describe('the team report of an account admin', () => {
  it('shows who did which onboarding step, course and certificate, with figures recomputed from the database', async () => {
    const { admin, colleague, step, courseId } = await team()
    const asAdmin = await signedInClient(admin)

    const response = await asAdmin.get('/ru/account/team')

    expect(response.status).toBe(200)
    const html = await response.text()
    expect(html).toContain(asHtml(tr('ru', 'account:teamReport.title')))
    expect(html).toContain(asHtml(colleague.name))
    expect(html).toContain(asHtml(step.title))
    const [{ done }] = db<{ done: number }>(
      `select
         (select count(*) from lesson_progress lp join course_lessons l on l.id = lp.lesson_id
          where lp.user_id = @user and l.course_id = @course and l.kind = 'article')
       + (select count(*) from video_progress vp join course_lessons l on l.video_id = vp.video_id
          where vp.user_id = @user and l.course_id = @course and l.kind = 'video' and vp.watched_at is not null)
       + (select count(distinct l.id) from quiz_attempts qa join course_lessons l on l.quiz_id = qa.quiz_id
          where qa.user_id = @user and l.course_id = @course and l.kind = 'quiz' and qa.passed = 1) as done`,
      { user: colleague.id, course: courseId },
    ) as [{ done: number }]
    const [{ total }] = db<{ total: number }>(
      'select count(*) as total from course_lessons where course_id = ?',
      courseId,
    ) as [{ total: number }]
    const [{ title }] = db<{ title: string }>(
      "select title from course_translations where course_id = ? and locale = 'ru'",
      courseId,
    ) as [{ title: string }]
    expect(done).toBe(2)
    expect(html).toContain(
      asHtml(
        tr('ru', 'account:teamReport.courseProgress', { title, done: String(done), total: String(total) }),
      ),
    )
  })

  it('exports the same as CSV with the documented header and formula-safe cells', async () => {
    const { admin, colleague, step, courseId } = await team()
    const asAdmin = await signedInClient(admin)

    const response = await asAdmin.get('/ru/account/team.csv')

    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toContain('text/csv')
    const [header, ...rows] = parseCsv(await response.text())
    expect(header).toEqual([
      'person_name',
      'person_email',
      'kind',
      'item',
      'lessons_done',
      'lessons_total',
      'done_at',
    ])
    const safeName = `'${colleague.name}`
    const theirs = rows.filter((r) => r[1] === colleague.email)
    expect(theirs.every((r) => r[0] === safeName)).toBe(true)
    const [progress] = db<{ doneAt: number }>(
      'select done_at as doneAt from account_item_progress where done_by_id = ? and item_key = ?',
      colleague.id,
      step.key,
    )
    const [lessonCounts] = db<{ done: number; total: number }>(
      `select
         (select count(*) from lesson_progress lp join course_lessons l on l.id = lp.lesson_id
          where lp.user_id = @user and l.course_id = @course and l.kind = 'article')
       + (select count(*) from video_progress vp join course_lessons l on l.video_id = vp.video_id
          where vp.user_id = @user and l.course_id = @course and l.kind = 'video' and vp.watched_at is not null)
       + (select count(distinct l.id) from quiz_attempts qa join course_lessons l on l.quiz_id = qa.quiz_id
          where qa.user_id = @user and l.course_id = @course and l.kind = 'quiz' and qa.passed = 1) as done,
         (select count(*) from course_lessons where course_id = @course) as total`,
      { user: colleague.id, course: courseId },
    )
    expect(lessonCounts!.done).toBe(2)
    const [certificate] = db<{ issuedAt: number }>(
      'select issued_at as issuedAt from certificates where user_id = ?',
      colleague.id,
    )
    expect(theirs.map((r) => r.slice(2))).toEqual([
      ['onboarding_step', step.title, '', '', new Date(progress!.doneAt).toISOString()],
      ['course', expect.any(String), String(lessonCounts!.done), String(lessonCounts!.total), ''],
      ['certificate', expect.any(String), '', '', new Date(certificate!.issuedAt).toISOString()],
    ])
    // The admin did nothing yet: listed on the page, no rows in the file.
    expect(rows.filter((r) => r[1] === admin.email)).toEqual([])
  })

  it('is for the account’s admins only, and shows only their own account', async () => {
    const { admin, colleague } = await team()
    const stranger = createUser({
      account: createAccount({ market: 'EMEA' }),
      locale: 'ru',
      isAccountAdmin: true,
    })
    const asStranger = await signedInClient(stranger)
    const asColleague = await signedInClient(colleague)

    expect((await asColleague.get('/ru/account/team')).status).toBe(403)
    expect((await asColleague.get('/ru/account/team.csv')).status).toBe(403)
    const foreign = await (await asStranger.get('/ru/account/team.csv')).text()
    expect(foreign).not.toContain(colleague.email)
    expect(foreign).not.toContain(admin.email)
  })
})
