import { data, type LinksFunction, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import type { Tier } from '#db/schema/enums'
import { ticketChannels } from '#db/schema/tickets'
import { DataTable, type Column } from '~/components/data-table'
import { useMarketName } from '~/components/market-name'
import { BarChart, LineChart } from '~/components/outcome-chart'
import { db } from '~/db.server'
import { isoDay, tierFilters, type FilterProblem } from '~/modules/analytics/analytics.schema'
import {
  cockpitFilters,
  loadCockpit,
  type Cockpit,
  type OutcomeVerdict,
  type SummaryOutcome,
} from '~/modules/analytics/cockpit.server'
import { requireStaff } from '~/modules/auth/guards.server'
import type { RouteHandle } from '~/modules/http/route-handle'
import {
  formatDate,
  formatDayMonth,
  formatDecimal,
  formatMonth,
  formatNumber,
  formatShare,
  formatShortMonth,
  formatUsd,
} from '~/modules/i18n/format'
import { localeNames, type Locale } from '~/modules/i18n/locales'
import { localeParam } from '~/modules/i18n/params'
import { useTranslation } from '~/modules/i18n/use-translation'
import chartStyles from '~/styles/outcome-chart.css?url'

export const handle: RouteHandle = { title: (t) => t('analytics:title') }

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: chartStyles }]

type Problem = { problem: FilterProblem }

/**
 * `/:lang/staff/analytics`: the outcomes cockpit (docs/design.md, the cockpit contract). Read-only,
 * for every staff role. The filters live in the URL (a GET form), so a view can be shared and
 * works without JavaScript; a filter that cannot be honoured is a 400 with the form and a
 * message, never a page of other figures.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const locale = localeParam(params)
  await requireStaff(request, locale)
  const { markets, parsed } = await cockpitFilters(request)
  const query = Object.fromEntries(new URL(request.url).searchParams)
  if ('problem' in parsed)
    return data({ locale, markets, query, problem: parsed.problem, filters: null, cockpit: null }, 400)
  const { filters } = parsed
  return {
    locale,
    markets,
    query,
    problem: null,
    filters: {
      from: isoDay(filters.from),
      to: isoDay(filters.to),
      market: filters.market,
      tier: filters.tier,
    },
    cockpit: await loadCockpit(db, filters),
  }
}

type Filters = { from: string; to: string; market: string; tier: string }

// Formatters come from ~/modules/i18n/format, which keeps one Intl object per locale and style:
// building one per table cell cost more than the cockpit's queries.
function percent(locale: Locale, value: number | null, digits = 1) {
  return value === null ? '—' : formatShare(locale, value, digits)
}

function decimal(locale: Locale, value: number | null, digits = 1) {
  return value === null ? '—' : formatDecimal(locale, value, digits)
}

const usd = formatUsd

/** An ISO week on an axis or in a table: the date of its Monday, in the reader's language. */
function weekLabel(locale: Locale, week: string) {
  const [year, number] = week.split('-W').map(Number) as [number, number]
  const jan4 = Date.UTC(year, 0, 4)
  const weekday = new Date(jan4).getUTCDay() || 7
  const monday = jan4 - (weekday - 1) * 86_400_000 + (number - 1) * 7 * 86_400_000
  return formatDayMonth(locale, monday)
}

const shortMonth = formatShortMonth

export default function OutcomesCockpit() {
  const { t } = useTranslation(['analytics', 'staff', 'common'])
  const { locale, markets, query, problem, filters, cockpit } = useLoaderData<typeof loader>() as unknown as {
    locale: Locale
    markets: { code: string; name: string }[]
    query: Record<string, string>
    problem: Problem['problem'] | null
    filters: Filters | null
    cockpit: Cockpit | null
  }
  const marketName = useMarketName()
  const nameOf = (code: string) =>
    code === 'all'
      ? t('filters.allMarkets')
      : marketName(markets.find((m) => m.code === code) ?? { code, name: code })
  const csvHref = (metric: string) =>
    `/${locale}/staff/analytics.csv?${new URLSearchParams({ metric, ...(filters ?? {}) })}`

  return (
    <div className="page">
      <h1>{t('title')}</h1>
      <p className="lead">{t('lead')}</p>
      <Form method="get" className="filters" role="search" aria-label={t('filters.label')}>
        <div className="field">
          <label htmlFor="cockpit-from">{t('filters.from')}</label>
          <input id="cockpit-from" type="date" name="from" defaultValue={filters?.from ?? query.from ?? ''} />
        </div>
        <div className="field">
          <label htmlFor="cockpit-to">{t('filters.to')}</label>
          <input id="cockpit-to" type="date" name="to" defaultValue={filters?.to ?? query.to ?? ''} />
        </div>
        <div className="field">
          <label htmlFor="cockpit-market">{t('staff:accounts.market')}</label>
          <select id="cockpit-market" name="market" defaultValue={filters?.market ?? 'all'}>
            <option value="all">{t('filters.allMarkets')}</option>
            {markets.map((m) => (
              <option key={m.code} value={m.code}>
                {marketName(m)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="cockpit-tier">{t('staff:accounts.tier')}</label>
          <select id="cockpit-tier" name="tier" defaultValue={filters?.tier ?? 'all'}>
            {tierFilters.map((tier) => (
              <option key={tier} value={tier}>
                {tier === 'all' ? t('filters.allTiers') : t(`common:tier.${tier}`)}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="button">
          {t('staff:accounts.apply')}
        </button>
      </Form>

      {problem || !filters || !cockpit ? (
        <p className="notice notice--error" role="alert">
          {t(problem ?? 'analytics:errors.date')}
        </p>
      ) : (
        <>
          <p role="status">
            {t('period', {
              from: formatDate(locale, new Date(`${filters.from}T00:00:00Z`)),
              to: formatDate(locale, new Date(`${filters.to}T00:00:00Z`)),
              market: nameOf(filters.market),
              tier: filters.tier === 'all' ? t('filters.allTiers') : t(`common:tier.${filters.tier as Tier}`),
            })}
          </p>
          <SummarySection cockpit={cockpit} locale={locale} nameOf={nameOf} />
          <ChannelShareSection
            cockpit={cockpit}
            locale={locale}
            nameOf={nameOf}
            csv={csvHref('channel-share')}
          />
          <FirstResponseSection cockpit={cockpit} locale={locale} csv={csvHref('first-response')} />
          <SlaSection cockpit={cockpit} locale={locale} csv={csvHref('sla')} />
          <CsatSection cockpit={cockpit} locale={locale} csv={csvHref('csat')} />
          <DeflectionSection cockpit={cockpit} locale={locale} csv={csvHref('deflection')} />
          <ContentSection cockpit={cockpit} locale={locale} csv={csvHref('content')} />
          <RetentionSection
            cockpit={cockpit}
            locale={locale}
            market={filters.market}
            nameOf={nameOf}
            csv={csvHref('retention')}
            detailCsv={csvHref('retention-accounts')}
          />
          <TtvSection cockpit={cockpit} locale={locale} csv={csvHref('ttv-cohorts')} />
          <TtvLandmarkSection cockpit={cockpit} locale={locale} csv={csvHref('ttv-landmark')} />
        </>
      )}
    </div>
  )
}

function Section({
  id,
  title,
  lead,
  chart,
  table,
  csv,
  children,
}: {
  id: string
  title: string
  lead: string
  chart: React.ReactNode
  table: React.ReactNode
  csv: string
  children?: React.ReactNode
}) {
  const { t } = useTranslation('analytics')
  return (
    <section className="panel" aria-labelledby={`cockpit-${id}`}>
      <h2 id={`cockpit-${id}`}>{title}</h2>
      <p className="muted">{lead}</p>
      <div className="cockpit-section">
        <div>{chart}</div>
        <div className="table-wrap" tabIndex={0} role="region" aria-label={t('tableOf', { title })}>
          {table}
        </div>
      </div>
      {children}
      <p>
        <a href={csv} download>
          {t('downloadCsv', { title })}
        </a>
      </p>
    </section>
  )
}

/** The columns most cockpit tables share, for rows of one type. */
function columnsFor<Row>(locale: Locale) {
  return {
    /** The week a row is about, as the row's header: its ISO name and the date of its Monday. */
    week: (header: string, week: (row: Row) => string): Column<Row> => ({
      key: 'week',
      header,
      rowHeader: true,
      cell: (row) => (
        <>
          {week(row)} <span className="muted">{weekLabel(locale, week(row))}</span>
        </>
      ),
    }),
    /** A whole number, in the reader's digits. */
    count: (key: string, header: string, count: (row: Row) => number): Column<Row> => ({
      key,
      header,
      numeric: true,
      cell: (row) => formatNumber(locale, count(row)),
    }),
  }
}

type Outcome = OutcomeVerdict

const verdictBadge: Record<Outcome['verdict'], string> = {
  meets: 'badge badge--mid',
  misses: 'badge badge--danger',
  noTarget: 'badge badge--muted',
  noData: 'badge badge--muted',
}

/** One line per market: each outcome against its global target, said in words as well as colour. */
function SummarySection({
  cockpit,
  locale,
  nameOf,
}: {
  cockpit: Cockpit
  locale: Locale
  nameOf: (code: string) => string
}) {
  const { t } = useTranslation('analytics')
  const days = (value: number) => t('ttv.days', { count: value, formatted: decimal(locale, value) })
  // The targets are global, the same on every line: said once, in the column's header, so each
  // cell holds only its value and a short verdict that fits on one line.
  const outcomeColumn = (
    key: SummaryOutcome,
    title: string,
    format: (value: number) => string,
  ): Column<Cockpit['summary'][number]> => {
    const target = cockpit.summary[0]?.[key].target ?? null
    return {
      key,
      header: (
        <>
          {title}
          <span className="cockpit-summary__target">
            {target === null
              ? t('summary.verdict.noTarget')
              : t('summary.target', { target: format(target) })}
          </span>
        </>
      ),
      cell: (row) => {
        const outcome = row[key]
        return (
          <>
            {outcome.value === null ? '—' : format(outcome.value)}
            {outcome.verdict === 'noTarget' ? null : (
              <span className={`${verdictBadge[outcome.verdict]} cockpit-summary__verdict`}>
                {t(`summary.verdict.${outcome.verdict}`)}
              </span>
            )}
          </>
        )
      },
    }
  }
  return (
    <section className="panel cockpit-summary" aria-labelledby="cockpit-summary">
      <h2 id="cockpit-summary">{t('summary.title')}</h2>
      <p className="muted">{t('summary.lead')}</p>
      <div className="table-wrap" tabIndex={0} role="region" aria-label={t('summary.title')}>
        <DataTable
          rows={cockpit.summary}
          rowKey={(row) => row.market}
          columns={[
            {
              key: 'market',
              header: t('columns.market'),
              rowHeader: true,
              cell: (row) => nameOf(row.market),
            },
            outcomeColumn('portalShare', t('summary.portalShare'), (v) => percent(locale, v)),
            outcomeColumn('medianTtv', t('summary.medianTtv'), days),
            outcomeColumn('csat', t('columns.csat'), (v) => percent(locale, v)),
            outcomeColumn('breachRate', t('summary.breachRate'), (v) => percent(locale, v)),
            outcomeColumn('nrr', t('summary.nrr'), (v) => percent(locale, v)),
          ]}
        />
      </div>
    </section>
  )
}

function ChannelShareSection({
  cockpit,
  locale,
  nameOf,
  csv,
}: {
  cockpit: Cockpit
  locale: Locale
  nameOf: (code: string) => string
  csv: string
}) {
  const { t } = useTranslation(['analytics', 'tickets'])
  const { rows, passedNinety } = cockpit.channelShare
  const column = columnsFor<string>(locale)
  const weeks = [...new Set(rows.map((r) => r.week))]
  const cell = (week: string, channel: string) => rows.find((r) => r.week === week && r.channel === channel)
  const selected = rows[0]?.market
  const passed = passedNinety.find((p) => p.market === selected)?.week
  return (
    <Section
      id="channel-share"
      title={t('channelShare.title')}
      lead={t('channelShare.lead')}
      csv={csv}
      chart={
        <BarChart
          stacked
          title={t('channelShare.title')}
          description={t('channelShare.description')}
          xLabels={weeks.map((w) => weekLabel(locale, w))}
          yMax={1}
          yLabel={t('channelShare.yLabel')}
          formatY={(v) => percent(locale, v, 0)}
          goal={{ value: 1, label: t('channelShare.goal') }}
          markers={passed ? [{ index: weeks.indexOf(passed), label: t('channelShare.passedMarker') }] : []}
          series={ticketChannels.map((channel) => ({
            label: t(`tickets:channel.${channel}`),
            values: weeks.map((w) => cell(w, channel)?.share ?? null),
          }))}
        />
      }
      table={
        <DataTable
          caption={t('channelShare.tableCaption')}
          rows={weeks}
          rowKey={(week) => week}
          columns={[
            column.week(t('columns.week'), (week) => week),
            ...ticketChannels.map((channel): Column<string> => ({
              key: channel,
              header: t(`tickets:channel.${channel}`),
              numeric: true,
              cell: (week) => {
                const c = cell(week, channel)
                return (
                  <>
                    {percent(locale, c?.share ?? null)}{' '}
                    <span className="muted">({formatNumber(locale, c?.tickets ?? 0)})</span>
                  </>
                )
              },
            })),
          ]}
        />
      }
    >
      <h3>{t('channelShare.passedTitle')}</h3>
      <ul>
        {passedNinety.map((p) => (
          <li key={p.market}>
            {nameOf(p.market)}:{' '}
            {p.week
              ? t('channelShare.passedIn', { week: p.week, date: weekLabel(locale, p.week) })
              : t('channelShare.notPassed')}
          </li>
        ))}
      </ul>
    </Section>
  )
}

function FirstResponseSection({ cockpit, locale, csv }: { cockpit: Cockpit; locale: Locale; csv: string }) {
  const { t } = useTranslation('analytics')
  const rows = cockpit.firstResponse
  const column = columnsFor<(typeof rows)[number]>(locale)
  return (
    <Section
      id="first-response"
      title={t('firstResponse.title')}
      lead={t('firstResponse.lead')}
      csv={csv}
      chart={
        <LineChart
          title={t('firstResponse.title')}
          description={t('firstResponse.description')}
          xLabels={rows.map((r) => weekLabel(locale, r.week))}
          yLabel={t('firstResponse.yLabel')}
          formatY={(v) => decimal(locale, v, 0)}
          series={[
            { label: t('columns.median'), values: rows.map((r) => r.median_minutes) },
            { label: t('columns.p90'), values: rows.map((r) => r.p90_minutes) },
          ]}
        />
      }
      table={
        <DataTable
          caption={t('firstResponse.tableCaption')}
          rows={rows}
          rowKey={(r) => r.week}
          columns={[
            column.week(t('columns.week'), (r) => r.week),
            column.count('responded', t('columns.responded'), (r) => r.responded),
            column.count('awaiting', t('columns.awaiting'), (r) => r.awaiting),
            {
              key: 'median',
              header: t('columns.medianMinutes'),
              numeric: true,
              cell: (r) => decimal(locale, r.median_minutes),
            },
            {
              key: 'p90',
              header: t('columns.p90Minutes'),
              numeric: true,
              cell: (r) => decimal(locale, r.p90_minutes),
            },
          ]}
        />
      }
    />
  )
}

function SlaSection({ cockpit, locale, csv }: { cockpit: Cockpit; locale: Locale; csv: string }) {
  const { t } = useTranslation(['analytics', 'common'])
  const rows = cockpit.sla
  const column = columnsFor<string>(locale)
  const weeks = [...new Set(rows.map((r) => r.week))]
  const tierKeys = [...new Set(rows.map((r) => r.tier))]
  const tierName = (tier: string) =>
    tier === 'all' ? t('filters.allTiers') : t(`common:tier.${tier as Tier}`)
  const cell = (week: string, tier: string) => rows.find((r) => r.week === week && r.tier === tier)
  return (
    <Section
      id="sla"
      title={t('sla.title')}
      lead={t('sla.lead')}
      csv={csv}
      chart={
        <LineChart
          title={t('sla.title')}
          description={t('sla.description')}
          xLabels={weeks.map((w) => weekLabel(locale, w))}
          yLabel={t('sla.yLabel')}
          formatY={(v) => percent(locale, v, 0)}
          series={tierKeys.map((tier) => ({
            label: tierName(tier),
            values: weeks.map((w) => cell(w, tier)?.breach_rate ?? null),
          }))}
        />
      }
      table={
        <DataTable
          caption={t('sla.tableCaption')}
          rows={weeks}
          rowKey={(week) => week}
          columns={[
            column.week(t('columns.week'), (week) => week),
            ...tierKeys.map((tier): Column<string> => ({
              key: tier,
              header: tierName(tier),
              numeric: true,
              cell: (week) => {
                const c = cell(week, tier)
                return (
                  <>
                    {percent(locale, c?.breach_rate ?? null)}{' '}
                    <span className="muted">
                      ({formatNumber(locale, c?.breached ?? 0)}/{formatNumber(locale, c?.tickets ?? 0)})
                    </span>
                  </>
                )
              },
            })),
          ]}
        />
      }
    />
  )
}

function CsatSection({ cockpit, locale, csv }: { cockpit: Cockpit; locale: Locale; csv: string }) {
  const { t } = useTranslation('analytics')
  const { rows, languages, comments } = cockpit.csat
  const column = columnsFor<(typeof rows)[number]>(locale)
  return (
    <Section
      id="csat"
      title={t('csat.title')}
      lead={t('csat.lead')}
      csv={csv}
      chart={
        <BarChart
          title={t('csat.title')}
          description={t('csat.description')}
          xLabels={rows.map((r) => shortMonth(locale, r.month))}
          yMax={1}
          yLabel={t('csat.yLabel')}
          formatY={(v) => percent(locale, v, 0)}
          series={[{ label: t('csat.series'), values: rows.map((r) => r.csat) }]}
        />
      }
      table={
        <DataTable
          caption={t('csat.tableCaption')}
          rows={rows}
          rowKey={(r) => r.month}
          columns={[
            {
              key: 'month',
              header: t('columns.month'),
              rowHeader: true,
              cell: (r) => formatMonth(locale, r.month),
            },
            column.count('ratings', t('columns.ratings'), (r) => r.ratings),
            column.count('satisfied', t('columns.satisfied'), (r) => r.satisfied),
            { key: 'csat', header: t('columns.csat'), numeric: true, cell: (r) => percent(locale, r.csat) },
          ]}
        />
      }
    >
      <h3>{t('csat.byLanguage')}</h3>
      <ul>
        {languages.map((l) => (
          <li key={l.locale}>
            {localeNames[l.locale]}: {percent(locale, l.csat)}{' '}
            <span className="muted">
              {t('csat.ratingsCount', { count: l.ratings, formatted: formatNumber(locale, l.ratings) })}
            </span>
          </li>
        ))}
      </ul>
      <details>
        <summary>
          {t('csat.lowRated', { count: comments.length, formatted: formatNumber(locale, comments.length) })}
        </summary>
        {comments.length === 0 ? (
          <p className="muted">{t('csat.noLowRated')}</p>
        ) : (
          <ul>
            {comments.map((c) => (
              <li key={c.ticketNumber}>
                <Link to={`/${locale}/staff/tickets/${c.ticketNumber}`}>#{c.ticketNumber}</Link> ·{' '}
                {t('csat.ratingOf', { rating: c.rating })} · {formatDate(locale, new Date(c.ratedAt))} ·{' '}
                {localeNames[c.locale]}
                <blockquote lang={c.locale}>{c.comment}</blockquote>
              </li>
            ))}
          </ul>
        )}
      </details>
    </Section>
  )
}

function DeflectionSection({ cockpit, locale, csv }: { cockpit: Cockpit; locale: Locale; csv: string }) {
  const { t } = useTranslation('analytics')
  const rows = cockpit.deflection
  const column = columnsFor<(typeof rows)[number]>(locale)
  return (
    <Section
      id="deflection"
      title={t('deflection.title')}
      lead={t('deflection.lead')}
      csv={csv}
      chart={
        <LineChart
          title={t('deflection.title')}
          description={t('deflection.description')}
          xLabels={rows.map((r) => weekLabel(locale, r.week))}
          yLabel={t('deflection.yLabel')}
          formatY={(v) => percent(locale, v, 0)}
          series={[{ label: t('columns.deflectionRate'), values: rows.map((r) => r.deflection_rate) }]}
        />
      }
      table={
        <DataTable
          caption={t('deflection.tableCaption')}
          rows={rows}
          rowKey={(r) => r.week}
          columns={[
            column.week(t('columns.week'), (r) => r.week),
            column.count('forms', t('columns.ticketForms'), (r) => r.ticket_forms),
            column.count('suggestions', t('columns.suggestionsOpened'), (r) => r.suggestions_opened),
            column.count('deflected', t('columns.deflected'), (r) => r.deflected),
            {
              key: 'rate',
              header: t('columns.deflectionRate'),
              numeric: true,
              cell: (r) => percent(locale, r.deflection_rate),
            },
          ]}
        />
      }
    />
  )
}

function ContentSection({ cockpit, locale, csv }: { cockpit: Cockpit; locale: Locale; csv: string }) {
  const { t } = useTranslation('analytics')
  const rows = cockpit.content
  const column = columnsFor<(typeof rows)[number]>(locale)
  const articles = rows.flatMap((r) => r.top.map((article) => ({ locale: r.locale, ...article })))
  const articleColumn = columnsFor<(typeof articles)[number]>(locale)
  return (
    <Section
      id="content"
      title={t('content.title')}
      lead={t('content.lead')}
      csv={csv}
      chart={
        <BarChart
          title={t('content.title')}
          description={t('content.description')}
          xLabels={rows.map((r) => localeNames[r.locale])}
          yLabel={t('content.yLabel')}
          formatY={(v) => decimal(locale, v, 0)}
          series={[
            { label: t('columns.views'), values: rows.map((r) => r.views) },
            { label: t('columns.searches'), values: rows.map((r) => r.searches) },
            { label: t('columns.noResultSearches'), values: rows.map((r) => r.noResult) },
          ]}
        />
      }
      table={
        <DataTable
          caption={t('content.tableCaption')}
          rows={rows}
          rowKey={(r) => r.locale}
          columns={[
            {
              key: 'locale',
              header: t('columns.locale'),
              rowHeader: true,
              cell: (r) => localeNames[r.locale],
            },
            column.count('views', t('columns.views'), (r) => r.views),
            {
              key: 'untranslated',
              header: t('columns.untranslated'),
              numeric: true,
              cell: (r) => (
                <>
                  {formatNumber(locale, r.untranslated)}{' '}
                  <span className="muted">
                    ({percent(locale, r.views ? r.untranslated / r.views : null, 0)})
                  </span>
                </>
              ),
            },
            {
              key: 'stale',
              header: t('columns.stale'),
              numeric: true,
              cell: (r) => (
                <>
                  {formatNumber(locale, r.stale)}{' '}
                  <span className="muted">({percent(locale, r.views ? r.stale / r.views : null, 0)})</span>
                </>
              ),
            },
            column.count('searches', t('columns.searches'), (r) => r.searches),
            {
              key: 'noResult',
              header: t('columns.noResultSearches'),
              numeric: true,
              cell: (r) => (
                <Link to={`/${locale}/staff/content/searches?locale=${r.locale}`}>
                  {formatNumber(locale, r.noResult)}
                  <span className="visually-hidden">
                    {' '}
                    {t('content.gapListFor', { language: localeNames[r.locale] })}
                  </span>
                </Link>
              ),
            },
          ]}
        />
      }
    >
      <h3>{t('content.topArticles')}</h3>
      <div className="table-wrap" tabIndex={0} role="region" aria-label={t('content.topArticles')}>
        <DataTable
          rows={articles}
          rowKey={(a) => `${a.locale}-${a.slug}`}
          columns={[
            { key: 'locale', header: t('columns.locale'), cell: (a) => localeNames[a.locale] },
            {
              key: 'article',
              header: t('columns.article'),
              cell: (a) => <Link to={`/${a.locale}/kb/${encodeURIComponent(a.slug)}`}>{a.slug}</Link>,
            },
            articleColumn.count('views', t('columns.views'), (a) => a.views),
            articleColumn.count('yes', t('columns.helpfulYes'), (a) => a.yes),
            articleColumn.count('no', t('columns.helpfulNo'), (a) => a.no),
          ]}
        />
      </div>
      <p>
        <Link to={`/${locale}/staff/content/searches`}>{t('content.gapList')}</Link>
      </p>
    </Section>
  )
}

function RetentionSection({
  cockpit,
  locale,
  market,
  nameOf,
  csv,
  detailCsv,
}: {
  cockpit: Cockpit
  locale: Locale
  market: string
  nameOf: (code: string) => string
  csv: string
  detailCsv: string
}) {
  const { t } = useTranslation('analytics')
  const rows = cockpit.retention
  const column = columnsFor<(typeof rows)[number]>(locale)
  const selected = rows.filter((r) => r.market === market)
  return (
    <Section
      id="retention"
      title={t('retention.title')}
      lead={t('retention.lead')}
      csv={csv}
      chart={
        <LineChart
          title={t('retention.title')}
          description={t('retention.description', { market: nameOf(market) })}
          xLabels={selected.map((r) => shortMonth(locale, r.month))}
          yLabel={t('retention.yLabel')}
          formatY={(v) => percent(locale, v, 0)}
          series={[
            { label: t('columns.grr'), values: selected.map((r) => r.grr) },
            { label: t('columns.nrr'), values: selected.map((r) => r.nrr) },
          ]}
        />
      }
      table={
        <DataTable
          caption={t('retention.tableCaption')}
          rows={rows}
          rowKey={(r) => `${r.month}-${r.market}`}
          columns={[
            { key: 'month', header: t('columns.month'), cell: (r) => formatMonth(locale, r.month) },
            { key: 'market', header: t('columns.market'), cell: (r) => nameOf(r.market) },
            column.count('accounts', t('columns.accounts'), (r) => r.accounts),
            {
              key: 'start',
              header: t('columns.startArr'),
              numeric: true,
              cell: (r) => usd(locale, r.start_arr_usd),
            },
            { key: 'grr', header: t('columns.grr'), numeric: true, cell: (r) => percent(locale, r.grr) },
            { key: 'nrr', header: t('columns.nrr'), numeric: true, cell: (r) => percent(locale, r.nrr) },
          ]}
        />
      }
    >
      <p>
        <a href={detailCsv} download>
          {t('retention.detail')}
        </a>
      </p>
    </Section>
  )
}

/** The interval of a median as the tables show it: an open upper end is ∞, none at all is —. */
function intervalText(locale: Locale, row: { ci_low: number | null; ci_high: number | null }) {
  if (row.ci_low === null && row.ci_high === null) return '—'
  return `${row.ci_low === null ? '—' : decimal(locale, row.ci_low)}–${row.ci_high === null ? '∞' : decimal(locale, row.ci_high)}`
}

function TtvSection({ cockpit, locale, csv }: { cockpit: Cockpit; locale: Locale; csv: string }) {
  const { t } = useTranslation('analytics')
  const { rows, launchMonth } = cockpit.ttvCohorts
  const column = columnsFor<(typeof rows)[number]>(locale)
  const days = (value: number | null) =>
    value === null ? '—' : t('ttv.days', { count: value, formatted: decimal(locale, value) })
  const launchIndex = rows.findIndex((r) => r.cohort === launchMonth)
  return (
    <Section
      id="ttv"
      title={t('ttv.title')}
      lead={t('ttv.lead')}
      csv={csv}
      chart={
        <LineChart
          title={t('ttv.title')}
          description={t('ttv.description')}
          xLabels={rows.map((r) => shortMonth(locale, r.cohort))}
          yLabel={t('ttv.yLabel')}
          formatY={(v) => decimal(locale, v, 0)}
          series={[{ label: t('columns.medianDays'), values: rows.map((r) => r.median_days) }]}
          intervals={rows.map((r) => ({
            low: r.median_days === null ? null : r.ci_low,
            high: r.median_days === null ? null : r.ci_high,
          }))}
          markers={
            launchMonth && launchIndex >= 0
              ? [
                  {
                    index: launchIndex,
                    label: t('ttv.launchMarker', { month: formatMonth(locale, launchMonth) }),
                  },
                ]
              : []
          }
        />
      }
      table={
        <DataTable
          caption={t('ttv.tableCaption')}
          rows={rows}
          rowKey={(r) => r.cohort}
          columns={[
            {
              key: 'cohort',
              header: t('columns.cohort'),
              rowHeader: true,
              cell: (r) =>
                r.cohort === launchMonth ? (
                  <>
                    {formatMonth(locale, r.cohort)} <span className="muted">({t('ttv.launchCohort')})</span>
                  </>
                ) : (
                  formatMonth(locale, r.cohort)
                ),
            },
            column.count('accounts', t('columns.accounts'), (r) => r.accounts),
            column.count('reached', t('columns.reached'), (r) => r.reached),
            column.count('censored', t('columns.censored'), (r) => r.censored),
            {
              key: 'median',
              header: t('columns.medianDays'),
              numeric: true,
              cell: (r) =>
                r.accounts > 0 && r.median_days === null ? t('ttv.notReached') : days(r.median_days),
            },
            { key: 'ci', header: t('columns.ci'), cell: (r) => intervalText(locale, r) },
          ]}
        />
      }
    >
      {launchMonth && <p>{t('ttv.launchedIn', { month: formatMonth(locale, launchMonth) })}</p>}
    </Section>
  )
}

/** The landmark comparison of portal users and non-users, per service level (ttv-landmark). */
function TtvLandmarkSection({ cockpit, locale, csv }: { cockpit: Cockpit; locale: Locale; csv: string }) {
  const { t } = useTranslation(['analytics', 'common'])
  const rows = cockpit.ttvLandmark
  const column = columnsFor<(typeof rows)[number]>(locale)
  const tierName = (tier: string) =>
    tier === 'all' ? t('filters.allTiers') : t(`common:tier.${tier as Tier}`)
  const tiersShown = [...new Set(rows.map((r) => r.tier))]
  const median = (tier: string, group: string) =>
    rows.find((r) => r.tier === tier && r.group === group)?.median_days ?? null
  return (
    <Section
      id="ttv-landmark"
      title={t('landmark.title')}
      lead={t('landmark.lead')}
      csv={csv}
      chart={
        <BarChart
          title={t('landmark.title')}
          description={t('landmark.description')}
          xLabels={tiersShown.map(tierName)}
          yLabel={t('landmark.yLabel')}
          formatY={(v) => decimal(locale, v, 0)}
          series={(['users', 'non_users'] as const).map((group) => ({
            label: t(`landmark.groups.${group}`),
            values: tiersShown.map((tier) => median(tier, group)),
          }))}
        />
      }
      table={
        <DataTable
          caption={t('landmark.tableCaption')}
          rows={rows}
          rowKey={(r) => `${r.tier}-${r.group}`}
          columns={[
            { key: 'tier', header: t('landmark.tier'), rowHeader: true, cell: (r) => tierName(r.tier) },
            { key: 'group', header: t('landmark.group'), cell: (r) => t(`landmark.groups.${r.group}`) },
            column.count('accounts', t('columns.accounts'), (r) => r.accounts),
            column.count('reached', t('columns.reached'), (r) => r.reached),
            column.count('censored', t('columns.censored'), (r) => r.censored),
            {
              key: 'median',
              header: t('columns.medianDays'),
              numeric: true,
              cell: (r) =>
                r.median_days === null
                  ? r.accounts > 0
                    ? t('ttv.notReached')
                    : '—'
                  : t('ttv.days', { count: r.median_days, formatted: decimal(locale, r.median_days) }),
            },
            { key: 'ci', header: t('columns.ci'), cell: (r) => intervalText(locale, r) },
          ]}
        />
      }
    >
      <p>{t('landmark.caveat')}</p>
    </Section>
  )
}
