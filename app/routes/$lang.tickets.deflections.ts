import type { ActionFunctionArgs } from '@remix-run/node'
import { eq } from 'drizzle-orm'
import { db, schema } from '~/db.server'
import { requireCustomer } from '~/modules/auth/guards.server'
import { parseForm, readForm } from '~/modules/http/forms'
import { localeParam } from '~/modules/i18n/params'
import { deflectionSchema } from '~/modules/tickets/tickets.schema'
import { recordDeflection } from '~/modules/tickets/tickets.server'

/**
 * `POST /:lang/tickets/deflections`: the beacon the new-ticket page sends when someone opened
 * a suggested article and left without sending (see useDeflectionBeacon). A resource route
 * has no Remix origin check; scripts/serve.ts refuses cross-origin POSTs for every route, and
 * the person comes from the session, never from the body.
 */
export async function action({ request, params }: ActionFunctionArgs) {
  const locale = localeParam(params)
  const user = await requireCustomer(request, locale)
  const parsed = parseForm(await readForm(request), deflectionSchema)
  if (!parsed.success) return new Response(null, { status: 400 })
  const [article] = await db
    .select({ id: schema.articles.id })
    .from(schema.articles)
    .where(eq(schema.articles.id, parsed.data.articleId))
  if (!article) return new Response(null, { status: 404 })
  await recordDeflection({ userId: user.id, accountId: user.accountId, articleId: article.id, locale })
  return new Response(null, { status: 204 })
}

export function loader() {
  throw new Response('Not found', { status: 404 })
}
