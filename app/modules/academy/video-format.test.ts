import { describe, expect, it } from 'vitest'
import { formatClock, formatDuration, languageName } from './video-format'

describe('video formats', () => {
  it('says durations in words in each language', () => {
    expect(formatDuration('en', 30)).toBe('30 seconds')
    expect(formatDuration('en', 90)).toBe('1 minute, 30 seconds')
    expect(formatDuration('ru', 30)).toBe('30 секунд')
    expect(formatDuration('es', 120)).toBe('2 minutos')
    expect(formatDuration('pt', 61)).toMatch(/^1 minuto.*1 segundo$/)
  })

  it('shows positions like a player', () => {
    expect(formatClock(6.4)).toBe('0:06')
    expect(formatClock(754)).toBe('12:34')
    expect(formatClock(3723)).toBe('1:02:03')
  })

  it('names languages in the reader’s language', () => {
    expect(languageName('es', 'en')).toBe('inglés')
    expect(languageName('ru', 'en')).toBe('английский')
  })
})
