import { clock } from '~/modules/clock/clock'
/**
 * A sliding-window limit kept in memory. For machine clients of one process; sign-in
 * attempts use the SQLite-backed limit instead, which must survive a restart.
 */
export function createRateLimiter({ windowMs, max }: { windowMs: number; max: number }) {
  const hits = new Map<string, number[]>()
  return {
    /** Counts a hit; returns 0 when allowed, otherwise the seconds until the next one is. */
    hit(key: string, now = clock.now().getTime()) {
      const recent = (hits.get(key) ?? []).filter((at) => at > now - windowMs)
      if (recent.length >= max) {
        hits.set(key, recent)
        return Math.max(1, Math.ceil((recent[0]! + windowMs - now) / 1000))
      }
      recent.push(now)
      hits.set(key, recent)
      return 0
    },
  }
}
