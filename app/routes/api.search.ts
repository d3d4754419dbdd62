import type { LoaderFunctionArgs } from '@remix-run/node'
import { z } from 'zod'
import { locales } from '#db/schema/enums'
import { usageHeaders } from '~/modules/events/usage'
import { getViewer } from '~/modules/kb/viewer.server'
import { search, searchUsage } from '~/modules/search/search.server'

const querySchema = z.object({
  // Long queries are cut, not refused: search itself keeps only the first words.
  q: z
    .string()
    .default('')
    .transform((q) => q.slice(0, 1000)),
  lang: z.enum(locales).default('en'),
  limit: z.coerce.number().int().min(1).max(50).default(10),
  typeahead: z.enum(['1']).optional(),
  // The words as typed: no corrections, split words or near neighbours.
  exact: z.enum(['1']).optional(),
})

/** `GET /api/search?q=&lang=&limit=[&exact=1]`: results the caller may read, as JSON. */
export async function loader({ request }: LoaderFunctionArgs) {
  const parsed = querySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams))
  if (!parsed.success) {
    return Response.json(
      { error: 'invalid_query', fields: parsed.error.issues.map((i) => i.path.join('.')) },
      { status: 400 },
    )
  }
  const { q, lang, limit, typeahead, exact } = parsed.data
  const viewer = await getViewer(request)
  const { results, correctedQuery } = q.trim()
    ? await search({ locale: lang, query: q, viewer, limit, exact: exact === '1' })
    : { results: [], correctedQuery: null }
  // Suggestions while typing are not searches: logging them would fill the gap list with half words.
  const usage = typeahead
    ? []
    : searchUsage({ query: q, locale: lang, resultCount: results.length, userId: viewer.userId })
  return Response.json(
    // docs/design.md's contract, and the query as searched when a word was corrected (else null).
    { query: q.slice(0, 200), lang, results, correctedQuery },
    { headers: { 'Cache-Control': viewer.userId ? 'no-store' : 'no-cache', ...usageHeaders(usage) } },
  )
}
