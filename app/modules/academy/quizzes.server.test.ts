// @vitest-environment node
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  answersFor,
  insertCourse,
  insertPerson,
  oneWrong,
  type CourseFixture,
} from '../../../tests/factories/academy'

// The academy modules read the database of the configuration: point it at a fresh file first.
const dir = mkdtempSync(join(tmpdir(), 'hub-academy-'))
process.env.DATABASE_URL = join(dir, 'hub.db')
process.env.DATA_DIR = dir

let quizzes: typeof import('./quizzes.server')
let certificates: typeof import('./certificates.server')
let courses: typeof import('./courses.server')
let raw: Database.Database

beforeAll(async () => {
  const { migrateDatabase } = await import('../../../scripts/db-migrate')
  migrateDatabase(process.env.DATABASE_URL)
  raw = new Database(process.env.DATABASE_URL!)
  raw.pragma('busy_timeout = 5000')
  quizzes = await import('./quizzes.server')
  certificates = await import('./certificates.server')
  courses = await import('./courses.server')
}, 60_000)
afterAll(() => raw?.close())

const minute = 60_000
const t0 = new Date('2026-11-02T09:00:00Z')
const later = (minutes: number) => new Date(t0.getTime() + minutes * minute)

function setup(overrides: Parameters<typeof insertCourse>[1] = {}) {
  const course = insertCourse(raw, { withVideo: false, ...overrides })
  const person = insertPerson(raw, { name: 'Ana Souza' })
  return { course, person }
}

async function start(course: CourseFixture, userId: number, now = t0) {
  const started = await quizzes.startAttempt({
    quizId: course.quizId,
    userId,
    accountId: null,
    locale: 'pt',
    now,
  })
  if (started.status !== 'started' && started.status !== 'resumed')
    throw new Error(`not started: ${started.status}`)
  return started.attemptId
}

const attemptRow = (id: number) =>
  raw.prepare('select * from quiz_attempts where id = ?').get(id) as {
    layout: string
    answers: string | null
    score_percent: number | null
    passed: number | null
    submitted_at: number | null
  }
const certificatesOf = (userId: number) =>
  raw.prepare('select * from certificates where user_id = ? order by id').all(userId) as {
    code: string
    issued_at: number
    expires_at: number | null
    holder_name: string
    locale: string
  }[]

describe('starting an attempt', () => {
  it('stores a shuffled layout holding every question and option of the quiz exactly once', async () => {
    const { course, person } = setup()
    const attemptId = await start(course, person.id)
    const layout = JSON.parse(attemptRow(attemptId).layout) as { questionId: number; optionIds: number[] }[]
    expect(layout.map((q) => q.questionId).sort()).toEqual(course.questions.map((q) => q.id).sort())
    for (const entry of layout) {
      const question = course.questions.find((q) => q.id === entry.questionId)!
      expect([...entry.optionIds].sort()).toEqual(question.options.map((o) => o.id).sort())
    }
  })

  it('uses the injected randomness for the order (every draw 0 reverses nothing predictable away)', async () => {
    const { course, person } = setup()
    const started = await quizzes.startAttempt({
      quizId: course.quizId,
      userId: person.id,
      accountId: null,
      locale: 'en',
      now: t0,
      random: () => 0,
    })
    const layout = JSON.parse(attemptRow((started as { attemptId: number }).attemptId).layout) as {
      questionId: number
      optionIds: number[]
    }[]
    // Fisher–Yates always swapping with the first place rotates [a, b, c] into [b, c, a].
    expect(layout.map((q) => q.questionId)).toEqual([
      course.questions[1]!.id,
      course.questions[2]!.id,
      course.questions[0]!.id,
    ])
  })

  it('resumes the open attempt instead of starting another', async () => {
    const { course, person } = setup()
    const first = await start(course, person.id)
    const again = await quizzes.startAttempt({
      quizId: course.quizId,
      userId: person.id,
      accountId: null,
      locale: 'pt',
      now: later(1),
    })
    expect(again).toEqual({ status: 'resumed', attemptId: first })
    expect(raw.prepare('select count(*) as n from quiz_attempts where user_id = ?').get(person.id)).toEqual({
      n: 1,
    })
  })
})

describe('what the taker gets', () => {
  it('prompts and option texts in the attempt order and language, options known only by their place', async () => {
    const { course, person } = setup()
    const attemptId = await start(course, person.id)
    const attempt = (await quizzes.getAttemptForTaker({ attemptId, userId: person.id }))!
    const layout = JSON.parse(attemptRow(attemptId).layout) as { questionId: number; optionIds: number[] }[]
    attempt.questions.forEach((question, index) => {
      const stored = course.questions.find((q) => q.id === layout[index]!.questionId)!
      expect(question.name).toBe(`q${index + 1}`)
      expect(question.prompt).toBe(stored.prompts.pt)
      expect(question.options.map((o) => o.text)).toEqual(
        layout[index]!.optionIds.map((id) => stored.options.find((o) => o.id === id)!.texts.pt),
      )
      expect(question.options.map((o) => o.value)).toEqual(question.options.map((_o, i) => String(i)))
    })
    const json = JSON.stringify(attempt)
    expect(json).not.toMatch(/correct/i)
    for (const option of course.questions.flatMap((q) => q.options))
      expect(json).not.toContain(`"id":${option.id}`)
  })

  it('is nothing for another person', async () => {
    const { course, person } = setup()
    const other = insertPerson(raw)
    const attemptId = await start(course, person.id)
    expect(await quizzes.getAttemptForTaker({ attemptId, userId: other.id })).toBeNull()
    expect(
      await quizzes.submitAttempt({ attemptId, userId: other.id, answers: answersFor(raw, attemptId) }),
    ).toEqual({ status: 'not-found' })
    expect(attemptRow(attemptId).submitted_at).toBeNull()
  })
})

describe('submitting', () => {
  it('refuses unanswered questions and two answers to a single choice, keeping the chosen answers and writing nothing', async () => {
    const { course, person } = setup()
    const attemptId = await start(course, person.id)
    const answers = answersFor(raw, attemptId)
    const layout = JSON.parse(attemptRow(attemptId).layout) as { questionId: number }[]
    const single = `q${layout.findIndex((entry) => course.questions.find((q) => q.id === entry.questionId)!.kind === 'single') + 1}`
    // The layout is shuffled: leave unanswered a question other than the single choice.
    const unanswered = single === 'q2' ? 'q3' : 'q2'
    const partial = { ...answers, [unanswered]: [], [single]: ['0', '1'] }
    const result = await quizzes.submitAttempt({ attemptId, userId: person.id, answers: partial })
    expect(result).toMatchObject({
      status: 'invalid',
      errors: { [single]: 'chooseOne', [unanswered]: 'unanswered' },
      chosen: { [single]: ['0', '1'] },
    })
    expect(attemptRow(attemptId).submitted_at).toBeNull()
  })

  it('treats unknown fields, places out of range and non-numbers as malformed', async () => {
    const { course, person } = setup()
    const attemptId = await start(course, person.id)
    const answers = answersFor(raw, attemptId)
    for (const bad of [
      { ...answers, q9: ['0'] },
      { ...answers, q1: ['7'] },
      { ...answers, q1: ['x'] },
      { ...answers, evil: ['1'] },
    ]) {
      expect(await quizzes.submitAttempt({ attemptId, userId: person.id, answers: bad })).toEqual({
        status: 'malformed',
      })
    }
    expect(attemptRow(attemptId).submitted_at).toBeNull()
  })

  it('scores: all right passes with 100; one wrong is 66 (rounded down) and fails a pass mark of 80', async () => {
    const { course, person } = setup({ passMark: 80 })
    const failing = await start(course, person.id)
    const failed = await quizzes.submitAttempt({
      attemptId: failing,
      userId: person.id,
      answers: answersFor(raw, failing, oneWrong),
      now: later(1),
    })
    expect(failed).toMatchObject({
      status: 'submitted',
      passed: false,
      scorePercent: 66,
      certificateCode: null,
    })
    const result = (await quizzes.getAttemptResult({ attemptId: failing, userId: person.id }))!
    expect(result.questions.filter((q) => !q.right)).toHaveLength(1)
    expect(JSON.stringify(result)).not.toMatch(/correct/i)

    const passing = await start(course, person.id, later(2))
    const passed = await quizzes.submitAttempt({
      attemptId: passing,
      userId: person.id,
      answers: answersFor(raw, passing),
      now: later(3),
    })
    expect(passed).toMatchObject({ status: 'submitted', passed: true, scorePercent: 100 })
  })

  it('a multiple choice with only part of the right options does not score', async () => {
    const { course, person } = setup({ passMark: 100 })
    const attemptId = await start(course, person.id)
    const partOfMultiple = (q: { kind: string; options: { correct: boolean }[] }) => {
      const right = q.options.flatMap((o, i) => (o.correct ? [i] : []))
      return q.kind === 'multiple' ? right.slice(0, 1) : right
    }
    expect(
      await quizzes.submitAttempt({
        attemptId,
        userId: person.id,
        answers: answersFor(raw, attemptId, partOfMultiple),
      }),
    ).toMatchObject({ passed: false, scorePercent: 66 })
  })

  it('is one-time: a second submission changes nothing and returns the stored result', async () => {
    const { course, person } = setup()
    const attemptId = await start(course, person.id)
    const first = await quizzes.submitAttempt({
      attemptId,
      userId: person.id,
      answers: answersFor(raw, attemptId, oneWrong),
      now: later(1),
    })
    const stored = attemptRow(attemptId)
    const second = await quizzes.submitAttempt({
      attemptId,
      userId: person.id,
      answers: answersFor(raw, attemptId),
      now: later(2),
    })
    expect(second).toMatchObject({
      status: 'submitted',
      passed: false,
      scorePercent: (first as { scorePercent: number }).scorePercent,
      alreadySubmitted: true,
    })
    expect(attemptRow(attemptId)).toEqual(stored)
  })
})

describe('attempt limits', () => {
  it('locks after the failed attempts allowed, for the cool-down after the last one, then opens a fresh window', async () => {
    const { course, person } = setup({ maxAttempts: 2, cooldownMinutes: 30 })
    for (const m of [0, 5]) {
      const id = await start(course, person.id, later(m))
      await quizzes.submitAttempt({
        attemptId: id,
        userId: person.id,
        answers: answersFor(raw, id, oneWrong),
        now: later(m + 1),
      })
    }
    expect(
      await quizzes.getAttemptRules({ quizId: course.quizId, userId: person.id, now: later(7) }),
    ).toMatchObject({ used: 2, left: 0, lockedUntil: later(36) })
    expect(
      await quizzes.startAttempt({
        quizId: course.quizId,
        userId: person.id,
        accountId: null,
        locale: 'en',
        now: later(35),
      }),
    ).toEqual({
      status: 'locked',
      lockedUntil: later(36),
    })
    expect(raw.prepare('select count(*) as n from quiz_attempts where user_id = ?').get(person.id)).toEqual({
      n: 2,
    })
    const fresh = await quizzes.startAttempt({
      quizId: course.quizId,
      userId: person.id,
      accountId: null,
      locale: 'en',
      now: later(36),
    })
    expect(fresh.status).toBe('started')
    expect(
      await quizzes.getAttemptRules({ quizId: course.quizId, userId: person.id, now: later(36) }),
    ).toMatchObject({ used: 0, left: 2, lockedUntil: null })
  })
})

describe('certificates', () => {
  it('passing the final quiz issues exactly one certificate with the holder’s name, the attempt’s language and the expiry', async () => {
    const { course, person } = setup({ certificateValidityMonths: 6 })
    const attemptId = await start(course, person.id)
    const result = await quizzes.submitAttempt({
      attemptId,
      userId: person.id,
      answers: answersFor(raw, attemptId),
      now: later(1),
    })
    const issued = certificatesOf(person.id)
    expect(issued).toHaveLength(1)
    expect(issued[0]).toMatchObject({
      holder_name: 'Ana Souza',
      locale: 'pt',
      issued_at: later(1).getTime(),
      expires_at: new Date('2027-05-02T09:01:00Z').getTime(),
    })
    expect(result).toMatchObject({ certificateCode: issued[0]!.code })

    // Passing again while it is valid issues no duplicate.
    const again = await start(course, person.id, later(2))
    await quizzes.submitAttempt({
      attemptId: again,
      userId: person.id,
      answers: answersFor(raw, again),
      now: later(3),
    })
    expect(certificatesOf(person.id)).toHaveLength(1)

    // After it expired, a new pass issues a new certificate.
    const afterExpiry = new Date('2027-06-01T00:00:00Z')
    const renewal = await start(course, person.id, afterExpiry)
    await quizzes.submitAttempt({
      attemptId: renewal,
      userId: person.id,
      answers: answersFor(raw, renewal),
      now: afterExpiry,
    })
    const both = certificatesOf(person.id)
    expect(both).toHaveLength(2)
    expect(new Set(both.map((c) => c.code)).size).toBe(2)
  })

  it('failing issues none, and a quiz that is not the last quiz lesson of a course issues none', async () => {
    const { course, person } = setup({ passMark: 100 })
    const attemptId = await start(course, person.id)
    await quizzes.submitAttempt({
      attemptId,
      userId: person.id,
      answers: answersFor(raw, attemptId, oneWrong),
    })
    expect(certificatesOf(person.id)).toHaveLength(0)

    const other = setup()
    // Another quiz after it makes the first one a mid-course quiz.
    const second = insertCourse(raw, { withVideo: false })
    raw
      .prepare("insert into course_lessons (course_id, position, kind, quiz_id) values (?, 9, 'quiz', ?)")
      .run(other.course.courseId, second.quizId)
    const id = await start(other.course, other.person.id)
    expect(
      await quizzes.submitAttempt({ attemptId: id, userId: other.person.id, answers: answersFor(raw, id) }),
    ).toMatchObject({ passed: true, certificateCode: null })
    expect(certificatesOf(other.person.id)).toHaveLength(0)
  })

  it('finds a certificate by its code, never by a malformed or unknown one', async () => {
    const { course, person } = setup({ certificateValidityMonths: null })
    const attemptId = await start(course, person.id)
    await quizzes.submitAttempt({
      attemptId,
      userId: person.id,
      answers: answersFor(raw, attemptId),
      now: later(1),
    })
    const [issued] = certificatesOf(person.id)
    const found = await certificates.findCertificateByCode({ code: issued!.code, locale: 'es' })
    expect(found).toMatchObject({
      holderName: 'Ana Souza',
      courseTitle: course.titles.es,
      valid: true,
      expiresAt: null,
    })
    expect(
      await certificates.findCertificateByCode({ code: issued!.code.toLowerCase(), locale: 'es' }),
    ).toBeNull()
    expect(
      await certificates.findCertificateByCode({
        code: 'HUB-0000-0000-0000-0000-0000-0000-0000',
        locale: 'es',
      }),
    ).toBeNull()
    expect(await certificates.listCertificatesForUser({ userId: person.id, locale: 'ru' })).toEqual([
      expect.objectContaining({ code: issued!.code, courseTitle: course.titles.ru, valid: true }),
    ])
  })
})

describe('course progress', () => {
  it('a course resumes at the first lesson not done; a passed quiz completes its lesson', async () => {
    const articleCourse = setup()
    expect(
      await courses.getCourse({
        locale: 'en',
        key: articleCourse.course.key,
        userId: articleCourse.person.id,
      }),
    ).toMatchObject({ doneCount: 0, resumePosition: 1 })
    const attemptId = await start(articleCourse.course, articleCourse.person.id)
    await quizzes.submitAttempt({
      attemptId,
      userId: articleCourse.person.id,
      answers: answersFor(raw, attemptId),
    })
    const after = await courses.getCourse({
      locale: 'en',
      key: articleCourse.course.key,
      userId: articleCourse.person.id,
    })
    expect(after).toMatchObject({ doneCount: 1 })
    expect(after!.lessons.at(-1)).toMatchObject({ kind: 'quiz', done: true })
  })

  it('hides a course with no published text and falls back to the source language with a flag', async () => {
    const onlyEnglish = setup({ courseLocales: ['en'] })
    const list = await courses.listCourses({ locale: 'ru', userId: null })
    expect(list.find((c) => c.key === onlyEnglish.course.key)).toMatchObject({
      fallback: true,
      title: onlyEnglish.course.titles.en,
      textLocale: 'en',
    })
    const none = setup({ courseLocales: [] })
    expect(
      (await courses.listCourses({ locale: 'en', userId: null })).some((c) => c.key === none.course.key),
    ).toBe(false)
    expect(await courses.getCourse({ locale: 'en', key: none.course.key, userId: null })).toBeNull()
  })
})
