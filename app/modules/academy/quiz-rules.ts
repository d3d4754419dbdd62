import { randomInt } from 'node:crypto'

/**
 * The rules of a quiz that need no database: shuffling, scoring and the attempt window.
 * Kept pure so tests can pin them down with injected randomness and time.
 */

/** Fisher–Yates with crypto randomness: every order is equally likely and none is predictable. */
export function shuffle<T>(items: readonly T[], random: (max: number) => number = randomInt): T[] {
  const result = [...items]
  for (let i = result.length - 1; i > 0; i--) {
    const j = random(i + 1)
    ;[result[i], result[j]] = [result[j]!, result[i]!]
  }
  return result
}

/** A question scores only when the chosen set is exactly the set of correct options. */
export function isAnsweredRight(chosen: readonly number[], correct: readonly number[]) {
  const chosenSet = new Set(chosen)
  return chosenSet.size === correct.length && correct.every((id) => chosenSet.has(id))
}

/** Whole percent, rounded down: 2 of 3 right is 66, never 67. */
export function scorePercent(right: number, total: number) {
  return total === 0 ? 0 : Math.floor((right * 100) / total)
}

export type SubmittedAttempt = { submittedAt: Date; passed: boolean }

export type AttemptRules = {
  /** Failed attempts counted in the current window. */
  used: number
  left: number
  /** Set while the person has to wait before another attempt. */
  lockedUntil: Date | null
  passed: boolean
}

/**
 * The attempt window: after `maxAttempts` failed submitted attempts the person waits
 * `cooldownMinutes` after the last one; then a fresh window starts. A pass ends a window too.
 */
export function attemptRulesFrom(
  attempts: readonly SubmittedAttempt[],
  quiz: { maxAttempts: number; cooldownMinutes: number },
  now: Date,
): AttemptRules {
  const cooldownMs = quiz.cooldownMinutes * 60_000
  const ordered = [...attempts].sort((a, b) => a.submittedAt.getTime() - b.submittedAt.getTime())
  let failed = 0
  let lastFailAt: Date | null = null
  let passed = false
  for (const attempt of ordered) {
    if (
      failed >= quiz.maxAttempts &&
      lastFailAt &&
      attempt.submittedAt.getTime() >= lastFailAt.getTime() + cooldownMs
    )
      failed = 0
    if (attempt.passed) {
      passed = true
      failed = 0
    } else {
      failed++
      lastFailAt = attempt.submittedAt
    }
  }
  if (failed >= quiz.maxAttempts && lastFailAt) {
    const until = new Date(lastFailAt.getTime() + cooldownMs)
    if (now < until) return { used: failed, left: 0, lockedUntil: until, passed }
    failed = 0
  }
  return { used: failed, left: Math.max(0, quiz.maxAttempts - failed), lockedUntil: null, passed }
}
