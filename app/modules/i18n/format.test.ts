import { describe, expect, it } from 'vitest'
import { formatDate, formatDuration, formatMoney, formatNumber, formatNumberForInput } from './format'

// Intl output uses narrow no-break spaces in places; compare with plain spaces.
const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ')

describe('formatting through Intl', () => {
  it('formats money in each locale’s convention', () => {
    expect(plain(formatMoney('en', 1_234_500, 'USD'))).toBe('$12,345')
    expect(plain(formatMoney('ru', 1_234_500, 'EUR'))).toBe('12 345 €')
    expect(plain(formatMoney('pt', 1_234_500, 'BRL'))).toBe('R$ 12.345')
  })

  it('formats numbers and dates per locale', () => {
    expect(plain(formatNumber('es', 1234567))).toMatch(/^1[ ,.]?234[ ,.]567$/)
    const date = new Date('2026-03-05T12:00:00Z')
    expect(formatDate('en', date)).toBe('Mar 5, 2026')
    expect(formatDate('pt', date)).toBe('5 de mar. de 2026')
    expect(plain(formatDate('ru', date))).toBe('5 мар. 2026 г.')
  })
})

describe('formatNumberForInput', () => {
  it('writes the decimal mark of the language and no group separators, as the SLA fields read them', () => {
    expect(formatNumberForInput('ru', 0.25)).toBe('0,25')
    expect(formatNumberForInput('pt', 0.5)).toBe('0,5')
    expect(formatNumberForInput('en', 0.5)).toBe('0.5')
    expect(formatNumberForInput('ru', 2000)).toBe('2000')
    expect(formatNumberForInput('en', 1 / 3)).toBe('0.33')
  })
})

describe('formatDuration', () => {
  it('says a span in at most two short units of each language, leaving out a zero', () => {
    expect(plain(formatDuration('en', 130))).toBe('2 hr 10 min')
    expect(plain(formatDuration('ru', 130))).toBe('2 ч 10 мин')
    expect(plain(formatDuration('es', 130))).toBe('2 h 10 min')
    expect(plain(formatDuration('pt', 130))).toBe('2 h 10 min')
    expect(plain(formatDuration('en', 180))).toBe('3 hr')
    expect(plain(formatDuration('en', 45))).toBe('45 min')
    expect(plain(formatDuration('en', 3 * 1440 + 4 * 60 + 59))).toBe('3 days 4 hr')
    expect(plain(formatDuration('pt', 1440))).toBe('1 dia')
  })
})
