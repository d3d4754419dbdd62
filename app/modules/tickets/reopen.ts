/**
 * How long after a ticket was solved or closed its customer may bring it back: a follow-up
 * within a month is usually the same problem; after that the facts have moved on, and a new
 * ticket about it (which links the old one) starts with a fresh promise instead.
 */
export const reopenWindowDays = 30

const dayMs = 86_400_000

/** Whether a solved or closed ticket may still be reopened by its customer at `now`. */
export function canReopen(
  ticket: { status: string; solvedAt: Date | null; closedAt: Date | null },
  now: Date,
) {
  if (ticket.status !== 'solved' && ticket.status !== 'closed') return false
  // The latest end counts: a solved ticket closed later is still within reach from its closing.
  const endedAt = Math.max(ticket.solvedAt?.getTime() ?? 0, ticket.closedAt?.getTime() ?? 0)
  return endedAt > 0 && now.getTime() - endedAt <= reopenWindowDays * dayMs
}
