import type { LoaderFunctionArgs } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { Time } from '~/components/time'
import { config } from '~/config.server'
import { requireAdmin } from '~/modules/auth/guards.server'
import type { RouteHandle } from '~/modules/http/route-handle'
import { localeParam } from '~/modules/i18n/params'
import { useTranslation } from '~/modules/i18n/use-translation'
import { listOutbox } from '~/modules/mail/mail.server'

export const handle: RouteHandle = { title: (t) => t('staff:outbox.title') }

export async function loader({ request, params }: LoaderFunctionArgs) {
  const locale = localeParam(params)
  await requireAdmin(request, locale)
  return { locale, smtp: !!config().SMTP_URL, messages: await listOutbox() }
}

export default function Outbox() {
  const { t } = useTranslation(['staff', 'common'])
  const { locale, smtp, messages } = useLoaderData<typeof loader>()
  return (
    <div className="page">
      <h1>{t('outbox.title')}</h1>
      <p className="lead">{smtp ? t('outbox.smtp') : t('outbox.lead')}</p>
      {messages.length === 0 ? (
        <p className="muted">{t('outbox.empty')}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('outbox.date')}</th>
                <th scope="col">{t('outbox.to')}</th>
                <th scope="col">{t('outbox.subject')}</th>
              </tr>
            </thead>
            <tbody>
              {messages.map((m) => (
                <tr key={m.file}>
                  <td>
                    <Time at={m.date} />
                  </td>
                  <td>{m.to}</td>
                  <td>
                    <Link to={`/${locale}/staff/outbox/${encodeURIComponent(m.file)}`}>{m.subject}</Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  )
}
