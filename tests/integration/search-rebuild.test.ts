import { beforeAll, describe, expect, inject, it } from 'vitest'
import { createArticleAsEditor, editorArticleText, publishAsEditor } from '../factories/kb'
import { createUser, signedInClient } from '../factories/people'
import { createClient, type Client } from '../setup/http'

const server = inject('server')
let editor: Client

beforeAll(async () => {
  editor = await signedInClient(createUser({ role: 'editor' }))
})

type SearchAnswer = { status: number; slugs: string[] }

async function searchFor(word: string, lang = 'en'): Promise<SearchAnswer> {
  const response = await createClient(server.url).get(`/api/search?${new URLSearchParams({ q: word, lang })}`)
  const body = (await response.json()) as { results: { slug: string }[] }
  return { status: response.status, slugs: body.results.map((r) => r.slug) }
}

/**
 * Polls /api/search until it finds `slug`, for at most `deadlineMs`: the index is rebuilt in a
 * worker after the publish answers. Returns how long it took, or null when it never did.
 */
async function waitUntilFound(word: string, slug: string, lang = 'en', deadlineMs = 20_000) {
  const started = Date.now()
  while (Date.now() - started < deadlineMs) {
    if ((await searchFor(word, lang)).slugs.includes(slug)) return Date.now() - started
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  return null
}

describe('search after a publish', () => {
  it('answers the publish at once and finds the article once the worker has rebuilt the index', async () => {
    const text = editorArticleText()
    const articleId = await createArticleAsEditor(editor, text)
    expect((await searchFor(text.word)).slugs).not.toContain(text.slug)

    const published = await publishAsEditor(editor, articleId, text)
    expect(published.status).toBe(200)
    expect(await waitUntilFound(text.word, text.slug)).not.toBeNull()
    // Each locale's index is swapped when it is ready; Spanish falls back to the English text.
    expect(await waitUntilFound(text.word, text.slug, 'es')).not.toBeNull()
  })

  it('answers a search during a rebuild from the previous index', async () => {
    const first = editorArticleText()
    await publishAsEditor(editor, await createArticleAsEditor(editor, first), first)
    expect(await waitUntilFound(first.word, first.slug)).not.toBeNull()

    const second = editorArticleText()
    await publishAsEditor(editor, await createArticleAsEditor(editor, second), second)
    // Asked right after the publish answered: the worker has not even started its build (it
    // loads its code, reads the database and builds in hundreds of milliseconds), so both
    // answers come from the previous index, complete.
    const [old, fresh] = await Promise.all([searchFor(first.word), searchFor(second.word)])
    expect(old).toEqual({ status: 200, slugs: [first.slug] })
    expect(fresh).toEqual({ status: 200, slugs: [] })

    expect(await waitUntilFound(second.word, second.slug)).not.toBeNull()
    expect((await searchFor(first.word)).slugs).toEqual([first.slug])
  })

  it('rebuilds once for a burst of publishes and finds every article of it', async () => {
    const texts = Array.from({ length: 4 }, () => editorArticleText())
    const ids = await Promise.all(texts.map((text) => createArticleAsEditor(editor, text)))
    for (const [i, text] of texts.entries())
      expect((await publishAsEditor(editor, ids[i]!, text)).status).toBe(200)
    for (const text of texts) expect(await waitUntilFound(text.word, text.slug)).not.toBeNull()
  })
})
