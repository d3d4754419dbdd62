import { z } from 'zod'
import { locales, tiers } from '#db/schema/enums'
import { ticketCategories, ticketChannels, ticketPriorities, ticketStatuses } from '#db/schema/tickets'
import { fields } from '~/modules/http/forms'
import { cleanLine, cleanText } from '~/modules/http/text'

/** Where a ticket stands against its SLA: late already, late within two business hours, or fine. */
export const slaStates = ['breached', 'dueSoon', 'onTrack'] as const
export type SlaState = (typeof slaStates)[number]

/** `active` (the default) is every ticket the team still owes something: new, open, pending. */
export const queueStatuses = ['active', 'all', ...ticketStatuses] as const
export type QueueStatus = (typeof queueStatuses)[number]

export const queuePageSize = 50

/**
 * The queue's query string. Every field falls back to "no filter" on nonsense (`.catch`), so a
 * hand-edited or stale link still opens the queue instead of an error page.
 */
export const queueFiltersSchema = z.object({
  status: z.enum(queueStatuses).catch('active'),
  locale: z.enum(locales).or(z.literal('')).catch(''),
  market: z.string().max(10).catch(''),
  tier: z.enum(tiers).or(z.literal('')).catch(''),
  category: z.enum(ticketCategories).or(z.literal('')).catch(''),
  channel: z.enum(ticketChannels).or(z.literal('')).catch(''),
  /** `me`, `unassigned`, a staff user id, or empty for everyone. */
  assignee: z
    .string()
    .regex(/^(me|unassigned|[1-9]\d{0,9})$/)
    .or(z.literal(''))
    .catch(''),
  sla: z.enum(slaStates).or(z.literal('')).catch(''),
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
})
export type QueueFilters = z.infer<typeof queueFiltersSchema>

/** A reply or an internal note is refused with 413 above this, never cut. */
export const messageMaxLength = 20_000
export const subjectMaxLength = 200

const messageBody = z
  .string({ error: 'form.required' })
  .transform(cleanText)
  .pipe(
    z
      .string()
      .max(messageMaxLength, { error: 'form.messageTooLong' })
      .refine((value) => value.trim().length > 0, { error: 'form.required' }),
  )

export const isMessageTooLong = (fieldErrors: Record<string, string>) =>
  fieldErrors.body === 'form.messageTooLong'

/** Who may be assigned: empty means nobody. The id is checked against staff on the server. */
const assigneeField = z.literal('').or(fields.id)

export const replySchema = z.object({
  body: messageBody,
  /** After a public reply the ticket usually waits for the customer; empty keeps the core's default. */
  nextStatus: z.enum(ticketStatuses).or(z.literal('')).catch(''),
})

export const noteSchema = z.object({ body: messageBody })

export const insertSavedReplySchema = z.object({
  body: z
    .string()
    .max(messageMaxLength * 2)
    .optional()
    .default(''),
  savedReplyId: fields.id,
})

export const ticketUpdateSchema = z.object({
  status: z.enum(ticketStatuses, { error: 'form.invalid' }),
  priority: z.enum(ticketPriorities, { error: 'form.invalid' }),
  category: z.enum(ticketCategories, { error: 'form.invalid' }),
  assigneeId: assigneeField,
})

/** At most this many tickets change in one bulk action: one page of the queue and then some. */
export const bulkMaxTickets = 200

export const bulkSchema = z.object({
  ticketIds: z
    .array(fields.id)
    .min(1, { error: 'form.chooseOne' })
    .max(bulkMaxTickets, { error: 'form.tooMany' }),
  assigneeId: assigneeField.optional(),
  status: z.enum(ticketStatuses).optional(),
})

/** Channels a conversation can be logged from: anything but the portal itself. */
export const offPortalChannels = ticketChannels.filter((c) => c !== 'portal')

export const logTicketSchema = z.object({
  accountId: fields.id,
  requesterId: fields.id,
  channel: z
    .enum(ticketChannels, { error: 'form.invalid' })
    .refine((c) => c !== 'portal', { error: 'form.invalid' }),
  subject: z
    .string({ error: 'form.required' })
    .transform(cleanLine)
    .pipe(z.string().min(1, { error: 'form.required' }).max(subjectMaxLength, { error: 'form.tooLong' })),
  body: messageBody,
  category: z.enum(ticketCategories, { error: 'form.unknownCategory' }),
  priority: z.enum(ticketPriorities).catch('normal'),
})

/** A ticket number as people type it in the URL: digits only, "#1042" is the display form. */
export function parseTicketNumber(value: string | undefined) {
  return value && /^[1-9]\d{0,8}$/.test(value) ? Number(value) : null
}
