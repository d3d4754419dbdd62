import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { useActionData, useLoaderData } from '@remix-run/react'
import { TaskPlan } from '~/components/task-plan'
import { requireCustomer } from '~/modules/auth/guards.server'
import { readForm } from '~/modules/http/forms'
import type { RouteHandle } from '~/modules/http/route-handle'
import { localeParam } from '~/modules/i18n/params'
import { useTranslation } from '~/modules/i18n/use-translation'
import { handleTaskAction } from '~/modules/tasks/task-actions.server'
import { parseTaskFilters } from '~/modules/tasks/tasks.schema'
import { loadTaskPlan } from '~/modules/tasks/tasks.server'

export const handle: RouteHandle = { title: (t) => t('tasks:title') }

/** A customer's plan is always their own account's: the account comes from the session. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const locale = localeParam(params)
  const user = await requireCustomer(request, locale)
  const filters = parseTaskFilters(new URL(request.url).searchParams)
  return { locale, plan: await loadTaskPlan({ accountId: user.accountId, viewer: user, locale, filters }) }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const locale = localeParam(params)
  const user = await requireCustomer(request, locale)
  return handleTaskAction({ form: await readForm(request), accountId: user.accountId, actor: user })
}

export default function TasksPage() {
  const { t } = useTranslation('tasks')
  const { locale, plan } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  return (
    <div className="page">
      <h1>{t('title')}</h1>
      <p className="lead">{t('lead')}</p>
      <TaskPlan
        plan={plan}
        actionData={actionData}
        checklistItemHref={(key) => `/${locale}/onboarding#item-${encodeURIComponent(key)}`}
        ticketHref={(number) => `/${locale}/tickets/${number}`}
      />
    </div>
  )
}
