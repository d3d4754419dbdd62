import { eq } from 'drizzle-orm'
import { db, schema } from '~/db.server'

const { dataVersions } = schema

/**
 * The version of the rows the tracker's aggregates are built from. SQLite triggers bump it on
 * every write to accounts, markets, playbooks and their items, progress, self-service events,
 * the outcome targets and people's names (migration 0013_tracker_cache_triggers), so it moves
 * whichever connection or process wrote. Not `PRAGMA data_version`: that one ignores this
 * connection's own writes, and the app writes through the same connection it reads with; and not
 * count/max(id) of the tables: an update or an undo-then-redo of a step leaves both unchanged.
 */
export function onboardingDataVersion() {
  return (
    db.select({ v: dataVersions.version }).from(dataVersions).where(eq(dataVersions.name, 'onboarding')).get()
      ?.v ?? -1
  )
}

type Entry<T> = { version: number; from: number; until: number; value: T }

/**
 * A small in-memory cache of values that hold for one data version and, because "today" moves the
 * censored accounts' days, for a window of time [from, until). Read the version BEFORE reading the
 * data: a write in between then only makes the entry look older than it is, never newer.
 */
export function versionedCache<T>(maxEntries: number) {
  const entries = new Map<string, Entry<T>>()
  return async function get(
    key: string,
    now: Date,
    compute: () => Promise<{ value: T; from?: number; until?: number }>,
  ): Promise<T> {
    const version = onboardingDataVersion()
    const at = now.getTime()
    const hit = entries.get(key)
    if (hit && hit.version === version && hit.from <= at && at < hit.until) return hit.value
    const computed = await compute()
    entries.delete(key)
    if (entries.size >= maxEntries) entries.delete(entries.keys().next().value!)
    entries.set(key, {
      version,
      from: computed.from ?? Number.NEGATIVE_INFINITY,
      until: computed.until ?? Number.POSITIVE_INFINITY,
      value: computed.value,
    })
    return computed.value
  }
}
