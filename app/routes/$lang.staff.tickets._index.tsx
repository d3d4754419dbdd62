import { data, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { locales, tiers } from '#db/schema/enums'
import { ticketCategories, ticketChannels, ticketStatuses } from '#db/schema/tickets'
import { useMarketName } from '~/components/market-name'
import { Pagination } from '~/components/pagination'
import { DueTime, SlaBadge, SlaCountdown, ticketLabel } from '~/components/ticket-sla'
import { TimeZoneNote } from '~/components/time'
import { FormMessage } from '~/components/ui/field'
import { listMarkets } from '~/modules/accounts/markets.server'
import { requireRole, requireStaff } from '~/modules/auth/guards.server'
import { parseForm, readForm } from '~/modules/http/forms'
import type { RouteHandle } from '~/modules/http/route-handle'
import { formatNumber } from '~/modules/i18n/format'
import { localeNames } from '~/modules/i18n/locales'
import { localeParam } from '~/modules/i18n/params'
import { useTranslation } from '~/modules/i18n/use-translation'
import {
  bulkSchema,
  queueFiltersSchema,
  queuePageSize,
  queueStatuses,
  slaStates,
  type QueueFilters,
} from '~/modules/tickets/queue.schema'
import {
  assignableRoles,
  bulkUpdateTickets,
  isAssignable,
  listAssignableStaff,
  listQueue,
} from '~/modules/tickets/queue.server'
import styles from '~/styles/staff-tickets.css?url'

export const handle: RouteHandle = { title: (t) => t('staff:tickets.queue.title') }

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: styles }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const locale = localeParam(params)
  const user = await requireStaff(request, locale)
  const filters = queueFiltersSchema.parse(Object.fromEntries(new URL(request.url).searchParams))
  const [{ rows, page, total }, markets, staff] = await Promise.all([
    listQueue({ filters, viewerId: user.id }),
    listMarkets(),
    listAssignableStaff(),
  ])
  return {
    locale,
    filters: { ...filters, page },
    rows,
    total,
    markets: markets.map((m) => ({ code: m.code, name: m.name })),
    staff,
    canManage: (assignableRoles as readonly string[]).includes(user.role),
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const locale = localeParam(params)
  const user = await requireRole(request, locale, assignableRoles)
  const form = await readForm(request)
  const intent = form.get('intent')
  const parsed = parseForm(form, bulkSchema, { arrays: ['ticketIds'] })
  if (!parsed.success)
    return data({ error: parsed.fieldErrors.ticketIds ?? 'form.invalid', updated: 0, skipped: 0 }, 400)

  if (intent === 'assign') {
    const assigneeId = parsed.data.assigneeId
    if (assigneeId === undefined) return data({ error: 'form.invalid', updated: 0, skipped: 0 }, 400)
    if (assigneeId !== '' && !(await isAssignable({ userId: assigneeId })))
      return data({ error: 'form.invalid', updated: 0, skipped: 0 }, 400)
    const result = await bulkUpdateTickets({
      ticketIds: parsed.data.ticketIds,
      actorId: user.id,
      changes: { assigneeId: assigneeId === '' ? null : assigneeId },
    })
    return { error: null, ...result }
  }
  if (intent === 'status') {
    const status = parsed.data.status
    if (!status) return data({ error: 'form.invalid', updated: 0, skipped: 0 }, 400)
    const result = await bulkUpdateTickets({
      ticketIds: parsed.data.ticketIds,
      actorId: user.id,
      changes: { status },
    })
    return { error: null, ...result }
  }
  return data({ error: 'form.unknownAction', updated: 0, skipped: 0 }, 400)
}

export default function TicketQueue() {
  const { t } = useTranslation(['staff', 'tickets', 'common'])
  const { locale, filters, rows, total, markets, staff, canManage } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const marketName = useMarketName()
  return (
    <div className="page page--wide">
      <h1>{t('tickets.queue.title')}</h1>
      <p className="button-row">
        <Link to={`/${locale}/staff/tickets?status=active&sla=dueSoon`}>
          {t('tickets.queue.dueSoonView')}
        </Link>
        <Link to={`/${locale}/staff/tickets?status=active&assignee=me`}>{t('tickets.queue.mineView')}</Link>
        <Link to={`/${locale}/staff/tickets/new`}>{t('tickets.new.link')}</Link>
        <Link to={`/${locale}/staff/tickets/replies`}>{t('savedReplies.title')}</Link>
      </p>

      <Form method="get" className="filters" role="search" aria-label={t('tickets.queue.filters')}>
        <FilterSelect
          id="queue-status"
          label={t('tickets.fields.status')}
          name="status"
          value={filters.status}
          options={queueStatuses.map((s) => [
            s,
            s === 'active' || s === 'all'
              ? t(`tickets.queue.statusGroup.${s}`)
              : t(`tickets:statusForStaff.${s}`),
          ])}
        />
        <FilterSelect
          id="queue-sla"
          label={t('tickets.fields.sla')}
          name="sla"
          value={filters.sla}
          all={t('accounts.all')}
          options={slaStates.map((s) => [s, t(`tickets.sla.${s}`)])}
        />
        <FilterSelect
          id="queue-assignee"
          label={t('tickets.fields.assignee')}
          name="assignee"
          value={filters.assignee}
          all={t('accounts.all')}
          options={[
            ['me', t('tickets.queue.me')],
            ['unassigned', t('tickets.unassigned')],
            ...staff.map((s): [string, string] => [String(s.id), s.name]),
          ]}
        />
        <FilterSelect
          id="queue-locale"
          label={t('accounts.language')}
          name="locale"
          value={filters.locale}
          all={t('accounts.all')}
          options={locales.map((l) => [l, localeNames[l]])}
        />
        <FilterSelect
          id="queue-market"
          label={t('accounts.market')}
          name="market"
          value={filters.market}
          all={t('accounts.all')}
          options={markets.map((m) => [m.code, marketName(m)])}
        />
        <FilterSelect
          id="queue-tier"
          label={t('accounts.tier')}
          name="tier"
          value={filters.tier}
          all={t('accounts.all')}
          options={tiers.map((v) => [v, t(`common:tier.${v}`)])}
        />
        <FilterSelect
          id="queue-category"
          label={t('tickets.fields.category')}
          name="category"
          value={filters.category}
          all={t('accounts.all')}
          options={ticketCategories.map((c) => [c, t(`tickets:category.${c}`)])}
        />
        <FilterSelect
          id="queue-channel"
          label={t('tickets.fields.channel')}
          name="channel"
          value={filters.channel}
          all={t('accounts.all')}
          options={ticketChannels.map((c) => [c, t(`tickets:channel.${c}`)])}
        />
        <button type="submit" className="button">
          {t('accounts.apply')}
        </button>
      </Form>

      <p role="status">
        {t('tickets.queue.count', { count: total, formatted: formatNumber(locale, total) })}
      </p>
      {actionData?.error && <FormMessage error={actionData.error} />}
      {actionData && !actionData.error && (
        <FormMessage
          success={t('tickets.bulk.done', {
            count: actionData.updated,
            formatted: formatNumber(locale, actionData.updated),
          })}
        />
      )}

      {rows.length > 0 && (
        <Form method="post" aria-label={t('tickets.bulk.label')}>
          {canManage && (
            <fieldset className="queue-actions plain-fieldset">
              <legend>{t('tickets.bulk.legend')}</legend>
              <div className="field">
                <label htmlFor="bulk-assignee">{t('tickets.fields.assignee')}</label>
                <select id="bulk-assignee" name="assigneeId" defaultValue="">
                  <option value="">{t('tickets.unassigned')}</option>
                  {staff.map((s) => (
                    <option key={s.id} value={s.id}>
                      {s.name}
                    </option>
                  ))}
                </select>
              </div>
              <button type="submit" name="intent" value="assign" className="button">
                {t('tickets.bulk.assign')}
              </button>
              <div className="field">
                <label htmlFor="bulk-status">{t('tickets.fields.status')}</label>
                <select id="bulk-status" name="status" defaultValue="open">
                  {ticketStatuses.map((s) => (
                    <option key={s} value={s}>
                      {t(`tickets:statusForStaff.${s}`)}
                    </option>
                  ))}
                </select>
              </div>
              <button type="submit" name="intent" value="status" className="button">
                {t('tickets.bulk.setStatus')}
              </button>
            </fieldset>
          )}
          <div className="table-wrap">
            <table className="queue-table">
              <caption className="visually-hidden">{t('tickets.queue.caption')}</caption>
              <thead>
                <tr>
                  {canManage && (
                    <th scope="col" className="select">
                      <span className="visually-hidden">{t('tickets.bulk.selectColumn')}</span>
                    </th>
                  )}
                  <th scope="col">{t('tickets.fields.number')}</th>
                  <th scope="col">{t('tickets.fields.subject')}</th>
                  <th scope="col">{t('accounts.name')}</th>
                  <th scope="col">{t('tickets.fields.status')}</th>
                  <th scope="col">{t('tickets.fields.priority')}</th>
                  <th scope="col">{t('accounts.language')}</th>
                  <th scope="col">{t('tickets.fields.assignee')}</th>
                  <th scope="col" aria-sort="ascending">
                    {t('tickets.fields.nextDue')}
                  </th>
                  <th scope="col">{t('tickets.fields.sla')}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((row) => (
                  <tr key={row.id}>
                    {canManage && (
                      <td className="select">
                        <input
                          type="checkbox"
                          name="ticketIds"
                          value={row.id}
                          id={`select-${row.id}`}
                          aria-label={t('tickets.bulk.select', { number: ticketLabel(row.number) })}
                        />
                      </td>
                    )}
                    <td>
                      <Link to={`/${locale}/staff/tickets/${row.number}`}>{ticketLabel(row.number)}</Link>
                    </td>
                    <td className="subject">
                      {row.subject}
                      {/* Category and channel under the subject: two columns fewer keep the SLA ones on a laptop screen. */}
                      <span className="muted queue-table__kind">
                        {t(`tickets:category.${row.category}`)} · {t(`tickets:channel.${row.channel}`)}
                      </span>
                    </td>
                    <td>
                      {row.accountName} <span className="muted">{row.marketCode}</span>{' '}
                      <span className={`badge badge--${row.tier}`}>{t(`common:tier.${row.tier}`)}</span>
                    </td>
                    <td>{t(`tickets:statusForStaff.${row.status}`)}</td>
                    <td>{t(`tickets:priority.${row.priority}`)}</td>
                    <td lang={row.locale}>{localeNames[row.locale]}</td>
                    <td>{row.assigneeName ?? <span className="muted">{t('tickets.unassigned')}</span>}</td>
                    <td>
                      <DueTime
                        at={row.firstResponseAt ? row.resolutionDueAt : row.firstResponseDueAt}
                        locale={locale}
                      />
                      <span className="muted">
                        {' '}
                        {t(
                          row.firstResponseAt
                            ? 'tickets.sla.resolutionShort'
                            : 'tickets.sla.firstResponseShort',
                        )}
                      </span>
                    </td>
                    <td>
                      <SlaBadge state={row.sla} /> <SlaCountdown countdown={row.countdown} locale={locale} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <TimeZoneNote locale={locale} />
        </Form>
      )}
      <Pagination locale={locale} page={filters.page} pageSize={queuePageSize} total={total} />
    </div>
  )
}

function FilterSelect({
  id,
  label,
  name,
  value,
  options,
  all,
}: {
  id: string
  label: string
  name: keyof QueueFilters
  value: string
  options: [string, string][]
  all?: string
}) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} name={name} defaultValue={value}>
        {all !== undefined && <option value="">{all}</option>}
        {options.map(([v, text]) => (
          <option key={v} value={v}>
            {text}
          </option>
        ))}
      </select>
    </div>
  )
}
