import { describe, expect, it } from 'vitest'
import { convertMinor, deriveTier, effectiveTier } from './tier'

const us = { currency: 'USD', highTouchMinArr: 50_000_00, midTouchMinArr: 10_000_00 } as const
const brazil = { currency: 'BRL', highTouchMinArr: 200_000_00, midTouchMinArr: 40_000_00 } as const

describe('deriveTier', () => {
  it('puts an account exactly on a threshold in the upper tier', () => {
    expect(deriveTier({ arrMinor: 50_000_00, currency: 'USD' }, us)).toBe('high')
    expect(deriveTier({ arrMinor: 10_000_00, currency: 'USD' }, us)).toBe('mid')
  })

  it('puts an account one cent below a threshold in the lower tier', () => {
    expect(deriveTier({ arrMinor: 50_000_00 - 1, currency: 'USD' }, us)).toBe('mid')
    expect(deriveTier({ arrMinor: 10_000_00 - 1, currency: 'USD' }, us)).toBe('tech')
    expect(deriveTier({ arrMinor: 0, currency: 'USD' }, us)).toBe('tech')
  })

  it('compares in the market currency when the account pays in another one', () => {
    // 40,000 BRL at 0.18 USD is 7,200 USD: tech touch in the US, mid touch in Brazil.
    expect(deriveTier({ arrMinor: 40_000_00, currency: 'BRL' }, us)).toBe('tech')
    expect(deriveTier({ arrMinor: 40_000_00, currency: 'BRL' }, brazil)).toBe('mid')
    // 50,000 USD is 277,778 BRL: high touch in Brazil as in the US.
    expect(deriveTier({ arrMinor: 50_000_00, currency: 'USD' }, brazil)).toBe('high')
  })

  it('gives the same tier to the same money in either currency', () => {
    const inBrl = convertMinor(10_000_00, 'USD', 'BRL')
    expect(deriveTier({ arrMinor: inBrl, currency: 'BRL' }, us)).toBe('mid')
  })
})

describe('convertMinor', () => {
  it('leaves amounts in the same currency untouched', () => {
    expect(convertMinor(123_45, 'EUR', 'EUR')).toBe(123_45)
  })

  it('rounds to whole minor units', () => {
    expect(Number.isInteger(convertMinor(1, 'USD', 'MXN'))).toBe(true)
    expect(convertMinor(1_000_00, 'EUR', 'USD')).toBe(1_080_00)
  })
})

describe('effectiveTier', () => {
  it('prefers the override to the derived tier', () => {
    expect(effectiveTier({ derivedTier: 'tech', tierOverride: 'high' })).toBe('high')
    expect(effectiveTier({ derivedTier: 'mid', tierOverride: null })).toBe('mid')
  })
})
