import { Form, Link, useLocation } from '@remix-run/react'
import { useId, type ReactNode } from 'react'
import {
  taskOwnerSides,
  taskStatuses,
  type TaskChange,
  type TaskOwnerSide,
  type TaskStatus,
} from '#db/schema/tasks'
import { Field, FormMessage, SelectField, TextareaField } from '~/components/ui/field'
import { formatNumber } from '~/modules/i18n/format'
import type { Locale } from '~/modules/i18n/locales'
import { useTranslation } from '~/modules/i18n/use-translation'
import { formatDueDate } from '~/modules/tasks/task-dates'
import { hasTaskFilters, taskDescriptionMax, taskTitleMax } from '~/modules/tasks/tasks.schema'
import type { TaskPlanData } from '~/modules/tasks/tasks.server'
import '~/styles/task-plan.css'
import { Time } from './time'

type Task = TaskPlanData['tasks'][number]
type Activity = Task['activity'][number]
type FieldErrors = Record<string, string>
type Submitted = Partial<Record<string, string>>

/**
 * The result of a task form as the route's action returned it (handleTaskAction). Loose on
 * purpose: a page whose action also answers its own forms passes its action data as it is.
 */
export type TaskPlanActionData = {
  intent?: unknown
  fieldErrors?: FieldErrors
  done?: boolean
  taskId?: number | null
  submitted?: Submitted | null
} | null

type Props = {
  /** What loadTaskPlan returned in the page's loader. */
  plan: TaskPlanData
  actionData?: TaskPlanActionData
  /** Where a linked checklist step opens; without it the step's title is shown as text. */
  checklistItemHref?: (key: string) => string
  /** Where a linked ticket opens (the customer's or the staff ticket page), by its number. */
  ticketHref?: (number: number) => string
  /** False for people who may read the plan but not change it (editors on the staff page). */
  canEdit?: boolean
}

/**
 * An account's shared task plan: filters, the tasks with their edit forms and history, and a
 * new-task form. Every form is a plain Remix form, so the plan works without JavaScript.
 */
export function TaskPlan({ plan, actionData, checklistItemHref, ticketHref, canEdit = true }: Props) {
  const { t, i18n } = useTranslation('tasks')
  const locale = i18n.language as Locale
  const result = actionData ?? null
  const created = result?.intent === 'task-create' && result.done === true
  const createFailed = result?.intent === 'task-create' && result.done === false
  return (
    <div className="task-plan">
      <section className="panel" aria-labelledby="task-plan-heading">
        <h2 id="task-plan-heading">{t('plan.title')}</h2>
        <TaskFiltersForm filters={plan.filters} />
        <p role="status" className="task-plan__counts">
          {t('plan.count', { count: plan.tasks.length, formatted: formatNumber(locale, plan.tasks.length) })}
          {plan.counts.overdue > 0 && (
            <>
              {' · '}
              <strong className="task-plan__overdue-count">
                {t('plan.overdueCount', {
                  count: plan.counts.overdue,
                  formatted: formatNumber(locale, plan.counts.overdue),
                })}
              </strong>
            </>
          )}
        </p>
        {plan.tasks.length === 0 ? (
          <p className="muted">
            {plan.counts.total > 0 ? t('plan.noMatch') : canEdit ? t('plan.empty') : t('plan.emptyReadOnly')}
          </p>
        ) : (
          <ul className="task-list">
            {plan.tasks.map((task) => (
              <TaskItem
                key={task.id}
                task={task}
                plan={plan}
                result={result?.intent === 'task-update' && result.taskId === task.id ? result : null}
                checklistItemHref={checklistItemHref}
                ticketHref={ticketHref}
                canEdit={canEdit}
              />
            ))}
          </ul>
        )}
      </section>

      {canEdit && (
        <section className="panel" aria-labelledby="task-new-heading">
          <h2 id="task-new-heading">{t('create.title')}</h2>
          {created && <FormMessage success={t('create.done')} />}
          {/* A new key after each added task empties the form for the next one. */}
          <Form
            method="post"
            className="stack"
            noValidate
            key={created ? `created-${result?.taskId}` : 'new'}
          >
            <input type="hidden" name="intent" value="task-create" />
            <TaskFields
              plan={plan}
              task={null}
              errors={createFailed ? (result?.fieldErrors ?? {}) : {}}
              submitted={createFailed ? (result?.submitted ?? null) : null}
            />
            <button type="submit" className="button">
              {t('create.submit')}
            </button>
          </Form>
        </section>
      )}
    </div>
  )
}

function TaskFiltersForm({ filters }: { filters: TaskPlanData['filters'] }) {
  const { t } = useTranslation('tasks')
  const { pathname } = useLocation()
  const id = useId()
  return (
    <Form method="get" className="filters" role="search" aria-label={t('filters.label')}>
      <SelectField label={t('fields.status')} name="status" defaultValue={filters.status ?? ''}>
        <option value="">{t('filters.any')}</option>
        {taskStatuses.map((status) => (
          <option key={status} value={status}>
            {t(`status.${status}`)}
          </option>
        ))}
      </SelectField>
      <SelectField label={t('fields.ownerSide')} name="ownerSide" defaultValue={filters.ownerSide ?? ''}>
        <option value="">{t('filters.any')}</option>
        {taskOwnerSides.map((side) => (
          <option key={side} value={side}>
            {t(`ownerSide.${side}`)}
          </option>
        ))}
      </SelectField>
      <div className="task-plan__checks">
        <div className="checkbox">
          <input
            type="checkbox"
            id={`${id}-mine`}
            name="assignee"
            value="me"
            defaultChecked={filters.assignee === 'me'}
          />
          <label htmlFor={`${id}-mine`}>{t('filters.mine')}</label>
        </div>
        <div className="checkbox">
          <input
            type="checkbox"
            id={`${id}-overdue`}
            name="overdue"
            value="1"
            defaultChecked={filters.overdue}
          />
          <label htmlFor={`${id}-overdue`}>{t('filters.overdue')}</label>
        </div>
      </div>
      <button type="submit" className="button">
        {t('filters.apply')}
      </button>
      {hasTaskFilters(filters) && <Link to={pathname}>{t('filters.clear')}</Link>}
    </Form>
  )
}

function TaskItem({
  task,
  plan,
  result,
  checklistItemHref,
  ticketHref,
  canEdit,
}: {
  task: Task
  plan: TaskPlanData
  result: TaskPlanActionData
  checklistItemHref?: (key: string) => string
  ticketHref?: (number: number) => string
  canEdit: boolean
}) {
  const { t, i18n } = useTranslation('tasks')
  const locale = i18n.language as Locale
  const failed = result?.done === false
  return (
    <li id={`task-${task.id}`} className={task.overdue ? 'task task--overdue' : 'task'}>
      <h3 className="task__title">{task.title}</h3>
      {result?.done && <FormMessage success={t('edit.done')} />}
      <dl className="task__facts">
        <Fact label={t('fields.status')}>
          <span className={`badge task-status task-status--${task.status}`}>
            {t(`status.${task.status}`)}
          </span>
        </Fact>
        <Fact label={t('fields.ownerSide')}>{t(`ownerSide.${task.ownerSide}`)}</Fact>
        <Fact label={t('fields.assignee')}>{task.assignee ? task.assignee.name : t('unassigned')}</Fact>
        <Fact label={t('fields.dueOn')}>
          {task.dueOn ? (
            <time dateTime={task.dueOn}>{formatDueDate(locale, task.dueOn)}</time>
          ) : (
            t('noDueDate')
          )}
          {/* Said in words, not only in colour. */}
          {task.overdue && <strong className="badge task__overdue">{t('overdue')}</strong>}
        </Fact>
        {task.checklistItem && (
          <Fact label={t('fields.checklistItem')}>
            {checklistItemHref ? (
              <Link to={checklistItemHref(task.checklistItem.key)}>{task.checklistItem.title}</Link>
            ) : (
              task.checklistItem.title
            )}
          </Fact>
        )}
        {task.ticket && (
          <Fact label={t('fields.ticket')}>
            <TicketText ticket={task.ticket} href={ticketHref} />
          </Fact>
        )}
      </dl>
      {task.description && <p className="task__description">{task.description}</p>}

      {canEdit && (
        <details className="task__details" open={failed || undefined}>
          <summary>
            {t('edit.summary')} <span className="visually-hidden">{task.title}</span>
          </summary>
          {/* Redrawn with the saved values whenever the task changes. */}
          <Form method="post" className="stack" noValidate key={task.version}>
            <input type="hidden" name="intent" value="task-update" />
            <input type="hidden" name="taskId" value={task.id} />
            <TaskFields
              plan={plan}
              task={task}
              errors={failed ? (result?.fieldErrors ?? {}) : {}}
              submitted={failed ? (result?.submitted ?? null) : null}
            />
            <button type="submit" className="button">
              {t('edit.submit')}
            </button>
          </Form>
        </details>
      )}

      {task.activity.length > 0 && (
        <details className="task__details">
          <summary>
            {t('activity.summary', {
              count: task.activity.length,
              formatted: formatNumber(locale, task.activity.length),
            })}{' '}
            <span className="visually-hidden">{task.title}</span>
          </summary>
          <ol className="task-activity">
            {task.activity.map((entry) => (
              <li key={entry.id}>
                <Time at={entry.at} />
                {' · '}
                <span className="task-activity__actor">{entry.actorName ?? t('activity.formerUser')}</span>
                {' · '}
                <ActivityText entry={entry} />
              </li>
            ))}
          </ol>
        </details>
      )}
    </li>
  )
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  )
}

/** A ticket the viewer may open by number and subject; one they may not see by number alone. */
function TicketText({
  ticket,
  href,
}: {
  ticket: NonNullable<Task['ticket']>
  href?: (number: number) => string
}) {
  const { t } = useTranslation('tasks')
  if (ticket.subject === null) return <>{t('ticket.number', { number: String(ticket.number) })}</>
  const text = t('ticket.title', { number: String(ticket.number), subject: ticket.subject })
  return href ? <Link to={href(ticket.number)}>{text}</Link> : <>{text}</>
}

const isStatus = (value: string): value is TaskStatus => (taskStatuses as readonly string[]).includes(value)
const isOwnerSide = (value: string): value is TaskOwnerSide =>
  (taskOwnerSides as readonly string[]).includes(value)

/** One line of history in the reader's language; assignees and steps arrive already named. */
function ActivityText({ entry }: { entry: Activity }) {
  const { t, i18n } = useTranslation('tasks')
  const locale = i18n.language as Locale
  if (entry.change === 'created') return <>{t('activity.created')}</>
  if (entry.change === 'description') return <>{t('activity.descriptionEdited')}</>
  const change: Exclude<TaskChange, 'created' | 'description'> = entry.change
  const shown = (value: string | null) => {
    if (value === null) return t('activity.empty')
    if (change === 'status' && isStatus(value)) return t(`status.${value}`)
    if (change === 'owner_side' && isOwnerSide(value)) return t(`ownerSide.${value}`)
    if (change === 'due') return formatDueDate(locale, value)
    const ticket = change === 'ticket' ? /^#(\d+)$/.exec(value) : null
    if (ticket) return t('ticket.number', { number: ticket[1] })
    return value
  }
  return (
    <>
      {t('activity.changed', {
        field: t(`activity.fields.${change}`),
        from: shown(entry.from),
        to: shown(entry.to),
      })}
    </>
  )
}

/** The fields of a task, empty for a new one, filled for an edit, or as submitted after an error. */
function TaskFields({
  plan,
  task,
  errors,
  submitted,
}: {
  plan: TaskPlanData
  task: Task | null
  errors: FieldErrors
  submitted: Submitted | null
}) {
  const { t } = useTranslation('tasks')
  const value = (name: string, saved: string) => submitted?.[name] ?? saved
  const people = plan.assignableUsers.filter((u) => u.side === 'customer')
  const staff = plan.assignableUsers.filter((u) => u.side === 'vendor')
  // Someone who can no longer be chosen (left the account) stays selectable on their own tasks,
  // so saving another field does not unassign them.
  const formerAssignee =
    task?.assignee && !plan.assignableUsers.some((u) => u.id === task.assignee?.id) ? task.assignee : null
  const formerItem =
    task?.checklistItem && !plan.checklistItems.some((i) => i.key === task.checklistItem?.key)
      ? task.checklistItem
      : null
  // The same for a linked ticket the person may not see (a colleague's): kept, by number only.
  const hiddenTicket =
    task?.ticket && !plan.ticketChoices.some((c) => c.number === task.ticket?.number) ? task.ticket : null
  return (
    <>
      <Field
        label={t('fields.title')}
        name="title"
        defaultValue={value('title', task?.title ?? '')}
        maxLength={taskTitleMax}
        required
        error={errors.title}
      />
      <TextareaField
        label={t('fields.description')}
        name="description"
        rows={3}
        maxLength={taskDescriptionMax}
        defaultValue={value('description', task?.description ?? '')}
        error={errors.description}
      />
      <div className="field-row">
        <SelectField
          label={t('fields.status')}
          name="status"
          defaultValue={value('status', task?.status ?? 'todo')}
          error={errors.status}
        >
          {taskStatuses.map((status) => (
            <option key={status} value={status}>
              {t(`status.${status}`)}
            </option>
          ))}
        </SelectField>
        <SelectField
          label={t('fields.ownerSide')}
          name="ownerSide"
          defaultValue={value('ownerSide', task?.ownerSide ?? 'customer')}
          error={errors.ownerSide}
        >
          {taskOwnerSides.map((side) => (
            <option key={side} value={side}>
              {t(`ownerSide.${side}`)}
            </option>
          ))}
        </SelectField>
      </div>
      <div className="field-row">
        <SelectField
          label={t('fields.assignee')}
          name="assigneeId"
          defaultValue={value('assigneeId', task?.assignee ? String(task.assignee.id) : '')}
          error={errors.assigneeId}
        >
          <option value="">{t('unassigned')}</option>
          {formerAssignee && <option value={formerAssignee.id}>{formerAssignee.name}</option>}
          {people.length > 0 && (
            <optgroup label={t('assigneeGroups.customer')}>
              {people.map((user) => (
                <option key={user.id} value={user.id}>
                  {user.name}
                </option>
              ))}
            </optgroup>
          )}
          {staff.length > 0 && (
            <optgroup label={t('assigneeGroups.vendor')}>
              {staff.map((user) => (
                <option key={user.id} value={user.id}>
                  {user.name}
                </option>
              ))}
            </optgroup>
          )}
        </SelectField>
        <Field
          label={t('fields.dueOn')}
          name="dueOn"
          type="date"
          defaultValue={value('dueOn', task?.dueOn ?? '')}
          error={errors.dueOn}
        />
      </div>
      {(plan.checklistItems.length > 0 || formerItem) && (
        <SelectField
          label={t('fields.checklistItem')}
          name="checklistItemKey"
          defaultValue={value('checklistItemKey', task?.checklistItem?.key ?? '')}
          error={errors.checklistItemKey}
        >
          <option value="">{t('noChecklistItem')}</option>
          {formerItem && <option value={formerItem.key}>{formerItem.title}</option>}
          {plan.checklistItems.map((item) => (
            <option key={item.key} value={item.key}>
              {item.title}
            </option>
          ))}
        </SelectField>
      )}
      {(plan.ticketChoices.length > 0 || hiddenTicket) && (
        <SelectField
          label={t('fields.ticket')}
          name="ticketNumber"
          defaultValue={value('ticketNumber', task?.ticket ? String(task.ticket.number) : '')}
          error={errors.ticketNumber}
        >
          <option value="">{t('noTicket')}</option>
          {hiddenTicket && (
            <option value={hiddenTicket.number}>
              {t('ticket.number', { number: String(hiddenTicket.number) })}
            </option>
          )}
          {plan.ticketChoices.map((ticket) => (
            <option key={ticket.number} value={ticket.number}>
              {t('ticket.option', { number: String(ticket.number), subject: ticket.subject })}
            </option>
          ))}
        </SelectField>
      )}
    </>
  )
}
