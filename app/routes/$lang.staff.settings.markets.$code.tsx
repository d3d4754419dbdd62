import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { channels, currencies, locales, weekdays } from '#db/schema/enums'
import { useMarketName } from '~/components/market-name'
import { ErrorText, Field, FormMessage, SelectField } from '~/components/ui/field'
import { marketSettingsSchema } from '~/modules/accounts/accounts.schema'
import { getMarketByCode, updateMarketSettings } from '~/modules/accounts/markets.server'
import { requireAdmin } from '~/modules/auth/guards.server'
import { parseForm, readForm } from '~/modules/http/forms'
import type { RouteHandle } from '~/modules/http/route-handle'
import { intlLocales, localeNames, type Locale } from '~/modules/i18n/locales'
import { localeParam } from '~/modules/i18n/params'

export const handle: RouteHandle = {
  title: (_t, data) => (data as { market?: { name: string } } | undefined)?.market?.name ?? '',
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const locale = localeParam(params)
  await requireAdmin(request, locale)
  const market = await getMarketByCode(params.code ?? '')
  if (!market) throw new Response('Not found', { status: 404 })
  return { market }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const locale = localeParam(params)
  await requireAdmin(request, locale)
  const parsed = parseForm(await readForm(request), marketSettingsSchema, {
    arrays: ['channels', 'supportDays'],
  })
  if (!parsed.success) return data({ fieldErrors: parsed.fieldErrors, saved: false }, 400)
  const updated = await updateMarketSettings(params.code ?? '', parsed.data)
  if (!updated) throw new Response('Not found', { status: 404 })
  return { fieldErrors: {} as Record<string, string>, saved: true }
}

/** Minor units shown as the plain number an admin types back. */
const major = (minor: number) => String(minor / 100)

export default function MarketSettings() {
  const { t, i18n } = useTranslation(['staff', 'common'])
  const locale = i18n.language as Locale
  const { market } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const marketName = useMarketName()
  const errors = actionData?.fieldErrors ?? {}
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
      {actionData?.saved && <FormMessage success={t('markets.saved')} />}
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
    </div>
  )
}
