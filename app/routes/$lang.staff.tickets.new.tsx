import {
  data,
  redirect,
  type ActionFunctionArgs,
  type LinksFunction,
  type LoaderFunctionArgs,
} from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { ticketCategories, ticketPriorities } from '#db/schema/tickets'
import { Field, FormMessage, SelectField, TextareaField } from '~/components/ui/field'
import { requireRole } from '~/modules/auth/guards.server'
import { fields, parseForm, readForm } from '~/modules/http/forms'
import type { RouteHandle } from '~/modules/http/route-handle'
import { localeNames } from '~/modules/i18n/locales'
import { localeParam } from '~/modules/i18n/params'
import { useTranslation } from '~/modules/i18n/use-translation'
import {
  isMessageTooLong,
  logTicketSchema,
  offPortalChannels,
  subjectMaxLength,
} from '~/modules/tickets/queue.schema'
import {
  assignableRoles,
  findRequester,
  listAccountsForLogging,
  listRequesters,
} from '~/modules/tickets/queue.server'
import { createTicket } from '~/modules/tickets/tickets.server'
import styles from '~/styles/staff-tickets.css?url'

export const handle: RouteHandle = { title: (t) => t('staff:tickets.new.title') }

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: styles }]

const chosenAccountSchema = z.object({ accountId: fields.id.optional().catch(undefined) })

export async function loader({ request, params }: LoaderFunctionArgs) {
  const locale = localeParam(params)
  await requireRole(request, locale, assignableRoles)
  const { accountId } = chosenAccountSchema.parse(Object.fromEntries(new URL(request.url).searchParams))
  const accounts = await listAccountsForLogging()
  const account = accountId ? (accounts.find((a) => a.id === accountId) ?? null) : null
  return {
    locale,
    accounts,
    account,
    requesters: account ? await listRequesters({ accountId: account.id }) : [],
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const locale = localeParam(params)
  const user = await requireRole(request, locale, assignableRoles)
  const form = await readForm(request)
  const parsed = parseForm(form, logTicketSchema)
  const values = Object.fromEntries(
    [...form]
      .filter((entry): entry is [string, string] => typeof entry[1] === 'string')
      .map(([k, v]) => [k, v.slice(0, 50_000)]),
  )
  if (!parsed.success)
    return data({ fieldErrors: parsed.fieldErrors, values }, isMessageTooLong(parsed.fieldErrors) ? 413 : 400)
  // The requester must be a person of the chosen account: the form's ids are not trusted.
  const requester = await findRequester({
    accountId: parsed.data.accountId,
    requesterId: parsed.data.requesterId,
  })
  if (!requester)
    return data({ fieldErrors: { requesterId: 'form.invalid' } as Record<string, string>, values }, 400)
  const created = createTicket({
    accountId: parsed.data.accountId,
    requesterId: requester.id,
    subject: parsed.data.subject,
    body: parsed.data.body,
    category: parsed.data.category,
    priority: parsed.data.priority,
    locale: requester.locale,
    channel: parsed.data.channel,
    createdById: user.id,
  })
  if (!created)
    return data({ fieldErrors: { accountId: 'form.invalid' } as Record<string, string>, values }, 400)
  return redirect(`/${locale}/staff/tickets/${created.number}`)
}

export default function LogTicket() {
  const { t } = useTranslation(['staff', 'tickets'])
  const { locale, accounts, account, requesters } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const errors = actionData?.fieldErrors ?? {}
  const values = actionData?.values ?? {}
  return (
    <div className="page narrow">
      <p className="breadcrumbs">
        <Link to={`/${locale}/staff/tickets`}>{t('tickets.queue.title')}</Link>
      </p>
      <h1>{t('tickets.new.title')}</h1>
      <p className="lead">{t('tickets.new.lead')}</p>

      <Form method="get" className="inline-fields" aria-label={t('tickets.new.chooseAccount')}>
        <SelectField label={t('accounts.name')} name="accountId" defaultValue={account?.id ?? ''}>
          <option value="">{t('tickets.new.pickAccount')}</option>
          {accounts.map((a) => (
            <option key={a.id} value={a.id}>
              {a.name} ({a.marketCode})
            </option>
          ))}
        </SelectField>
        <button type="submit" className="button button--quiet">
          {t('tickets.new.chooseAccount')}
        </button>
      </Form>

      {account && (
        <section className="panel" aria-labelledby="log-heading">
          <h2 id="log-heading">{t('tickets.new.forAccount', { account: account.name })}</h2>
          {errors.form && <FormMessage error={errors.form} />}
          {requesters.length === 0 ? (
            <p className="muted">{t('tickets.new.noPeople')}</p>
          ) : (
            <Form method="post" className="stack" noValidate>
              <input type="hidden" name="accountId" value={account.id} />
              <SelectField
                label={t('tickets.fields.requester')}
                name="requesterId"
                defaultValue={values.requesterId ?? ''}
                error={errors.requesterId}
                required
              >
                {requesters.map((person) => (
                  <option key={person.id} value={person.id}>
                    {person.name} · {person.email} · {localeNames[person.locale]}
                  </option>
                ))}
              </SelectField>
              <SelectField
                label={t('tickets.fields.channel')}
                name="channel"
                defaultValue={values.channel ?? 'whatsapp'}
                error={errors.channel}
              >
                {offPortalChannels.map((c) => (
                  <option key={c} value={c}>
                    {t(`tickets:channel.${c}`)}
                  </option>
                ))}
              </SelectField>
              <SelectField
                label={t('tickets.fields.category')}
                name="category"
                defaultValue={values.category ?? 'how_to'}
                error={errors.category}
              >
                {ticketCategories.map((c) => (
                  <option key={c} value={c}>
                    {t(`tickets:category.${c}`)}
                  </option>
                ))}
              </SelectField>
              <SelectField
                label={t('tickets.fields.priority')}
                name="priority"
                defaultValue={values.priority ?? 'normal'}
              >
                {ticketPriorities.map((p) => (
                  <option key={p} value={p}>
                    {t(`tickets:priority.${p}`)}
                  </option>
                ))}
              </SelectField>
              <Field
                label={t('tickets.fields.subject')}
                name="subject"
                defaultValue={values.subject ?? ''}
                maxLength={subjectMaxLength}
                required
                error={errors.subject}
              />
              <TextareaField
                label={t('tickets.new.body')}
                hint={t('tickets.new.bodyHint')}
                name="body"
                className="message-textarea"
                defaultValue={values.body ?? ''}
                required
                error={errors.body}
              />
              <button type="submit" className="button">
                {t('tickets.new.submit')}
              </button>
            </Form>
          )}
        </section>
      )}
    </div>
  )
}
