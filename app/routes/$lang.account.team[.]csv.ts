import type { LoaderFunctionArgs } from '@remix-run/node'
import { getTeamReport, teamReportCsvHeader, teamReportCsvRows } from '~/modules/accounts/team-report.server'
import { requireAccountAdmin } from '~/modules/auth/guards.server'
import { csvResponse, toCsv } from '~/modules/http/csv'
import { localeParam } from '~/modules/i18n/params'

/** `/:lang/account/team.csv`: the team report of the admin's own account, titles in `:lang`. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const locale = localeParam(params)
  const admin = await requireAccountAdmin(request, locale)
  const report = await getTeamReport({ accountId: admin.accountId, locale })
  return csvResponse('team-report.csv', toCsv(teamReportCsvHeader, teamReportCsvRows(report)))
}
