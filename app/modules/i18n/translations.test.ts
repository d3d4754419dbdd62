import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { i18nFor } from './i18n'
import './i18n.server'
import { intlLocales, locales } from './locales'

const root = join(__dirname, '../../../locales')
const pluralSuffix = /_(zero|one|two|few|many|other)$/

function flatten(value: unknown, prefix = ''): Record<string, string> {
  if (typeof value === 'string') return { [prefix]: value }
  return Object.entries(value as Record<string, unknown>).reduce(
    (all, [key, child]) => ({ ...all, ...flatten(child, prefix ? `${prefix}.${key}` : key) }),
    {},
  )
}

const read = (locale: string, file: string) =>
  flatten(JSON.parse(readFileSync(join(root, locale, file), 'utf8')))
const namespaces = readdirSync(join(root, 'en')).filter((f) => f.endsWith('.json'))

describe('locale files', () => {
  it('exist for every locale and namespace', () => {
    for (const locale of locales)
      expect(readdirSync(join(root, locale)).sort()).toEqual([...namespaces].sort())
  })

  for (const locale of locales.filter((l) => l !== 'en')) {
    for (const file of namespaces) {
      it(`${locale}/${file} has exactly the keys of en/${file}, with every plural form of ${locale}`, () => {
        const english = read('en', file)
        const translated = read(locale, file)
        const categories = new Intl.PluralRules(intlLocales[locale]).resolvedOptions().pluralCategories
        const expected = new Set<string>()
        for (const key of Object.keys(english)) {
          const match = pluralSuffix.exec(key)
          if (!match) expected.add(key)
          else for (const category of categories) expected.add(key.replace(pluralSuffix, `_${category}`))
        }
        const actual = new Set(Object.keys(translated))
        expect(
          [...expected].filter((k) => !actual.has(k)),
          'missing keys',
        ).toEqual([])
        expect(
          [...actual].filter((k) => !expected.has(k)),
          'extra keys',
        ).toEqual([])
      })

      it(`${locale}/${file} keeps every {{placeholder}} and leaves nothing empty`, () => {
        const english = read('en', file)
        const translated = read(locale, file)
        const placeholders = (s: string) => new Set([...s.matchAll(/{{\s*(\w+)\s*}}/g)].map((m) => m[1]))
        for (const [key, value] of Object.entries(translated)) {
          expect(value.trim(), key).not.toBe('')
          const source = english[key] ?? english[key.replace(pluralSuffix, '_other')] ?? ''
          // A plural form may spell its number out ("одну минуту"), so {{count}} is optional.
          const expected = [...placeholders(source)].filter((p) => p !== 'count').sort()
          const actual = [...placeholders(value)].filter((p) => p !== 'count').sort()
          expect(actual, key).toEqual(expected)
        }
      })
    }
  }
})

describe('plural forms', () => {
  it('uses the three Russian forms for counts', () => {
    const t = i18nFor('ru').t
    const count = (n: number) => t('staff:accounts.count', { count: n, formatted: String(n) })
    expect(count(1)).toMatch(/^1 аккаунт$/)
    expect(count(3)).toMatch(/^3 аккаунта$/)
    expect(count(5)).toMatch(/^5 аккаунтов$/)
    expect(count(21)).toMatch(/^21 аккаунт$/)
    expect(count(11)).toMatch(/^11 аккаунтов$/)
  })

  it('uses one and other in English', () => {
    const t = i18nFor('en').t
    expect(t('staff:accounts.count', { count: 1, formatted: '1' })).toBe('1 account')
    expect(t('staff:accounts.count', { count: 2, formatted: '2' })).toBe('2 accounts')
  })
})
