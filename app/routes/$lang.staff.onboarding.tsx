import type { LinksFunction, LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useLoaderData, useLocation } from '@remix-run/react'
import { locales, tiers, type Tier } from '#db/schema/enums'
import { useMarketName } from '~/components/market-name'
import { Pagination } from '~/components/pagination'
import { SurvivalChart } from '~/components/survival-chart'
import { listMarkets } from '~/modules/accounts/markets.server'
import { requireStaff } from '~/modules/auth/guards.server'
import type { RouteHandle } from '~/modules/http/route-handle'
import { formatDate, formatMonth, formatNumber, formatPercent } from '~/modules/i18n/format'
import { localeNames, type Locale } from '~/modules/i18n/locales'
import { localeParam } from '~/modules/i18n/params'
import { useTranslation } from '~/modules/i18n/use-translation'
import {
  trackerFiltersSchema,
  trackerGroupings,
  trackerPageSize,
  trackerSorts,
  ttvStates,
  type TrackerFilters,
} from '~/modules/onboarding/tracker.schema'
import {
  listTrackerPage,
  trackerFilterChoices,
  type OnboardingStatus,
  type TrackerCurves,
} from '~/modules/onboarding/tracker.server'
import chartStyles from '~/styles/survival-chart.css?url'

export const handle: RouteHandle = {
  title: (t) => t('onboarding:tracker.title'),
}

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: chartStyles }]

/**
 * One page of accounts and the aggregates over every account the filters keep (cached in the
 * module until the data changes): nothing else goes to the page, so its size does not grow
 * with the number of accounts.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const locale = localeParam(params)
  await requireStaff(request, locale)
  const filters = trackerFiltersSchema.parse(Object.fromEntries(new URL(request.url).searchParams))
  const [{ rows, page, total, aggregates }, choices, markets] = await Promise.all([
    listTrackerPage({ filters }),
    trackerFilterChoices(),
    listMarkets(),
  ])
  return {
    locale,
    filters: { ...filters, page },
    markets: markets.map((m) => ({ code: m.code, name: m.name })),
    csms: choices.csms,
    months: choices.months,
    rows,
    total,
    states: aggregates.states,
    curves: aggregates.curves,
  }
}

function outcomeText(
  t: (key: string, options?: Record<string, unknown>) => string,
  outcome: OnboardingStatus['timeToValue'],
) {
  if (outcome.kind === 'reached') return t('onboarding:tracker.days', { count: outcome.days })
  if (outcome.kind === 'pending') return t('onboarding:tracker.notReached', { count: outcome.days })
  return t(`onboarding:summary.unmeasured.${outcome.reason}`)
}

export default function OnboardingTracker() {
  const { t } = useTranslation(['onboarding', 'staff', 'common'])
  const { locale, filters, markets, csms, months, rows, total, states, curves } =
    useLoaderData<typeof loader>()
  const marketName = useMarketName()
  const location = useLocation()
  const query = (changes: Record<string, string>, path = '') => {
    const params = new URLSearchParams(location.search)
    // A new order or a download starts from the first row.
    params.delete('page')
    for (const [k, v] of Object.entries(changes)) params.set(k, v)
    return `${path}?${params}`
  }
  const groupLabel = (key: string) => {
    if (filters.groupBy === 'market')
      return marketName(markets.find((m) => m.code === key) ?? { code: key, name: key })
    if (filters.groupBy === 'tier') return t(`common:tier.${key as Tier}`)
    return t(`tracker.group.portal.${key as 'users' | 'nonUsers'}`)
  }
  // The accounts in each state among those the filters keep (the state filter keeps one state).
  const inState = (state: keyof typeof states) =>
    !filters.state || filters.state === state ? states[state] : 0
  const reached = inState('reached')
  const pending = inState('pending')
  return (
    <div className="page">
      <h1>{t('tracker.title')}</h1>
      <p className="lead">{t('tracker.lead')}</p>

      <Form method="get" className="filters" role="search" aria-label={t('tracker.filters')}>
        <FilterSelect
          id="tracker-market"
          label={t('staff:accounts.market')}
          name="market"
          value={filters.market}
          all={t('staff:accounts.all')}
          options={markets.map((m) => [m.code, marketName(m)])}
        />
        <FilterSelect
          id="tracker-tier"
          label={t('staff:accounts.tier')}
          name="tier"
          value={filters.tier}
          all={t('staff:accounts.all')}
          options={tiers.map((v) => [v, t(`common:tier.${v}`)])}
        />
        <FilterSelect
          id="tracker-locale"
          label={t('staff:accounts.language')}
          name="locale"
          value={filters.locale}
          all={t('staff:accounts.all')}
          options={locales.map((l) => [l, localeNames[l]])}
        />
        <FilterSelect
          id="tracker-csm"
          label={t('tracker.csm')}
          name="csm"
          value={String(filters.csm)}
          all={t('staff:accounts.all')}
          options={csms.map((c) => [String(c.id), c.name])}
        />
        <FilterSelect
          id="tracker-start"
          label={t('tracker.startMonth')}
          name="start"
          value={filters.start}
          all={t('staff:accounts.all')}
          options={months.map((m) => [m, formatMonth(locale, m)])}
        />
        <FilterSelect
          id="tracker-state"
          label={t('tracker.state')}
          name="state"
          value={filters.state}
          all={t('staff:accounts.all')}
          options={ttvStates.map((s) => [s, t(`tracker.states.${s}`)])}
        />
        <FilterSelect
          id="tracker-group"
          label={t('tracker.groupBy')}
          name="groupBy"
          value={filters.groupBy}
          options={trackerGroupings.map((g) => [g, t(`tracker.groupings.${g}`)])}
        />
        <input type="hidden" name="sort" value={filters.sort} />
        <input type="hidden" name="dir" value={filters.dir} />
        <button type="submit" className="button">
          {t('staff:accounts.apply')}
        </button>
      </Form>

      <p role="status">
        {t('tracker.counts', {
          count: total,
          formatted: formatNumber(locale, total),
        })}{' '}
        ·{' '}
        {t('tracker.countsDetail', {
          reached: formatNumber(locale, reached),
          pending: formatNumber(locale, pending),
        })}
      </p>

      <div className="tracker-charts">
        {(['timeToValue', 'duration'] as const).map((outcome) => (
          <CurvePanel
            key={outcome}
            outcome={outcome}
            curves={curves[outcome]}
            groupLabel={groupLabel}
            locale={locale}
          />
        ))}
      </div>
      <p>
        <a href={query({ dataset: 'curves' }, `/${locale}/staff/onboarding.csv`)} download>
          {t('tracker.downloadCurves')}
        </a>{' '}
        ·{' '}
        <a href={query({ dataset: 'accounts' }, `/${locale}/staff/onboarding.csv`)} download>
          {t('tracker.downloadAccounts')}
        </a>
      </p>

      <h2 id="tracker-accounts">{t('tracker.accounts')}</h2>
      <div className="table-wrap">
        <table aria-labelledby="tracker-accounts">
          <thead>
            <tr>
              <SortHeader sort="name" label={t('staff:accounts.name')} filters={filters} query={query} />
              <th scope="col">{t('staff:accounts.market')}</th>
              <th scope="col">{t('staff:accounts.tier')}</th>
              <th scope="col">{t('tracker.csm')}</th>
              <SortHeader sort="start" label={t('tracker.t0')} filters={filters} query={query} />
              <SortHeader sort="day" label={t('tracker.day')} filters={filters} query={query} numeric />
              <SortHeader sort="ttv" label={t('tracker.ttv')} filters={filters} query={query} />
              <SortHeader
                sort="completion"
                label={t('tracker.completion')}
                filters={filters}
                query={query}
                numeric
              />
              <th scope="col">{t('tracker.portalUse')}</th>
              <th scope="col" className="numeric">
                {t('tracker.tasks')}
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.id}>
                <td>
                  <Link to={`/${locale}/staff/accounts/${row.id}#onboarding`}>{row.name}</Link>
                </td>
                <td>{row.marketCode}</td>
                <td>
                  <span className={`badge badge--${row.tier}`}>{t(`common:tier.${row.tier}`)}</span>
                </td>
                <td>{row.owner ?? '—'}</td>
                <td>{row.t0 ? formatDate(locale, new Date(row.t0)) : t('tracker.neverStarted')}</td>
                <td className="numeric">{row.day !== null ? formatNumber(locale, row.day) : '—'}</td>
                <td className={row.timeToValue.kind === 'reached' ? '' : 'muted'}>
                  {outcomeText(t as never, row.timeToValue)}
                </td>
                <td className="numeric">
                  {row.total ? `${formatNumber(locale, row.done)}/${formatNumber(locale, row.total)}` : '—'}
                </td>
                <td>
                  {row.portalUser ? t('tracker.group.portal.users') : t('tracker.group.portal.nonUsers')}
                </td>
                <td className="numeric">
                  {formatNumber(locale, row.tasks.open)}
                  {row.tasks.overdue > 0 && (
                    <span className="badge badge--danger">
                      {' '}
                      {t('tracker.overdue', { count: row.tasks.overdue })}
                    </span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Pagination locale={locale} page={filters.page} pageSize={trackerPageSize} total={total} />
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
  name: string
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

function SortHeader({
  sort,
  label,
  filters,
  query,
  numeric,
}: {
  sort: (typeof trackerSorts)[number]
  label: string
  filters: TrackerFilters
  query: (c: Record<string, string>) => string
  numeric?: boolean
}) {
  const active = filters.sort === sort
  const nextDir = active && filters.dir === 'desc' ? 'asc' : 'desc'
  return (
    <th
      scope="col"
      aria-sort={active ? (filters.dir === 'asc' ? 'ascending' : 'descending') : undefined}
      className={numeric ? 'numeric' : undefined}
    >
      <Link to={query({ sort, dir: nextDir })} preventScrollReset>
        {label}
        {active && <span aria-hidden="true">{filters.dir === 'asc' ? ' ▲' : ' ▼'}</span>}
      </Link>
    </th>
  )
}

function CurvePanel({
  outcome,
  curves,
  groupLabel,
  locale,
}: {
  outcome: 'timeToValue' | 'duration'
  curves: TrackerCurves['timeToValue']
  groupLabel: (key: string) => string
  locale: Locale
}) {
  const { t } = useTranslation('onboarding')
  const days = (value: number | null) =>
    value === null ? t('tracker.notReachedShort') : t('tracker.days', { count: value })
  return (
    <section className="panel" aria-labelledby={`curve-${outcome}`}>
      <h2 id={`curve-${outcome}`}>{t(`tracker.outcome.${outcome}`)}</h2>
      {curves.groups.length === 0 ? (
        <p className="muted">{t('tracker.noData')}</p>
      ) : (
        <>
          <SurvivalChart
            title={t(`tracker.chartTitle.${outcome}`)}
            description={t('tracker.chartDescription')}
            xLabel={t('tracker.xLabel')}
            yLabel={t(`tracker.yLabel.${outcome}`)}
            xMax={180}
            locale={locale}
            series={curves.groups.map((g) => ({
              label: groupLabel(g.key),
              points: g.points,
              censoredTimes: g.censoredTimes,
            }))}
          />
          <div className="table-wrap" tabIndex={0} role="region" aria-label={t('tracker.tableCaption')}>
            <table className="compact">
              <caption>{t('tracker.tableCaption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('tracker.groupColumn')}</th>
                  <th scope="col" className="numeric">
                    {t('tracker.accounts')}
                  </th>
                  <th scope="col" className="numeric">
                    {t('tracker.reached')}
                  </th>
                  <th scope="col" className="numeric">
                    {t('tracker.censored')}
                  </th>
                  <th scope="col">{t('tracker.median')}</th>
                  <th scope="col">{t('tracker.ci')}</th>
                  {curves.groups[0]!.table.map((row) => (
                    <th key={row.day} scope="col" className="numeric">
                      {t('tracker.byDay', { day: row.day })}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {curves.groups.map((g) => (
                  <tr key={g.key}>
                    <th scope="row">{groupLabel(g.key)}</th>
                    <td className="numeric">{formatNumber(locale, g.subjects)}</td>
                    <td className="numeric">{formatNumber(locale, g.reached)}</td>
                    <td className="numeric">{formatNumber(locale, g.censored)}</td>
                    <td>{days(g.median.median)}</td>
                    <td>
                      {g.median.median === null
                        ? '—'
                        : `${g.median.lower === null ? '—' : formatNumber(locale, g.median.lower)}–${g.median.upper === null ? '∞' : formatNumber(locale, g.median.upper)}`}
                    </td>
                    {g.table.map((row) => (
                      <td key={row.day} className="numeric">
                        {formatPercent(locale, row.reachedShare)}
                        <span className="muted"> ({t('tracker.atRisk', { count: row.atRisk })})</span>
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {curves.unmeasured > 0 && (
            <p className="muted">{t('tracker.unmeasured', { count: curves.unmeasured })}</p>
          )}
        </>
      )}
    </section>
  )
}
