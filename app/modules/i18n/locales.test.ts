import { describe, expect, it } from 'vitest'
import { localesFromAcceptLanguage, negotiateLocale, switchLocalePath } from './locales'

describe('negotiateLocale', () => {
  it('prefers the cookie, then the profile, then Accept-Language, then English', () => {
    expect(negotiateLocale({ cookieLocale: 'pt', userLocale: 'ru', acceptLanguage: 'es' })).toBe('pt')
    expect(negotiateLocale({ userLocale: 'ru', acceptLanguage: 'es' })).toBe('ru')
    expect(negotiateLocale({ acceptLanguage: 'es-MX,es;q=0.9,en;q=0.8' })).toBe('es')
    expect(negotiateLocale({})).toBe('en')
  })

  it('ignores values that are not a supported locale', () => {
    expect(negotiateLocale({ cookieLocale: 'de', userLocale: 'xx', acceptLanguage: 'fr-FR' })).toBe('en')
  })
})

describe('localesFromAcceptLanguage', () => {
  it('orders by quality and keeps the header order for ties', () => {
    expect(localesFromAcceptLanguage('de;q=1, pt-BR;q=0.5, ru;q=0.9, en;q=0.9')).toEqual(['ru', 'en', 'pt'])
  })

  it('drops q=0 and garbage without throwing', () => {
    expect(localesFromAcceptLanguage('ru;q=0, es;q=abc, pt')).toEqual(['pt'])
    expect(localesFromAcceptLanguage(';;;,,,')).toEqual([])
    expect(localesFromAcceptLanguage('x'.repeat(10_000))).toEqual([])
  })
})

describe('switchLocalePath', () => {
  it('keeps the page and the query string', () => {
    expect(switchLocalePath('/en/staff/accounts?tier=high', 'ru')).toBe('/ru/staff/accounts?tier=high')
    expect(switchLocalePath('/es', 'pt')).toBe('/pt')
  })

  it('sends paths without a locale to the home page of the new one', () => {
    expect(switchLocalePath('/', 'es')).toBe('/es')
  })
})
