import { beforeAll, describe, expect, inject, it } from 'vitest'
import type { Locale } from '#db/schema/enums'
import { insertAcademyContent } from '../factories/academy-editor'
import { createUser } from '../factories/people'
import { expectNoSeriousViolations, open } from '../setup/axe'
import { browserLocales, failedResourceStatus, useBrowser, waitForHydration } from '../setup/browser'
import { queryDb } from '../setup/db'
import { tr } from '../setup/i18n'

const server = inject('server')
let ids: { video: number; course: number; quiz: number }

beforeAll(() => {
  // Content in every translation state, of this file's own (no other test reads or edits it).
  ids = insertAcademyContent(server.databaseFile)
})

const browser = useBrowser()

/** An editor of their own, signed in by a session cookie. */
const editorPage = (lang: Locale) =>
  browser.signedInPage(createUser({ role: 'editor', locale: lang }), { locale: browserLocales[lang]! })

// English and Russian: the editor's pages have the same markup in every language.
describe.each(['en', 'ru'] as const)('%s academy editor pages meet WCAG 2.1 AA', (lang) => {
  it('matrix with the new video, course and quiz forms', async () => {
    const page = await editorPage(lang)
    await open(page, `/${lang}/staff/academy`)
    await page.getByRole('heading', { level: 2, name: tr(lang, 'editor:academy.new.quiz') }).waitFor()
    await expectNoSeriousViolations(page)
    const cell = page.locator('tr[data-key="editor-test-video"] td[data-locale="es"]')
    expect(await cell.getAttribute('data-state')).toBe('stale')
  })

  it('quiz rules and questions', async () => {
    const page = await editorPage(lang)
    await open(page, `/${lang}/staff/academy/quizzes/${ids.quiz}`)
    await page
      .getByRole('heading', { level: 3, name: tr(lang, 'editor:academy.quiz.questionNumber', { number: 1 }) })
      .waitFor()
    await expectNoSeriousViolations(page)
  })

  it('quiz texts in one language beside the source', async () => {
    const page = await editorPage(lang)
    await open(page, `/${lang}/staff/academy/quizzes/${ids.quiz}/pt`)
    await page
      .getByRole('group', { name: tr(lang, 'editor:academy.quiz.questionNumber', { number: 1 }) })
      .waitFor()
    await expectNoSeriousViolations(page)
  })

  it('course lessons', async () => {
    const page = await editorPage(lang)
    await open(page, `/${lang}/staff/academy/courses/${ids.course}`)
    await page.getByRole('heading', { level: 2, name: tr(lang, 'editor:academy.course.addTitle') }).waitFor()
    await expectNoSeriousViolations(page)
  })
})

describe('video texts in one language', () => {
  it('es: a caption mistake is announced with its line; the page meets WCAG 2.1 AA before and after', async () => {
    // The refused save answers 400, which the browser logs as a failed request.
    browser.allowProblems(failedResourceStatus(400, `/es/staff/academy/videos/${ids.video}/pt.data`))
    const page = await editorPage('es')
    await open(page, `/es/staff/academy/videos/${ids.video}/pt`)
    await waitForHydration(page, 'main form button[type=submit]')
    await expectNoSeriousViolations(page)

    await page
      .getByLabel(tr('es', 'editor:academy.fields.title'), { exact: true })
      .fill('Configurar o rastreamento')
    await page
      .getByLabel(tr('es', 'editor:academy.fields.captions'), { exact: true })
      .fill('WEBVTT\n\n00:00:04.000 --> 00:00:01.000\nOlá')
    await page.getByRole('button', { name: tr('es', 'editor:edit.saveDraft'), exact: true }).click()
    await page
      .getByRole('alert')
      .filter({ hasText: tr('es', 'editor:academy.webvtt.endBeforeStart', { line: 3 }) })
      .waitFor()
    expect(await page.getByLabel(tr('es', 'editor:academy.fields.title'), { exact: true }).inputValue()).toBe(
      'Configurar o rastreamento',
    )
    await expectNoSeriousViolations(page)
    expect(
      queryDb(
        server.databaseFile,
        "select title from video_translations where video_id = ? and locale = 'pt'",
        ids.video,
      ),
    ).toEqual([])
  })
})
