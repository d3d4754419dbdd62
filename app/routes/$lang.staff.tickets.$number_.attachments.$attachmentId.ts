import type { LoaderFunctionArgs } from '@remix-run/node'
import { requireStaff } from '~/modules/auth/guards.server'
import { idParam, localeParam } from '~/modules/i18n/params'
import { attachmentResponse, findAttachment } from '~/modules/tickets/attachments.server'
import { ticketNumberParam } from '~/modules/tickets/tickets.schema'
import { findTicketForStaff } from '~/modules/tickets/tickets.server'

/** `GET /:lang/staff/tickets/:number/attachments/:id`: any file of the ticket, internal notes' too. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const locale = localeParam(params)
  await requireStaff(request, locale)
  const ticket = await findTicketForStaff({ number: ticketNumberParam(params.number) })
  if (!ticket) throw new Response('Not found', { status: 404 })
  const attachment = await findAttachment({
    ticketId: ticket.id,
    attachmentId: idParam(params, 'attachmentId'),
    includeInternal: true,
  })
  if (!attachment) throw new Response('Not found', { status: 404 })
  return attachmentResponse(attachment)
}
