import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { channels, currencies, locales, weekdays } from '#db/schema/enums'
import { useMarketName } from '~/components/market-name'
import { ErrorText, Field, FormMessage, SelectField } from '~/components/ui/field'
import { marketSettingsSchema } from '~/modules/accounts/accounts.schema'
import { holidaySchema, removeHolidaySchema } from '~/modules/accounts/holidays.schema'
import { addHoliday, listHolidays, removeHoliday } from '~/modules/accounts/holidays.server'
import { getMarketByCode, updateMarketSettings } from '~/modules/accounts/markets.server'
import { requireAdmin } from '~/modules/auth/guards.server'
import { parseForm, readForm } from '~/modules/http/forms'
import type { RouteHandle } from '~/modules/http/route-handle'
import { formatDate } from '~/modules/i18n/format'
import { intlLocales, localeNames, type Locale } from '~/modules/i18n/locales'
import { localeParam } from '~/modules/i18n/params'
import { useTranslation } from '~/modules/i18n/use-translation'

export const handle: RouteHandle = {
  title: (_t, data) => (data as { market?: { name: string } } | undefined)?.market?.name ?? '',
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const locale = localeParam(params)
  await requireAdmin(request, locale)
  const market = await getMarketByCode(params.code ?? '')
  if (!market) throw new Response('Not found', { status: 404 })
  return { market, holidays: await listHolidays({ marketId: market.id }) }
}

type HolidayValues = { date: string; name: string }

export async function action({ request, params }: ActionFunctionArgs) {
  const locale = localeParam(params)
  await requireAdmin(request, locale)
  const form = await readForm(request)
  const intent = form.get('intent') ?? 'settings'
  const noErrors: Record<string, string> = {}
  if (intent === 'addHoliday' || intent === 'removeHoliday') {
    const market = await getMarketByCode(params.code ?? '')
    if (!market) throw new Response('Not found', { status: 404 })
    if (intent === 'removeHoliday') {
      const parsed = parseForm(form, removeHolidaySchema)
      if (!parsed.success || !removeHoliday({ marketId: market.id, holidayId: parsed.data.holidayId }))
        throw new Response('Not found', { status: 404 })
      return { intent, fieldErrors: noErrors, saved: true, holiday: null }
    }
    // The typed text comes back with any error, cut to what the fields hold.
    const typed: HolidayValues = {
      date: String(form.get('date') ?? '').slice(0, 20),
      name: String(form.get('name') ?? '').slice(0, 200),
    }
    const parsed = parseForm(form, holidaySchema)
    if (!parsed.success)
      return data({ intent, fieldErrors: parsed.fieldErrors, saved: false, holiday: typed }, 400)
    if (!addHoliday({ marketId: market.id, holiday: parsed.data }))
      return data(
        {
          intent,
          fieldErrors: { date: 'form.holidayTaken' } as Record<string, string>,
          saved: false,
          holiday: typed,
        },
        409,
      )
    return { intent, fieldErrors: noErrors, saved: true, holiday: null }
  }
  const parsed = parseForm(form, marketSettingsSchema, {
    arrays: ['channels', 'supportDays'],
  })
  if (!parsed.success)
    return data({ intent: 'settings', fieldErrors: parsed.fieldErrors, saved: false, holiday: null }, 400)
  const updated = await updateMarketSettings(params.code ?? '', parsed.data)
  if (!updated) throw new Response('Not found', { status: 404 })
  return { intent: 'settings', fieldErrors: noErrors, saved: true, holiday: null }
}

/** Minor units shown as the plain number an admin types back. */
const major = (minor: number) => String(minor / 100)

export default function MarketSettings() {
  const { t, i18n } = useTranslation(['staff', 'common'])
  const locale = i18n.language as Locale
  const { market, holidays } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const marketName = useMarketName()
  const errors = actionData?.intent === 'settings' ? actionData.fieldErrors : {}
  const dayName = (day: number) =>
    new Intl.DateTimeFormat(intlLocales[locale], { weekday: 'long', timeZone: 'UTC' }).format(
      new Date(Date.UTC(2024, 0, day)),
    )
  return (
    <div className="page narrow">
      <p className="breadcrumbs">
        <Link to={`/${locale}/staff/settings/markets`}>{t('markets.title')}</Link>
      </p>
      <h1>
        {marketName(market)} <span className="muted">{market.code}</span>
      </h1>
      <p className="notice">{t('markets.globalNote')}</p>
      {actionData?.saved && actionData.intent === 'settings' && <FormMessage success={t('markets.saved')} />}
      <Form method="post" className="stack" noValidate>
        <Field
          label={t('markets.name')}
          name="name"
          defaultValue={market.name}
          required
          error={errors.name}
        />
        <SelectField
          label={t('markets.defaultLocale')}
          name="defaultLocale"
          defaultValue={market.defaultLocale}
          error={errors.defaultLocale}
        >
          {locales.map((l) => (
            <option key={l} value={l} lang={l}>
              {localeNames[l]}
            </option>
          ))}
        </SelectField>
        <SelectField
          label={t('markets.currency')}
          name="currency"
          defaultValue={market.currency}
          error={errors.currency}
        >
          {currencies.map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </SelectField>
        <Field
          label={t('markets.midTouchMinArr')}
          hint={t('markets.thresholdHint')}
          name="midTouchMinArr"
          inputMode="decimal"
          defaultValue={major(market.midTouchMinArr)}
          required
          error={errors.midTouchMinArr}
        />
        <Field
          label={t('markets.highTouchMinArr')}
          hint={t('markets.thresholdHint')}
          name="highTouchMinArr"
          inputMode="decimal"
          defaultValue={major(market.highTouchMinArr)}
          required
          error={errors.highTouchMinArr}
        />
        <fieldset className="choices" aria-describedby={errors.channels ? 'channels-error' : undefined}>
          <legend>{t('markets.channels')}</legend>
          {channels.map((channel) => (
            <div className="checkbox" key={channel}>
              <input
                type="checkbox"
                id={`channel-${channel}`}
                name="channels"
                value={channel}
                defaultChecked={market.channels.includes(channel)}
              />
              <label htmlFor={`channel-${channel}`}>{t(`common:channel.${channel}`)}</label>
            </div>
          ))}
          <ErrorText id="channels-error" error={errors.channels} />
        </fieldset>
        <Field
          label={t('markets.timezone')}
          hint={t('markets.timezoneHint')}
          name="timezone"
          defaultValue={market.timezone}
          required
          error={errors.timezone}
        />
        <div className="field-row">
          <Field
            label={t('markets.opens')}
            name="supportOpens"
            type="time"
            defaultValue={market.supportOpens}
            required
            error={errors.supportOpens}
          />
          <Field
            label={t('markets.closes')}
            name="supportCloses"
            type="time"
            defaultValue={market.supportCloses}
            required
            error={errors.supportCloses}
          />
        </div>
        <fieldset className="choices" aria-describedby={errors.supportDays ? 'days-error' : undefined}>
          <legend>{t('markets.days')}</legend>
          {weekdays.map((day) => (
            <div className="checkbox" key={day}>
              <input
                type="checkbox"
                id={`day-${day}`}
                name="supportDays"
                value={day}
                defaultChecked={market.supportDays.includes(day)}
              />
              <label htmlFor={`day-${day}`}>{dayName(day)}</label>
            </div>
          ))}
          <ErrorText id="days-error" error={errors.supportDays} />
        </fieldset>
        <button type="submit" className="button">
          {t('markets.save')}
        </button>
      </Form>
      <MarketHolidays holidays={holidays} timezone={market.timezone} />
    </div>
  )
}

/** The market's public holidays: support is closed and SLA clocks skip them. */
function MarketHolidays({
  holidays,
  timezone,
}: {
  holidays: { id: number; date: string; name: string }[]
  timezone: string
}) {
  const { t, i18n } = useTranslation('staff')
  const locale = i18n.language as Locale
  const actionData = useActionData<typeof action>()
  const adding = actionData?.intent === 'addHoliday' ? actionData : null
  const errors = adding?.fieldErrors ?? {}
  // A holiday is a calendar day: shown as that day, whatever the viewer's time zone.
  const dayOf = (date: string) => formatDate(locale, new Date(`${date}T00:00:00Z`))
  return (
    <section className="stack" aria-labelledby="holidays-heading">
      <h2 id="holidays-heading">{t('markets.holidays.title')}</h2>
      <p className="muted">{t('markets.holidays.lead', { timezone })}</p>
      {actionData?.saved && actionData.intent === 'addHoliday' && (
        <FormMessage success={t('markets.holidays.added')} />
      )}
      {actionData?.saved && actionData.intent === 'removeHoliday' && (
        <FormMessage success={t('markets.holidays.removed')} />
      )}
      {holidays.length === 0 ? (
        <p>{t('markets.holidays.none')}</p>
      ) : (
        <div className="table-wrap">
          <table className="compact holiday-table">
            <caption className="visually-hidden">{t('markets.holidays.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('markets.holidays.date')}</th>
                <th scope="col">{t('markets.holidays.name')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('markets.holidays.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {holidays.map((holiday) => (
                <tr key={holiday.id}>
                  <td>
                    <time dateTime={holiday.date}>{dayOf(holiday.date)}</time>
                  </td>
                  <td>{holiday.name}</td>
                  <td>
                    <Form method="post">
                      <input type="hidden" name="holidayId" value={holiday.id} />
                      <button
                        type="submit"
                        name="intent"
                        value="removeHoliday"
                        className="button button--quiet"
                        aria-label={t('markets.holidays.removeOne', {
                          name: holiday.name,
                          date: dayOf(holiday.date),
                        })}
                      >
                        {t('markets.holidays.remove')}
                      </button>
                    </Form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Form method="post" className="stack" noValidate>
        <fieldset className="stack">
          <legend>{t('markets.holidays.add')}</legend>
          <div className="field-row">
            <Field
              label={t('markets.holidays.date')}
              name="date"
              type="date"
              defaultValue={adding?.holiday?.date ?? ''}
              required
              error={errors.date}
            />
            <Field
              label={t('markets.holidays.name')}
              name="name"
              defaultValue={adding?.holiday?.name ?? ''}
              required
              maxLength={80}
              error={errors.name}
            />
          </div>
          <button type="submit" name="intent" value="addHoliday" className="button">
            {t('markets.holidays.add')}
          </button>
        </fieldset>
      </Form>
    </section>
  )
}
