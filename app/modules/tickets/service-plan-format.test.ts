import { describe, expect, it } from 'vitest'
import { formatSupportDays, formatSupportTime, targetDuration } from './service-plan-format'

describe('support hours in words', () => {
  it('writes consecutive days as a range and the rest as a list', () => {
    expect(formatSupportDays('en', [1, 2, 3, 4, 5])).toBe('Mon–Fri')
    expect(formatSupportDays('es', [1, 2, 3, 4, 5, 6])).toMatch(/^lun\.?–sáb\.?$/)
    expect(formatSupportDays('en', [1, 3])).toBe('Mon and Wed')
    expect(formatSupportDays('en', [1, 2, 3, 6, 7])).toBe('Mon–Wed, Sat, and Sun')
  })

  it('writes times the way each language does', () => {
    expect(formatSupportTime('en', '09:00')).toBe('9:00 AM')
    expect(formatSupportTime('ru', '18:00')).toBe('18:00')
  })

  it('turns business minutes into hours when they are an hour or more', () => {
    expect(targetDuration(240)).toEqual({ unit: 'hours', count: 4 })
    expect(targetDuration(90)).toEqual({ unit: 'hours', count: 1.5 })
    expect(targetDuration(45)).toEqual({ unit: 'minutes', count: 45 })
  })
})
