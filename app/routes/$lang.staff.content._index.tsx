import type { LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { LocaleHeaders, TranslationStateCells } from '~/components/translation-matrix'
import { isEditor, requireStaff } from '~/modules/auth/guards.server'
import type { RouteHandle } from '~/modules/http/route-handle'
import { formatNumber } from '~/modules/i18n/format'
import { localeNames, locales } from '~/modules/i18n/locales'
import { localeParam } from '~/modules/i18n/params'
import { useTranslation } from '~/modules/i18n/use-translation'
import { matrixFiltersSchema, translationStates } from '~/modules/kb/editor.schema'
import { listTranslationMatrix } from '~/modules/kb/editor.server'

export const handle: RouteHandle = { title: (t) => t('editor:matrix.title') }

export async function loader({ request, params }: LoaderFunctionArgs) {
  const locale = localeParam(params)
  const user = await requireStaff(request, locale)
  const filters = matrixFiltersSchema.parse(Object.fromEntries(new URL(request.url).searchParams))
  const { rows, categories } = await listTranslationMatrix({ locale, filters })
  return { locale, filters, rows, categories, canEdit: isEditor(user) }
}

export default function ContentMatrix() {
  const { t } = useTranslation(['editor', 'kb'])
  const { locale, filters, rows, categories, canEdit } = useLoaderData<typeof loader>()
  return (
    <div className="page">
      <h1>{t('matrix.title')}</h1>
      <p className="lead">{t('matrix.lead')}</p>
      <p className="button-row">
        {canEdit && (
          <Link to={`/${locale}/staff/content/new`} className="button">
            {t('matrix.newArticle')}
          </Link>
        )}
        <Link to={`/${locale}/staff/content/searches`}>{t('matrix.searches')}</Link>
      </p>
      <Form method="get" className="filters" role="search" aria-label={t('matrix.filters')}>
        <div className="field">
          <label htmlFor="matrix-category">{t('matrix.category')}</label>
          <select id="matrix-category" name="category" defaultValue={filters.category ?? ''}>
            <option value="">{t('matrix.allCategories')}</option>
            {categories.map((c) => (
              <option key={c.key} value={c.key}>
                {c.title}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="matrix-state">{t('matrix.state')}</label>
          <select id="matrix-state" name="state" defaultValue={filters.state ?? ''}>
            <option value="">{t('matrix.allStates')}</option>
            {translationStates.map((state) => (
              <option key={state} value={state}>
                {t(`state.${state}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="matrix-locale">{t('matrix.language')}</label>
          <select id="matrix-locale" name="locale" defaultValue={filters.locale ?? ''}>
            <option value="">{t('matrix.allLanguages')}</option>
            {locales.map((l) => (
              <option key={l} value={l}>
                {localeNames[l]}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="button">
          {t('matrix.apply')}
        </button>
      </Form>
      <p role="status">
        {t('matrix.count', { count: rows.length, formatted: formatNumber(locale, rows.length) })}
      </p>
      {rows.length === 0 ? (
        <p className="muted">{t('matrix.empty')}</p>
      ) : (
        <div className="table-wrap">
          <table className="content-matrix">
            <thead>
              <tr>
                <th scope="col">{t('matrix.article')}</th>
                <th scope="col">{t('matrix.category')}</th>
                <th scope="col">{t('matrix.visibility')}</th>
                <LocaleHeaders />
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.id} data-article={row.key}>
                  <th scope="row">
                    <Link
                      to={`/${locale}/staff/content/${row.id}/${row.sourceLocale}`}
                      lang={row.sourceLocale}
                    >
                      {row.title}
                    </Link>
                  </th>
                  <td>{row.categoryTitle}</td>
                  <td>{t(`kb:visibility.${row.visibility}`)}</td>
                  <TranslationStateCells
                    title={row.title}
                    cells={row.cells}
                    sourceLocale={row.sourceLocale}
                    hrefFor={(l) => `/${locale}/staff/content/${row.id}/${l}`}
                  />
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  )
}
