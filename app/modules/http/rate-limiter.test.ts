import { describe, expect, it } from 'vitest'
import { createRateLimiter } from './rate-limiter.server'

describe('rate limiter', () => {
  it('allows max hits per window per key, then says how long to wait', () => {
    const limiter = createRateLimiter({ windowMs: 60_000, max: 3 })
    const t = 1_000_000
    expect([limiter.hit('a', t), limiter.hit('a', t + 1), limiter.hit('a', t + 2)]).toEqual([0, 0, 0])
    expect(limiter.hit('a', t + 10_000)).toBe(50)
    expect(limiter.hit('b', t + 10_000)).toBe(0)
    expect(limiter.hit('a', t + 60_001)).toBe(0)
  })
})
