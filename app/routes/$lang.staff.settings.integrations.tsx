import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { Time, TimeInSentence } from '~/components/time'
import { Field, FormMessage } from '~/components/ui/field'
import { requireAdmin } from '~/modules/auth/guards.server'
import { fields, parseForm, readForm } from '~/modules/http/forms'
import type { RouteHandle } from '~/modules/http/route-handle'
import { localeParam } from '~/modules/i18n/params'
import { useTranslation } from '~/modules/i18n/use-translation'
import { createApiToken, listApiTokens, revokeApiToken } from '~/modules/integrations/api-tokens.server'

export const handle: RouteHandle = { title: (t) => t('staff:integrations.title') }

export async function loader({ request, params }: LoaderFunctionArgs) {
  const locale = localeParam(params)
  await requireAdmin(request, locale)
  return { tokens: await listApiTokens() }
}

const createSchema = z.object({ name: fields.name })
const revokeSchema = z.object({ tokenId: fields.id })

export async function action({ request, params }: ActionFunctionArgs) {
  const locale = localeParam(params)
  const admin = await requireAdmin(request, locale)
  const form = await readForm(request)
  const intent = form.get('intent')
  if (intent === 'create') {
    const parsed = parseForm(form, createSchema)
    if (!parsed.success) return data({ intent, fieldErrors: parsed.fieldErrors, token: null }, 400)
    const created = await createApiToken({ name: parsed.data.name, createdById: admin.id })
    // The secret is shown this once and never stored: only its hash is.
    return { intent, fieldErrors: {} as Record<string, string>, token: created.token }
  }
  if (intent === 'revoke') {
    const parsed = parseForm(form, revokeSchema)
    if (!parsed.success || !(await revokeApiToken({ id: parsed.data.tokenId })))
      throw new Response('Not found', { status: 404 })
    return { intent, fieldErrors: {} as Record<string, string>, token: null }
  }
  return data(
    { intent: '', fieldErrors: { form: 'form.unknownAction' } as Record<string, string>, token: null },
    400,
  )
}

export default function Integrations() {
  const { t } = useTranslation('staff')
  const { tokens } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  return (
    <div className="page">
      <h1>{t('integrations.title')}</h1>
      <p className="lead">{t('integrations.lead')}</p>
      <p>
        <code>POST /api/events</code> · <code>Authorization: Bearer …</code>
      </p>
      <pre className="code-sample" tabIndex={0}>
        {JSON.stringify(
          {
            accountExternalId: 'ACC-1000',
            event: 'first_attributed_install',
            occurredAt: '2026-11-20T10:15:00Z',
            userEmail: 'dev@example.com',
            idempotencyKey: 'evt-7f3a9c',
          },
          null,
          2,
        )}
      </pre>

      <section className="panel" aria-labelledby="new-token-heading">
        <h2 id="new-token-heading">{t('integrations.newTitle')}</h2>
        {actionData?.token && (
          <div role="status" className="notice notice--success">
            <p>{t('integrations.created')}</p>
            <p>
              <code className="secret">{actionData.token}</code>
            </p>
          </div>
        )}
        {actionData?.intent === 'revoke' && <FormMessage success={t('integrations.revoked')} />}
        <Form method="post" className="stack" noValidate>
          <input type="hidden" name="intent" value="create" />
          <Field
            label={t('integrations.name')}
            hint={t('integrations.nameHint')}
            name="name"
            required
            maxLength={100}
            error={actionData?.intent === 'create' ? actionData.fieldErrors.name : undefined}
          />
          <button type="submit" className="button">
            {t('integrations.create')}
          </button>
        </Form>
      </section>

      <h2>{t('integrations.listTitle')}</h2>
      {tokens.length === 0 ? (
        <p className="muted">{t('integrations.none')}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('integrations.name')}</th>
                <th scope="col">{t('integrations.hint')}</th>
                <th scope="col">{t('integrations.createdAt')}</th>
                <th scope="col">{t('integrations.lastUsed')}</th>
                <th scope="col">{t('integrations.state')}</th>
              </tr>
            </thead>
            <tbody>
              {tokens.map((token) => (
                <tr key={token.id}>
                  <td>{token.name}</td>
                  <td>
                    <code>…{token.hint}</code>
                  </td>
                  <td>
                    <Time at={token.createdAt} style="date" />
                    {token.createdBy && <span className="muted"> · {token.createdBy}</span>}
                  </td>
                  <td>{token.lastUsedAt ? <Time at={token.lastUsedAt} /> : t('integrations.neverUsed')}</td>
                  <td>
                    {token.revokedAt ? (
                      <TimeInSentence at={token.revokedAt} style="date">
                        {(date) => t('integrations.revokedOn', { date })}
                      </TimeInSentence>
                    ) : (
                      <Form method="post">
                        <input type="hidden" name="intent" value="revoke" />
                        <input type="hidden" name="tokenId" value={token.id} />
                        <button type="submit" className="button button--quiet">
                          {t('integrations.revoke')}
                          <span className="visually-hidden">: {token.name}</span>
                        </button>
                      </Form>
                    )}
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
