import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { tiers } from '#db/schema/enums'
import { ticketPriorities } from '#db/schema/tickets'
import { Field, FormMessage } from '~/components/ui/field'
import { db } from '~/db.server'
import { requireAdmin, requireStaff } from '~/modules/auth/guards.server'
import { parseForm, readForm } from '~/modules/http/forms'
import type { RouteHandle } from '~/modules/http/route-handle'
import { formatNumber, formatNumberForInput } from '~/modules/i18n/format'
import { localeParam } from '~/modules/i18n/params'
import { useTranslation } from '~/modules/i18n/use-translation'
import { slaCells, slaFieldName, slaHourLimits, slaTargetsSchema } from '~/modules/tickets/sla.schema'
import { slaTargetFor, updateSlaTargets } from '~/modules/tickets/sla.server'

export const handle: RouteHandle = { title: (t) => t('staff:slaTargets.title') }

export async function loader({ request, params }: LoaderFunctionArgs) {
  const locale = localeParam(params)
  const user = await requireStaff(request, locale)
  const hoursOf = (minutes: number | undefined) =>
    minutes === undefined ? '' : formatNumberForInput(locale, minutes / 60)
  // The grid shows what a new ticket of each cell would be promised, fallbacks included.
  const values = Object.fromEntries(
    slaCells.flatMap(({ tier, priority }) => {
      const target = slaTargetFor(db, { tier, priority })
      return [
        [slaFieldName('firstResponse', tier, priority), hoursOf(target?.firstResponseMinutes)],
        [slaFieldName('resolution', tier, priority), hoursOf(target?.resolutionMinutes)],
      ]
    }),
  ) as Record<string, string>
  return { locale, canEdit: user.role === 'admin', values }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const locale = localeParam(params)
  await requireAdmin(request, locale)
  const form = await readForm(request)
  const parsed = parseForm(form, slaTargetsSchema)
  const values = Object.fromEntries(
    [...form]
      .filter((e): e is [string, string] => typeof e[1] === 'string')
      .map(([k, v]) => [k, v.slice(0, 20)]),
  )
  if (!parsed.success) return data({ fieldErrors: parsed.fieldErrors, saved: false, values }, 400)
  updateSlaTargets({ targets: parsed.data })
  return { fieldErrors: {} as Record<string, string>, saved: true, values: null }
}

export default function SlaTargets() {
  const { t } = useTranslation(['staff', 'tickets', 'common'])
  const { locale, canEdit, values } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const shown = actionData?.values ?? values
  return (
    <div className="page narrow">
      <h1>{t('slaTargets.title')}</h1>
      <p className="lead">{t('slaTargets.lead')}</p>
      <p className="muted">
        {t('slaTargets.hint', {
          min: formatNumber(locale, slaHourLimits.min),
          max: formatNumber(locale, slaHourLimits.max),
        })}
      </p>
      {actionData?.saved && <FormMessage success={t('slaTargets.saved')} />}
      <Form method="post" className="stack" noValidate>
        <fieldset disabled={!canEdit} className="stack plain-fieldset">
          <legend className="visually-hidden">{t('slaTargets.title')}</legend>
          {tiers.map((tier) => (
            <fieldset key={tier} className="stack">
              <legend>{t(`common:tier.${tier}`)}</legend>
              {ticketPriorities.map((priority) => (
                <fieldset key={priority} className="sla-cell">
                  <legend>{t('slaTargets.priority', { priority: t(`tickets:priority.${priority}`) })}</legend>
                  <div className="field-row">
                    {(['firstResponse', 'resolution'] as const).map((kind) => {
                      const name = slaFieldName(kind, tier, priority)
                      return (
                        <Field
                          key={kind}
                          label={t(`slaTargets.${kind}`)}
                          name={name}
                          inputMode="decimal"
                          defaultValue={shown[name] ?? ''}
                          required
                          error={actionData?.fieldErrors[name]}
                        />
                      )
                    })}
                  </div>
                </fieldset>
              ))}
            </fieldset>
          ))}
          {canEdit && (
            <button type="submit" className="button">
              {t('slaTargets.save')}
            </button>
          )}
        </fieldset>
      </Form>
      {!canEdit && <p className="muted">{t('slaTargets.readOnly')}</p>}
    </div>
  )
}
