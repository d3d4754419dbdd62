// @vitest-environment node
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { QuizTexts } from '#db/schema/academy'
import { createDb } from '~/db-connection.server'
import { importContent } from '~/modules/kb/content-import.server'
import { starterVideosDir } from '../../../scripts/academy-import'
import { migrateDatabase } from '../../../scripts/db-migrate'
import { importCourses } from './course-import.server'
import { importVideos } from './video-import.server'

/**
 * The starter courses as shipped in content/academy, imported into a real migrated database
 * with the real knowledge base: their shape, their four languages, and the import's rules.
 */
const starterDir = fileURLToPath(new URL('../../../content/academy', import.meta.url))
const kbDir = fileURLToPath(new URL('../../../content/kb', import.meta.url))
const starterFiles = ['attribution-expert.yml', 'platform-fundamentals.yml']

let template: string
let root: string
let dir: string
let handle: ReturnType<typeof createDb>

// The knowledge base import is the slow part: done once into a template that each test copies.
beforeAll(() => {
  template = join(mkdtempSync(join(tmpdir(), 'hub-course-import-')), 'template.db')
  migrateDatabase(template)
  const { db, sqlite } = createDb(template)
  importContent(db, kbDir)
  // The real starter videos: the lessons name them by key.
  expect(importVideos({ db, dir: starterVideosDir, mediaDir: join(template, '..', 'media') }).errors).toEqual(
    [],
  )
  sqlite.pragma('wal_checkpoint(TRUNCATE)')
  sqlite.close()
})

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'hub-course-import-'))
  dir = join(root, 'academy')
  mkdirSync(dir)
  for (const name of starterFiles) copyFileSync(join(starterDir, name), join(dir, name))
  copyFileSync(template, join(root, 'hub.db'))
  handle = createDb(join(root, 'hub.db'))
  return () => handle.sqlite.close()
})

const importNow = () => importCourses({ db: handle.db, dir })
const all = <T>(sql: string, ...params: unknown[]) => handle.sqlite.prepare(sql).all(...params) as T[]

type Lesson = { kind: string; key: string }
const lessonsOf = (course: string) =>
  all<Lesson>(
    `select l.kind, coalesce(v.key, a.key, q.key) as key
     from course_lessons l join courses c on c.id = l.course_id
     left join videos v on v.id = l.video_id left join articles a on a.id = l.article_id left join quizzes q on q.id = l.quiz_id
     where c.key = ? order by l.position`,
    course,
  )

type Question = { id: number; key: string; kind: string }
type Option = { key: string; correct: number }
const questionsOf = (quiz: string) =>
  all<Question>(
    'select qq.id, qq.key, qq.kind from quiz_questions qq join quizzes q on q.id = qq.quiz_id where q.key = ? order by qq.position',
    quiz,
  )
const optionsOf = (questionId: number) =>
  all<Option>('select key, correct from quiz_options where question_id = ? order by position', questionId)
const quizTexts = (quiz: string) =>
  all<{
    locale: string
    title: string
    questions: string
    revision: number
    sourceRevision: number
    status: string
  }>(
    `select t.locale, t.title, t.questions, t.revision, t.source_revision as sourceRevision, t.status
     from quiz_translations t join quizzes q on q.id = t.quiz_id where q.key = ? order by t.locale`,
    quiz,
  )
const snapshot = () =>
  [
    'courses',
    'course_translations',
    'course_lessons',
    'quizzes',
    'quiz_questions',
    'quiz_options',
    'quiz_translations',
  ].map((table) => all(`select * from ${table} order by rowid`))

const expected = {
  'platform-fundamentals': {
    validity: 24,
    quiz: 'platform-fundamentals-final',
    minQuestions: 8,
    lessons: [
      { kind: 'video', key: 'dashboard-tour' },
      { kind: 'article', key: 'welcome-to-orbit' },
      { kind: 'article', key: 'create-your-first-app' },
      { kind: 'video', key: 'install-the-sdk' },
      { kind: 'article', key: 'verify-sdk-integration' },
      { kind: 'quiz', key: 'platform-fundamentals-final' },
    ],
  },
  'attribution-expert': {
    validity: 12,
    quiz: 'attribution-expert-final',
    minQuestions: 10,
    lessons: [
      { kind: 'video', key: 'tracking-links' },
      { kind: 'article', key: 'create-attribution-links' },
      { kind: 'video', key: 'attribution-windows' },
      { kind: 'article', key: 'attribution-windows-and-models' },
      { kind: 'article', key: 'fraud-protection' },
      { kind: 'quiz', key: 'attribution-expert-final' },
    ],
  },
}

describe('the starter courses', () => {
  it('import both courses with their six lessons in order and their certificate validity', () => {
    expect(importNow()).toEqual({ files: 2, created: 2, updated: 0, unchanged: 0, errors: [] })
    const rows = all<{ key: string; validity: number; position: number }>(
      'select key, certificate_validity_months as validity, position from courses order by position',
    )
    expect(rows).toEqual([
      { key: 'platform-fundamentals', validity: 24, position: 1 },
      { key: 'attribution-expert', validity: 12, position: 2 },
    ])
    for (const [course, want] of Object.entries(expected)) expect(lessonsOf(course)).toEqual(want.lessons)
  })

  it('have a published title and summary in all four languages', () => {
    importNow()
    const rows = all<{ key: string; locale: string; title: string; summary: string; status: string }>(
      'select c.key, t.locale, t.title, t.summary, t.status from course_translations t join courses c on c.id = t.course_id',
    )
    expect(rows).toHaveLength(8)
    for (const row of rows) {
      expect(row.status).toBe('published')
      expect(row.title.length).toBeGreaterThan(3)
      expect(row.summary.length).toBeGreaterThan(40)
    }
  })

  it('have final quizzes with sound questions: enough of them, both kinds, one right answer for single choice, the right answer not always first', () => {
    importNow()
    for (const want of Object.values(expected)) {
      const questions = questionsOf(want.quiz)
      expect(questions.length).toBeGreaterThanOrEqual(want.minQuestions)
      expect(questions.filter((q) => q.kind === 'multiple').length).toBeGreaterThanOrEqual(2)
      const firstCorrect = new Set<number>()
      const singlesWithoutOneAnswer: string[] = []
      for (const question of questions) {
        const options = optionsOf(question.id)
        expect(options.length, question.key).toBeGreaterThanOrEqual(3)
        expect(options.length, question.key).toBeLessThanOrEqual(5)
        const correct = options.filter((o) => o.correct).length
        expect(correct, question.key).toBeGreaterThanOrEqual(1)
        expect(correct, question.key).toBeLessThan(options.length)
        if (question.kind === 'single' && correct !== 1) singlesWithoutOneAnswer.push(question.key)
        firstCorrect.add(options.findIndex((o) => o.correct))
      }
      expect(singlesWithoutOneAnswer).toEqual([])
      expect(firstCorrect.size).toBeGreaterThanOrEqual(3)
    }
  })

  it('have every question and option text in all four languages, each up to date', () => {
    importNow()
    for (const want of Object.values(expected)) {
      const texts = quizTexts(want.quiz)
      expect(texts.map((t) => t.locale)).toEqual(['en', 'es', 'pt', 'ru'])
      for (const text of texts) {
        expect(text).toMatchObject({ status: 'published', revision: 1, sourceRevision: 1 })
        const questions = JSON.parse(text.questions) as QuizTexts
        for (const question of questionsOf(want.quiz)) {
          expect(questions[question.key]?.prompt, `${text.locale} ${question.key}`).toBeTruthy()
          for (const option of optionsOf(question.id))
            expect(
              questions[question.key]!.options[option.key],
              `${text.locale} ${question.key}.${option.key}`,
            ).toBeTruthy()
        }
      }
      // Written per language, not copied: no prompt reads the same as its English source.
      const english = JSON.parse(texts[0]!.questions) as QuizTexts
      for (const text of texts.slice(1)) {
        const translated = JSON.parse(text.questions) as QuizTexts
        for (const [key, question] of Object.entries(english))
          expect(translated[key]!.prompt, `${text.locale} ${key}`).not.toBe(question.prompt)
      }
    }
  })

  it('change nothing when imported a second time', () => {
    importNow()
    const before = snapshot()
    expect(importNow()).toEqual({ files: 2, created: 0, updated: 0, unchanged: 2, errors: [] })
    expect(snapshot()).toEqual(before)
  })
})

describe('the course import', () => {
  const edit = (name: string, change: (text: string) => string) =>
    writeFileSync(join(dir, name), change(readFileSync(join(dir, name), 'utf8')))

  it('gives a changed source text a new revision and leaves the translations stale', () => {
    importNow()
    edit('platform-fundamentals.yml', (t) =>
      t.replace('en: "What is the app token for?"', 'en: "What does the app token do?"'),
    )
    expect(importNow()).toMatchObject({ updated: 1, unchanged: 1, errors: [] })
    const texts = quizTexts('platform-fundamentals-final').map(({ locale, revision, sourceRevision }) => ({
      locale,
      revision,
      sourceRevision,
    }))
    expect(texts).toEqual([
      { locale: 'en', revision: 2, sourceRevision: 2 },
      { locale: 'es', revision: 1, sourceRevision: 1 },
      { locale: 'pt', revision: 1, sourceRevision: 1 },
      { locale: 'ru', revision: 1, sourceRevision: 1 },
    ])
    const courseTexts = all<{ revision: number }>(
      "select revision from course_translations t join courses c on c.id = t.course_id where c.key = 'platform-fundamentals'",
    )
    expect(courseTexts.map((t) => t.revision)).toEqual([1, 1, 1, 1])
  })

  it('keeps lessons that stay, with their progress, when the order changes', () => {
    importNow()
    const before = all<{ id: number; key: string }>(
      "select l.id, a.key from course_lessons l join articles a on a.id = l.article_id where a.key = 'welcome-to-orbit'",
    )[0]!
    edit('platform-fundamentals.yml', (t) =>
      t.replace(
        '  - article: welcome-to-orbit\n  - article: create-your-first-app\n',
        '  - article: create-your-first-app\n  - article: welcome-to-orbit\n',
      ),
    )
    expect(importNow()).toMatchObject({ updated: 1 })
    expect(
      lessonsOf('platform-fundamentals')
        .map((l) => l.key)
        .slice(1, 3),
    ).toEqual(['create-your-first-app', 'welcome-to-orbit'])
    expect(
      all<{ id: number }>(
        "select l.id from course_lessons l join articles a on a.id = l.article_id where a.key = 'welcome-to-orbit'",
      )[0]!.id,
    ).toBe(before.id)
  })

  it('reports a broken file and still imports the other one', () => {
    writeFileSync(join(dir, 'attribution-expert.yml'), 'title: [not closed\n')
    const report = importNow()
    expect(report).toMatchObject({
      files: 2,
      created: 1,
      errors: [{ file: join(dir, 'attribution-expert.yml') }],
    })
    expect(all<{ key: string }>('select key from courses')).toEqual([{ key: 'platform-fundamentals' }])
  })

  it('rejects a file naming an unknown article, and writes nothing of it', () => {
    edit('attribution-expert.yml', (t) => t.replace('article: fraud-protection', 'article: no-such-article'))
    const report = importNow()
    expect(report.created).toBe(1)
    expect(report.errors).toEqual([
      { file: join(dir, 'attribution-expert.yml'), message: expect.stringContaining('no-such-article') },
    ])
    expect(all('select key from quizzes')).toEqual([{ key: 'platform-fundamentals-final' }])
  })

  it('rejects a single-choice question with two right answers', () => {
    edit('platform-fundamentals.yml', (t) => t.replace(/(- key: reports-api\n\s+correct: )false/, '$1true'))
    const report = importNow()
    expect(report.errors).toEqual([
      {
        file: join(dir, 'platform-fundamentals.yml'),
        message: expect.stringContaining('exactly one correct option'),
      },
    ])
  })

  it('rejects a translation that lacks a question', () => {
    edit('attribution-expert.yml', (t) =>
      t.replace('        ru: "Какой признак указывает на перехват установки?"\n', ''),
    )
    expect(importNow().errors).toEqual([
      {
        file: join(dir, 'attribution-expert.yml'),
        message: expect.stringContaining('install-hijacking.prompt.ru'),
      },
    ])
  })
})
