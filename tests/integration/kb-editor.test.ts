import { beforeAll, describe, expect, inject, it } from 'vitest'
import * as schema from '#db/schema/index'
import {
  createArticle,
  createArticleAsEditor,
  editorArticleText,
  firstCategory as firstCategoryRow,
  publishAsEditor,
  type EditorArticleText,
} from '../factories/kb'
import { createUser, signedInClient, testDb, unique } from '../factories/people'
import { queryDb } from '../setup/db'
import { createClient, type Client } from '../setup/http'
import { asHtml, tr } from '../setup/i18n'

const server = inject('server')
let editor: Client
let agent: Client
let customer: Client

beforeAll(async () => {
  editor = await signedInClient(createUser({ role: 'editor' }))
  agent = await signedInClient(createUser({ role: 'agent' }))
  customer = await signedInClient(createUser({ locale: 'en' }))
})

type TranslationRow = {
  id: number
  status: string
  revision: number
  source_revision: number
  title: string
  body: string
  slug: string
}

const translationOf = (articleId: number, locale: string) =>
  queryDb<TranslationRow>(
    server.databaseFile,
    'select id, status, revision, source_revision, title, body, slug from article_translations where article_id = ? and locale = ?',
    articleId,
    locale,
  )[0]

const firstCategory = () => firstCategoryRow().key

/** The matrix row of one article, as `locale → state`. */
async function matrixStates(client: Client, slug: string, query = '') {
  const html = await (await client.get(`/en/staff/content${query}`)).text()
  const row = new RegExp(`<tr data-article="${slug}">([\\s\\S]*?)</tr>`).exec(html)?.[1]
  if (!row) return null
  return Object.fromEntries(
    [...row.matchAll(/data-locale="(\w+)" data-state="(\w+)"/g)].map((m) => [m[1], m[2]]),
  )
}

async function searchFinds(query: string, lang: string, slug: string) {
  const response = await fetch(`${server.url}/api/search?${new URLSearchParams({ q: query, lang })}`)
  const body = (await response.json()) as { results: { slug: string }[] }
  return body.results.some((r) => r.slug === slug)
}

/**
 * Search rebuilds after the answer, so a test polls for it (a bounded poll of a real
 * asynchronous rebuild); on a busy machine a rebuild can also come from the periodic content
 * check, a few seconds later.
 */
async function eventually(check: () => Promise<boolean>, tries = 80) {
  for (let i = 0; i < tries; i++) {
    if (await check()) return true
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
  return false
}

/*
 * Every test writes an article of its own (a unique made-up word in its title, slug and tags,
 * so no other test's search finds it) and brings it to the state it needs through the
 * editor's own pages, so the tests run in any order.
 */

/** A published English article, written straight into the database (not yet in search). */
function publishedArticle(english: { revision?: number; body?: string } = {}) {
  const text = editorArticleText()
  // The editor names a new article after its slug; the matrix lists it by that key.
  const article = createArticle({
    key: text.slug,
    translations: {
      en: {
        title: text.title,
        slug: text.slug,
        summary: text.summary,
        tags: text.tags.split(', '),
        body: english.body ?? text.body,
        revision: english.revision ?? 1,
      },
    },
  })
  return { id: article.id, text }
}

const russianBody = '## Шаги\n\nОткройте панель.\nВыберите «Вебхуки».\n'
const russianSlug = (text: EditorArticleText & { word: string }) => `nastroika-${text.word}`

/** A published English article with a Russian draft, both at revision 1. */
function withRussianDraft() {
  const article = publishedArticle()
  addRussianDraft(article, { sourceRevision: 1 })
  return article
}

function addRussianDraft(article: ReturnType<typeof publishedArticle>, options: { sourceRevision: number }) {
  const db = testDb()
  const translation = db
    .insert(schema.articleTranslations)
    .values({
      articleId: article.id,
      locale: 'ru',
      slug: russianSlug(article.text),
      title: `Настройка вебхука ${article.text.word}`,
      tags: ['вебхуки'],
      body: russianBody,
      status: 'draft',
      revision: 1,
      sourceRevision: options.sourceRevision,
    })
    .returning()
    .get()
  db.insert(schema.articleRevisions)
    .values({
      translationId: translation.id,
      revision: 1,
      title: translation.title,
      summary: '',
      body: russianBody,
      tags: ['вебхуки'],
    })
    .run()
}

const changedSourceBody = '## Steps\n\nOpen the dashboard.\nChoose Settings, then Webhooks.\n'

/**
 * The state the stale test leaves: the English source at revision 2, the Russian draft at
 * revision 1 and marked up to date with it.
 */
function withRussianUpToDate() {
  const article = publishedArticle({ revision: 2, body: changedSourceBody })
  addRussianDraft(article, { sourceRevision: 2 })
  return article
}

describe('writing and publishing an article', () => {
  it('creates a draft in the source language and opens its editor', async () => {
    const sourceText = editorArticleText()
    const response = await editor.post('/en/staff/content/new', {
      ...sourceText,
      sourceLocale: 'en',
      categoryKey: firstCategory(),
      visibility: 'public',
    })
    expect(response.status).toBe(302)
    const match = /\/en\/staff\/content\/(\d+)\/en$/.exec(response.headers.get('Location') ?? '')
    expect(match).not.toBeNull()
    const articleId = Number(match![1])
    expect(translationOf(articleId, 'en')).toMatchObject({
      status: 'draft',
      revision: 1,
      source_revision: 1,
      slug: sourceText.slug,
      title: sourceText.title,
    })
    const page = await editor.get(`/en/staff/content/${articleId}/en`)
    expect(page.status).toBe(200)
    const html = await page.text()
    expect(html).toContain(asHtml(sourceText.title))
    expect(html).toContain(asHtml(tr('en', 'editor:edit.publish')))
    expect(await matrixStates(editor, sourceText.slug)).toEqual({
      en: 'draft',
      ru: 'missing',
      es: 'missing',
      pt: 'missing',
    })
    // Drafts are not on the site.
    expect((await createClient(server.url).get(`/en/kb/${sourceText.slug}`)).status).toBe(404)
  })

  it('publishes it: the article opens on the site and search finds it', async () => {
    const sourceText = editorArticleText()
    const articleId = await createArticleAsEditor(editor, sourceText)
    expect(await searchFinds(sourceText.word, 'en', sourceText.slug)).toBe(false)
    const response = await editor.post(`/en/staff/content/${articleId}/en`, {
      ...sourceText,
      intent: 'publish',
      expectedRevision: '1',
      translatedFrom: '1',
    })
    expect(response.status).toBe(200)
    expect(await response.text()).toContain(asHtml(tr('en', 'editor:edit.published')))
    expect(translationOf(articleId, 'en')).toMatchObject({ status: 'published', revision: 1 })

    const article = await createClient(server.url).get(`/en/kb/${sourceText.slug}`)
    expect(article.status).toBe(200)
    expect(await article.text()).toContain(asHtml(sourceText.title))
    expect(await eventually(() => searchFinds(sourceText.word, 'en', sourceText.slug))).toBe(true)
    expect(await matrixStates(editor, sourceText.slug, '?state=published&locale=en')).toEqual({
      en: 'published',
      ru: 'missing',
      es: 'missing',
      pt: 'missing',
    })
    expect(await matrixStates(editor, sourceText.slug, '?state=stale&locale=en')).toBeNull()
  })

  it('hides it from anonymous search when its visibility becomes internal', async () => {
    // Published through the editor, so it is indexed.
    const sourceText = editorArticleText()
    const articleId = await createArticleAsEditor(editor, sourceText)
    await publishAsEditor(editor, articleId, sourceText)
    expect(await eventually(() => searchFinds(sourceText.word, 'en', sourceText.slug))).toBe(true)
    const response = await editor.post(`/en/staff/content/${articleId}/en`, {
      intent: 'settings',
      categoryKey: firstCategory(),
      visibility: 'internal',
      position: '500',
    })
    expect(response.status).toBe(200)
    expect(
      queryDb(server.databaseFile, 'select visibility, position from articles where id = ?', articleId),
    ).toEqual([{ visibility: 'internal', position: 500 }])
    expect(await eventually(async () => !(await searchFinds(sourceText.word, 'en', sourceText.slug)))).toBe(
      true,
    )
    const back = await editor.post(`/en/staff/content/${articleId}/en`, {
      intent: 'settings',
      categoryKey: firstCategory(),
      visibility: 'public',
      position: '500',
    })
    expect(back.status).toBe(200)
    expect(await eventually(() => searchFinds(sourceText.word, 'en', sourceText.slug))).toBe(true)
  })

  it('creates a missing translation from the same page, prefilled with the source title', async () => {
    const { id: articleId, text: sourceText } = publishedArticle()
    const page = await (await editor.get(`/ru/staff/content/${articleId}/ru`)).text()
    expect(page).toContain(asHtml(tr('ru', 'editor:edit.missingNotice', { language: 'Русский' })))
    expect(page).toContain(`value="${asHtml(sourceText.title)}"`)

    const response = await editor.post(`/ru/staff/content/${articleId}/ru`, {
      intent: 'save',
      title: `Настройка вебхука ${sourceText.word}`,
      slug: russianSlug(sourceText),
      summary: '',
      tags: 'вебхуки',
      body: russianBody,
      expectedRevision: '0',
      translatedFrom: '1',
    })
    expect(response.status).toBe(200)
    expect(translationOf(articleId, 'ru')).toMatchObject({ status: 'draft', revision: 1, source_revision: 1 })
    expect(await matrixStates(editor, sourceText.slug)).toMatchObject({ en: 'published', ru: 'draft' })
  })

  it('marks the translation stale when the source changes, shows the diff, and marks it up to date', async () => {
    const { id: articleId, text: sourceText } = withRussianDraft()
    const changed = await editor.post(`/en/staff/content/${articleId}/en`, {
      ...sourceText,
      body: changedSourceBody,
      intent: 'save',
      expectedRevision: '1',
      translatedFrom: '1',
    })
    expect(changed.status).toBe(200)
    expect(translationOf(articleId, 'en')).toMatchObject({
      status: 'published',
      revision: 2,
      source_revision: 2,
    })
    expect(await matrixStates(editor, sourceText.slug, '?state=stale&locale=ru')).toMatchObject({
      en: 'published',
      ru: 'stale',
    })

    const editorPage = await (await editor.get(`/en/staff/content/${articleId}/ru`)).text()
    expect(editorPage).toContain(asHtml(tr('en', 'editor:edit.staleNotice')))
    expect(editorPage).toMatch(/class="diff__line diff__line--added"[^]*?Choose Settings, then Webhooks\./)
    expect(editorPage).toMatch(/class="diff__line diff__line--removed"[^]*?Choose Webhooks\./)

    const marked = await editor.post(`/en/staff/content/${articleId}/ru`, {
      intent: 'markUpToDate',
      expectedRevision: '1',
    })
    expect(marked.status).toBe(200)
    expect(translationOf(articleId, 'ru')).toMatchObject({
      revision: 1,
      source_revision: 2,
      body: russianBody,
    })
    expect(await matrixStates(editor, sourceText.slug)).toMatchObject({ ru: 'draft' })
  })

  it('refuses a save made against an older revision, keeps the stored text and shows the submitted one', async () => {
    const { id: articleId, text } = withRussianUpToDate()
    const form = {
      intent: 'save',
      title: 'Настройка вебхука',
      slug: russianSlug(text),
      summary: '',
      tags: '',
      expectedRevision: '1',
      translatedFrom: '2',
    }
    const first = await editor.post(`/en/staff/content/${articleId}/ru`, { ...form, body: 'Первая правка.' })
    expect(first.status).toBe(200)
    const second = await editor.post(`/en/staff/content/${articleId}/ru`, {
      ...form,
      body: 'Вторая правка <не потерять>.',
    })
    expect(second.status).toBe(409)
    const html = await second.text()
    expect(html).toContain(asHtml(tr('en', 'editor:edit.conflict', { revision: 2 })))
    expect(html).toContain(asHtml('Вторая правка <не потерять>.'))
    expect(translationOf(articleId, 'ru')).toMatchObject({ revision: 2, body: 'Первая правка.' })
  })

  it('restores an earlier revision as a new one', async () => {
    const { id: articleId, text } = withRussianUpToDate()
    const edited = await editor.post(`/en/staff/content/${articleId}/ru`, {
      intent: 'save',
      title: 'Настройка вебхука',
      slug: russianSlug(text),
      summary: '',
      tags: '',
      body: 'Первая правка.',
      expectedRevision: '1',
      translatedFrom: '2',
    })
    expect(edited.status).toBe(200)
    const history = await (await editor.get(`/en/staff/content/${articleId}/ru`)).text()
    expect(history).toContain(asHtml(tr('en', 'editor:edit.restoreLabel', { revision: 1 })))
    const response = await editor.post(`/en/staff/content/${articleId}/ru`, {
      intent: 'restore',
      revision: '1',
      expectedRevision: '2',
    })
    expect(response.status).toBe(200)
    expect(await response.text()).toContain(asHtml(tr('en', 'editor:edit.restored', { revision: 3 })))
    expect(translationOf(articleId, 'ru')).toMatchObject({ revision: 3, body: russianBody })
    const revisions = queryDb<{ revision: number }>(
      server.databaseFile,
      'select revision from article_revisions where translation_id = ? order by revision',
      translationOf(articleId, 'ru')!.id,
    )
    expect(revisions.map((r) => r.revision)).toEqual([1, 2, 3])
    expect(
      (
        await editor.post(`/en/staff/content/${articleId}/ru`, {
          intent: 'restore',
          revision: '99',
          expectedRevision: '3',
        })
      ).status,
    ).toBe(404)
  })

  it('previews Markdown safely without saving anything', async () => {
    const { id: articleId } = withRussianUpToDate()
    const before = translationOf(articleId, 'ru')
    const response = await editor.post(`/en/staff/content/${articleId}/ru`, {
      intent: 'preview',
      title: 'x',
      slug: 'x',
      body: 'Some **previewed** text <script>alert(1)</script> <img src=x onerror=alert(1)>',
      expectedRevision: String(before!.revision),
      translatedFrom: '2',
    })
    expect(response.status).toBe(200)
    const html = await response.text()
    expect(html).toContain(asHtml(tr('en', 'editor:edit.previewTitle')))
    expect(html).toContain('<strong>previewed</strong>')
    // Raw HTML is dropped from the preview; the textarea keeps it as escaped text.
    expect(html).not.toMatch(/<script>alert/)
    expect(html).not.toMatch(/<img[^>]*onerror/)
    expect(html).toContain(asHtml('<img src=x onerror=alert(1)>'))
    expect(translationOf(articleId, 'ru')).toEqual(before)
  })

  it('validates slugs and the size of the text with localized messages', async () => {
    const { id: articleId, text: sourceText } = withRussianUpToDate()
    const russian = translationOf(articleId, 'ru')!
    const base = {
      intent: 'save',
      title: 'Título',
      summary: '',
      tags: '',
      body: 'Texto.',
      expectedRevision: '0',
      translatedFrom: '2',
    }
    const badSlug = await editor.post(`/es/staff/content/${articleId}/es`, { ...base, slug: 'Mal Slug!' })
    expect(badSlug.status).toBe(400)
    expect(await badSlug.text()).toContain(asHtml(tr('es', 'errors:form.slug')))

    const noTitle = await editor.post(`/es/staff/content/${articleId}/es`, {
      ...base,
      slug: 'bien',
      title: '  ',
    })
    expect(noTitle.status).toBe(400)
    expect(await noTitle.text()).toContain(asHtml(tr('es', 'errors:form.required')))

    const taken = queryDb<{ slug: string }>(
      server.databaseFile,
      // A starter article's slug: other files make articles with odd slugs (the CSV tests' '=…').
      "select slug from article_translations where locale = 'en' and article_id != ? order by id limit 1",
      articleId,
    )[0]!.slug
    const takenSlug = await editor.post(`/en/staff/content/${articleId}/en`, {
      ...sourceText,
      slug: taken,
      intent: 'save',
      expectedRevision: '2',
      translatedFrom: '2',
    })
    expect(takenSlug.status).toBe(409)
    expect(await takenSlug.text()).toContain(asHtml(tr('en', 'errors:form.slugTaken')))

    // 200,001 characters, well under the 1 MiB the server accepts for a whole request.
    const tooLarge = await editor.post(`/ru/staff/content/${articleId}/ru`, {
      ...base,
      slug: russianSlug(sourceText),
      body: 'a'.repeat(200_001),
      expectedRevision: String(russian.revision),
    })
    expect(tooLarge.status).toBe(413)
    expect(await tooLarge.text()).toContain(asHtml(tr('ru', 'errors:form.bodyTooLarge')))

    expect(translationOf(articleId, 'es')).toBeUndefined()
    expect(translationOf(articleId, 'en')).toMatchObject({ revision: 2, slug: sourceText.slug })
    expect(translationOf(articleId, 'ru')).toEqual(russian)

    const newWithBadSlug = await editor.post('/pt/staff/content/new', {
      ...editorArticleText(),
      slug: 'não-vale',
      sourceLocale: 'pt',
      categoryKey: firstCategory(),
      visibility: 'public',
    })
    expect(newWithBadSlug.status).toBe(400)
    expect(await newWithBadSlug.text()).toContain(asHtml(tr('pt', 'errors:form.slug')))
  })

  it('lets agents read everything but change nothing', async () => {
    const { id: articleId } = withRussianUpToDate()
    expect((await agent.get('/en/staff/content')).status).toBe(200)
    const page = await agent.get(`/en/staff/content/${articleId}/ru`)
    expect(page.status).toBe(200)
    expect(await page.text()).toContain(asHtml(tr('en', 'editor:edit.readOnly')))
    const before = translationOf(articleId, 'ru')!
    const revision = String(before.revision)
    const mutations: Record<string, string>[] = [
      { intent: 'save', title: 'Agent', slug: 'agent', body: 'x', expectedRevision: revision },
      { intent: 'preview', body: 'x' },
      { intent: 'markUpToDate', expectedRevision: revision },
      { intent: 'restore', revision: '1', expectedRevision: revision },
      { intent: 'settings', categoryKey: firstCategory(), visibility: 'internal', position: '1' },
    ]
    for (const form of mutations) {
      expect((await agent.post(`/en/staff/content/${articleId}/ru`, form)).status, form.intent).toBe(403)
    }
    const byAgent = editorArticleText()
    expect(
      (
        await agent.post('/en/staff/content/new', {
          ...byAgent,
          sourceLocale: 'en',
          categoryKey: firstCategory(),
          visibility: 'public',
        })
      ).status,
    ).toBe(403)
    expect(translationOf(articleId, 'ru')).toEqual(before)
    expect(
      queryDb(server.databaseFile, 'select id from article_translations where slug = ?', byAgent.slug),
    ).toEqual([])
    expect(queryDb(server.databaseFile, 'select visibility from articles where id = ?', articleId)).toEqual([
      { visibility: 'public' },
    ])
  })
})

describe('access and missing things', () => {
  it('refuses customers every content page', async () => {
    const [article] = queryDb<{ id: number }>(server.databaseFile, 'select id from articles limit 1')
    for (const path of [
      '/en/staff/content',
      '/en/staff/content/new',
      '/en/staff/content/searches',
      `/en/staff/content/${article!.id}/en`,
    ]) {
      expect((await customer.get(path)).status, path).toBe(403)
    }
    expect(
      (await customer.post(`/en/staff/content/${article!.id}/en`, { intent: 'preview', body: 'x' })).status,
    ).toBe(403)
    expect((await createClient(server.url).get('/en/staff/content')).status).toBe(302)
  })

  it('answers 404 for unknown articles and locales', async () => {
    const [article] = queryDb<{ id: number }>(server.databaseFile, 'select id from articles limit 1')
    for (const path of [
      '/en/staff/content/999999/en',
      `/en/staff/content/${article!.id}/xx`,
      '/en/staff/content/abc/en',
      `/xx/staff/content/${article!.id}/en`,
    ]) {
      expect((await editor.get(path)).status, path).toBe(404)
    }
    expect((await editor.post('/en/staff/content/999999/en', { intent: 'preview', body: 'x' })).status).toBe(
      404,
    )
  })
})

describe('searches with no results', () => {
  it('lists what people searched for and did not find, per locale', async () => {
    // A word of this test's own: other tests search too, and the list counts per query.
    const query = `xylophonequasar${unique('').replace(/[^a-z]/g, '')}`
    for (let i = 0; i < 2; i++) {
      const search = await fetch(`${server.url}/api/search?${new URLSearchParams({ q: query, lang: 'pt' })}`)
      expect(search.status).toBe(200)
    }
    const logged = () =>
      queryDb<{ n: number }>(
        server.databaseFile,
        'select count(*) as n from search_log where query = ? and result_count = 0',
        query,
      )[0]!.n
    // Searches are written in batches, a second after they were made.
    await expect.poll(logged, { timeout: 5_000 }).toBe(2)
    const all = await (await editor.get('/pt/staff/content/searches')).text()
    expect(all).toContain(asHtml(tr('pt', 'editor:searches.title')))
    expect(all).toMatch(new RegExp(`${query}</td>[^]*?<td class="numeric">2</td>`))
    expect(await (await editor.get('/pt/staff/content/searches?locale=pt')).text()).toContain(query)
    expect(await (await editor.get('/pt/staff/content/searches?locale=ru')).text()).not.toContain(query)
    const matrix = await (await editor.get('/en/staff/content')).text()
    expect(matrix).toContain('href="/en/staff/content/searches"')
  })
})
