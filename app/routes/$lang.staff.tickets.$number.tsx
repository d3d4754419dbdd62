import {
  data,
  redirect,
  type ActionFunctionArgs,
  type LinksFunction,
  type LoaderFunctionArgs,
} from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from '@remix-run/react'
import { useRef, type MouseEvent } from 'react'
import { z } from 'zod'
import { ticketCategories, ticketPriorities, ticketStatuses } from '#db/schema/tickets'
import { EarlierMessages } from '~/components/conversation-window'
import { useMarketName } from '~/components/market-name'
import { TicketCcPanel } from '~/components/ticket-ccs'
import { DueTime, SlaBadge, SlaCountdown, ticketLabel } from '~/components/ticket-sla'
import { Time, TimeZoneNote } from '~/components/time'
import { FormMessage, SelectField, TextareaField } from '~/components/ui/field'
import { requireRole, requireStaff } from '~/modules/auth/guards.server'
import { clock } from '~/modules/clock/clock'
import { parseForm, readForm, type FieldErrors } from '~/modules/http/forms'
import type { RouteHandle } from '~/modules/http/route-handle'
import { formatMoney, formatNumber } from '~/modules/i18n/format'
import { localeNames } from '~/modules/i18n/locales'
import { localeParam } from '~/modules/i18n/params'
import { useTranslation } from '~/modules/i18n/use-translation'
import { applyCcForm, listCcCandidates, listCcs } from '~/modules/tickets/ccs.server'
import {
  insertSavedReplySchema,
  isMessageTooLong,
  noteSchema,
  parseTicketNumber,
  replySchema,
  ticketUpdateSchema,
} from '~/modules/tickets/queue.schema'
import {
  assignableRoles,
  findCreator,
  getTicketContext,
  isAssignable,
  listAssignableStaff,
  namesOfUsers,
} from '~/modules/tickets/queue.server'
import { findSavedReplyForLocale, savedRepliesForLocale } from '~/modules/tickets/saved-replies.server'
import { nextDueAt, slaBreaches, slaCountdown, slaStateOf } from '~/modules/tickets/sla'
import { dueSoonThresholds } from '~/modules/tickets/sla.server'
import { parseConversationWindow, sentParam } from '~/modules/tickets/tickets.schema'
import {
  addMessage,
  findTicketForStaff,
  getAuditTrail,
  getConversation,
  getRating,
  notifyTicketFollowers,
  updateTicket,
} from '~/modules/tickets/tickets.server'
import styles from '~/styles/staff-tickets.css?url'

export const handle: RouteHandle = {
  title: (_t, loaderData) => {
    const ticket = (loaderData as { ticket?: { number: number; subject: string } } | undefined)?.ticket
    return ticket ? `${ticketLabel(ticket.number)} ${ticket.subject}` : ''
  },
}

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: styles }]

async function ticketFromParams(params: LoaderFunctionArgs['params']) {
  const number = parseTicketNumber(params.number)
  const ticket = number === null ? null : await findTicketForStaff({ number })
  if (!ticket) throw new Response('Not found', { status: 404 })
  return ticket
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const locale = localeParam(params)
  const user = await requireStaff(request, locale)
  const ticket = await ticketFromParams(params)
  const now = clock.now()
  const canManage = (assignableRoles as readonly string[]).includes(user.role)
  const [conversation, trail, context, savedReplies, staff, rating, creator, thresholds, ccs, ccCandidates] =
    await Promise.all([
      getConversation({
        ticketId: ticket.id,
        includeInternal: true,
        window: parseConversationWindow(new URL(request.url).searchParams),
      }),
      getAuditTrail({ ticketId: ticket.id }),
      getTicketContext({ ticket, locale }),
      savedRepliesForLocale({ locale: ticket.locale }),
      listAssignableStaff(),
      getRating({ ticketId: ticket.id }),
      findCreator({ userId: ticket.createdById }),
      dueSoonThresholds({ now }),
      listCcs({ ticketId: ticket.id }),
      canManage
        ? listCcCandidates({
            accountId: ticket.accountId,
            requesterId: ticket.requesterId,
            ticketId: ticket.id,
          })
        : [],
    ])
  // People the trail names by id: assignees and the colleagues added to or taken off the copy.
  const namedIds = trail
    .filter((e) => e.change === 'assignee' || e.change === 'cc_added' || e.change === 'cc_removed')
    .flatMap((e) => [e.fromValue, e.toValue])
    .filter((v): v is string => !!v)
    .map(Number)
  const dueSoonUntil = (context && thresholds.get(context.market.id)) || now
  return {
    locale,
    ticket,
    conversation,
    trail,
    trailNames: await namesOfUsers({ ids: namedIds }),
    context,
    savedReplies,
    staff,
    rating,
    loggedBy: creator && creator.id !== ticket.requesterId ? creator.name : null,
    sla: {
      state: slaStateOf(ticket, { now, dueSoonUntil }),
      breaches: slaBreaches(ticket, now),
      nextDueAt: nextDueAt(ticket),
      countdown: slaCountdown(ticket, now),
    },
    canManage,
    ccs,
    ccCandidates,
    /** The customer's clock beside the agent's: the requester's zone, else their market's. */
    customerTimeZone: context?.requester?.timeZone ?? context?.market.timezone,
  }
}

type ActionResult = {
  intent: string
  fieldErrors: FieldErrors
  done: boolean
  draft?: string
  formKey?: string
  formError?: string
  ccName?: string
}

const result = (value: ActionResult, status = 200) => data(value, status)

export async function action({ request, params }: ActionFunctionArgs) {
  const locale = localeParam(params)
  const user = await requireRole(request, locale, assignableRoles)
  const ticket = await ticketFromParams(params)
  const form = await readForm(request)
  const intent = String(form.get('intent') ?? '')

  if (intent === 'reply' || intent === 'note') {
    const parsed = parseForm(
      form,
      intent === 'reply' ? replySchema : noteSchema.extend({ nextStatus: z.literal('').catch('') }),
    )
    if (!parsed.success)
      return result(
        {
          intent,
          fieldErrors: parsed.fieldErrors,
          done: false,
          draft: String(form.get('body') ?? '').slice(0, 50_000),
        },
        isMessageTooLong(parsed.fieldErrors) ? 413 : 400,
      )
    const { body, nextStatus } = parsed.data
    addMessage({
      ticketId: ticket.id,
      authorId: user.id,
      body,
      fromStaff: true,
      internal: intent === 'note',
      nextStatus: nextStatus === '' ? undefined : nextStatus,
    })
    // Internal notes stay among staff: the requester hears only about public replies.
    if (intent === 'reply') await notifyTicketFollowers({ ticketId: ticket.id, kind: 'reply' })
    // Post/redirect/get: the page is rendered once, by the GET that follows.
    return redirect(`/${locale}/staff/tickets/${ticket.number}?${sentParam}=${intent}`)
  }

  if (intent === 'insert') {
    const parsed = parseForm(form, insertSavedReplySchema)
    if (!parsed.success)
      return result({ intent, fieldErrors: { savedReplyId: 'form.invalid' }, done: false }, 400)
    const saved = await findSavedReplyForLocale({ id: parsed.data.savedReplyId, locale: ticket.locale })
    if (!saved)
      return result(
        { intent, fieldErrors: { savedReplyId: 'form.invalid' }, done: false, draft: parsed.data.body },
        400,
      )
    // Nothing is saved: the form comes back with the text in it, as the script does in place.
    return result({
      intent,
      fieldErrors: {},
      done: true,
      draft: joinDraft(parsed.data.body, saved.body),
      formKey: crypto.randomUUID(),
    })
  }

  if (intent === 'update') {
    const parsed = parseForm(form, ticketUpdateSchema)
    if (!parsed.success) return result({ intent, fieldErrors: parsed.fieldErrors, done: false }, 400)
    const { assigneeId, ...rest } = parsed.data
    if (assigneeId !== '' && !(await isAssignable({ userId: assigneeId })))
      return result({ intent, fieldErrors: { assigneeId: 'form.invalid' }, done: false }, 400)
    const updated = updateTicket({
      ticketId: ticket.id,
      actorId: user.id,
      changes: { ...rest, assigneeId: assigneeId === '' ? null : assigneeId },
    })
    if (updated?.statusChanged) await notifyTicketFollowers({ ticketId: ticket.id, kind: 'status' })
    return result({ intent, fieldErrors: {}, done: true })
  }

  if (intent === 'ccAdd' || intent === 'ccRemove') {
    const changed = await applyCcForm({ intent, form, ticketId: ticket.id, actor: user })
    if (changed.done) return result({ intent, fieldErrors: {}, done: true, ccName: changed.name })
    return intent === 'ccAdd'
      ? result({ intent, fieldErrors: { userId: 'form.ccNotColleague' }, done: false }, 400)
      : result({ intent, fieldErrors: {}, formError: 'form.ccNotColleague', done: false }, 400)
  }

  return result({ intent, fieldErrors: { form: 'form.unknownAction' }, done: false }, 400)
}

/** A saved reply goes after what the agent already wrote, separated by a blank line. */
function joinDraft(draft: string, text: string) {
  const trimmed = draft.replace(/\s+$/, '')
  return trimmed ? `${trimmed}\n\n${text}` : text
}

export default function StaffTicketPage() {
  const { t } = useTranslation(['staff', 'tickets', 'common', 'onboarding'])
  const {
    locale,
    ticket,
    conversation,
    trail,
    trailNames,
    context,
    savedReplies,
    staff,
    rating,
    loggedBy,
    sla,
    canManage,
    ccs,
    ccCandidates,
    customerTimeZone,
  } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const sent = useSearchParams()[0].get(sentParam)
  const navigation = useNavigation()
  const marketName = useMarketName()
  const textarea = useRef<HTMLTextAreaElement>(null)
  const savedSelect = useRef<HTMLSelectElement>(null)
  const errorsOf = (intents: string[]) =>
    actionData && intents.includes(actionData.intent) ? actionData.fieldErrors : {}
  const messageErrors = errorsOf(['reply', 'note', 'insert'])
  const draft =
    actionData &&
    ['reply', 'note', 'insert'].includes(actionData.intent) &&
    !(actionData.done && actionData.intent !== 'insert')
      ? (actionData.draft ?? '')
      : ''

  // With JavaScript the saved reply goes in at the cursor at once; without, the form posts
  // intent=insert and comes back with the text in it.
  const insertSavedReply = (event: MouseEvent<HTMLButtonElement>) => {
    const saved = savedReplies.find((r) => String(r.id) === savedSelect.current?.value)
    const field = textarea.current
    if (!saved || !field) return
    event.preventDefault()
    const before = field.value.slice(0, field.selectionStart)
    const after = field.value.slice(field.selectionEnd)
    const insertion =
      before && !before.endsWith('\n\n')
        ? `${before.replace(/\s+$/, '')}\n\n${saved.body}`
        : `${before}${saved.body}`
    field.value = `${insertion}${after}`
    field.focus()
    field.setSelectionRange(insertion.length, insertion.length)
  }

  const describeChange = (entry: (typeof trail)[number]) => {
    const value = (v: string | null) => {
      if (v === null) return '—'
      if (entry.change === 'status') return t(`tickets:statusForStaff.${v as 'open'}`)
      if (entry.change === 'priority') return t(`tickets:priority.${v as 'normal'}`)
      if (entry.change === 'category') return t(`tickets:category.${v as 'other'}`)
      if (entry.change === 'assignee' || entry.change === 'cc_added' || entry.change === 'cc_removed')
        return trailNames[v] ?? t('tickets.ticket.unknownPerson')
      if (entry.change === 'created') return t(`tickets:channel.${v as 'portal'}`)
      return v
    }
    if (entry.change === 'reply' || entry.change === 'note' || entry.change === 'attachment')
      return t(`tickets.audit.${entry.change}`)
    if (entry.change === 'created') return t('tickets.audit.created', { channel: value(entry.toValue) })
    if (entry.change === 'rating') return t('tickets.audit.rating', { rating: entry.toValue ?? '' })
    if (entry.change === 'cc_added') return t('tickets.audit.ccAdded', { name: value(entry.toValue) })
    if (entry.change === 'cc_removed') return t('tickets.audit.ccRemoved', { name: value(entry.fromValue) })
    if (entry.change === 'assignee' && entry.toValue === null)
      return t('tickets.audit.unassigned', { from: value(entry.fromValue) })
    return t('tickets.audit.changed', {
      field: t(`tickets.fields.${entry.change}`),
      from: value(entry.fromValue),
      to: value(entry.toValue),
    })
  }

  return (
    <div className="page">
      <p className="breadcrumbs">
        <Link to={`/${locale}/staff/tickets`}>{t('tickets.queue.title')}</Link>
      </p>
      <h1>
        <span className="muted">{ticketLabel(ticket.number)}</span> {ticket.subject}
      </h1>
      <p>
        <span className="badge">{t(`tickets:statusForStaff.${ticket.status}`)}</span>{' '}
        <SlaBadge state={sla.state} /> <SlaCountdown countdown={sla.countdown} locale={locale} />{' '}
        <span className="muted">
          {sla.countdown.kind !== 'none' && '· '}
          {t(`tickets:channel.${ticket.channel}`)} · {localeNames[ticket.locale]} ·{' '}
          <Time at={ticket.createdAt} />
        </span>
        {loggedBy && (
          <span className="muted">
            {' '}
            ·{' '}
            {t('tickets.ticket.loggedBy', {
              name: loggedBy,
              channel: t(`tickets:channel.${ticket.channel}`),
            })}
          </span>
        )}
      </p>

      <div className="ticket-layout">
        <div className="stack">
          <section aria-labelledby="conversation-heading">
            <h2 id="conversation-heading">{t('tickets.ticket.conversation')}</h2>
            <EarlierMessages
              locale={locale}
              earlier={conversation.earlier}
              total={conversation.total}
              firstShownId={conversation.messages[0]?.id}
            />
            <ol className="conversation">
              {conversation.messages.map((message) => {
                const fromStaff = message.authorRole !== null && message.authorRole !== 'customer'
                return (
                  <li
                    key={message.id}
                    className={`message${fromStaff ? ' message--staff' : ''}${message.internal ? ' message--internal' : ''}`}
                  >
                    <p className="message__meta">
                      {message.internal && (
                        <span className="badge badge--warning">{t('tickets.ticket.internalNote')}</span>
                      )}
                      <strong>{message.authorName ?? t('tickets.ticket.unknownPerson')}</strong>
                      <span className="muted">
                        {fromStaff ? t('tickets.ticket.staff') : t('tickets.ticket.customer')}
                      </span>
                      <Time at={message.createdAt} className="muted" />
                    </p>
                    <p
                      className="message__body"
                      lang={message.internal || fromStaff ? undefined : ticket.locale}
                    >
                      {message.body}
                    </p>
                    {message.attachments.length > 0 && (
                      <ul className="list">
                        {message.attachments.map((a) => (
                          <li key={a.id}>
                            <a
                              href={`/${locale}/staff/tickets/${ticket.number}/attachments/${a.id}`}
                              download
                            >
                              {a.originalName}
                            </a>{' '}
                            <span className="muted">{formatNumber(locale, Math.ceil(a.size / 1024))} KB</span>
                          </li>
                        ))}
                      </ul>
                    )}
                  </li>
                )
              })}
            </ol>
          </section>

          {canManage && (
            <section className="panel" aria-labelledby="reply-heading">
              <h2 id="reply-heading">{t('tickets.reply.title')}</h2>
              <p className="muted">{t('tickets.reply.language', { language: localeNames[ticket.locale] })}</p>
              {!actionData && sent === 'reply' && <FormMessage success={t('tickets.reply.sent')} />}
              {!actionData && sent === 'note' && <FormMessage success={t('tickets.reply.noted')} />}
              {messageErrors.form && <FormMessage error={messageErrors.form} />}
              <Form method="post" className="stack" noValidate>
                {savedReplies.length > 0 && (
                  <div className="inline-fields">
                    <div className="field">
                      <label htmlFor="saved-reply">{t('tickets.reply.savedReply')}</label>
                      <select
                        id="saved-reply"
                        name="savedReplyId"
                        ref={savedSelect}
                        aria-invalid={messageErrors.savedReplyId ? true : undefined}
                      >
                        {savedReplies.map((r) => (
                          <option key={r.id} value={r.id}>
                            {r.fallback ? t('tickets.reply.fallback', { title: r.title }) : r.title}
                          </option>
                        ))}
                      </select>
                    </div>
                    <button
                      type="submit"
                      name="intent"
                      value="insert"
                      className="button button--quiet"
                      onClick={insertSavedReply}
                      formNoValidate
                    >
                      {t('tickets.reply.insert')}
                    </button>
                  </div>
                )}
                <TextareaField
                  key={actionData?.formKey ?? `reply-${conversation.total}`}
                  label={t('tickets.reply.body')}
                  name="body"
                  ref={textarea}
                  className="message-textarea"
                  lang={ticket.locale}
                  defaultValue={draft}
                  error={messageErrors.body}
                />
                <SelectField label={t('tickets.reply.nextStatus')} name="nextStatus" defaultValue="pending">
                  <option value="">{t('tickets.reply.keepStatus')}</option>
                  {(['open', 'pending', 'solved'] as const).map((s) => (
                    <option key={s} value={s}>
                      {t(`tickets:statusForStaff.${s}`)}
                    </option>
                  ))}
                </SelectField>
                <div className="button-row">
                  <button
                    type="submit"
                    name="intent"
                    value="reply"
                    className="button"
                    disabled={navigation.state === 'submitting'}
                  >
                    {t('tickets.reply.send')}
                  </button>
                  <button
                    type="submit"
                    name="intent"
                    value="note"
                    className="button button--quiet"
                    disabled={navigation.state === 'submitting'}
                  >
                    {t('tickets.reply.addNote')}
                  </button>
                </div>
                <p className="muted">{t('tickets.reply.noteHelp')}</p>
              </Form>
            </section>
          )}

          <section aria-labelledby="audit-heading">
            <h2 id="audit-heading">{t('tickets.audit.title')}</h2>
            <ol className="list list--text audit-trail">
              {trail.map((entry, index) => (
                <li key={index}>
                  <Time at={entry.at} /> · {entry.actorName ?? t('tickets.ticket.unknownPerson')}:{' '}
                  {describeChange(entry)}
                </li>
              ))}
            </ol>
          </section>
        </div>

        <aside className="stack" aria-label={t('tickets.ticket.aside')}>
          <section className="panel" aria-labelledby="sla-heading">
            <h2 id="sla-heading">{t('tickets.sla.title')}</h2>
            <dl className="facts">
              <div>
                <dt>{t('tickets.sla.firstResponse')}</dt>
                <dd>
                  <DueTime
                    at={ticket.firstResponseDueAt}
                    locale={locale}
                    customerTimeZone={customerTimeZone}
                  />
                  {ticket.firstResponseAt && (
                    <span className="muted">
                      {' '}
                      · {t('tickets.sla.answered')} <Time at={ticket.firstResponseAt} />
                    </span>
                  )}
                  {sla.breaches.firstResponse && (
                    <span className="badge badge--danger"> {t('tickets.sla.breached')}</span>
                  )}
                  {'target' in sla.countdown && sla.countdown.target === 'firstResponse' && (
                    <>
                      {' '}
                      <SlaCountdown countdown={sla.countdown} locale={locale} />
                    </>
                  )}
                </dd>
              </div>
              <div>
                <dt>{t('tickets.sla.resolution')}</dt>
                <dd>
                  <DueTime at={ticket.resolutionDueAt} locale={locale} customerTimeZone={customerTimeZone} />
                  {(ticket.solvedAt ?? ticket.closedAt) && (
                    <span className="muted">
                      {' '}
                      · {t('tickets.sla.solved')} <Time at={(ticket.solvedAt ?? ticket.closedAt)!} />
                    </span>
                  )}
                  {sla.breaches.resolution && (
                    <span className="badge badge--danger"> {t('tickets.sla.breached')}</span>
                  )}
                  {'target' in sla.countdown && sla.countdown.target === 'resolution' && (
                    <>
                      {' '}
                      <SlaCountdown countdown={sla.countdown} locale={locale} />
                    </>
                  )}
                </dd>
              </div>
            </dl>
            {sla.countdown.kind === 'waiting' && (
              <p>
                <SlaCountdown countdown={sla.countdown} locale={locale} />
              </p>
            )}
            <TimeZoneNote locale={locale} />
            {rating && (
              <p>
                {t('tickets.ticket.rating', { rating: rating.rating })}
                {rating.comment ? `: ${rating.comment}` : ''}
              </p>
            )}
          </section>

          {context && (
            <section className="panel" aria-labelledby="customer-heading">
              <h2 id="customer-heading">{t('tickets.context.title')}</h2>
              <dl className="facts">
                <div>
                  <dt>{t('accounts.name')}</dt>
                  <dd>
                    <Link to={`/${locale}/staff/accounts/${context.account.id}`}>{context.account.name}</Link>
                  </dd>
                </div>
                <div>
                  <dt>{t('accounts.tier')}</dt>
                  <dd>
                    <span className={`badge badge--${context.account.tier}`}>
                      {t(`common:tier.${context.account.tier}`)}
                    </span>
                    {context.account.tier !== ticket.tier && (
                      <span className="muted">
                        {' '}
                        {t('tickets.context.tierAtOpening', { tier: t(`common:tier.${ticket.tier}`) })}
                      </span>
                    )}
                  </dd>
                </div>
                <div>
                  <dt>{t('accounts.market')}</dt>
                  <dd>{marketName(context.market)}</dd>
                </div>
                <div>
                  <dt>{t('accounts.arr')}</dt>
                  <dd>{formatMoney(locale, context.account.arrMinor, context.account.currency)}</dd>
                </div>
                <div>
                  <dt>{t('tickets.fields.requester')}</dt>
                  <dd>
                    {context.requester
                      ? `${context.requester.name} · ${context.requester.email} · ${localeNames[context.requester.locale]}`
                      : t('tickets.ticket.unknownPerson')}
                  </dd>
                </div>
                {ticket.contextPath && (
                  <div>
                    <dt>{t('tickets.context.askedFrom')}</dt>
                    <dd>
                      <a href={ticket.contextPath}>{ticket.contextTitle || ticket.contextPath}</a>
                    </dd>
                  </div>
                )}
                {context.onboarding && (
                  <>
                    <div>
                      <dt>{t('tickets.context.onboarding')}</dt>
                      <dd>
                        {t('tickets.context.progress', {
                          done: context.onboarding.counts.done,
                          total: context.onboarding.counts.total,
                        })}
                      </dd>
                    </div>
                    <div>
                      <dt>{t('tickets.context.ttv')}</dt>
                      <dd>
                        <TimeToValue outcome={context.onboarding.timeToValue} />
                      </dd>
                    </div>
                  </>
                )}
              </dl>
              <h3>{t('tickets.context.articles')}</h3>
              {context.articlesRead.length === 0 ? (
                <p className="muted">{t('tickets.context.noArticles')}</p>
              ) : (
                <ul className="list">
                  {context.articlesRead.map((article, index) => (
                    <li key={`${article.articleId}-${index}`}>
                      <Link to={`/${article.slugLocale}/kb/${article.slug}`} lang={article.slugLocale}>
                        {article.title}
                      </Link>{' '}
                      <span className="muted">
                        <Time at={article.occurredAt} style="date" /> ·{' '}
                        {article.byRequester
                          ? t('tickets.context.byRequester')
                          : t('tickets.context.byColleague')}
                      </span>
                    </li>
                  ))}
                </ul>
              )}
            </section>
          )}

          <TicketCcPanel
            title={t('tickets.cc.title')}
            lead={t('tickets.cc.lead')}
            ccs={ccs}
            candidates={ccCandidates}
            canManage={canManage}
            result={
              actionData && (actionData.intent === 'ccAdd' || actionData.intent === 'ccRemove')
                ? actionData
                : null
            }
          />

          <section className="panel" aria-labelledby="properties-heading">
            <h2 id="properties-heading">{t('tickets.ticket.properties')}</h2>
            {actionData?.done && actionData.intent === 'update' && (
              <FormMessage success={t('tickets.ticket.saved')} />
            )}
            {/* A reply can change the status: a new key shows the saved values, not the ones of the
                page's first render, so saving this form cannot quietly undo that change. */}
            <Form
              method="post"
              className="stack"
              noValidate
              key={[ticket.status, ticket.priority, ticket.category, ticket.assigneeId].join()}
            >
              <fieldset disabled={!canManage} className="stack plain-fieldset">
                <legend className="visually-hidden">{t('tickets.ticket.properties')}</legend>
                <SelectField
                  label={t('tickets.fields.status')}
                  name="status"
                  defaultValue={ticket.status}
                  error={errorsOf(['update']).status}
                >
                  {ticketStatuses.map((s) => (
                    <option key={s} value={s}>
                      {t(`tickets:statusForStaff.${s}`)}
                    </option>
                  ))}
                </SelectField>
                <SelectField
                  label={t('tickets.fields.priority')}
                  name="priority"
                  defaultValue={ticket.priority}
                  error={errorsOf(['update']).priority}
                >
                  {ticketPriorities.map((p) => (
                    <option key={p} value={p}>
                      {t(`tickets:priority.${p}`)}
                    </option>
                  ))}
                </SelectField>
                <SelectField
                  label={t('tickets.fields.category')}
                  name="category"
                  defaultValue={ticket.category}
                  error={errorsOf(['update']).category}
                >
                  {ticketCategories.map((c) => (
                    <option key={c} value={c}>
                      {t(`tickets:category.${c}`)}
                    </option>
                  ))}
                </SelectField>
                <SelectField
                  label={t('tickets.fields.assignee')}
                  name="assigneeId"
                  defaultValue={ticket.assigneeId ?? ''}
                  error={errorsOf(['update']).assigneeId}
                >
                  <option value="">{t('tickets.unassigned')}</option>
                  {staff.map((s) => (
                    <option key={s.id} value={s.id}>
                      {s.name}
                    </option>
                  ))}
                </SelectField>
                {canManage && (
                  <button type="submit" name="intent" value="update" className="button">
                    {t('tickets.ticket.save')}
                  </button>
                )}
              </fieldset>
            </Form>
          </section>
        </aside>
      </div>
    </div>
  )
}

function TimeToValue({
  outcome,
}: {
  outcome:
    | { kind: 'reached'; days: number }
    | { kind: 'pending'; days: number }
    | { kind: 'unmeasured'; reason: string }
}) {
  const { t } = useTranslation(['onboarding', 'staff'])
  if (outcome.kind === 'reached') return <>{t('staff:tickets.context.ttvReached', { count: outcome.days })}</>
  if (outcome.kind === 'pending') return <>{t('onboarding:tracker.notReached', { count: outcome.days })}</>
  return <>{t(`onboarding:summary.unmeasured.${outcome.reason as 'not-started'}`)}</>
}
