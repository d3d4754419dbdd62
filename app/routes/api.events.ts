import type { ActionFunctionArgs } from '@remix-run/node'
import { clock } from '~/modules/clock/clock'
import { createRateLimiter } from '~/modules/http/rate-limiter.server'
import { authenticateApiToken } from '~/modules/integrations/api-tokens.server'
import { productEventSchema } from '~/modules/integrations/product-events.schema'
import { ingestProductEvent } from '~/modules/integrations/product-events.server'

/** One event is a few hundred bytes; anything far larger is a mistake, not an event. */
const maxBodyBytes = 16 * 1024

/** Per token; held in memory, enough for one process (docs/design.md's scale path). */
const rateLimiter = createRateLimiter({ windowMs: 60_000, max: 120 })

const problem = (
  status: number,
  code: string,
  message: string,
  init: { headers?: HeadersInit; details?: unknown } = {},
) =>
  Response.json(
    { error: { code, message, ...(init.details ? { details: init.details } : {}) } },
    { status, headers: init.headers },
  )

export function loader() {
  return problem(405, 'method_not_allowed', 'Use POST to send product events.', {
    headers: { Allow: 'POST' },
  })
}

/**
 * `POST /api/events` with `Authorization: Bearer <token>`: a product event that may
 * complete checklist items. Answers are JSON with a stable `error.code` for machines.
 */
export async function action({ request }: ActionFunctionArgs) {
  if (request.method !== 'POST')
    return problem(405, 'method_not_allowed', 'Use POST to send product events.', {
      headers: { Allow: 'POST' },
    })
  const token = await authenticateApiToken(request.headers.get('Authorization'))
  if (!token)
    return problem(401, 'unauthorized', 'Send a valid, unrevoked token as "Authorization: Bearer <token>".', {
      headers: { 'WWW-Authenticate': 'Bearer' },
    })

  const retryAfter = rateLimiter.hit(`token:${token.id}`)
  if (retryAfter > 0)
    return problem(429, 'rate_limited', `Too many events; retry in ${retryAfter} s.`, {
      headers: { 'Retry-After': String(retryAfter) },
    })

  if (!/^application\/json\b/i.test(request.headers.get('Content-Type') ?? ''))
    return problem(415, 'unsupported_media_type', 'Send the event as application/json.')
  const declared = Number(request.headers.get('Content-Length') ?? 0)
  if (declared > maxBodyBytes)
    return problem(413, 'payload_too_large', `An event body may be at most ${maxBodyBytes} bytes.`)
  const text = await request.text()
  if (Buffer.byteLength(text) > maxBodyBytes)
    return problem(413, 'payload_too_large', `An event body may be at most ${maxBodyBytes} bytes.`)

  let body: unknown
  try {
    body = JSON.parse(text)
  } catch {
    return problem(400, 'invalid_json', 'The body is not valid JSON.')
  }
  const parsed = productEventSchema.safeParse(body)
  if (!parsed.success) {
    const details = parsed.error.issues.map((issue) => ({
      field: issue.path.join('.') || '(body)',
      message: issue.message,
    }))
    return problem(400, 'invalid_event', 'The event does not match the schema.', { details })
  }
  if (new Date(parsed.data.occurredAt).getTime() > clock.now().getTime() + 5 * 60_000) {
    return problem(422, 'occurred_in_future', 'occurredAt lies in the future.')
  }

  const result = await ingestProductEvent({ tokenId: token.id, event: parsed.data })
  switch (result.status) {
    case 'unknown-account':
      return problem(422, 'unknown_account', 'No account has this id or external id.')
    case 'unknown-event':
      return problem(422, 'unknown_event', `No checklist item listens to the event "${parsed.data.event}".`)
    case 'before-onboarding-start':
      return problem(
        422,
        'occurred_before_onboarding_start',
        `occurredAt lies before the account's onboarding start (${result.onboardingStartedAt.toISOString()}).`,
      )
    case 'duplicate':
      return Response.json({ status: 'duplicate' }, { status: 200 })
    case 'accepted':
      return Response.json({ status: 'accepted', completedItems: result.completed }, { status: 202 })
  }
}
