// @vitest-environment node
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { eq } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import * as schema from '#db/schema/index'
import type { Db } from '~/db-connection.server'
import type { Locale } from '~/modules/i18n/locales'
import { createIndexRefresher, type BuiltLocale, type IndexBuilder } from './index-refresh.server'

// search-index.server reads the configuration: point it at a fresh directory first.
const dir = mkdtempSync(join(tmpdir(), 'hub-refresh-'))
process.env.DATABASE_URL = join(dir, 'hub.db')
process.env.DATA_DIR = dir

let indexing: typeof import('./search-index.server')
beforeAll(async () => {
  indexing = await import('./search-index.server')
})

/** A promise and the function that settles it, so a test decides when a build ends. */
function gate() {
  let open!: () => void
  const promise = new Promise<void>((resolve) => (open = resolve))
  return { promise, open }
}

/**
 * A builder over a content map (locale → fingerprint) that a test changes between builds: it
 * delivers the locales whose fingerprint differs from the ones installed, like the worker.
 */
function fakeBuilder(content: Record<Locale, string>) {
  const calls: { known: Partial<Record<Locale, string>>; delivered: Locale[] }[] = []
  const gates: ReturnType<typeof gate>[] = []
  const build: IndexBuilder<string> = async (known, deliver) => {
    const call = { known, delivered: [] as Locale[] }
    calls.push(call)
    const wait = gate()
    gates.push(wait)
    await wait.promise
    // Reads the content when it finishes, as the worker reads the database when it starts.
    for (const locale of Object.keys(content) as Locale[]) {
      if (known[locale] === content[locale]) continue
      call.delivered.push(locale)
      await deliver({ locale, fingerprint: content[locale], payload: `index of ${content[locale]}` })
    }
  }
  return { build, calls, gates }
}

const settle = () => new Promise((resolve) => setImmediate(resolve))

describe('rebuilding search indexes', () => {
  it('coalesces the requests made during a build into one more build with the latest content', async () => {
    const content: Record<Locale, string> = { en: 'en-1', ru: 'ru-1', es: 'es-1', pt: 'pt-1' }
    const builder = fakeBuilder(content)
    const installed: BuiltLocale<string>[] = []
    const refresher = createIndexRefresher({
      build: builder.build,
      install: async (built) => void installed.push(built),
      onError: (error) => {
        throw error
      },
    })
    for (const locale of ['en', 'ru', 'es', 'pt'] as const) refresher.markInstalled(locale, `${locale}-1`)

    content.es = 'es-2'
    refresher.request()
    expect(refresher.building).toBe(true)
    // Five publishes while the first build runs: one Spanish, four Portuguese.
    content.es = 'es-3'
    for (let n = 2; n <= 5; n++) {
      content.pt = `pt-${n}`
      refresher.request()
    }
    builder.gates[0]!.open()
    await settle()
    builder.gates[1]!.open()
    await refresher.idle()

    expect(builder.calls).toHaveLength(2)
    expect(builder.calls[0]!.delivered).toEqual(['es', 'pt'])
    // The second build starts from what the first installed and picks up nothing twice.
    expect(builder.calls[1]!.known).toEqual({ en: 'en-1', ru: 'ru-1', es: 'es-3', pt: 'pt-5' })
    expect(builder.calls[1]!.delivered).toEqual([])
    expect(installed.map((built) => built.payload)).toEqual(['index of es-3', 'index of pt-5'])
    expect(refresher.installed()).toEqual({ en: 'en-1', ru: 'ru-1', es: 'es-3', pt: 'pt-5' })
    expect(refresher.building).toBe(false)
  })

  it('builds only the locales whose content changed, and nothing when none did', async () => {
    const content: Record<Locale, string> = { en: 'a', ru: 'b', es: 'c', pt: 'd' }
    const builder = fakeBuilder(content)
    const refresher = createIndexRefresher({
      build: builder.build,
      install: () => Promise.resolve(),
      onError: (error) => {
        throw error
      },
    })
    for (const [locale, fingerprint] of Object.entries(content))
      refresher.markInstalled(locale as Locale, fingerprint)
    expect(refresher.isStale({ ...content })).toBe(false)

    content.ru = 'b2'
    expect(refresher.isStale({ ...content })).toBe(true)
    refresher.request()
    builder.gates[0]!.open()
    await refresher.idle()
    expect(builder.calls.map((call) => call.delivered)).toEqual([['ru']])
    expect(refresher.isStale({ ...content })).toBe(false)
  })

  it('keeps the installed index when a build fails, and builds again on the next request', async () => {
    const errors: unknown[] = []
    let fail = true
    const installed: string[] = []
    const refresher = createIndexRefresher<string>({
      build: async (_known, deliver) => {
        if (fail) throw new Error('worker died')
        await deliver({ locale: 'en', fingerprint: 'en-2', payload: 'new' })
      },
      install: async ({ payload }) => void installed.push(payload),
      onError: (error) => errors.push(error),
    })
    refresher.markInstalled('en', 'en-1')
    refresher.request()
    await refresher.idle()
    expect(errors).toEqual([new Error('worker died')])
    expect(refresher.installed()).toEqual({ en: 'en-1' })

    fail = false
    refresher.request()
    await refresher.idle()
    expect(installed).toEqual(['new'])
    expect(refresher.installed()).toEqual({ en: 'en-2' })
  })
})

describe('locale fingerprints', () => {
  let db: Db
  beforeAll(async () => {
    const { migrateDatabase } = await import('../../../scripts/db-migrate')
    const { createDb } = await import('~/db-connection.server')
    migrateDatabase(process.env.DATABASE_URL)
    db = createDb(process.env.DATABASE_URL!).db
  })

  it('change for the locales whose documents change, not for the others', () => {
    const category = db.insert(schema.categories).values({ key: 'fp-category' }).returning().get()
    const article = db
      .insert(schema.articles)
      .values({ key: 'fp-article', categoryId: category.id, visibility: 'public', sourceLocale: 'en' })
      .returning()
      .get()
    const translation = (locale: Locale, status: 'draft' | 'published') =>
      db
        .insert(schema.articleTranslations)
        .values({ articleId: article.id, locale, slug: `fp-${locale}`, title: 'T', body: 'B', status })
        .returning()
        .get()
    const english = translation('en', 'published')
    const before = indexing.localeFingerprints(db)

    // A Spanish draft: no search result changes.
    const spanish = translation('es', 'draft')
    expect(indexing.localeFingerprints(db)).toEqual(before)

    // Published, it replaces the English fallback in Spanish only.
    db.update(schema.articleTranslations)
      .set({ status: 'published' })
      .where(eq(schema.articleTranslations.id, spanish.id))
      .run()
    const afterSpanish = indexing.localeFingerprints(db)
    expect(afterSpanish.es).not.toBe(before.es)
    expect({ ...afterSpanish, es: before.es }).toEqual(before)

    // A new English revision: English, and the locales that fall back to it (ru, pt), not es.
    db.update(schema.articleTranslations)
      .set({ revision: 2 })
      .where(eq(schema.articleTranslations.id, english.id))
      .run()
    const afterEnglish = indexing.localeFingerprints(db)
    expect(afterEnglish.es).toBe(afterSpanish.es)
    for (const locale of ['en', 'ru', 'pt'] as const)
      expect(afterEnglish[locale]).not.toBe(afterSpanish[locale])
  })
})
