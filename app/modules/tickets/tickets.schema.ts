import { z } from 'zod'
import { ticketCategories, ticketStatuses } from '#db/schema/tickets'
import { cleanLine, cleanText } from '~/modules/http/text'

export const ticketSubjectMax = 200
export const ticketBodyMax = 20_000

/**
 * A sent reply or note answers with a redirect to the ticket with this parameter naming what
 * was sent, so the page that follows can say so (post/redirect/get).
 */
export const sentParam = 'sent'
export const ratingCommentMax = 2_000

const subject = z
  .string({ error: 'form.required' })
  .transform(cleanLine)
  .pipe(z.string().min(1, { error: 'form.required' }).max(ticketSubjectMax, { error: 'form.tooLong' }))

const messageBody = z
  .string({ error: 'form.required' })
  .transform(cleanText)
  .pipe(z.string().min(1, { error: 'form.required' }).max(ticketBodyMax, { error: 'form.tooLong' }))

/** The new-ticket form: exactly `subject`, `body` and `category` (docs/design.md); nothing else is read. */
export const newTicketSchema = z.object({
  subject,
  body: messageBody,
  category: z.enum(ticketCategories, { error: 'form.unknownCategory' }),
})

export const replySchema = z.object({ body: messageBody })

export const ratingSchema = z.object({
  rating: z.coerce
    .number({ error: 'form.ratingRequired' })
    .int({ error: 'form.ratingRequired' })
    .min(1, { error: 'form.ratingRequired' })
    .max(5, { error: 'form.ratingRequired' }),
  comment: z
    .string()
    .optional()
    .transform((value = '') => cleanText(value))
    .pipe(z.string().max(ratingCommentMax, { error: 'form.tooLong' })),
})

/** A colleague to copy on a ticket, or to take off its copy, from the CC forms. */
export const ccSchema = z.object({
  userId: z.coerce
    .number({ error: 'form.ccNotColleague' })
    .int({ error: 'form.ccNotColleague' })
    .positive({ error: 'form.ccNotColleague' })
    .max(2 ** 31, { error: 'form.ccNotColleague' }),
})

/**
 * The colleagues ticked on the new-ticket form (`cc`, repeated). Null when one is not an id at
 * all; whether each is a colleague who may be copied is for copyColleagues to say.
 */
export function readCcIds(form: FormData) {
  const values = form.getAll('cc').map(String)
  if (values.length > 100 || !values.every((v) => /^[1-9]\d{0,9}$/.test(v))) return null
  return values.map(Number)
}

export const ticketIntents = ['reply', 'close', 'reopen', 'rate', 'ccAdd', 'ccRemove'] as const
export type TicketIntent = (typeof ticketIntents)[number]

/** A status filter from the query string; anything else shows every ticket (a stale link still opens). */
export const ticketFiltersSchema = z.object({
  status: z.enum(ticketStatuses).nullable().catch(null),
  /** A page past the last, or nonsense, shows the first (listTicketPageForCustomer). */
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
})

export function parseTicketFilters(search: URLSearchParams) {
  return ticketFiltersSchema.parse({ status: search.get('status'), page: search.get('page') ?? undefined })
}

/** Tickets per page of a customer's list. */
export const customerTicketsPageSize = 25

/** The latest messages a ticket page shows; "Show earlier messages" reaches the rest. */
export const conversationWindow = 20

/**
 * Which part of a conversation to show: by default the latest `conversationWindow` messages;
 * `?before=<message id>` adds the window before that message to what is shown (so the newest
 * stay, with the reply form under them); `?messages=all` shows every message. Nonsense shows the
 * default window.
 */
export function parseConversationWindow(search: URLSearchParams) {
  const before = search.get('before')
  return {
    all: search.get('messages') === 'all',
    before: before && /^[1-9]\d{0,12}$/.test(before) ? Number(before) : null,
  }
}
export type ConversationWindow = ReturnType<typeof parseConversationWindow>

/** A ticket number from the URL; anything that cannot be one is as missing as an unknown one. */
export function ticketNumberParam(value: string | undefined) {
  if (!value || !/^[1-9]\d{0,8}$/.test(value)) throw new Response('Not found', { status: 404 })
  return Number(value)
}

/** What the deflection beacon sends: the suggested article the person opened last. */
export const deflectionSchema = z.object({
  articleId: z.coerce
    .number()
    .int()
    .positive()
    .max(2 ** 31),
})
