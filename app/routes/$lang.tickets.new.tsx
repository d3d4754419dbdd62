import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import {
  Form,
  Link,
  useActionData,
  useLoaderData,
  useNavigation,
  type ShouldRevalidateFunction,
} from '@remix-run/react'
import { useEffect, useMemo, useRef, useState } from 'react'
import { ticketCategories } from '#db/schema/tickets'
import { KbSuggestions } from '~/components/kb-suggestions'
import { ServicePlanPanel } from '~/components/service-plan'
import { AttachmentsField } from '~/components/ticket-fields'
import { TextareaField, Field, FormMessage, SelectField, ErrorText } from '~/components/ui/field'
import { requireCustomer } from '~/modules/auth/guards.server'
import { recordEvent } from '~/modules/events/events.server'
import { parseForm, type FieldErrors } from '~/modules/http/forms'
import type { RouteHandle } from '~/modules/http/route-handle'
import { localeParam } from '~/modules/i18n/params'
import { useTranslation } from '~/modules/i18n/use-translation'
import {
  checkAttachments,
  readTicketForm,
  saveWithFiles,
  StorageFailed,
} from '~/modules/tickets/attachments.server'
import { listCcCandidates, NotAColleague, notifyCcAdded } from '~/modules/tickets/ccs.server'
import { readTicketPrefill } from '~/modules/tickets/ticket-prefill'
import { newTicketSchema, readCcIds, ticketBodyMax, ticketSubjectMax } from '~/modules/tickets/tickets.schema'
import {
  countRecentTickets,
  createTicket,
  getServicePlan,
  sendTicketReceipt,
  ticketsPerHour,
} from '~/modules/tickets/tickets.server'

export const handle: RouteHandle = { title: (t) => t('tickets:customer.new.title') }

/** `?subject=`, `?body=`, `?from=` and `?fromTitle=` prefill the form (see ticket-prefill.ts). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const locale = localeParam(params)
  const user = await requireCustomer(request, locale)
  // The first step of the deflection funnel in the cockpit: a form opened, sent or not.
  await recordEvent({ type: 'ticket_form', userId: user.id, accountId: user.accountId, locale })
  const prefill = readTicketPrefill(new URL(request.url).searchParams)
  const [plan, colleagues] = await Promise.all([
    getServicePlan({ accountId: user.accountId }),
    listCcCandidates({ accountId: user.accountId, requesterId: user.id }),
  ])
  return { locale, plan, prefill, colleagues }
}

/** The loader records a form opened: a refused submit must not count a second opening. */
export const shouldRevalidate: ShouldRevalidateFunction = ({ formMethod, defaultShouldRevalidate }) =>
  formMethod ? false : defaultShouldRevalidate

type NewTicketResult = {
  fieldErrors: FieldErrors
  submitted: Record<string, string>
  formError?: 'form.tooManyTickets'
}

/**
 * Opens the ticket for the signed-in person's own account, in their language; account and
 * requester never come from the form. Files are checked before anything is saved.
 */
export async function action({ request, params }: ActionFunctionArgs) {
  const locale = localeParam(params)
  const user = await requireCustomer(request, locale)
  const { form, files, problem } = await readTicketForm({ request })
  const submitted = submittedFields(form)
  const refuse = (fieldErrors: FieldErrors, status: number) =>
    data<NewTicketResult>({ fieldErrors, submitted }, status)
  if (problem)
    return refuse(
      { [problem.error === 'form.tooLong' ? 'body' : 'attachments']: problem.error },
      problem.status,
    )
  const parsed = parseForm(form, newTicketSchema)
  // The page it was asked from travels in hidden fields; anything but a same-origin path is dropped.
  const context = readTicketPrefill(
    new URLSearchParams({
      from: String(form.get('from') ?? ''),
      fromTitle: String(form.get('fromTitle') ?? ''),
    }),
  )
  const cc = readCcIds(form)
  if (!parsed.success || !cc)
    return refuse(
      { ...(parsed.success ? {} : parsed.fieldErrors), ...(cc ? {} : { cc: 'form.ccNotColleague' }) },
      400,
    )
  const checked = await checkAttachments({ files })
  if ('problem' in checked) return refuse({ attachments: checked.problem.error }, checked.problem.status)
  if (countRecentTickets({ requesterId: user.id }) >= ticketsPerHour)
    return data<NewTicketResult>({ fieldErrors: {}, submitted, formError: 'form.tooManyTickets' }, 429)

  let ticket
  try {
    ticket = await saveWithFiles(checked.files, (files) =>
      createTicket({
        accountId: user.accountId,
        requesterId: user.id,
        locale: user.locale,
        ...parsed.data,
        files,
        context: context.from ? { path: context.from, title: context.fromTitle } : null,
        cc,
      }),
    )
  } catch (error) {
    // A colleague who cannot be copied (another account's, deactivated meanwhile): nothing was saved.
    if (error instanceof NotAColleague) return refuse({ cc: 'form.ccNotColleague' }, 400)
    if (error instanceof StorageFailed) return refuse({ attachments: 'form.storageFailed' }, 503)
    throw error
  }
  if (!ticket) throw new Response('Not found', { status: 404 })
  // The receipt is the requester's; the colleagues copied hear who added them.
  await sendTicketReceipt({ ticketId: ticket.id })
  await notifyCcAdded({ ticketId: ticket.id, userIds: ticket.copied, addedBy: user.name })
  return redirect(`/${locale}/tickets/${ticket.number}`)
}

function submittedFields(form: FormData) {
  const submitted: Record<string, string> = {}
  for (const name of ['subject', 'body', 'category', 'from', 'fromTitle']) {
    const value = form.get(name)
    if (typeof value === 'string') submitted[name] = value.slice(0, ticketBodyMax + 1)
  }
  // The colleagues ticked, so a refused form comes back with them still ticked.
  submitted.cc = form.getAll('cc').map(String).slice(0, 100).join(',')
  return submitted
}

/**
 * Deflection, the simplest design that is reliable: suggestions open in a new tab (the draft
 * stays), and the form remembers the last one opened. When this page goes away, by closing
 * the tab or a full navigation (`pagehide`) or by a navigation inside the portal (unmount),
 * and nothing was submitted, one beacon reports it. `sendBeacon` survives the page's
 * unloading where a `fetch` may be cancelled, and a later submit on a restored page is not
 * lost: `submitted` only suppresses the report, it records nothing.
 */
function useDeflectionBeacon(locale: string) {
  const opened = useRef<number | null>(null)
  const submitted = useRef(false)
  useEffect(() => {
    const report = () => {
      if (submitted.current || opened.current === null) return
      const body = new URLSearchParams({ articleId: String(opened.current) })
      opened.current = null
      navigator.sendBeacon(`/${locale}/tickets/deflections`, body)
    }
    window.addEventListener('pagehide', report)
    return () => {
      window.removeEventListener('pagehide', report)
      report()
    }
  }, [locale])
  return useMemo(
    () => ({
      onOpen: (articleId: number) => {
        opened.current = articleId
      },
      onSubmit: () => {
        submitted.current = true
      },
      /** After a refused submit the person is still here and may leave for an article after all. */
      onRefused: () => {
        submitted.current = false
      },
    }),
    [],
  )
}

export default function NewTicketPage() {
  const { t } = useTranslation('tickets')
  const { locale, plan, prefill, colleagues } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const navigation = useNavigation()
  const errors = result?.fieldErrors ?? {}
  const submitted = result?.submitted ?? {}
  const [subject, setSubject] = useState(submitted.subject ?? prefill.subject)
  const from = submitted.from ?? prefill.from
  const fromTitle = submitted.fromTitle ?? prefill.fromTitle
  const deflection = useDeflectionBeacon(locale)
  const { onRefused } = deflection
  useEffect(() => {
    if (result) onRefused()
  }, [result, onRefused])

  return (
    <div className="page tickets-page">
      <p className="breadcrumbs">
        <Link to={`/${locale}/tickets`}>{t('customer.list.title')}</Link>
      </p>
      <h1>{t('customer.new.title')}</h1>
      <p className="lead">{t('customer.new.lead')}</p>
      {result?.formError ? (
        <FormMessage error={result.formError} />
      ) : (
        Object.keys(errors).length > 0 && <FormMessage error="form.checkFields" />
      )}
      <Form
        method="post"
        encType="multipart/form-data"
        className="stack"
        noValidate
        onSubmit={deflection.onSubmit}
      >
        {from && (
          <p className="notice" role="note">
            {t('customer.new.askedFrom')} <a href={from}>{fromTitle || from}</a>
            <input type="hidden" name="from" value={from} />
            <input type="hidden" name="fromTitle" value={fromTitle} />
          </p>
        )}
        <Field
          label={t('customer.new.subject')}
          hint={t('customer.new.subjectHint')}
          name="subject"
          defaultValue={submitted.subject ?? prefill.subject}
          maxLength={ticketSubjectMax}
          required
          autoComplete="off"
          error={errors.subject}
          onChange={(event) => setSubject(event.target.value)}
        />
        <KbSuggestions locale={locale} query={subject} onOpen={deflection.onOpen} />
        <SelectField
          label={t('customer.new.category')}
          name="category"
          defaultValue={submitted.category ?? ''}
          required
          error={errors.category}
        >
          <option value="">{t('customer.new.chooseCategory')}</option>
          {ticketCategories.map((category) => (
            <option key={category} value={category}>
              {t(`category.${category}`)}
            </option>
          ))}
        </SelectField>
        <TextareaField
          wide
          label={t('customer.new.body')}
          hint={t('customer.new.bodyHint')}
          name="body"
          rows={8}
          maxLength={ticketBodyMax}
          required
          defaultValue={submitted.body ?? prefill.body}
          error={errors.body}
        />
        <AttachmentsField error={errors.attachments} />
        {colleagues.length > 0 && (
          <CcChoices colleagues={colleagues} checked={submitted.cc?.split(',') ?? []} error={errors.cc} />
        )}
        <button type="submit" className="button" disabled={navigation.state === 'submitting'}>
          {t('customer.new.submit')}
        </button>
      </Form>
      {plan && <ServicePlanPanel plan={plan} />}
    </div>
  )
}

/** Colleagues to copy, as checkboxes: several at once, and no JavaScript needed. */
function CcChoices({
  colleagues,
  checked,
  error,
}: {
  colleagues: { id: number; name: string }[]
  checked: string[]
  error?: string
}) {
  const { t } = useTranslation('tickets')
  const describedBy = ['cc-hint', error ? 'cc-error' : null].filter(Boolean).join(' ')
  return (
    <fieldset
      className="choices cc-choices"
      aria-describedby={describedBy}
      aria-invalid={error ? true : undefined}
    >
      <legend>{t('customer.new.ccLegend')}</legend>
      <p id="cc-hint" className="field__hint">
        {t('customer.new.ccHint')}
      </p>
      {colleagues.map((person) => (
        <div key={person.id} className="checkbox">
          <input
            type="checkbox"
            id={`cc-${person.id}`}
            name="cc"
            value={person.id}
            defaultChecked={checked.includes(String(person.id))}
          />
          <label htmlFor={`cc-${person.id}`}>{person.name}</label>
        </div>
      ))}
      <ErrorText id="cc-error" error={error} />
    </fieldset>
  )
}
