import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { Field, FormMessage } from '~/components/ui/field'
import { outcomeTargetsSchema } from '~/modules/accounts/accounts.schema'
import { getOutcomeTargets, updateOutcomeTargets } from '~/modules/accounts/markets.server'
import { requireAdmin, requireStaff } from '~/modules/auth/guards.server'
import { parseForm, readForm } from '~/modules/http/forms'
import type { RouteHandle } from '~/modules/http/route-handle'
import { localeParam } from '~/modules/i18n/params'
import { useTranslation } from '~/modules/i18n/use-translation'

export const handle: RouteHandle = { title: (t) => t('staff:targets.title') }

const targetFields = [
  'timeToValueDays',
  'onboardingDays',
  'adoptionPercent',
  'grossRetentionPercent',
  'netRetentionPercent',
  'portalUserWindowDays',
] as const

export async function loader({ request, params }: LoaderFunctionArgs) {
  const locale = localeParam(params)
  const user = await requireStaff(request, locale)
  const targets = await getOutcomeTargets()
  return {
    canEdit: user.role === 'admin',
    targets: Object.fromEntries(targetFields.map((f) => [f, targets[f]])),
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const locale = localeParam(params)
  await requireAdmin(request, locale)
  const parsed = parseForm(await readForm(request), outcomeTargetsSchema)
  if (!parsed.success) return data({ fieldErrors: parsed.fieldErrors, saved: false }, 400)
  await updateOutcomeTargets(parsed.data)
  return { fieldErrors: {} as Record<string, string>, saved: true }
}

export default function OutcomeTargets() {
  const { t } = useTranslation(['staff', 'common'])
  const { canEdit, targets } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  return (
    <div className="page narrow">
      <h1>{t('targets.title')}</h1>
      <p className="lead">{t('targets.lead')}</p>
      {actionData?.saved && <FormMessage success={t('targets.saved')} />}
      <Form method="post" className="stack" noValidate>
        <fieldset disabled={!canEdit} className="stack">
          <legend className="visually-hidden">{t('targets.title')}</legend>
          {targetFields.map((field) => (
            <Field
              key={field}
              label={t(`targets.fields.${field}`)}
              name={field}
              type="number"
              inputMode="numeric"
              min={1}
              defaultValue={targets[field]}
              required
              error={actionData?.fieldErrors[field]}
            />
          ))}
          {canEdit && (
            <button type="submit" className="button">
              {t('targets.save')}
            </button>
          )}
        </fieldset>
      </Form>
      {!canEdit && <p className="muted">{t('targets.readOnly')}</p>}
    </div>
  )
}
