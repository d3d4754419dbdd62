import { z } from 'zod'
import { safeRedirect } from '~/modules/http/responses'
import { ticketBodyMax, ticketSubjectMax } from './tickets.schema'

/** The longest page title kept as a ticket's context. */
export const contextTitleMax = 300

/**
 * What another page may hand the new-ticket form in its query string (all optional):
 * `subject` and `body` prefill the fields; `from` and `fromTitle` name the page the person
 * asked from (an article, a video, a course, an onboarding step), kept with the ticket so
 * staff see where they got stuck. A query string anyone can craft, so: cut to size, and
 * `from` only as a same-origin path, never a link elsewhere.
 */
export type TicketPrefill = { subject?: string; body?: string; from?: { path: string; title: string } }

const text = (max: number) =>
  z
    .string()
    .transform((value) => value.trim().slice(0, max))
    .catch('')

export const ticketPrefillSchema = z.object({
  subject: text(ticketSubjectMax),
  body: text(ticketBodyMax),
  from: z
    .string()
    .transform((path) => safeRedirect(path, ''))
    .catch(''),
  fromTitle: text(contextTitleMax),
})

export function readTicketPrefill(params: URLSearchParams) {
  return ticketPrefillSchema.parse({
    subject: params.get('subject') ?? '',
    body: params.get('body') ?? '',
    from: params.get('from') ?? '',
    fromTitle: params.get('fromTitle') ?? '',
  })
}

/** The new-ticket form's address with what to prefill. */
export function newTicketHref(locale: string, prefill: TicketPrefill) {
  const params = new URLSearchParams()
  if (prefill.subject) params.set('subject', prefill.subject)
  if (prefill.body) params.set('body', prefill.body)
  if (prefill.from) {
    params.set('from', prefill.from.path)
    params.set('fromTitle', prefill.from.title)
  }
  const query = params.toString()
  return `/${locale}/tickets/new${query ? `?${query}` : ''}`
}
