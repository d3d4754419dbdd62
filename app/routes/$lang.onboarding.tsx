import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { OnboardingChecklist, OnboardingSummary } from '~/components/onboarding-checklist'
import { OnboardingNextStep } from '~/components/onboarding-next-step'
import { requireCustomer } from '~/modules/auth/guards.server'
import { readForm } from '~/modules/http/forms'
import type { RouteHandle } from '~/modules/http/route-handle'
import { localeParam } from '~/modules/i18n/params'
import { useTranslation } from '~/modules/i18n/use-translation'
import { checklistActionSchema } from '~/modules/onboarding/onboarding.schema'
import { completeItem, getOnboarding, undoItem } from '~/modules/onboarding/progress.server'

export const handle: RouteHandle = { title: (t) => t('onboarding:title') }

export async function loader({ request, params }: LoaderFunctionArgs) {
  const locale = localeParam(params)
  const customer = await requireCustomer(request, locale)
  const onboarding = await getOnboarding({ accountId: customer.accountId, locale })
  if (!onboarding) throw new Response('Not found', { status: 404 })
  return { locale, onboarding }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const locale = localeParam(params)
  const customer = await requireCustomer(request, locale)
  const parsed = checklistActionSchema.safeParse(Object.fromEntries(await readForm(request)))
  if (!parsed.success) return data({ ok: false }, 400)
  const change = parsed.data.intent === 'done' ? completeItem : undoItem
  // The account comes from the session: an item key of another playbook is simply not found.
  const found = await change({
    accountId: customer.accountId,
    itemKey: parsed.data.itemKey,
    userId: customer.id,
    locale,
  })
  if (!found) throw new Response('Not found', { status: 404 })
  return { ok: true }
}

export default function OnboardingPage() {
  const { t } = useTranslation('onboarding')
  const { locale, onboarding } = useLoaderData<typeof loader>()
  return (
    <div className="page">
      <h1>{t('title')}</h1>
      {onboarding.playbook ? (
        <>
          <OnboardingNextStep
            onboarding={onboarding}
            locale={locale}
            headingId="next-step-heading"
            withProgress={false}
          />
          <p
            className="lead"
            lang={onboarding.playbook.locale !== locale ? onboarding.playbook.locale : undefined}
          >
            <strong>{onboarding.playbook.name}.</strong> {onboarding.playbook.description}
          </p>
          <OnboardingSummary onboarding={onboarding} locale={locale} />
          <OnboardingChecklist
            onboarding={onboarding}
            locale={locale}
            action={`/${locale}/onboarding`}
            canChange
          />
          <p className="muted">
            {t('help')} <Link to={`/${locale}/tasks`}>{t('tasksLink')}</Link>
          </p>
        </>
      ) : (
        <p className="notice">{t('noPlaybook')}</p>
      )}
    </div>
  )
}
