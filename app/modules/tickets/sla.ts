import { addBusinessMinutes, businessMinutesBetween, type BusinessHours } from './business-hours'
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
  /** Since when the ticket waits for the customer (status pending); null while the clock runs. */
  slaPausedSince: Date | null
}

/**
 * A target is breached when the thing it waits for came after its due time, or has not come
 * and the due time has passed. A ticket solved (or closed) before answering owes no first
 * response from then on. While the ticket waits for the customer its clock stands still at the
 * moment the wait began, so a wait never breaches; the stored due times move when the customer
 * answers (resumedDueTimes). The same rule is written in SQL in queue.server.ts for filtering.
 */
export function slaBreaches(ticket: SlaFacts, now: Date) {
  const endedAt = ticket.solvedAt ?? ticket.closedAt
  const clockAt = ticket.slaPausedSince ?? now
  const firstResponseMark = ticket.firstResponseAt ?? endedAt ?? clockAt
  const resolutionMark = endedAt ?? clockAt
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
  if (activeStatuses.includes(ticket.status) && !ticket.slaPausedSince && due && due <= input.dueSoonUntil)
    return 'dueSoon'
  return 'onTrack'
}

type DueTimes = { firstResponseDueAt: Date | null; resolutionDueAt: Date | null }

/**
 * The due times once the customer answered a ticket that waited for them from `pausedSince`
 * to `resumedAt`: each target still owed gets the support minutes it had left when the wait
 * began, counted again from the answer. A target already overdue when the wait began stays
 * where it was (waiting cannot undo a breach), and a first response already given keeps its
 * due time (it is history). The pause's support minutes are added to `pausedMinutes`, so a
 * later change of priority can promise again from the arrival (dueTimesFor).
 */
export function resumedDueTimes(
  ticket: DueTimes & { firstResponseAt: Date | null; slaPausedMinutes: number },
  input: { pausedSince: Date; resumedAt: Date; hours: BusinessHours },
): DueTimes & { slaPausedMinutes: number } {
  const move = (due: Date | null) => {
    if (!due || due <= input.pausedSince) return due
    const left = businessMinutesBetween(input.pausedSince, due, input.hours)
    return addBusinessMinutes(input.resumedAt, left, input.hours) ?? due
  }
  return {
    firstResponseDueAt: ticket.firstResponseAt ? ticket.firstResponseDueAt : move(ticket.firstResponseDueAt),
    resolutionDueAt: move(ticket.resolutionDueAt),
    slaPausedMinutes:
      ticket.slaPausedMinutes + businessMinutesBetween(input.pausedSince, input.resumedAt, input.hours),
  }
}

/**
 * The due times a ticket is promised: the targets of its tier and priority, in support minutes
 * of its market from its arrival, plus the support minutes it has already spent waiting for
 * the customer. Null where there is no target or the hours never open.
 */
export function dueTimesFor(input: {
  createdAt: Date
  targets: { firstResponseMinutes: number; resolutionMinutes: number } | null
  pausedMinutes: number
  hours: BusinessHours
}): DueTimes {
  const due = (minutes: number | undefined) =>
    minutes === undefined
      ? null
      : addBusinessMinutes(input.createdAt, minutes + input.pausedMinutes, input.hours)
  return {
    firstResponseDueAt: due(input.targets?.firstResponseMinutes),
    resolutionDueAt: due(input.targets?.resolutionMinutes),
  }
}

type CountdownTarget = 'firstResponse' | 'resolution'
export type SlaCountdown =
  | { kind: 'left'; minutes: number; target: CountdownTarget }
  | { kind: 'overdue'; minutes: number; target: CountdownTarget }
  | { kind: 'waiting' }
  | { kind: 'none' }

/**
 * What the queue and the ticket page say about the next thing owed, in wall-clock time from
 * `now`: time left until its due time, or how long it is overdue. A ticket waiting for the
 * customer says so instead (its clock stands still); a solved or closed one owes nothing.
 */
export function slaCountdown(ticket: SlaFacts, now: Date): SlaCountdown {
  if (!activeStatuses.includes(ticket.status)) return { kind: 'none' }
  if (ticket.slaPausedSince) return { kind: 'waiting' }
  const due = nextDueAt(ticket)
  if (!due) return { kind: 'none' }
  const target: CountdownTarget = ticket.firstResponseAt ? 'resolution' : 'firstResponse'
  const difference = due.getTime() - now.getTime()
  // Whole minutes: "in 0 min" would read as already late, so a last partial minute counts as one.
  const minutes = Math.max(1, Math.floor(Math.abs(difference) / 60_000))
  return difference >= 0 ? { kind: 'left', minutes, target } : { kind: 'overdue', minutes, target }
}
