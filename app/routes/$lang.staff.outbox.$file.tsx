import type { LoaderFunctionArgs } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { Time } from '~/components/time'
import { requireAdmin } from '~/modules/auth/guards.server'
import type { RouteHandle } from '~/modules/http/route-handle'
import { localeParam } from '~/modules/i18n/params'
import { useTranslation } from '~/modules/i18n/use-translation'
import { readOutboxMessage } from '~/modules/mail/mail.server'

export const handle: RouteHandle = {
  title: (_t, data) => (data as { message?: { subject: string } } | undefined)?.message?.subject ?? '',
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const locale = localeParam(params)
  await requireAdmin(request, locale)
  const message = await readOutboxMessage(params.file ?? '')
  if (!message) throw new Response('Not found', { status: 404 })
  return { locale, message }
}

export default function OutboxMessage() {
  const { t } = useTranslation(['staff', 'common'])
  const { locale, message } = useLoaderData<typeof loader>()
  return (
    <div className="page narrow">
      <p className="breadcrumbs">
        <Link to={`/${locale}/staff/outbox`}>{t('outbox.title')}</Link>
      </p>
      <h1>{message.subject}</h1>
      <dl className="facts">
        <div>
          <dt>{t('outbox.to')}</dt>
          <dd>{message.to}</dd>
        </div>
        {message.date && (
          <div>
            <dt>{t('outbox.date')}</dt>
            <dd>
              <Time at={message.date} />
            </dd>
          </div>
        )}
      </dl>
      <pre className="mail-body">{message.text}</pre>
    </div>
  )
}
