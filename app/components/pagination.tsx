import { Link, useLocation } from '@remix-run/react'
import { formatNumber } from '~/modules/i18n/format'
import type { Locale } from '~/modules/i18n/locales'
import { useTranslation } from '~/modules/i18n/use-translation'

/**
 * "Showing 51–100 of 9,900" with links to the first, previous, next and last pages. The links
 * are plain links that keep every other query parameter (filters, sort), so paging works without
 * JavaScript and never loses what the person chose.
 */
export function Pagination({
  locale,
  page,
  pageSize,
  total,
}: {
  locale: Locale
  page: number
  pageSize: number
  total: number
}) {
  const { t } = useTranslation('common')
  const { search } = useLocation()
  if (total === 0) return null
  const pages = Math.max(1, Math.ceil(total / pageSize))
  const from = (page - 1) * pageSize + 1
  const to = Math.min(total, page * pageSize)
  const link = (target: number) => {
    const params = new URLSearchParams(search)
    if (target === 1) params.delete('page')
    else params.set('page', String(target))
    const query = params.toString()
    return query ? `?${query}` : '?'
  }
  const n = (value: number) => formatNumber(locale, value)
  return (
    <nav aria-label={t('pagination.label')} className="pagination">
      <p className="pagination__showing">
        {t('pagination.showing', { from: n(from), to: n(to), total: n(total) })}
      </p>
      {pages > 1 && (
        <ul className="pagination__links">
          {page > 1 && (
            <>
              {page > 2 && (
                <li>
                  <Link to={link(1)} rel="first">
                    {t('pagination.first')}
                  </Link>
                </li>
              )}
              <li>
                <Link to={link(page - 1)} rel="prev">
                  {t('pagination.previous')}
                </Link>
              </li>
            </>
          )}
          <li aria-current="page">{t('pagination.page', { page: n(page), pages: n(pages) })}</li>
          {page < pages && (
            <>
              <li>
                <Link to={link(page + 1)} rel="next">
                  {t('pagination.next')}
                </Link>
              </li>
              {page < pages - 1 && (
                <li>
                  <Link to={link(pages)} rel="last">
                    {t('pagination.last')}
                  </Link>
                </li>
              )}
            </>
          )}
        </ul>
      )}
    </nav>
  )
}
