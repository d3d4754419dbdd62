import { describe, expect, it } from 'vitest'
import { safeRedirect } from './responses'

describe('safeRedirect', () => {
  it('accepts same-origin paths', () => {
    expect(safeRedirect('/en/account?tab=team', '/en')).toBe('/en/account?tab=team')
  })

  it.each([
    'https://evil.example',
    '//evil.example',
    '/\\evil.example',
    '/%5Cevil.example',
    '/%2F%2Fevil.example',
    '%2F%2Fevil.example',
    'javascript:alert(1)',
    '/en\u0000/x',
    '/%0d%0aSet-Cookie:x=1',
    '',
    'relative/path',
  ])('refuses %j', (target) => {
    expect(safeRedirect(target, '/en')).toBe('/en')
  })

  it('refuses values that are not strings or are absurdly long', () => {
    expect(safeRedirect(null, '/ru')).toBe('/ru')
    expect(safeRedirect(`/${'a'.repeat(5000)}`, '/ru')).toBe('/ru')
  })
})
