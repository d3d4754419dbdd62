import type { LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useLoaderData, useLocation } from '@remix-run/react'
import { ticketStatuses } from '#db/schema/tickets'
import { Pagination } from '~/components/pagination'
import { ServicePlanPanel } from '~/components/service-plan'
import { Time } from '~/components/time'
import { FormMessage, SelectField } from '~/components/ui/field'
import { requireCustomer } from '~/modules/auth/guards.server'
import type { RouteHandle } from '~/modules/http/route-handle'
import { formatNumber } from '~/modules/i18n/format'
import { localeParam } from '~/modules/i18n/params'
import { useTranslation } from '~/modules/i18n/use-translation'
import { customerTicketsPageSize, parseTicketFilters } from '~/modules/tickets/tickets.schema'
import { getServicePlan, listTicketPageForCustomer } from '~/modules/tickets/tickets.server'

export const handle: RouteHandle = { title: (t) => t('tickets:customer.list.title') }

/**
 * The person's tickets and those colleagues copied them on; an account admin's list is the whole
 * account's (scoped in listTicketsForCustomer).
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const locale = localeParam(params)
  const user = await requireCustomer(request, locale)
  const search = new URL(request.url).searchParams
  const filters = parseTicketFilters(search)
  const [{ rows: tickets, total, page, copiedOnAny }, plan] = await Promise.all([
    listTicketPageForCustomer({
      viewer: user,
      status: filters.status,
      page: filters.page,
      pageSize: customerTicketsPageSize,
    }),
    getServicePlan({ accountId: user.accountId }),
  ])
  // Whose each ticket is matters once the list holds colleagues' tickets.
  const showRequester = user.isAccountAdmin || copiedOnAny
  return {
    locale,
    filters: { ...filters, page },
    total,
    /** Set by "Stop following" on a ticket, which then is no longer the person's to open. */
    stopped: parseStoppedNumber(search.get('stopped')),
    showRequester,
    copiedOnAny,
    isAccountAdmin: user.isAccountAdmin,
    plan,
    tickets: tickets.map((ticket) => ({
      number: ticket.number,
      subject: ticket.subject,
      status: ticket.status,
      category: ticket.category,
      updatedAt: ticket.updatedAt,
      copied: ticket.copied,
      requesterName: showRequester ? ticket.requesterName : null,
    })),
  }
}

function parseStoppedNumber(value: string | null) {
  return value && /^[1-9]\d{0,8}$/.test(value) ? Number(value) : null
}

export default function TicketsPage() {
  const { t } = useTranslation('tickets')
  const { locale, filters, total, isAccountAdmin, showRequester, copiedOnAny, stopped, plan, tickets } =
    useLoaderData<typeof loader>()
  const { pathname } = useLocation()
  return (
    <div className="page tickets-page">
      <h1>{t('customer.list.title')}</h1>
      <p className="lead">
        {isAccountAdmin
          ? t('customer.list.leadAdmin')
          : copiedOnAny
            ? t('customer.list.leadCopied')
            : t('customer.list.leadMember')}
      </p>
      {stopped !== null && <FormMessage success={t('customer.list.stopped', { number: stopped })} />}
      <p>
        <Link to={`/${locale}/tickets/new`} className="button">
          {t('customer.new.title')}
        </Link>
      </p>

      <section aria-labelledby="tickets-heading">
        <h2 id="tickets-heading" className="visually-hidden">
          {t('customer.list.title')}
        </h2>
        <Form method="get" className="filters" role="search" aria-label={t('customer.filters.label')}>
          <SelectField label={t('customer.filters.status')} name="status" defaultValue={filters.status ?? ''}>
            <option value="">{t('customer.filters.any')}</option>
            {ticketStatuses.map((status) => (
              <option key={status} value={status}>
                {t(`status.${status}`)}
              </option>
            ))}
          </SelectField>
          <button type="submit" className="button">
            {t('customer.filters.apply')}
          </button>
          {filters.status && <Link to={pathname}>{t('customer.filters.clear')}</Link>}
        </Form>
        <p role="status">
          {t('customer.list.count', {
            count: total,
            formatted: formatNumber(locale, total),
          })}
        </p>
        {tickets.length === 0 ? (
          <p className="muted">{filters.status ? t('customer.list.noMatch') : t('customer.list.empty')}</p>
        ) : (
          <div className="table-wrap">
            <table className="tickets-table">
              <caption className="visually-hidden">{t('customer.list.title')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('customer.columns.number')}</th>
                  <th scope="col">{t('customer.columns.subject')}</th>
                  <th scope="col">{t('customer.columns.status')}</th>
                  <th scope="col">{t('customer.columns.category')}</th>
                  {showRequester && <th scope="col">{t('customer.columns.requester')}</th>}
                  <th scope="col">{t('customer.columns.updated')}</th>
                </tr>
              </thead>
              <tbody>
                {tickets.map((ticket) => (
                  <tr key={ticket.number} id={`ticket-${ticket.number}`}>
                    <td className="numeric">#{ticket.number}</td>
                    <td>
                      <Link to={`/${locale}/tickets/${ticket.number}`}>{ticket.subject}</Link>
                      {ticket.copied && (
                        <>
                          {' '}
                          <span className="badge" title={t('customer.list.copiedHint')}>
                            {t('customer.list.copied')}
                          </span>
                        </>
                      )}
                    </td>
                    <td>
                      <span className={`badge ticket-status ticket-status--${ticket.status}`}>
                        {t(`status.${ticket.status}`)}
                      </span>
                    </td>
                    <td>{t(`category.${ticket.category}`)}</td>
                    {showRequester && <td>{ticket.requesterName ?? t('customer.formerUser')}</td>}
                    <td>
                      <Time at={ticket.updatedAt} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <Pagination locale={locale} page={filters.page} pageSize={customerTicketsPageSize} total={total} />
      </section>

      {plan && <ServicePlanPanel plan={plan} />}
    </div>
  )
}
