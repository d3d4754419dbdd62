import { describe, expect, it } from 'vitest'
import { formatMoment, formatRelativeMoment, formatTimeZoneName } from './format-time'
import { canonicalTimeZone, readerTimeZone } from './time-zones'

// Intl output uses narrow no-break spaces in places; compare with plain spaces.
const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ')

describe('a moment on the reader’s clock', () => {
  it('writes the same instant in each reader’s zone', () => {
    const reply = new Date('2026-12-07T12:54:00Z')
    expect(plain(formatMoment('ru', reply, 'Europe/Moscow'))).toBe('7 дек. 2026 г., 15:54')
    expect(plain(formatMoment('ru', reply, 'Europe/Lisbon'))).toBe('7 дек. 2026 г., 12:54')
    expect(plain(formatMoment('en', reply, 'America/New_York'))).toBe('Dec 7, 2026, 7:54 AM')
    expect(plain(formatMoment('pt', reply, 'America/Sao_Paulo', 'time'))).toBe('09:54')
  })

  it('follows a daylight saving change within the day (Lisbon, 29 March 2026)', () => {
    // Clocks go from 01:00 to 02:00 at 01:00 UTC: an hour apart in UTC, two hours apart on the wall.
    expect(formatMoment('pt', new Date('2026-03-29T00:30:00Z'), 'Europe/Lisbon', 'time')).toBe('00:30')
    expect(formatMoment('pt', new Date('2026-03-29T01:30:00Z'), 'Europe/Lisbon', 'time')).toBe('02:30')
    expect(formatTimeZoneName('en', 'Europe/Lisbon', '2026-03-29T00:30:00Z')).toBe('Portugal Time, GMT+0')
    expect(formatTimeZoneName('en', 'Europe/Lisbon', '2026-03-29T01:30:00Z')).toBe('Portugal Time, GMT+1')
  })

  it('follows the autumn change in New York, when 1:30 AM happens twice', () => {
    const first = formatMoment('en', new Date('2026-11-01T05:30:00Z'), 'America/New_York', 'time')
    const second = formatMoment('en', new Date('2026-11-01T06:30:00Z'), 'America/New_York', 'time')
    expect(plain(first)).toBe('1:30 AM')
    expect(plain(second)).toBe('1:30 AM')
    expect(formatTimeZoneName('en', 'America/New_York', '2026-11-01T05:30:00Z')).toBe('ET, GMT-4')
    expect(formatTimeZoneName('en', 'America/New_York', '2026-11-01T06:30:00Z')).toBe('ET, GMT-5')
  })

  it('names a zone as people of each language do, with its offset', () => {
    const at = '2026-12-07T12:00:00Z'
    expect(formatTimeZoneName('en', 'Europe/Moscow', at)).toBe('Moscow Time, GMT+3')
    expect(formatTimeZoneName('ru', 'Europe/Moscow', at)).toBe('Москва, GMT+3')
    expect(formatTimeZoneName('es', 'Europe/Madrid', at)).toBe('hora de España, GMT+1')
    expect(formatTimeZoneName('pt', 'Europe/Madrid', at)).toBe('Horário Espanha, GMT+1')
    expect(formatTimeZoneName('ru', 'UTC', at)).toBe('UTC')
  })

  it('says how far a moment is in words', () => {
    const now = '2026-12-07T12:00:00Z'
    expect(formatRelativeMoment('en', '2026-12-07T14:00:00Z', now)).toBe('in 2 hours')
    expect(formatRelativeMoment('ru', '2026-12-07T09:00:00Z', now)).toBe('3 часа назад')
    expect(formatRelativeMoment('es', '2026-12-07T12:20:00Z', now)).toBe('dentro de 20 minutos')
    expect(formatRelativeMoment('pt', '2026-12-10T12:00:00Z', now)).toBe('em 3 dias')
  })
})

describe('whose zone', () => {
  it('is the chosen one, else the market’s, else UTC', () => {
    expect(readerTimeZone({ chosen: 'Europe/Lisbon', marketZone: 'Europe/Moscow' })).toBe('Europe/Lisbon')
    expect(readerTimeZone({ chosen: null, marketZone: 'Europe/Moscow' })).toBe('Europe/Moscow')
    expect(readerTimeZone({ chosen: null, marketZone: null })).toBe('UTC')
  })

  it('accepts any IANA zone by its canonical name and nothing else', () => {
    expect(canonicalTimeZone(' europe/lisbon ')).toBe('Europe/Lisbon')
    expect(canonicalTimeZone('UTC')).toBe('UTC')
    expect(canonicalTimeZone('Europe/Atlantis')).toBeNull()
    expect(canonicalTimeZone('')).toBeNull()
  })
})
