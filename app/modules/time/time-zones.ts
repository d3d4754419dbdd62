/**
 * Whose clock a time is read on. Every person reads every moment in their own IANA zone: the
 * one they chose or confirmed (users.time_zone), else a customer reads their market's zone and
 * staff read UTC, because staff have no market and work across all of them. The SQL form of
 * the same rule is in time-zone.server.ts.
 */
export const utcZone = 'UTC'

/** The zone a person reads times in: the chosen one, else the market's, else UTC. */
export function readerTimeZone({ chosen, marketZone }: { chosen: string | null; marketZone: string | null }) {
  return chosen ?? marketZone ?? utcZone
}

/**
 * The canonical IANA name of a zone ICU knows ("europe/lisbon" → "Europe/Lisbon"), or null.
 * Aliases an older browser may report (Europe/Kiev) are accepted as ICU resolves them.
 */
export function canonicalTimeZone(value: string): string | null {
  const trimmed = value.trim()
  if (!trimmed || trimmed.length > 64) return null
  try {
    return new Intl.DateTimeFormat('en', { timeZone: trimmed }).resolvedOptions().timeZone
  } catch {
    return null
  }
}

export function isTimeZone(value: string) {
  return canonicalTimeZone(value) !== null
}

let zones: string[] | undefined
/** Every zone a person may pick, UTC first: what the account page offers. */
export function listTimeZones(): string[] {
  zones ??= [utcZone, ...Intl.supportedValuesOf('timeZone').filter((zone) => zone !== utcZone)]
  return zones
}
