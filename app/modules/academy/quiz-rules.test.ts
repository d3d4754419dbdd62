import { describe, expect, it } from 'vitest'
import { attemptRulesFrom, isAnsweredRight, scorePercent, shuffle } from './quiz-rules'

const minutes = (n: number) => n * 60_000
const at = (minute: number) => new Date(Date.UTC(2026, 10, 2, 9, 0) + minutes(minute))
const quiz = { maxAttempts: 3, cooldownMinutes: 60 }
const fail = (minute: number) => ({ submittedAt: at(minute), passed: false })
const pass = (minute: number) => ({ submittedAt: at(minute), passed: true })

describe('shuffle', () => {
  it('reaches every permutation of four items with crypto randomness, and never loses or repeats one', () => {
    const seen = new Set<string>()
    for (let i = 0; i < 2000 && seen.size < 24; i++) {
      const order = shuffle([1, 2, 3, 4])
      expect([...order].sort()).toEqual([1, 2, 3, 4])
      seen.add(order.join(''))
    }
    expect(seen.size).toBe(24)
  })

  it('is Fisher–Yates: each draw picks among the items not placed yet', () => {
    const bounds: number[] = []
    shuffle(['a', 'b', 'c', 'd', 'e'], (max) => {
      bounds.push(max)
      return 0
    })
    expect(bounds).toEqual([5, 4, 3, 2])
  })

  it('leaves the input untouched and handles empty and single lists', () => {
    const input = [1, 2, 3]
    shuffle(input)
    expect(input).toEqual([1, 2, 3])
    expect(shuffle([])).toEqual([])
    expect(shuffle([7])).toEqual([7])
  })
})

describe('scoring', () => {
  it('a single choice scores only with its one correct option', () => {
    expect(isAnsweredRight([12], [12])).toBe(true)
    expect(isAnsweredRight([11], [12])).toBe(false)
  })

  it('a multiple choice scores only when the chosen set equals the correct set', () => {
    expect(isAnsweredRight([3, 1], [1, 3])).toBe(true)
    expect(isAnsweredRight([1], [1, 3])).toBe(false)
    expect(isAnsweredRight([1, 3, 4], [1, 3])).toBe(false)
    expect(isAnsweredRight([1, 1], [1, 3])).toBe(false)
    expect(isAnsweredRight([], [1, 3])).toBe(false)
  })

  it('rounds the percentage down', () => {
    expect(scorePercent(2, 3)).toBe(66)
    expect(scorePercent(1, 3)).toBe(33)
    expect(scorePercent(3, 3)).toBe(100)
    expect(scorePercent(0, 4)).toBe(0)
    expect(scorePercent(0, 0)).toBe(0)
  })
})

describe('attempt rules', () => {
  it('counts failed attempts in the window and what is left', () => {
    expect(attemptRulesFrom([], quiz, at(0))).toEqual({ used: 0, left: 3, lockedUntil: null, passed: false })
    expect(attemptRulesFrom([fail(0), fail(5)], quiz, at(6))).toEqual({
      used: 2,
      left: 1,
      lockedUntil: null,
      passed: false,
    })
  })

  it('locks after the limit until the cool-down after the last failed attempt has passed', () => {
    const attempts = [fail(0), fail(5), fail(10)]
    expect(attemptRulesFrom(attempts, quiz, at(11))).toEqual({
      used: 3,
      left: 0,
      lockedUntil: at(70),
      passed: false,
    })
    expect(attemptRulesFrom(attempts, quiz, at(69)).lockedUntil).toEqual(at(70))
  })

  it('starts a fresh window once the cool-down is over', () => {
    const attempts = [fail(0), fail(5), fail(10)]
    expect(attemptRulesFrom(attempts, quiz, at(70))).toEqual({
      used: 0,
      left: 3,
      lockedUntil: null,
      passed: false,
    })
    expect(attemptRulesFrom([...attempts, fail(80)], quiz, at(81))).toEqual({
      used: 1,
      left: 2,
      lockedUntil: null,
      passed: false,
    })
    expect(attemptRulesFrom([...attempts, fail(80), fail(81), fail(82)], quiz, at(83)).lockedUntil).toEqual(
      at(142),
    )
  })

  it('a pass ends the window', () => {
    expect(attemptRulesFrom([fail(0), fail(1), pass(2)], quiz, at(3))).toEqual({
      used: 0,
      left: 3,
      lockedUntil: null,
      passed: true,
    })
    expect(attemptRulesFrom([fail(0), pass(1), fail(2), fail(3)], quiz, at(4))).toEqual({
      used: 2,
      left: 1,
      lockedUntil: null,
      passed: true,
    })
  })
})
