// @vitest-environment node
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import type { Locale } from '~/modules/i18n/locales'
import type { LocaleIndex, SearchDocument } from './search-index.server'
import type { SearchInput } from './search-query.server'

// The search module reads the database of the configuration: point it at a fresh file first.
const dir = mkdtempSync(join(tmpdir(), 'hub-search-'))
process.env.DATABASE_URL = join(dir, 'hub.db')
process.env.DATA_DIR = dir

type Query = { lang: Locale; query: string; expected: string }
const fixtures = join(__dirname, '../../../tests/fixtures/search-queries')
const queries: Query[] = readdirSync(fixtures).flatMap(
  (f) => JSON.parse(readFileSync(join(fixtures, f), 'utf8')) as Query[],
)

let search: typeof import('./search.server') & typeof import('./query-plan.server')
let indexing: typeof import('./search-index.server')
let synonyms: typeof import('./synonyms.server')
let documents: Record<Locale, SearchDocument[]>

beforeAll(async () => {
  const { migrateDatabase } = await import('../../../scripts/db-migrate')
  const { runImport } = await import('../../../scripts/content-import')
  migrateDatabase(process.env.DATABASE_URL)
  const { runAcademyImport, academyImportErrors } = await import('../../../scripts/academy-import')
  const report = runImport(join(__dirname, '../../../content/kb'), process.env.DATABASE_URL, { quiet: true })
  expect(report.errors).toEqual([])
  const academy = runAcademyImport({ databaseFile: process.env.DATABASE_URL, mediaDir: join(dir, 'media') })
  expect(academyImportErrors(academy)).toEqual([])
  search = { ...(await import('./query-plan.server')), ...(await import('./search.server')) }
  indexing = await import('./search-index.server')
  const { db } = await import('~/db.server')
  documents = indexing.documentsByLocale(db)
  // The search worker builds the indexes (and writes their files) now, not in the first test's
  // time; most tests then ask the same indexes in this thread, read from those files.
  await search.searchContent({ locale: 'en', query: 'warm up', viewer: customer })
  real = Object.fromEntries(
    (['en', 'ru', 'es', 'pt'] as const).map((locale) => [locale, indexing.loadIndexFile(locale)!.index]),
  ) as Record<Locale, LocaleIndex>
  synonyms = await import('./synonyms.server')
}, 60_000)

const customer = { role: 'customer' } as const

/** The indexes the portal searches, loaded in this thread. */
let real: Record<Locale, LocaleIndex>
const searchReal = (input: SearchInput) => search.searchIndex(real[input.locale], input)
const contentOf = (input: SearchInput) => searchReal(input).results

/** A locale's index of a few hand-written documents (the others' fields left empty). */
function indexOf(locale: Locale, docs: Partial<SearchDocument>[]): LocaleIndex {
  const full = docs.map(
    (d, i) =>
      ({
        type: 'article',
        id: i + 1,
        slug: `doc-${i + 1}`,
        summary: '',
        tags: [],
        lang: locale,
        visibility: 'public',
        text: '',
        title: '',
        ...d,
      }) as SearchDocument,
  )
  return indexing.buildLocaleIndex(locale, full)
}
const slugs = (index: LocaleIndex, locale: Locale, query: string, synonyms = new Map()) =>
  search.queryIndex(index, { locale, query, viewer: customer }, synonyms).map((r) => r.slug)
/** The slugs of the real index's results, best first. */
const top = (locale: Locale, query: string, limit = 5) =>
  contentOf({ locale, query, viewer: customer, limit }).map((r) => r.slug)

describe('search quality on our own articles', () => {
  for (const lang of ['en', 'ru', 'es', 'pt'] as const) {
    it(`finds the expected article in the top 3 for every ${lang} query people type`, () => {
      const own = queries.filter((q) => q.lang === lang)
      expect(own.length).toBeGreaterThanOrEqual(15)
      const misses = own
        .map((q) => ({
          ...q,
          top: contentOf({ locale: lang, query: q.query, viewer: customer, limit: 3 }).map((r) => r.slug),
        }))
        .filter((q) => !q.top.includes(q.expected))
      expect(misses).toEqual([])
    })
  }
})

describe('singular and plural find the same articles', () => {
  const found = (locale: Locale, query: string) =>
    contentOf({ locale, query, viewer: customer, limit: 50 })
      .map((r) => r.slug)
      .sort()

  it('pt «atribuições» finds what «atribuição» finds, with or without accents', () => {
    const singular = found('pt', 'atribuição')
    expect(singular.length).toBeGreaterThan(5)
    expect(found('pt', 'atribuições')).toEqual(singular)
    expect(found('pt', 'atribuicoes')).toEqual(singular)
    expect(found('pt', 'atribuicao')).toEqual(singular)
  })

  it('es «integraciones» finds as many articles as «integración»', () => {
    const singular = found('es', 'integración')
    expect(singular.length).toBeGreaterThan(5)
    expect(found('es', 'integraciones')).toEqual(singular)
    expect(found('es', 'integracion')).toEqual(singular)
  })

  it('ru «отчёты» finds what «отчеты» finds', () => {
    const plain = found('ru', 'отчеты')
    expect(plain.length).toBeGreaterThan(2)
    expect(found('ru', 'отчёты')).toEqual(plain)
  })
})

describe('queries that must not break search', () => {
  const hostile = [
    '~',
    ':',
    '^',
    '+',
    '-',
    '*',
    '\\',
    '"',
    'title:sdk',
    'body:*',
    '*sdk',
    'sdk~2',
    '+ios -android',
    'sdk^10',
    '"unclosed',
    '((((',
    'a'.repeat(5000),
    Array.from({ length: 500 }, (_, i) => `word${i}`).join(' '),
    '\u0000\u202e\ud83d\ude00',
    '<script>alert(1)</script>',
    'SELECT * FROM users',
    '%',
    '_',
    '   ',
  ]
  it.each(hostile.map((q) => [q.slice(0, 40), q]))(
    'answers %j with results or nothing, quickly',
    (_label, query) => {
      for (const locale of ['en', 'ru', 'es', 'pt'] as const) {
        const started = performance.now()
        const results = contentOf({ locale, query, viewer: customer })
        expect(Array.isArray(results)).toBe(true)
        expect(performance.now() - started).toBeLessThan(1000)
      }
    },
  )

  it('caps the number of terms and their length', () => {
    expect(search.queryTerms(Array.from({ length: 100 }, (_, i) => `w${i}`).join(' '))).toHaveLength(
      search.searchLimits.maxTerms,
    )
    expect(search.queryTerms(`${'x'.repeat(41)} ok`)).toEqual(['ok'])
    expect(search.queryTerms('title:sdk~2 +ios')).toEqual(['title', 'sdk', 'ios'])
  })
})

describe('visibility', () => {
  it('keeps customer articles from anonymous readers and internal ones from customers', () => {
    const anonymousSlugs = contentOf({
      locale: 'en',
      query: 'invoices billing',
      viewer: { role: null },
      limit: 50,
    }).map((r) => r.slug)
    expect(anonymousSlugs).not.toContain('billing-and-invoices')
    const customerSlugs = contentOf({
      locale: 'en',
      query: 'invoices billing',
      viewer: customer,
      limit: 50,
    }).map((r) => r.slug)
    expect(customerSlugs).toContain('billing-and-invoices')
    const escalation = (role: 'customer' | 'agent') =>
      contentOf({
        locale: 'en',
        query: 'escalation severity engineering',
        viewer: { role },
        limit: 50,
      }).map((r) => r.slug)
    expect(escalation('customer')).not.toContain('support-escalation-playbook')
    expect(escalation('agent')).toContain('support-escalation-playbook')
  })
})

describe('language handling', () => {
  it('leaves template shortcodes of imported documentation out of the searched text', () => {
    expect(
      indexing.searchableText(
        'Read {{< ref "setup.md" >}} and {{% notice %}}Back up{{% /notice %}} {% include x.md %} now.',
      ),
    ).toBe('Read and Back up now.')
  })

  it('folds accents on both sides', () => {
    const pt = indexOf('pt', [{ title: 'Configuração do SDK' }, { title: 'Relatórios de receita' }])
    expect(slugs(pt, 'pt', 'configuracao')).toEqual(['doc-1'])
    expect(slugs(pt, 'pt', 'relatorio')).toEqual(['doc-2'])
    const es = indexOf('es', [{ title: 'Olá y adiós' }, { text: 'Integración con redes' }])
    expect(slugs(es, 'es', 'ola')).toEqual(['doc-1'])
    expect(slugs(es, 'es', 'integracion')).toEqual(['doc-2'])
  })

  it('stems Russian inflections and keeps Cyrillic', () => {
    const ru = indexOf('ru', [
      { title: 'Настройка постбэков' },
      { text: 'Трекинговые ссылки для рекламных кампаний' },
    ])
    expect(slugs(ru, 'ru', 'постбэк')).toEqual(['doc-1'])
    expect(slugs(ru, 'ru', 'ссылками')).toEqual(['doc-2'])
    expect(slugs(ru, 'ru', 'кампании')).toEqual(['doc-2'])
    expect(slugs(ru, 'ru', 'sdk')).toEqual([])
  })

  it('weighs a title above the same word in a body and highlights matched words', () => {
    const en = indexOf('en', [
      { text: 'Postbacks postbacks postbacks are mentioned here a lot.' },
      { title: 'Set up postbacks', text: 'Short.' },
    ])
    const results = search.queryIndex(en, { locale: 'en', query: 'postback', viewer: customer })
    expect(results[0]!.slug).toBe('doc-2')
    const first = search
      .queryIndex(en, { locale: 'en', query: 'postbacks mentioned', viewer: customer })
      .find((r) => r.slug === 'doc-1')!
    const marked = first.highlights.map(([start, length]) =>
      first.snippet.slice(start, start + length).toLowerCase(),
    )
    expect(marked).toContain('mentioned')
    expect(marked).toContain('postbacks')
  })

  it('answers the same from its stored file, and marks the words a typed prefix matched', () => {
    const en = indexOf('en', [
      {
        title: 'Set up postbacks',
        text: 'Postbacks tell your ad network about installs. Each one carries the click ID.',
      },
      { title: 'Invoices' },
    ])
    expect(indexing.parseIndex(indexing.serializeIndex('built', en), 'other')).toBeNull()
    const stored = indexing.parseIndex(indexing.serializeIndex('built', en), 'built')!
    for (const query of ['postb', 'install click', 'invoices']) {
      expect(search.queryIndex(stored, { locale: 'en', query, viewer: customer })).toEqual(
        search.queryIndex(en, { locale: 'en', query, viewer: customer }),
      )
    }
    const [typed] = search.queryIndex(stored, { locale: 'en', query: 'postb', viewer: customer })
    expect(typed!.highlights.map(([start, length]) => typed!.snippet.slice(start, start + length))).toEqual([
      'Postbacks',
    ])
  })
})

describe('ranking (the rules of README.md, in its order)', () => {
  it('1. ranks an article in the reader’s language above a fallback of equal relevance', () => {
    const es = indexOf('es', [
      { title: 'Migrate the SDK', text: 'Install the SDK.', lang: 'en' },
      { title: 'Instalar el SDK', text: 'Instalar el SDK.', lang: 'es' },
    ])
    expect(slugs(es, 'es', 'sdk')).toEqual(['doc-2', 'doc-1'])
    // On our articles: es «instalar sdk» opens with a Spanish article, never an English-only one.
    const results = contentOf({ locale: 'es', query: 'instalar sdk', viewer: customer, limit: 3 })
    expect(results.map((r) => r.lang)).toEqual(['es', 'es', 'es'])
  })

  it('2. weighs a word in the title or the tags above the same word in the body', () => {
    const en = indexOf('en', [
      { text: 'Webhooks webhooks webhooks, and more about webhooks here.' },
      { title: 'Webhooks', text: 'Short.' },
      { tags: ['webhooks'], text: 'Short too.' },
    ])
    expect(slugs(en, 'en', 'webhook')).toEqual(['doc-2', 'doc-3', 'doc-1'])
  })

  it('3. prefers the article about the platform a query names, in every language', () => {
    const queries: [Locale, string, string][] = [
      ['en', 'iOS SDK', 'install-the-ios-sdk'],
      ['en', 'android sdk', 'install-the-android-sdk'],
      ['en', 'flutter sdk', 'react-native-and-flutter'],
      ['ru', 'SDK для iOS', 'install-the-ios-sdk'],
      ['ru', 'андроид sdk', 'install-the-android-sdk'],
      ['es', 'SDK de iOS', 'install-the-ios-sdk'],
      ['es', 'instalar sdk android', 'install-the-android-sdk'],
      ['pt', 'SDK iOS', 'install-the-ios-sdk'],
      ['pt', 'sdk react native', 'react-native-and-flutter'],
    ]
    const firsts = queries.map(([locale, query]) => top(locale, query, 1)[0])
    expect(firsts).toEqual(queries.map(([, , expected]) => expected))
  })

  it('4. ranks documents found only through a near neighbour of a rare word after the exact ones', () => {
    const en = indexOf('en', [
      { title: 'Dashboards', text: 'Open the dashboard.' },
      { title: 'Custom dashboards', text: 'Build a dashboard.' },
      { title: 'Shared dashboards', text: 'Share a dashboard.' },
      { title: 'Typos', text: 'Someone wrote dashbord once.' },
    ])
    const outcome = search.searchIndex(en, { locale: 'en', query: 'dashbord', viewer: customer }, new Map())
    expect(outcome.results.map((r) => r.slug)).toEqual(['doc-4', 'doc-1', 'doc-2', 'doc-3'])
    // The word was found as typed: nothing was corrected.
    expect(outcome.correctedQuery).toBeNull()
  })
})

describe('typo tolerance', () => {
  const corrected = (locale: Locale, query: string) => {
    const outcome = searchReal({ locale, query, viewer: customer, limit: 3 })
    return { correctedQuery: outcome.correctedQuery, top: outcome.results.map((r) => r.slug) }
  }

  it('finds what customers mean from the words they mistype, in every language, and says so', () => {
    const cases: [Locale, string, string, string][] = [
      ['en', 'dashbord', 'dashboard', 'dashboards-overview'],
      ['en', 'postbak', 'postback', 'set-up-postbacks'],
      ['en', 'invoise', 'invoice', 'billing-and-invoices'],
      ['ru', 'дашбоард', 'дашборд', 'dashboards-overview'],
      ['ru', 'кагорты', 'когорты', 'cohort-and-retention-reports'],
      ['ru', 'атрибуцыя', 'атрибуция', 'attribution-windows-and-models'],
      ['es', 'atrivucion', 'atribución', 'create-attribution-links'],
      ['es', 'instalasion', 'instalación', 'install-the-android-sdk'],
      ['pt', 'integrasao', 'integração', 'verify-sdk-integration'],
      ['pt', 'atrbuição', 'atribuição', 'create-attribution-links'],
    ]
    // The shown correction, and whether the article meant is in the first three results.
    const seen = cases.map(([locale, query, , expected]) => {
      const { correctedQuery, top } = corrected(locale, query)
      return [correctedQuery, top.includes(expected)]
    })
    expect(seen).toEqual(cases.map(([, , shown]) => [shown, true]))
  })

  it('does not correct a last word still being typed', () => {
    const cases: [Locale, string, string][] = [
      ['en', 'postb', 'set-up-postbacks'],
      ['en', 'dashb', 'dashboards-overview'],
      ['ru', 'постб', 'set-up-postbacks'],
    ]
    const seen = cases.map(([locale, query]) => {
      const outcome = searchReal({ locale, query, viewer: customer, limit: 1 })
      return [outcome.correctedQuery, outcome.results[0]?.slug]
    })
    expect(seen).toEqual(cases.map(([, , slug]) => [null, slug]))
  })

  it('searches the words as typed when asked to', () => {
    const outcome = searchReal({ locale: 'en', query: 'dashbord', viewer: customer, exact: true })
    expect(outcome).toEqual({ results: [], correctedQuery: null, forCustomers: 0 })
  })

  it('allows one edit in short words and two from eight letters on', () => {
    const en = indexOf('en', [{ title: 'Attribution' }, { title: 'Cohort' }])
    expect(slugs(en, 'en', 'atrributon')).toEqual(['doc-1'])
    expect(slugs(en, 'en', 'cohrt')).toEqual(['doc-2'])
    expect(slugs(en, 'en', 'chrt')).toEqual([])
    expect(search.editDistance('postbak', 'postback')).toBe(1)
    expect(search.editDistance('dashbaord', 'dashboard')).toBe(1)
  })

  it('splits a run-together word and joins a split one', () => {
    const en = indexOf('en', [
      { title: 'Push notification campaigns' },
      { title: 'Dashboard basics' },
      { title: 'Push messages' },
    ])
    const split = search.searchIndex(
      en,
      { locale: 'en', query: 'pushnotification', viewer: customer },
      new Map(),
    )
    expect(split.correctedQuery).toBe('push notification')
    expect(split.results[0]!.slug).toBe('doc-1')
    expect(slugs(en, 'en', 'dash board')).toEqual(['doc-2'])
    // On our articles: «deeplink» finds deep linking first.
    expect(top('en', 'deeplink', 1)).toEqual(['deep-linking'])
    expect(top('ru', 'диплинк', 1)).toEqual(['deep-linking'])
  })
})

describe('synonyms that editors maintain', () => {
  it('reads a list for every language from content/search', () => {
    for (const locale of ['en', 'ru', 'es', 'pt'] as const)
      expect(synonyms.localeSynonyms(locale).size).toBeGreaterThanOrEqual(5)
  })

  it('applies a group to every form of its words and phrases, at query time', () => {
    const list = synonyms.synonymsOf('ru', [
      ['андроид', 'android'],
      ['постбэк', 'postback', 'callback url'],
      ['глубокая ссылка', 'deeplink'],
    ])
    const ru = indexOf('ru', [
      { title: 'Android SDK' },
      { title: 'Callback URL' },
      { title: 'Постбэки' },
      { title: 'Deeplink' },
    ])
    expect(slugs(ru, 'ru', 'андроида', list)).toEqual(['doc-1'])
    expect(slugs(ru, 'ru', 'андроида', new Map())).toEqual([])
    expect(slugs(ru, 'ru', 'постбэком', list).sort()).toEqual(['doc-2', 'doc-3'])
    expect(slugs(ru, 'ru', 'глубокой ссылкой', list)).toEqual(['doc-4'])
  })

  it('lets transliterations and other names find our articles in every language', () => {
    const cases: [Locale, string, string][] = [
      ['ru', 'андроид', 'install-the-android-sdk'],
      ['ru', 'сдк андроид', 'install-the-android-sdk'],
      ['ru', 'глубокие ссылки', 'deep-linking'],
      ['en', 'постбэк', 'set-up-postbacks'],
      ['es', 'enlaces profundos', 'deep-linking'],
      ['pt', 'link profundo', 'deep-linking'],
    ]
    expect(cases.map(([locale, query]) => top(locale, query, 1)[0])).toEqual(cases.map(([, , slug]) => slug))
    // Without the lists, these find something else or nothing.
    const withoutLists = cases.map(
      ([locale, query]) =>
        search.searchIndex(
          indexing.buildLocaleIndex(locale, documents[locale]),
          { locale, query, viewer: customer },
          new Map(),
        ).results[0]?.slug,
    )
    expect(withoutLists.filter((slug, i) => slug === cases[i]![2]).length).toBeLessThan(cases.length)
  })
})

describe('one search for articles, videos and courses', () => {
  const typed = (locale: Locale, query: string, viewer: { role: 'customer' | null } = customer) =>
    contentOf({ locale, query, viewer, limit: 20 }).map((r) => `${r.type}:${r.slug} ${r.url} ${r.title}`)

  it('finds a video by its title, description and captions, in the reader’s language', () => {
    expect(typed('es', 'ventanas de atribución')).toContain(
      'video:attribution-windows /es/videos/attribution-windows Cómo funcionan las ventanas de atribución',
    )
    // Words only its Spanish captions say.
    expect(
      typed('es', 'impresión reciente clic').some((r) => r.startsWith('video:attribution-windows')),
    ).toBe(true)
    expect(typed('ru', 'окна атрибуции')).toContain(
      'video:attribution-windows /ru/videos/attribution-windows Как работают окна атрибуции',
    )
    expect(typed('pt', 'janelas de atribuição', { role: null })).toContain(
      'video:attribution-windows /pt/videos/attribution-windows Como funcionam as janelas de atribuição',
    )
  })

  it('finds a course by its localized title', () => {
    expect(typed('ru', 'основы платформы')[0]).toBe(
      'course:platform-fundamentals /ru/academy/platform-fundamentals Основы платформы',
    )
    expect(typed('en', 'platform fundamentals', { role: null })[0]).toBe(
      'course:platform-fundamentals /en/academy/platform-fundamentals Platform fundamentals',
    )
  })
})

describe('a search that finds nothing, or less than it could', () => {
  it('offers the locale’s popular articles the viewer may read', async () => {
    const popular = await search.popularArticles({ locale: 'ru', viewer: { role: null } })
    expect(popular).toHaveLength(5)
    expect(popular.every((a) => a.url.startsWith('/ru/kb/'))).toBe(true)
    expect(popular.map((a) => a.url)).not.toContain('/ru/kb/billing-and-invoices')
  })

  it('counts the matches kept from an anonymous reader because they are for customers', async () => {
    // Through the search worker, as the portal asks.
    const anonymous = await search.search({ locale: 'en', query: 'invoices billing', viewer: { role: null } })
    expect(anonymous.results.map((r) => r.slug)).not.toContain('billing-and-invoices')
    expect(anonymous.forCustomers).toBeGreaterThanOrEqual(1)
    expect(
      (await search.search({ locale: 'en', query: 'invoices billing', viewer: customer })).forCustomers,
    ).toBe(0)
  })
})
