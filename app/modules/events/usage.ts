import type { EventType, Locale } from '#db/schema/enums'

/**
 * What a served page was a use of: an article read, a search made. A loader does not write it;
 * it names it in this header, and the HTTP server records it each time the response is served,
 * from the page cache too, then drops the header. So a cached article still counts every view,
 * and a repeated search is still logged.
 */
export const usageHeader = 'X-Hub-Usage'

export type Usage =
  | {
      kind: 'event'
      type: EventType
      userId: number | null
      accountId: number | null
      ref: string | null
      locale: Locale | null
    }
  | { kind: 'search'; query: string; locale: Locale; resultCount: number; userId: number | null }

/** The header for a loader's response (headers carry Latin-1 only, so the JSON is %-encoded). */
export function usageHeaders(usages: Usage[]): Record<string, string> {
  return usages.length ? { [usageHeader]: encodeURIComponent(JSON.stringify(usages)) } : {}
}

export function usagesOf(header: string | null): Usage[] {
  if (!header) return []
  try {
    const parsed: unknown = JSON.parse(decodeURIComponent(header))
    return Array.isArray(parsed) ? (parsed as Usage[]) : []
  } catch {
    return []
  }
}

type Recorder = (usages: Usage[]) => void

/**
 * The recorder lives in the Remix build (it writes to the database); the HTTP server script
 * loads its own copy of this module, so the two meet on globalThis, as the clock hook does.
 */
const recorderKey = Symbol.for('customer-hub.usage-recorder')
const holder = globalThis as { [recorderKey]?: Recorder }

export function installUsageRecorder(recorder: Recorder) {
  holder[recorderKey] = recorder
}

/** Called by the server for every response it sends. */
export function recordServedUsage(header: string | null) {
  const usages = usagesOf(header)
  if (usages.length) holder[recorderKey]?.(usages)
}
