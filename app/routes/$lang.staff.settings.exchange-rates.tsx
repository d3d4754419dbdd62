import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { currencies } from '#db/schema/enums'
import { Field, FormMessage, SelectField } from '~/components/ui/field'
import { db } from '~/db.server'
import { exchangeRateSchema } from '~/modules/analytics/analytics.schema'
import { listExchangeRates, setExchangeRate } from '~/modules/analytics/exchange-rates.server'
import { monthOf } from '~/modules/analytics/periods'
import { requireAdmin, requireStaff } from '~/modules/auth/guards.server'
import { clock } from '~/modules/clock/clock'
import { parseForm, readForm, type FieldErrors } from '~/modules/http/forms'
import type { RouteHandle } from '~/modules/http/route-handle'
import { formatMonth } from '~/modules/i18n/format'
import { intlLocales } from '~/modules/i18n/locales'
import { localeParam } from '~/modules/i18n/params'
import { useTranslation } from '~/modules/i18n/use-translation'

export const handle: RouteHandle = { title: (t) => t('analytics:rates.title') }

const shownMonths = 24

/**
 * `/:lang/staff/settings/exchange-rates`: the monthly rates the cockpit's constant-currency
 * retention uses. Every staff member reads them; only admins change them.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const locale = localeParam(params)
  const user = await requireStaff(request, locale)
  const month = monthOf(clock.now())
  const rates = await listExchangeRates({ db, month, months: shownMonths })
  const months = [...new Set(rates.map((r) => r.month))]
  return {
    locale,
    canEdit: user.role === 'admin',
    month,
    months,
    rates: Object.fromEntries(rates.map((r) => [`${r.month} ${r.currency}`, r.usdPerUnit])),
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const locale = localeParam(params)
  await requireAdmin(request, locale)
  const parsed = parseForm(await readForm(request), exchangeRateSchema)
  if (!parsed.success) return data({ fieldErrors: parsed.fieldErrors, saved: false }, 400)
  await setExchangeRate({ db, ...parsed.data })
  return { fieldErrors: {} as FieldErrors, saved: true }
}

export default function ExchangeRates() {
  const { t } = useTranslation('analytics')
  const { locale, canEdit, month, months, rates } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const rate = new Intl.NumberFormat(intlLocales[locale], { maximumFractionDigits: 6 })
  return (
    <div className="page">
      <h1>{t('rates.title')}</h1>
      <p className="lead">{t('rates.lead')}</p>
      {actionData?.saved && <FormMessage success={t('rates.saved')} />}
      {canEdit ? (
        <Form method="post" className="filters" noValidate>
          <Field
            label={t('rates.month')}
            name="month"
            defaultValue={month}
            placeholder="2026-11"
            required
            error={actionData?.fieldErrors.month}
          />
          <SelectField
            label={t('rates.currency')}
            name="currency"
            defaultValue="EUR"
            error={actionData?.fieldErrors.currency}
          >
            {currencies.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </SelectField>
          <Field
            label={t('rates.rate')}
            name="usdPerUnit"
            inputMode="decimal"
            required
            error={actionData?.fieldErrors.usdPerUnit}
          />
          <button type="submit" className="button">
            {t('rates.save')}
          </button>
        </Form>
      ) : (
        <p className="muted">{t('rates.readOnly')}</p>
      )}
      <div className="table-wrap" tabIndex={0} role="region" aria-label={t('rates.tableCaption')}>
        <table className="compact">
          <caption>{t('rates.tableCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('rates.month')}</th>
              {currencies.map((c) => (
                <th key={c} scope="col" className="numeric">
                  {c}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {months.map((m) => (
              <tr key={m}>
                <th scope="row">{formatMonth(locale, m)}</th>
                {currencies.map((c) => {
                  const value = rates[`${m} ${c}`]
                  return (
                    <td key={c} className="numeric">
                      {value === undefined ? (
                        <span className="muted">{t('rates.missing')}</span>
                      ) : (
                        rate.format(value)
                      )}
                    </td>
                  )
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  )
}
