import { data, type LinksFunction, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import type { Tier } from '#db/schema/enums'
import { ticketChannels } from '#db/schema/tickets'
import { useMarketName } from '~/components/market-name'
import { BarChart, LineChart } from '~/components/outcome-chart'
import { db } from '~/db.server'
import { isoDay, tierFilters, type FilterProblem } from '~/modules/analytics/analytics.schema'
import {
  cockpitFilters,
  loadCockpit,
  type Cockpit,
  type OutcomeVerdict,
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

function Th({ children, numeric }: { children: React.ReactNode; numeric?: boolean }) {
  return (
    <th scope="col" className={numeric ? 'numeric' : undefined}>
      {children}
    </th>
  )
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
  const cell = (outcome: Outcome, format: (value: number) => string) => (
    <td>
      {outcome.value === null ? '—' : format(outcome.value)}{' '}
      <span className={verdictBadge[outcome.verdict]}>
        {t(`summary.verdict.${outcome.verdict}`, {
          target: outcome.target === null ? '' : format(outcome.target),
        })}
      </span>
    </td>
  )
  return (
    <section className="panel" aria-labelledby="cockpit-summary">
      <h2 id="cockpit-summary">{t('summary.title')}</h2>
      <p className="muted">{t('summary.lead')}</p>
      <div className="table-wrap" tabIndex={0} role="region" aria-label={t('summary.title')}>
        <table className="compact">
          <thead>
            <tr>
              <Th>{t('columns.market')}</Th>
              <Th>{t('summary.portalShare')}</Th>
              <Th>{t('summary.medianTtv')}</Th>
              <Th>{t('columns.csat')}</Th>
              <Th>{t('summary.breachRate')}</Th>
              <Th>{t('summary.nrr')}</Th>
            </tr>
          </thead>
          <tbody>
            {cockpit.summary.map((row) => (
              <tr key={row.market}>
                <th scope="row">{nameOf(row.market)}</th>
                {cell(row.portalShare, (v) => percent(locale, v))}
                {cell(row.medianTtv, days)}
                {cell(row.csat, (v) => percent(locale, v))}
                {cell(row.breachRate, (v) => percent(locale, v))}
                {cell(row.nrr, (v) => percent(locale, v))}
              </tr>
            ))}
          </tbody>
        </table>
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
        <table className="compact">
          <caption>{t('channelShare.tableCaption')}</caption>
          <thead>
            <tr>
              <Th>{t('columns.week')}</Th>
              {ticketChannels.map((channel) => (
                <Th key={channel} numeric>
                  {t(`tickets:channel.${channel}`)}
                </Th>
              ))}
            </tr>
          </thead>
          <tbody>
            {weeks.map((week) => (
              <tr key={week}>
                <th scope="row">
                  {week} <span className="muted">{weekLabel(locale, week)}</span>
                </th>
                {ticketChannels.map((channel) => {
                  const c = cell(week, channel)
                  return (
                    <td key={channel} className="numeric">
                      {percent(locale, c?.share ?? null)}{' '}
                      <span className="muted">({formatNumber(locale, c?.tickets ?? 0)})</span>
                    </td>
                  )
                })}
              </tr>
            ))}
          </tbody>
        </table>
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
        <table className="compact">
          <caption>{t('firstResponse.tableCaption')}</caption>
          <thead>
            <tr>
              <Th>{t('columns.week')}</Th>
              <Th numeric>{t('columns.responded')}</Th>
              <Th numeric>{t('columns.awaiting')}</Th>
              <Th numeric>{t('columns.medianMinutes')}</Th>
              <Th numeric>{t('columns.p90Minutes')}</Th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.week}>
                <th scope="row">
                  {r.week} <span className="muted">{weekLabel(locale, r.week)}</span>
                </th>
                <td className="numeric">{formatNumber(locale, r.responded)}</td>
                <td className="numeric">{formatNumber(locale, r.awaiting)}</td>
                <td className="numeric">{decimal(locale, r.median_minutes)}</td>
                <td className="numeric">{decimal(locale, r.p90_minutes)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      }
    />
  )
}

function SlaSection({ cockpit, locale, csv }: { cockpit: Cockpit; locale: Locale; csv: string }) {
  const { t } = useTranslation(['analytics', 'common'])
  const rows = cockpit.sla
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
        <table className="compact">
          <caption>{t('sla.tableCaption')}</caption>
          <thead>
            <tr>
              <Th>{t('columns.week')}</Th>
              {tierKeys.map((tier) => (
                <Th key={tier} numeric>
                  {tierName(tier)}
                </Th>
              ))}
            </tr>
          </thead>
          <tbody>
            {weeks.map((week) => (
              <tr key={week}>
                <th scope="row">
                  {week} <span className="muted">{weekLabel(locale, week)}</span>
                </th>
                {tierKeys.map((tier) => {
                  const c = cell(week, tier)
                  return (
                    <td key={tier} className="numeric">
                      {percent(locale, c?.breach_rate ?? null)}{' '}
                      <span className="muted">
                        ({formatNumber(locale, c?.breached ?? 0)}/{formatNumber(locale, c?.tickets ?? 0)})
                      </span>
                    </td>
                  )
                })}
              </tr>
            ))}
          </tbody>
        </table>
      }
    />
  )
}

function CsatSection({ cockpit, locale, csv }: { cockpit: Cockpit; locale: Locale; csv: string }) {
  const { t } = useTranslation('analytics')
  const { rows, languages, comments } = cockpit.csat
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
        <table className="compact">
          <caption>{t('csat.tableCaption')}</caption>
          <thead>
            <tr>
              <Th>{t('columns.month')}</Th>
              <Th numeric>{t('columns.ratings')}</Th>
              <Th numeric>{t('columns.satisfied')}</Th>
              <Th numeric>{t('columns.csat')}</Th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.month}>
                <th scope="row">{formatMonth(locale, r.month)}</th>
                <td className="numeric">{formatNumber(locale, r.ratings)}</td>
                <td className="numeric">{formatNumber(locale, r.satisfied)}</td>
                <td className="numeric">{percent(locale, r.csat)}</td>
              </tr>
            ))}
          </tbody>
        </table>
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
        <table className="compact">
          <caption>{t('deflection.tableCaption')}</caption>
          <thead>
            <tr>
              <Th>{t('columns.week')}</Th>
              <Th numeric>{t('columns.ticketForms')}</Th>
              <Th numeric>{t('columns.suggestionsOpened')}</Th>
              <Th numeric>{t('columns.deflected')}</Th>
              <Th numeric>{t('columns.deflectionRate')}</Th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.week}>
                <th scope="row">
                  {r.week} <span className="muted">{weekLabel(locale, r.week)}</span>
                </th>
                <td className="numeric">{formatNumber(locale, r.ticket_forms)}</td>
                <td className="numeric">{formatNumber(locale, r.suggestions_opened)}</td>
                <td className="numeric">{formatNumber(locale, r.deflected)}</td>
                <td className="numeric">{percent(locale, r.deflection_rate)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      }
    />
  )
}

function ContentSection({ cockpit, locale, csv }: { cockpit: Cockpit; locale: Locale; csv: string }) {
  const { t } = useTranslation('analytics')
  const rows = cockpit.content
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
        <table className="compact">
          <caption>{t('content.tableCaption')}</caption>
          <thead>
            <tr>
              <Th>{t('columns.locale')}</Th>
              <Th numeric>{t('columns.views')}</Th>
              <Th numeric>{t('columns.untranslated')}</Th>
              <Th numeric>{t('columns.stale')}</Th>
              <Th numeric>{t('columns.searches')}</Th>
              <Th numeric>{t('columns.noResultSearches')}</Th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.locale}>
                <th scope="row">{localeNames[r.locale]}</th>
                <td className="numeric">{formatNumber(locale, r.views)}</td>
                <td className="numeric">
                  {formatNumber(locale, r.untranslated)}{' '}
                  <span className="muted">
                    ({percent(locale, r.views ? r.untranslated / r.views : null, 0)})
                  </span>
                </td>
                <td className="numeric">
                  {formatNumber(locale, r.stale)}{' '}
                  <span className="muted">({percent(locale, r.views ? r.stale / r.views : null, 0)})</span>
                </td>
                <td className="numeric">{formatNumber(locale, r.searches)}</td>
                <td className="numeric">
                  <Link to={`/${locale}/staff/content/searches?locale=${r.locale}`}>
                    {formatNumber(locale, r.noResult)}
                    <span className="visually-hidden">
                      {' '}
                      {t('content.gapListFor', { language: localeNames[r.locale] })}
                    </span>
                  </Link>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      }
    >
      <h3>{t('content.topArticles')}</h3>
      <div className="table-wrap" tabIndex={0} role="region" aria-label={t('content.topArticles')}>
        <table className="compact">
          <thead>
            <tr>
              <Th>{t('columns.locale')}</Th>
              <Th>{t('columns.article')}</Th>
              <Th numeric>{t('columns.views')}</Th>
              <Th numeric>{t('columns.helpfulYes')}</Th>
              <Th numeric>{t('columns.helpfulNo')}</Th>
            </tr>
          </thead>
          <tbody>
            {rows.flatMap((r) =>
              r.top.map((a) => (
                <tr key={`${r.locale}-${a.slug}`}>
                  <td>{localeNames[r.locale]}</td>
                  <td>
                    <Link to={`/${r.locale}/kb/${encodeURIComponent(a.slug)}`}>{a.slug}</Link>
                  </td>
                  <td className="numeric">{formatNumber(locale, a.views)}</td>
                  <td className="numeric">{formatNumber(locale, a.yes)}</td>
                  <td className="numeric">{formatNumber(locale, a.no)}</td>
                </tr>
              )),
            )}
          </tbody>
        </table>
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
        <table className="compact">
          <caption>{t('retention.tableCaption')}</caption>
          <thead>
            <tr>
              <Th>{t('columns.month')}</Th>
              <Th>{t('columns.market')}</Th>
              <Th numeric>{t('columns.accounts')}</Th>
              <Th numeric>{t('columns.startArr')}</Th>
              <Th numeric>{t('columns.grr')}</Th>
              <Th numeric>{t('columns.nrr')}</Th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={`${r.month}-${r.market}`}>
                <td>{formatMonth(locale, r.month)}</td>
                <td>{nameOf(r.market)}</td>
                <td className="numeric">{formatNumber(locale, r.accounts)}</td>
                <td className="numeric">{usd(locale, r.start_arr_usd)}</td>
                <td className="numeric">{percent(locale, r.grr)}</td>
                <td className="numeric">{percent(locale, r.nrr)}</td>
              </tr>
            ))}
          </tbody>
        </table>
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

function TtvSection({ cockpit, locale, csv }: { cockpit: Cockpit; locale: Locale; csv: string }) {
  const { t } = useTranslation('analytics')
  const rows = cockpit.ttvCohorts
  const days = (value: number | null) =>
    value === null ? '—' : t('ttv.days', { count: value, formatted: decimal(locale, value) })
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
        />
      }
      table={
        <table className="compact">
          <caption>{t('ttv.tableCaption')}</caption>
          <thead>
            <tr>
              <Th>{t('columns.cohort')}</Th>
              <Th numeric>{t('columns.accounts')}</Th>
              <Th numeric>{t('columns.reached')}</Th>
              <Th numeric>{t('columns.censored')}</Th>
              <Th numeric>{t('columns.medianDays')}</Th>
              <Th>{t('columns.ci')}</Th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.cohort}>
                <th scope="row">{formatMonth(locale, r.cohort)}</th>
                <td className="numeric">{formatNumber(locale, r.accounts)}</td>
                <td className="numeric">{formatNumber(locale, r.reached)}</td>
                <td className="numeric">{formatNumber(locale, r.censored)}</td>
                <td className="numeric">
                  {r.accounts > 0 && r.median_days === null ? t('ttv.notReached') : days(r.median_days)}
                </td>
                <td>
                  {r.ci_low === null && r.ci_high === null
                    ? '—'
                    : `${r.ci_low === null ? '—' : decimal(locale, r.ci_low)}–${r.ci_high === null ? '∞' : decimal(locale, r.ci_high)}`}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      }
    />
  )
}
