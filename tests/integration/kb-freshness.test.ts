import { describe, expect, inject, it } from 'vitest'
import { createArticle } from '../factories/kb'
import { createUser, signedInClient, unique } from '../factories/people'
import { hours, testClock } from '../setup/clock'
import { queryDb } from '../setup/db'
import { createClient } from '../setup/http'
import { asHtml, tr } from '../setup/i18n'

const server = inject('server')

/** The part of the stale notice that does not depend on the date. */
const staleNotice = (lang: string) => tr(lang, 'kb:staleLink')

const sourceRevisions = (articleId: number) =>
  Object.fromEntries(
    queryDb<{ locale: string; revision: number; source_revision: number }>(
      server.databaseFile,
      'select locale, revision, source_revision from article_translations where article_id = ?',
      articleId,
    ).map((row) => [row.locale, { revision: row.revision, sourceRevision: row.source_revision }]),
  )

describe('translation freshness after an edit of the source', () => {
  it('keeps current translations current after a minor correction, and only then', async () => {
    const key = unique('fresh').toLowerCase()
    const body = '## Steps\n\nOpen the panel and copy the key twicee.\n'
    const article = createArticle({
      key,
      translations: {
        en: { revision: 2, body },
        ru: { revision: 1, sourceRevision: 2, slug: `${key}-ru` },
        es: { revision: 1, sourceRevision: 1, slug: `${key}-es` },
      },
    })
    const editor = await signedInClient(createUser({ role: 'editor' }))
    const source = article.translations.en!
    const edit = (text: string, expectedRevision: number, minorEdit: boolean) =>
      editor.post(`/en/staff/content/${article.id}/en`, {
        slug: source.slug,
        title: source.title,
        summary: source.summary,
        tags: '',
        body: text,
        intent: 'save',
        expectedRevision: String(expectedRevision),
        translatedFrom: String(expectedRevision),
        ...(minorEdit ? { minorEdit: 'on' } : {}),
      })

    expect((await edit(body.replace('twicee', 'twice'), 2, true)).status).toBe(200)
    expect(sourceRevisions(article.id)).toEqual({
      en: { revision: 3, sourceRevision: 3 },
      ru: { revision: 1, sourceRevision: 3 },
      // Already behind before the correction: it stays behind.
      es: { revision: 1, sourceRevision: 1 },
    })
    const reader = createClient(server.url)
    expect(await (await reader.get(`/ru/kb/${key}-ru`)).text()).not.toContain(staleNotice('ru'))
    expect(await (await reader.get(`/es/kb/${key}-es`)).text()).toContain(staleNotice('es'))

    expect((await edit(`${body}\nA new required step.\n`, 3, false)).status).toBe(200)
    expect(sourceRevisions(article.id).ru).toEqual({ revision: 1, sourceRevision: 3 })
    expect(await (await reader.get(`/ru/kb/${key}-ru`)).text()).toContain(staleNotice('ru'))
  })
})

describe('restoring an earlier translation', () => {
  it('brings back the freshness of that text, never marking an old translation up to date', async () => {
    const key = unique('restore').toLowerCase()
    const article = createArticle({
      key,
      translations: {
        en: { revision: 1 },
        ru: { revision: 1, sourceRevision: 1, slug: `${key}-ru`, body: '## Шаги\n\nСтарый текст.\n' },
      },
    })
    const clock = testClock(new Date(Date.now() + hours(1)))
    const editor = await signedInClient(createUser({ role: 'editor' }), { now: clock.now })
    const en = article.translations.en!
    const ru = article.translations.ru!
    const save = (locale: 'en' | 'ru', text: typeof en, body: string, translatedFrom: number) =>
      editor.post(`/en/staff/content/${article.id}/${locale}`, {
        slug: text.slug,
        title: text.title,
        summary: text.summary,
        tags: '',
        body,
        intent: 'save',
        expectedRevision: '1',
        translatedFrom: String(translatedFrom),
      })

    expect((await save('en', en, '## Steps\n\nA new step.\n', 1)).status).toBe(200)
    clock.advance(hours(1))
    expect((await save('ru', ru, '## Шаги\n\nНовый шаг.\n', 2)).status).toBe(200)
    expect(sourceRevisions(article.id).ru).toEqual({ revision: 2, sourceRevision: 2 })

    clock.advance(hours(1))
    const restored = await editor.post(`/en/staff/content/${article.id}/ru`, {
      intent: 'restore',
      revision: '1',
      expectedRevision: '2',
    })
    expect(restored.status).toBe(200)
    expect(sourceRevisions(article.id).ru).toEqual({ revision: 3, sourceRevision: 1 })
    const page = await (await createClient(server.url).get(`/ru/kb/${key}-ru`)).text()
    expect(page).toContain('Старый текст.')
    expect(page).toContain(staleNotice('ru'))
  })
})

describe('unpublishing a translation', () => {
  it('asks for confirmation and never saves the edits pending in the text form', async () => {
    const key = unique('unpublish').toLowerCase()
    const article = createArticle({
      key,
      translations: { en: { revision: 1, body: '## Steps\n\nAs published.\n' } },
    })
    const editor = await signedInClient(createUser({ role: 'editor', locale: 'es' }))
    const path = `/es/staff/content/${article.id}/en`
    const state = () =>
      queryDb<{ status: string; revision: number; body: string }>(
        server.databaseFile,
        'select status, revision, body from article_translations where article_id = ?',
        article.id,
      )

    const unconfirmed = await editor.post(path, { intent: 'unpublish', expectedRevision: '1' })
    expect(unconfirmed.status).toBe(400)
    expect(await unconfirmed.text()).toContain(asHtml(tr('es', 'errors:form.confirmUnpublish')))
    expect(state()).toEqual([{ status: 'published', revision: 1, body: '## Steps\n\nAs published.\n' }])

    // What a browser sent from the old combined form: text fields travel along, and are ignored.
    const confirmed = await editor.post(path, {
      intent: 'unpublish',
      expectedRevision: '1',
      confirm: 'on',
      body: 'A half-written edit.',
      title: 'Half-written',
    })
    expect(confirmed.status).toBe(200)
    expect(state()).toEqual([{ status: 'draft', revision: 1, body: '## Steps\n\nAs published.\n' }])
    expect((await createClient(server.url).get(`/en/kb/${key}-en`)).status).toBe(404)
  })
})
