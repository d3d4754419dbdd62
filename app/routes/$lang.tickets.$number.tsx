import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from '@remix-run/react'
import { useId, type ReactNode } from 'react'
import { ticketChannels, ticketStatuses } from '#db/schema/tickets'
import { EarlierMessages } from '~/components/conversation-window'
import { useSupportHoursText, useTargetText } from '~/components/service-plan'
import { TicketCcPanel } from '~/components/ticket-ccs'
import { AttachmentsField, useByteSize } from '~/components/ticket-fields'
import { Time } from '~/components/time'
import { TextareaField, ErrorText, FormMessage } from '~/components/ui/field'
import { requireCustomer } from '~/modules/auth/guards.server'
import { clock } from '~/modules/clock/clock'
import { parseForm, type FieldErrors } from '~/modules/http/forms'
import type { RouteHandle } from '~/modules/http/route-handle'
import type { Locale } from '~/modules/i18n/locales'
import { localeParam } from '~/modules/i18n/params'
import { useTranslation } from '~/modules/i18n/use-translation'
import { attachmentLimits } from '~/modules/tickets/attachments'
import {
  attachedBytes,
  checkAttachments,
  readTicketForm,
  saveWithFiles,
  FilesTooLarge,
  StorageFailed,
} from '~/modules/tickets/attachments.server'
import { applyCcForm, listCcCandidates, listCcs, mayManageCcs } from '~/modules/tickets/ccs.server'
import { canReopen, reopenWindowDays } from '~/modules/tickets/reopen'
import { newTicketHref } from '~/modules/tickets/ticket-prefill'
import {
  parseConversationWindow,
  ratingCommentMax,
  ratingSchema,
  replySchema,
  sentParam,
  ticketBodyMax,
  ticketNumberParam,
  type TicketIntent,
} from '~/modules/tickets/tickets.schema'
import {
  addMessage,
  findTicketForCustomer,
  getConversation,
  getRating,
  getRequesterName,
  getServicePlan,
  getStatusTimeline,
  rateTicket,
  setStatusByCustomer,
} from '~/modules/tickets/tickets.server'

export const handle: RouteHandle = {
  title: (t, loaderData) => {
    const ticket = (loaderData as { ticket?: { number: number; subject: string } } | undefined)?.ticket
    return ticket
      ? t('tickets:customer.ticket.pageTitle', { number: ticket.number, subject: ticket.subject })
      : ''
  },
}

/**
 * The ticket as its requester, a colleague copied on it or their account admin may see it;
 * anyone else gets a 404.
 */
async function requireOwnTicket({
  request,
  params,
}: {
  request: Request
  params: LoaderFunctionArgs['params']
}) {
  const locale = localeParam(params)
  const user = await requireCustomer(request, locale)
  const ticket = await findTicketForCustomer({ number: ticketNumberParam(params.number), viewer: user })
  if (!ticket) throw new Response('Not found', { status: 404 })
  return { locale, user, ticket }
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { locale, user, ticket } = await requireOwnTicket({ request, params })
  const canManageCcs = mayManageCcs(user, ticket)
  const [conversation, timeline, rating, plan, requesterName, ccs, ccCandidates] = await Promise.all([
    // Internal notes and their files are left out by the query itself.
    getConversation({
      ticketId: ticket.id,
      includeInternal: false,
      window: parseConversationWindow(new URL(request.url).searchParams),
    }),
    getStatusTimeline({ ticketId: ticket.id }),
    getRating({ ticketId: ticket.id }),
    // The ticket keeps the targets of the tier it was opened under.
    getServicePlan({ accountId: ticket.accountId, tier: ticket.tier, priority: ticket.priority }),
    ticket.requesterId === user.id ? null : getRequesterName({ ticketId: ticket.id }),
    listCcs({ ticketId: ticket.id }),
    canManageCcs
      ? listCcCandidates({
          accountId: ticket.accountId,
          requesterId: ticket.requesterId,
          ticketId: ticket.id,
        })
      : [],
  ])
  return {
    locale,
    ticket: {
      number: ticket.number,
      subject: ticket.subject,
      status: ticket.status,
      category: ticket.category,
      channel: ticket.channel,
      createdAt: ticket.createdAt,
      firstResponseDueAt: ticket.firstResponseDueAt,
      firstResponseAt: ticket.firstResponseAt,
      requesterName,
    },
    // Only what a reader needs: no author ids, no internal flag.
    earlier: conversation.earlier,
    messageTotal: conversation.total,
    messages: conversation.messages.map((m) => ({
      id: m.id,
      body: m.body,
      createdAt: m.createdAt,
      authorName: m.authorName,
      fromSupport: m.authorRole !== null && m.authorRole !== 'customer',
      attachments: m.attachments.map((a) => ({ id: a.id, name: a.originalName, size: a.size })),
    })),
    timeline,
    rating: rating ? { rating: rating.rating, comment: rating.comment } : null,
    canRate: !rating && (ticket.status === 'solved' || ticket.status === 'closed'),
    canReopen: canReopen(ticket, clock.now()),
    plan,
    now: clock.now().toISOString(),
    userId: user.id,
    // Colleagues' names and ids only: their addresses are not for the page.
    ccs: ccs.map(({ userId, name, disabled }) => ({ userId, name, disabled })),
    ccCandidates,
    canManageCcs,
  }
}

type TicketActionResult = {
  intent: TicketIntent
  done: boolean
  fieldErrors: FieldErrors
  formError?: string
  submitted?: Record<string, string>
  /** Who was added to or taken off the copy. */
  ccName?: string
}

const result = (value: TicketActionResult, status = value.done ? 200 : 400) =>
  data<TicketActionResult>(value, status)

/**
 * Reply, close, reopen and rate. The ticket is found in the caller's scope before the body is
 * read, so a foreign ticket is a 404 whatever is posted; ids in the form are never read.
 */
export async function action({ request, params }: ActionFunctionArgs) {
  const { locale, user, ticket } = await requireOwnTicket({ request, params })
  const { form, files, problem } = await readTicketForm({ request })
  const intent = form.get('intent')

  if (intent === 'reply') {
    const submitted = { body: String(form.get('body') ?? '').slice(0, ticketBodyMax + 1) }
    if (problem)
      return result(
        {
          intent,
          done: false,
          fieldErrors: { [problem.error === 'form.tooLong' ? 'body' : 'attachments']: problem.error },
          submitted,
        },
        problem.status,
      )
    const parsed = parseForm(form, replySchema)
    if (!parsed.success) return result({ intent, done: false, fieldErrors: parsed.fieldErrors, submitted })
    // A reply reopens a solved or closed ticket, so it follows the same window as the button.
    const ended = ticket.status === 'solved' || ticket.status === 'closed'
    if (ended && !canReopen(ticket, clock.now()))
      return result({ intent, done: false, fieldErrors: {}, formError: 'form.reopenExpired', submitted }, 409)
    const checked = await checkAttachments({ files })
    if ('problem' in checked)
      return result(
        { intent, done: false, fieldErrors: { attachments: checked.problem.error }, submitted },
        checked.problem.status,
      )
    const tooLarge = () =>
      result(
        { intent, done: false, fieldErrors: { attachments: 'form.ticketFilesTooLarge' }, submitted },
        413,
      )
    const adding = checked.files.reduce((total, f) => total + f.bytes.byteLength, 0)
    if (adding > 0 && (await attachedBytes({ ticketId: ticket.id })) + adding > attachmentLimits.ticketBytes)
      return tooLarge()
    let message
    try {
      message = await saveWithFiles(checked.files, (files) =>
        addMessage({
          ticketId: ticket.id,
          authorId: user.id,
          body: parsed.data.body,
          fromStaff: false,
          files,
        }),
      )
    } catch (error) {
      // Only a reply racing another one past the ticket's limit gets here; nothing was saved.
      if (error instanceof FilesTooLarge) return tooLarge()
      if (error instanceof StorageFailed)
        return result(
          { intent, done: false, fieldErrors: { attachments: 'form.storageFailed' }, submitted },
          503,
        )
      throw error
    }
    if (!message) throw new Response('Not found', { status: 404 })
    // Post/redirect/get: the answer is a redirect, the page is rendered once by the GET that
    // follows, and reloading it does not offer to send the reply again.
    return redirect(`/${locale}/tickets/${ticket.number}?${sentParam}=reply`)
  }
  if (intent === 'close' || intent === 'reopen') {
    const changed = setStatusByCustomer({
      ticketId: ticket.id,
      actorId: user.id,
      status: intent === 'close' ? 'closed' : 'open',
    })
    const expired = !changed && intent === 'reopen' && ['solved', 'closed'].includes(ticket.status)
    return result(
      {
        intent,
        done: changed,
        fieldErrors: {},
        formError: changed ? undefined : expired ? 'form.reopenExpired' : 'form.unknownAction',
      },
      changed ? 200 : expired ? 409 : 400,
    )
  }
  if (intent === 'rate') {
    const submitted = {
      rating: String(form.get('rating') ?? ''),
      comment: String(form.get('comment') ?? '').slice(0, ratingCommentMax + 1),
    }
    const parsed = parseForm(form, ratingSchema)
    if (!parsed.success) return result({ intent, done: false, fieldErrors: parsed.fieldErrors, submitted })
    const rated = rateTicket({
      ticketId: ticket.id,
      userId: user.id,
      rating: parsed.data.rating,
      comment: parsed.data.comment,
    })
    if (!rated) {
      const already = (await getRating({ ticketId: ticket.id })) !== null
      return result({
        intent,
        done: false,
        fieldErrors: {},
        formError: already ? 'form.alreadyRated' : 'form.notRatable',
      })
    }
    return result({ intent, done: true, fieldErrors: {} })
  }
  if (intent === 'ccAdd' || intent === 'ccRemove') return changeCopy({ intent, form, locale, user, ticket })
  return result({ intent: 'reply', done: false, fieldErrors: {}, formError: 'form.unknownAction' })
}

/**
 * Adds a colleague to the copy or takes one off. The requester and account admins manage it;
 * anyone copied may take themselves off, and leaves for the list when that ends their access.
 */
async function changeCopy({
  intent,
  form,
  locale,
  user,
  ticket,
}: { intent: 'ccAdd' | 'ccRemove'; form: FormData } & Awaited<ReturnType<typeof requireOwnTicket>>) {
  const manages = mayManageCcs(user, ticket)
  const changed = await applyCcForm({
    intent,
    form,
    ticketId: ticket.id,
    actor: user,
    // Anyone copied may take themselves off; only the requester and admins manage the copy.
    authorize: (userId) => {
      if (!manages && !(intent === 'ccRemove' && userId === user.id))
        throw new Response('Forbidden', { status: 403 })
    },
  })
  if (!changed.done)
    return intent === 'ccAdd'
      ? result({ intent, done: false, fieldErrors: { userId: 'form.ccNotColleague' } })
      : result({ intent, done: false, fieldErrors: {}, formError: 'form.ccNotColleague' })
  if (intent === 'ccRemove' && changed.userId === user.id && !manages)
    return redirect(`/${locale}/tickets?stopped=${ticket.number}`)
  return result({ intent, done: true, fieldErrors: {}, ccName: changed.name })
}

export default function TicketPage() {
  const { t } = useTranslation('tickets')
  const {
    locale,
    ticket,
    messages,
    earlier,
    messageTotal,
    timeline,
    rating,
    canRate,
    canReopen,
    plan,
    now,
    userId,
    ccs,
    ccCandidates,
    canManageCcs,
  } = useLoaderData<typeof loader>()
  const ended = ticket.status === 'solved' || ticket.status === 'closed'
  const actionData = useActionData<typeof action>()
  const resultOf = (intent: TicketIntent) => (actionData?.intent === intent ? actionData : null)
  const statusResult = resultOf('close') ?? resultOf('reopen')
  return (
    <div className="page tickets-page">
      <p className="breadcrumbs">
        <Link to={`/${locale}/tickets`}>{t('customer.list.title')}</Link>
      </p>
      <h1>
        <span className="ticket-number">#{ticket.number}</span> {ticket.subject}
      </h1>
      <dl className="facts">
        <Fact label={t('customer.ticket.status')}>
          <span className={`badge ticket-status ticket-status--${ticket.status}`}>
            {t(`status.${ticket.status}`)}
          </span>
        </Fact>
        <Fact label={t('customer.ticket.category')}>{t(`category.${ticket.category}`)}</Fact>
        <Fact label={t('customer.ticket.opened')}>
          <Time at={ticket.createdAt} />
        </Fact>
        {ticket.requesterName && <Fact label={t('customer.ticket.requester')}>{ticket.requesterName}</Fact>}
        {ccs.length > 0 && (
          <Fact label={t('customer.list.copied')}>{ccs.map((person) => person.name).join(', ')}</Fact>
        )}
      </dl>

      {plan && <ResponseExpectation ticket={ticket} plan={plan} now={now} />}

      <section className="panel" aria-labelledby="conversation-heading">
        <h2 id="conversation-heading">{t('customer.ticket.conversation')}</h2>
        <EarlierMessages
          locale={locale}
          earlier={earlier}
          total={messageTotal}
          firstShownId={messages[0]?.id}
        />
        <ol className="ticket-messages">
          {messages.map((message) => (
            <li
              key={message.id}
              id={`message-${message.id}`}
              className={message.fromSupport ? 'ticket-message ticket-message--support' : 'ticket-message'}
            >
              <p className="ticket-message__meta">
                <strong>{message.authorName ?? t('customer.formerUser')}</strong>
                {message.fromSupport && <span className="badge">{t('customer.ticket.supportTeam')}</span>}
                {' · '}
                <Time at={message.createdAt} />
              </p>
              <div className="ticket-message__body">{message.body}</div>
              {message.attachments.length > 0 && (
                <AttachmentList locale={locale} number={ticket.number} attachments={message.attachments} />
              )}
            </li>
          ))}
        </ol>
      </section>

      {ended && !canReopen ? (
        <section className="panel" aria-labelledby="reply-heading">
          <h2 id="reply-heading">{t('customer.ticket.replyTitle')}</h2>
          {resultOf('reply')?.formError && <FormMessage error={resultOf('reply')?.formError} />}
          <p>{t('customer.ticket.reopenExpired', { count: reopenWindowDays })}</p>
        </section>
      ) : (
        <ReplyForm result={resultOf('reply')} messageCount={messageTotal} status={ticket.status} />
      )}

      <section className="panel" aria-labelledby="status-actions-heading">
        <h2 id="status-actions-heading">{t('customer.ticket.statusActions')}</h2>
        {statusResult &&
          (statusResult.done ? (
            <FormMessage
              success={t(`customer.ticket.${statusResult.intent === 'close' ? 'closeDone' : 'reopenDone'}`)}
            />
          ) : (
            <FormMessage error={statusResult.formError} />
          ))}
        {canReopen && (
          <Form method="post">
            <p>{t('customer.ticket.reopenHint')}</p>
            <button type="submit" name="intent" value="reopen" className="button">
              {t('customer.ticket.reopen')}
            </button>
          </Form>
        )}
        {ended && (
          <div>
            <p>{t('customer.ticket.newAboutHint')}</p>
            {/* A link, not a form: the new-ticket form opens prefilled and nothing is saved yet. */}
            <Link
              className="button button--quiet"
              to={newTicketHref(locale, {
                subject: t('customer.ticket.newAboutSubject', {
                  number: ticket.number,
                  subject: ticket.subject,
                }),
                from: {
                  path: `/${locale}/tickets/${ticket.number}`,
                  title: t('customer.ticket.pageTitle', { number: ticket.number, subject: ticket.subject }),
                },
              })}
            >
              {t('customer.ticket.newAbout')}
            </Link>
          </div>
        )}
        {ticket.status !== 'closed' && (
          <Form method="post">
            <p>{t('customer.ticket.closeHint')}</p>
            <button type="submit" name="intent" value="close" className="button button--quiet">
              {t('customer.ticket.close')}
            </button>
          </Form>
        )}
      </section>

      <TicketCcPanel
        title={t('customer.cc.title')}
        lead={t('customer.cc.lead')}
        ccs={ccs}
        candidates={ccCandidates}
        canManage={canManageCcs}
        selfId={userId}
        result={resultOf('ccAdd') ?? resultOf('ccRemove')}
      />

      {(canRate || rating || resultOf('rate')) && (
        <RatingPanel rating={rating} canRate={canRate} result={resultOf('rate')} />
      )}

      <section className="panel" aria-labelledby="timeline-heading">
        <h2 id="timeline-heading">{t('customer.ticket.timeline')}</h2>
        <ol className="ticket-timeline">
          {timeline.map((entry, index) => (
            <li key={index}>
              <Time at={entry.at} />
              {' · '}
              {entry.change === 'created'
                ? t('customer.ticket.timelineCreated', {
                    channel: t(`channel.${ticketChannels.find((c) => c === entry.toValue) ?? 'portal'}`),
                  })
                : t('customer.ticket.timelineStatus', {
                    from: statusName(t, entry.fromValue),
                    to: statusName(t, entry.toValue),
                  })}
            </li>
          ))}
        </ol>
      </section>
    </div>
  )
}

type TicketsT = ReturnType<typeof useTranslation<'tickets'>>['t']
function statusName(t: TicketsT, value: string | null) {
  const status = ticketStatuses.find((s) => s === value)
  return status ? t(`status.${status}`) : (value ?? '')
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  )
}

type PageData = ReturnType<typeof useLoaderData<typeof loader>>

/** The first-response promise of the ticket's tier, and when that falls on the reader's clock. */
function ResponseExpectation({
  ticket,
  plan,
  now,
}: {
  ticket: PageData['ticket']
  plan: NonNullable<PageData['plan']>
  now: string
}) {
  const { t } = useTranslation(['tickets', 'common'])
  const targetText = useTargetText()
  const hoursText = useSupportHoursText()
  return (
    <section className="panel" aria-labelledby="expectation-heading">
      <h2 id="expectation-heading">{t('customer.ticket.expectationTitle')}</h2>
      {plan.firstResponseMinutes === null ? (
        <p>{t('plan.noTarget')}</p>
      ) : (
        <p suppressHydrationWarning>
          {t('customer.ticket.expectation', {
            tier: t(`common:tier.${plan.tier}`),
            duration: targetText(plan.firstResponseMinutes),
            hours: hoursText(plan.hours),
          })}
        </p>
      )}
      {ticket.firstResponseAt ? (
        <p>
          {t('customer.ticket.answeredAt')} <Time at={ticket.firstResponseAt} withZone />
        </p>
      ) : ticket.firstResponseDueAt && ticket.status !== 'closed' ? (
        <p>
          {t('customer.ticket.dueBy')} <Time at={ticket.firstResponseDueAt} withZone now={now} />
        </p>
      ) : null}
    </section>
  )
}

function AttachmentList({
  locale,
  number,
  attachments,
}: {
  locale: Locale
  number: number
  attachments: { id: number; name: string; size: number }[]
}) {
  const { t } = useTranslation('tickets')
  const size = useByteSize()
  return (
    <div className="ticket-attachments">
      <p className="ticket-attachments__title">{t('attachments.listTitle')}</p>
      <ul>
        {attachments.map((a) => (
          <li key={a.id}>
            {/* A plain link, not a client-side route: the file route always answers as a download. */}
            <a href={`/${locale}/tickets/${number}/attachments/${a.id}`} download>
              {a.name}
            </a>{' '}
            <span className="muted">({size(a.size)})</span>
          </li>
        ))}
      </ul>
    </div>
  )
}

function ReplyForm({
  result,
  messageCount,
  status,
}: {
  result: TicketActionResult | null
  messageCount: number
  status: string
}) {
  const { t } = useTranslation('tickets')
  const navigation = useNavigation()
  const [searchParams] = useSearchParams()
  const failed = result !== null && !result.done
  const errors = failed ? result.fieldErrors : {}
  return (
    <section className="panel" aria-labelledby="reply-heading">
      <h2 id="reply-heading">{t('customer.ticket.replyTitle')}</h2>
      {!failed && searchParams.get(sentParam) === 'reply' && (
        <FormMessage success={t('customer.ticket.replyDone')} />
      )}
      {failed && result.formError && <FormMessage error={result.formError} />}
      {(status === 'solved' || status === 'closed') && (
        <p className="muted">{t('customer.ticket.replyReopens')}</p>
      )}
      {/* A new key after each sent reply empties the form for the next one. */}
      <Form
        method="post"
        encType="multipart/form-data"
        className="stack"
        noValidate
        key={`reply-${messageCount}`}
      >
        <input type="hidden" name="intent" value="reply" />
        <TextareaField
          wide
          label={t('customer.ticket.replyBody')}
          name="body"
          rows={6}
          maxLength={ticketBodyMax}
          required
          defaultValue={failed ? (result.submitted?.body ?? '') : ''}
          error={errors.body}
        />
        <AttachmentsField error={errors.attachments} />
        <button type="submit" className="button" disabled={navigation.state === 'submitting'}>
          {t('customer.ticket.replySubmit')}
        </button>
      </Form>
    </section>
  )
}

const ratingValues = [1, 2, 3, 4, 5] as const

/** A one-time rating: a labelled radio group (arrow keys move within it) and an optional comment. */
function RatingPanel({
  rating,
  canRate,
  result,
}: {
  rating: { rating: number; comment: string } | null
  canRate: boolean
  result: TicketActionResult | null
}) {
  const { t } = useTranslation('tickets')
  const id = useId()
  const failed = result !== null && !result.done
  const errors = failed ? result.fieldErrors : {}
  return (
    <section className="panel" aria-labelledby="rating-heading">
      <h2 id="rating-heading">{t('customer.rating.title')}</h2>
      {result?.done && <FormMessage success={t('customer.rating.done')} />}
      {failed && result.formError && <FormMessage error={result.formError} />}
      {rating ? (
        <>
          <p>{t('customer.rating.given', { rating: rating.rating })}</p>
          {rating.comment && <p className="ticket-message__body">{rating.comment}</p>}
        </>
      ) : canRate ? (
        <Form method="post" className="stack" noValidate>
          <input type="hidden" name="intent" value="rate" />
          <p className="muted">{t('customer.rating.lead')}</p>
          <fieldset
            className="choice-group rating-choices"
            aria-describedby={errors.rating ? `${id}-error` : undefined}
            aria-invalid={errors.rating ? true : undefined}
          >
            <legend>{t('customer.rating.legend')}</legend>
            {ratingValues.map((value) => (
              <div key={value} className="choice">
                <input
                  type="radio"
                  id={`${id}-${value}`}
                  name="rating"
                  value={value}
                  required
                  defaultChecked={failed && result.submitted?.rating === String(value)}
                />
                <label htmlFor={`${id}-${value}`}>{t(`customer.rating.scale.${value}`)}</label>
              </div>
            ))}
          </fieldset>
          <ErrorText id={`${id}-error`} error={errors.rating} />
          <TextareaField
            wide
            label={t('customer.rating.comment')}
            name="comment"
            rows={3}
            maxLength={ratingCommentMax}
            defaultValue={failed ? (result.submitted?.comment ?? '') : ''}
            error={errors.comment}
          />
          <button type="submit" className="button">
            {t('customer.rating.submit')}
          </button>
        </Form>
      ) : null}
    </section>
  )
}
