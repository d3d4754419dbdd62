import type { LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { useMarketName } from '~/components/market-name'
import { TextStateBadge } from '~/components/playbook-editor'
import { requireStaff } from '~/modules/auth/guards.server'
import type { RouteHandle } from '~/modules/http/route-handle'
import { formatNumber } from '~/modules/i18n/format'
import { localeNames, locales, type Locale } from '~/modules/i18n/locales'
import { localeParam } from '~/modules/i18n/params'
import { useTranslation } from '~/modules/i18n/use-translation'
import {
  openPlaybooksSchema,
  playbookMatrixFiltersSchema,
  textStates,
  type PlaybookMatrixFilters,
} from '~/modules/onboarding/playbook-editor.schema'
import { listPlaybookMatrix, type PlaybookMatrixRow } from '~/modules/onboarding/playbook-editor.server'

export const handle: RouteHandle = { title: (t) => t('editor:playbooks.matrix.title') }

export async function loader({ request, params }: LoaderFunctionArgs) {
  const locale = localeParam(params)
  await requireStaff(request, locale)
  const searchParams = new URL(request.url).searchParams
  const filters = playbookMatrixFiltersSchema.parse(Object.fromEntries(searchParams))
  const open = openPlaybooksSchema.parse(searchParams.getAll('open'))
  const { rows, total } = await listPlaybookMatrix({ locale, filters, open })
  return { locale, filters, open, rows, total }
}

/** The matrix's address with one playbook's item rows shown or hidden, keeping the filters. */
function toggleHref(input: { path: string; filters: PlaybookMatrixFilters; open: number[]; id: number }) {
  const search = new URLSearchParams()
  if (input.filters.state) search.set('state', input.filters.state)
  if (input.filters.locale) search.set('locale', input.filters.locale)
  const open = input.open.includes(input.id)
    ? input.open.filter((o) => o !== input.id)
    : [...input.open, input.id]
  for (const id of open) search.append('open', String(id))
  const query = search.toString()
  return `${input.path}${query ? `?${query}` : ''}#playbook-${input.id}`
}

export default function PlaybookMatrix() {
  const { t } = useTranslation(['editor', 'common'])
  const { locale, filters, open, rows } = useLoaderData<typeof loader>()
  return (
    <div className="page">
      <h1>{t('playbooks.matrix.title')}</h1>
      <p className="lead">{t('playbooks.matrix.lead')}</p>
      <Form method="get" className="filters" role="search" aria-label={t('playbooks.matrix.filters')}>
        {open.map((id) => (
          <input key={id} type="hidden" name="open" value={id} />
        ))}
        <div className="field">
          <label htmlFor="playbook-matrix-state">{t('playbooks.matrix.state')}</label>
          <select id="playbook-matrix-state" name="state" defaultValue={filters.state ?? ''}>
            <option value="">{t('playbooks.matrix.allStates')}</option>
            {textStates.map((state) => (
              <option key={state} value={state}>
                {t(`playbooks.state.${state}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="playbook-matrix-locale">{t('playbooks.matrix.language')}</label>
          <select id="playbook-matrix-locale" name="locale" defaultValue={filters.locale ?? ''}>
            <option value="">{t('playbooks.matrix.allLanguages')}</option>
            {locales.map((l) => (
              <option key={l} value={l}>
                {localeNames[l]}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="button">
          {t('playbooks.matrix.apply')}
        </button>
      </Form>
      <p role="status">
        {t('playbooks.matrix.count', { count: rows.length, formatted: formatNumber(locale, rows.length) })}
      </p>
      {filters.state && <p className="muted">{t('playbooks.matrix.filteredItems')}</p>}
      {rows.length === 0 ? (
        <p className="muted">{t('playbooks.matrix.empty')}</p>
      ) : (
        <div className="table-wrap">
          <table className="content-matrix playbook-matrix">
            <thead>
              <tr>
                <th scope="col">{t('playbooks.matrix.playbook')}</th>
                <th scope="col">{t('playbooks.matrix.scope')}</th>
                {locales.map((l) => (
                  <th scope="col" key={l} lang={l}>
                    {localeNames[l]}
                  </th>
                ))}
              </tr>
            </thead>
            {rows.map((row) => (
              <PlaybookRows
                key={row.id}
                row={row}
                locale={locale}
                toggle={
                  filters.state
                    ? null
                    : toggleHref({ path: `/${locale}/staff/playbooks`, filters, open, id: row.id })
                }
              />
            ))}
          </table>
        </div>
      )}
    </div>
  )
}

/** One playbook's row and, below it, its name's and items' rows when shown. */
function PlaybookRows({
  row,
  locale,
  toggle,
}: {
  row: PlaybookMatrixRow
  locale: Locale
  toggle: string | null
}) {
  const { t } = useTranslation(['editor', 'common'])
  const marketName = useMarketName()
  const base = `/${locale}/staff/playbooks/${row.id}`
  const cellLabel = (text: string, l: Locale, state: string) =>
    t('playbooks.matrix.cellLabel', { text, language: localeNames[l], state })
  return (
    <tbody id={`playbook-${row.id}`} data-playbook={row.key}>
      <tr data-playbook-row={row.key}>
        <th scope="row">
          <Link to={base} lang={row.nameLocale}>
            {row.name}
          </Link>{' '}
          <span className="muted">{row.key}</span>
          {toggle && (
            <>
              <br />
              <Link to={toggle} preventScrollReset className="playbook-matrix__toggle">
                {row.isOpen
                  ? t('playbooks.matrix.hideItems')
                  : t('playbooks.matrix.showItems', {
                      count: row.itemCount,
                      formatted: formatNumber(locale, row.itemCount),
                    })}
              </Link>
            </>
          )}
        </th>
        <td>
          {row.market ? marketName(row.market) : t('playbooks.anyMarket')} ·{' '}
          {row.tier ? t(`common:tier.${row.tier}`) : t('playbooks.anyTier')}
        </td>
        {locales.map((l) => {
          const cell = row.cells[l]
          const state = t(`playbooks.state.${cell.state}`)
          return (
            <td key={l} data-locale={l} data-state={cell.state}>
              <TextStateBadge state={cell.state} to={`${base}/${l}`} label={cellLabel(row.name, l, state)} />
              {l === row.sourceLocale && <span className="muted"> ({t('playbooks.matrix.source')})</span>}
              {cell.missing > 0 && (
                <span className="playbook-matrix__counts">
                  {t('playbooks.matrix.missingCount', { formatted: formatNumber(locale, cell.missing) })}
                </span>
              )}
              {cell.stale > 0 && (
                <span className="playbook-matrix__counts">
                  {t('playbooks.matrix.staleCount', { formatted: formatNumber(locale, cell.stale) })}
                </span>
              )}
            </td>
          )
        })}
      </tr>
      {row.showName && (
        <tr data-item="" className="playbook-matrix__subrow">
          <th scope="row">{t('playbooks.nameAndDescription')}</th>
          <td />
          {locales.map((l) => (
            <td key={l} data-locale={l} data-state={row.nameStates[l]}>
              <TextStateBadge
                state={row.nameStates[l]}
                to={`${base}/${l}#playbook-name`}
                label={cellLabel(
                  t('playbooks.nameAndDescription'),
                  l,
                  t(`playbooks.state.${row.nameStates[l]}`),
                )}
              />
            </td>
          ))}
        </tr>
      )}
      {row.items.map((item) => (
        <tr key={item.key} data-item={item.key} className="playbook-matrix__subrow">
          <th scope="row" lang={item.titleLocale}>
            {item.title}
          </th>
          <td className="muted">{item.key}</td>
          {locales.map((l) => (
            <td key={l} data-locale={l} data-state={item.states[l]}>
              <TextStateBadge
                state={item.states[l]}
                to={`${base}/${l}#item-${item.key}`}
                label={cellLabel(item.title, l, t(`playbooks.state.${item.states[l]}`))}
              />
            </td>
          ))}
        </tr>
      ))}
    </tbody>
  )
}
