import { describe, expect, it } from 'vitest'
import { isOverdue, todayIn } from './task-dates'

describe('today on a market’s clock', () => {
  it('turns at the market’s midnight, not at UTC’s', () => {
    // 21:30 UTC on Dec 7 is already Dec 8 in Moscow, still Dec 7 in New York.
    const late = new Date('2026-12-07T21:30:00Z')
    expect(todayIn('Europe/Moscow', late)).toBe('2026-12-08')
    expect(todayIn('America/New_York', late)).toBe('2026-12-07')
    expect(todayIn('UTC', late)).toBe('2026-12-07')
    const task = { dueOn: '2026-12-07', status: 'open' }
    expect(isOverdue(task, todayIn('Europe/Moscow', late))).toBe(true)
    expect(isOverdue(task, todayIn('America/New_York', late))).toBe(false)
  })
})
