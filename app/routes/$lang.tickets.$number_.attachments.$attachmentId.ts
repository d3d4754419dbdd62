import type { LoaderFunctionArgs } from '@remix-run/node'
import { requireCustomer } from '~/modules/auth/guards.server'
import { idParam, localeParam } from '~/modules/i18n/params'
import { attachmentResponse, findAttachment } from '~/modules/tickets/attachments.server'
import { ticketNumberParam } from '~/modules/tickets/tickets.schema'
import { findTicketForCustomer } from '~/modules/tickets/tickets.server'

/**
 * `GET /:lang/tickets/:number/attachments/:id`: a file of a ticket the person may see, from a
 * message they may read; anything else is a 404, exactly like a file that does not exist.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const locale = localeParam(params)
  const user = await requireCustomer(request, locale)
  const ticket = await findTicketForCustomer({ number: ticketNumberParam(params.number), viewer: user })
  if (!ticket) throw new Response('Not found', { status: 404 })
  const attachment = await findAttachment({
    ticketId: ticket.id,
    attachmentId: idParam(params, 'attachmentId'),
    includeInternal: false,
  })
  if (!attachment) throw new Response('Not found', { status: 404 })
  return attachmentResponse(attachment)
}
