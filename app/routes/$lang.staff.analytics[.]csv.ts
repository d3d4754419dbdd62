import type { LoaderFunctionArgs } from '@remix-run/node'
import { db } from '~/db.server'
import { isoDay, metricSchema } from '~/modules/analytics/analytics.schema'
import { cockpitFilters } from '~/modules/analytics/cockpit.server'
import { metricTable } from '~/modules/analytics/outcomes.server'
import { requireStaff } from '~/modules/auth/guards.server'
import { csvResponse, toCsv } from '~/modules/http/csv'
import { serverT } from '~/modules/i18n/i18n.server'
import { localeParam } from '~/modules/i18n/params'

/**
 * `/:lang/staff/analytics.csv?metric=<metric>&from&to&market&tier`: one metric of the cockpit
 * with exactly the contract's header (the same in every language: BI tools load these files),
 * UTF-8, formula-safe. An unknown metric or a bad filter is a 400 that says which, in the
 * staff member's language.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const locale = localeParam(params)
  await requireStaff(request, locale)
  const t = serverT(locale)
  const badRequest = (message: string) =>
    new Response(message, { status: 400, headers: { 'Content-Type': 'text/plain; charset=utf-8' } })
  const metric = metricSchema.safeParse(new URL(request.url).searchParams.get('metric'))
  if (!metric.success) return badRequest(t('analytics:errors.metric'))
  const { parsed } = await cockpitFilters(request)
  if ('problem' in parsed) return badRequest(t(parsed.problem))
  const { filters } = parsed
  const { header, rows } = await metricTable(metric.data, { db, ...filters })
  const name = `${metric.data}_${isoDay(filters.from)}_${isoDay(filters.to)}_${filters.market}_${filters.tier}.csv`
  return csvResponse(name, toCsv(header, rows))
}
