import type { SlaState } from './queue.schema'

/** Two business hours: what "breaches soon" means on the queue and the ticket page. */
export const dueSoonBusinessMinutes = 120

type SlaFacts = {
  status: string
  firstResponseDueAt: Date | null
  resolutionDueAt: Date | null
  firstResponseAt: Date | null
  solvedAt: Date | null
  closedAt: Date | null
}

/**
 * A target is breached when the thing it waits for came after its due time, or has not come
 * and the due time has passed. A ticket solved (or closed) before answering owes no first
 * response from then on. The same rule is written in SQL in queue.server.ts for filtering.
 */
export function slaBreaches(ticket: SlaFacts, now: Date) {
  const endedAt = ticket.solvedAt ?? ticket.closedAt
  const firstResponseMark = ticket.firstResponseAt ?? endedAt ?? now
  const resolutionMark = endedAt ?? now
  return {
    firstResponse: !!ticket.firstResponseDueAt && ticket.firstResponseDueAt < firstResponseMark,
    resolution: !!ticket.resolutionDueAt && ticket.resolutionDueAt < resolutionMark,
  }
}

/** The next time the team owes something: the first response while there is none, else the resolution. */
export function nextDueAt(
  ticket: Pick<SlaFacts, 'firstResponseAt' | 'firstResponseDueAt' | 'resolutionDueAt'>,
) {
  return ticket.firstResponseAt ? ticket.resolutionDueAt : ticket.firstResponseDueAt
}

const activeStatuses = ['new', 'open', 'pending']

/** Breached, due before `dueSoonUntil` (two business hours from now in the ticket's market), or on track. */
export function slaStateOf(ticket: SlaFacts, input: { now: Date; dueSoonUntil: Date }): SlaState {
  const breaches = slaBreaches(ticket, input.now)
  if (breaches.firstResponse || breaches.resolution) return 'breached'
  const due = nextDueAt(ticket)
  if (activeStatuses.includes(ticket.status) && due && due <= input.dueSoonUntil) return 'dueSoon'
  return 'onTrack'
}
