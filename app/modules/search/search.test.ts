// @vitest-environment node
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import type { Locale } from '~/modules/i18n/locales'
import type { LocaleIndex, SearchDocument } from './search-index.server'

// The search module reads the database of the configuration: point it at a fresh file first.
const dir = mkdtempSync(join(tmpdir(), 'hub-search-'))
process.env.DATABASE_URL = join(dir, 'hub.db')
process.env.DATA_DIR = dir

type Query = { lang: Locale; query: string; expected: string }
const fixtures = join(__dirname, '../../../tests/fixtures/search-queries')
const queries: Query[] = readdirSync(fixtures).flatMap(
  (f) => JSON.parse(readFileSync(join(fixtures, f), 'utf8')) as Query[],
)

let search: typeof import('./search.server')
let indexing: typeof import('./search-index.server')

beforeAll(async () => {
  const { migrateDatabase } = await import('../../../scripts/db-migrate')
  const { runImport } = await import('../../../scripts/content-import')
  migrateDatabase(process.env.DATABASE_URL)
  const report = runImport(join(__dirname, '../../../content/kb'), process.env.DATABASE_URL, { quiet: true })
  expect(report.errors).toEqual([])
  search = await import('./search.server')
  indexing = await import('./search-index.server')
}, 60_000)

const customer = { role: 'customer' } as const

describe('search quality on our own articles', () => {
  for (const lang of ['en', 'ru', 'es', 'pt'] as const) {
    it(`finds the expected article in the top 3 for every ${lang} query people type`, () => {
      const own = queries.filter((q) => q.lang === lang)
      expect(own.length).toBeGreaterThanOrEqual(15)
      const misses = own
        .map((q) => ({
          ...q,
          top: search
            .searchContent({ locale: lang, query: q.query, viewer: customer, limit: 3 })
            .map((r) => r.slug),
        }))
        .filter((q) => !q.top.includes(q.expected))
      expect(misses).toEqual([])
    })
  }
})

describe('singular and plural find the same articles', () => {
  const found = (locale: Locale, query: string) =>
    search
      .searchContent({ locale, query, viewer: customer, limit: 50 })
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
        const results = search.searchContent({ locale, query, viewer: customer })
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
    const anonymousSlugs = search
      .searchContent({ locale: 'en', query: 'invoices billing', viewer: { role: null }, limit: 50 })
      .map((r) => r.slug)
    expect(anonymousSlugs).not.toContain('billing-and-invoices')
    const customerSlugs = search
      .searchContent({ locale: 'en', query: 'invoices billing', viewer: customer, limit: 50 })
      .map((r) => r.slug)
    expect(customerSlugs).toContain('billing-and-invoices')
    const escalation = (role: 'customer' | 'agent') =>
      search
        .searchContent({
          locale: 'en',
          query: 'escalation severity engineering',
          viewer: { role },
          limit: 50,
        })
        .map((r) => r.slug)
    expect(escalation('customer')).not.toContain('support-escalation-playbook')
    expect(escalation('agent')).toContain('support-escalation-playbook')
  })
})

describe('language handling', () => {
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
  const slugs = (index: LocaleIndex, locale: Locale, query: string) =>
    search.queryIndex(index, { locale, query, viewer: customer }).map((r) => r.slug)

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
