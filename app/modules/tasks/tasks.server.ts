import { and, asc, eq, inArray, isNotNull, lt, ne, or, sql, type SQL } from 'drizzle-orm'
import type { Role } from '#db/schema/enums'
import type { Task, TaskChange } from '#db/schema/tasks'
import { config } from '~/config.server'
import { db, schema } from '~/db.server'
import { isStaff, staffRoles } from '~/modules/auth/guards.server'
import { clock } from '~/modules/clock/clock'
import type { FieldErrors } from '~/modules/http/forms'
import type { Locale } from '~/modules/i18n/locales'
import { sendMail } from '~/modules/mail/mail.server'
import { taskAssignedMail } from '~/modules/mail/templates.server'
import { getOnboarding } from '~/modules/onboarding/progress.server'
import { findAccountTicket, listTicketChoices, type TicketViewer } from '~/modules/tickets/tickets.server'
import { formatDueDate, isOverdue, todayIn, todayUtc } from './task-dates'
import type { TaskFilters, TaskInput } from './tasks.schema'

/**
 * The shared task plan of an account. Every function takes the account and scopes its
 * queries to it, so a route cannot forget to: a task of another account is as missing as
 * a task that never existed.
 */

const { accounts, tasks, taskActivity, tickets, users } = schema

type Tx = Parameters<Parameters<typeof db.transaction>[0]>[0]

/** Who changes the plan: a signed-in customer or staff member; which tickets they may link follows from it. */
export type TaskActor = TicketViewer & { name: string }

/** A task's columns as a form sets them: the ticket by its id, found from the number typed. */
type TaskValues = Omit<TaskInput, 'ticketNumber'> & { ticketId: number | null }

/** A write either went through, listing what changed, or was refused with field errors. */
export type TaskWriteResult =
  { status: 'saved'; taskId: number; changes: TaskChange[] } | { status: 'invalid'; fieldErrors: FieldErrors }

export async function listTasks({
  accountId,
  filters,
  viewerId,
  today = todayUtc(),
}: {
  accountId: number
  filters: TaskFilters
  /** Whose tasks "assigned to me" means. */
  viewerId: number
  today?: string
}) {
  const conditions: SQL[] = [eq(tasks.accountId, accountId)]
  if (filters.status) conditions.push(eq(tasks.status, filters.status))
  if (filters.ownerSide) conditions.push(eq(tasks.ownerSide, filters.ownerSide))
  if (filters.assignee === 'me') conditions.push(eq(tasks.assigneeId, viewerId))
  if (filters.overdue)
    conditions.push(isNotNull(tasks.dueOn), lt(tasks.dueOn, today), ne(tasks.status, 'done'))
  const rows = await db
    .select({
      id: tasks.id,
      title: tasks.title,
      description: tasks.description,
      ownerSide: tasks.ownerSide,
      status: tasks.status,
      assigneeId: tasks.assigneeId,
      assigneeName: users.name,
      dueOn: tasks.dueOn,
      checklistItemKey: tasks.checklistItemKey,
      ticketId: tasks.ticketId,
      ticketNumber: tickets.number,
      updatedAt: tasks.updatedAt,
    })
    .from(tasks)
    .leftJoin(users, eq(users.id, tasks.assigneeId))
    // Only a ticket of the task's own account is ever shown, whatever the column says.
    .leftJoin(tickets, and(eq(tickets.id, tasks.ticketId), eq(tickets.accountId, tasks.accountId)))
    .where(and(...conditions))
    // Open work first, the most pressing on top; tasks without a due date after dated ones.
    .orderBy(sql`${tasks.status} = 'done'`, sql`${tasks.dueOn} is null`, asc(tasks.dueOn), asc(tasks.id))
  return rows.map((row) => ({ ...row, overdue: isOverdue(row, today) }))
}

/** How many tasks the account has, and how many are overdue, whatever the filters. */
export async function countTasks({ accountId, today = todayUtc() }: { accountId: number; today?: string }) {
  const row = await db
    .select({
      total: sql<number>`count(*)`,
      overdue: sql<number>`coalesce(sum(${tasks.dueOn} < ${today} and ${tasks.status} != 'done'), 0)`,
    })
    .from(tasks)
    .where(eq(tasks.accountId, accountId))
    .get()
  return { total: row?.total ?? 0, overdue: row?.overdue ?? 0 }
}

/** One task of the account, or null: another account's task id is as unknown as a made-up one. */
export async function getTask({
  accountId,
  taskId,
}: {
  accountId: number
  taskId: number
}): Promise<Task | null> {
  const task = await db
    .select()
    .from(tasks)
    .where(and(eq(tasks.id, taskId), eq(tasks.accountId, accountId)))
    .get()
  return task ?? null
}

/** The history of the given tasks, oldest first, with who made each change. */
export async function listTaskActivity({ accountId, taskIds }: { accountId: number; taskIds: number[] }) {
  if (taskIds.length === 0) return []
  return db
    .select({
      id: taskActivity.id,
      taskId: taskActivity.taskId,
      actorName: users.name,
      change: taskActivity.change,
      fromValue: taskActivity.fromValue,
      toValue: taskActivity.toValue,
      at: taskActivity.at,
    })
    .from(taskActivity)
    .innerJoin(tasks, eq(tasks.id, taskActivity.taskId))
    .leftJoin(users, eq(users.id, taskActivity.actorId))
    .where(and(eq(tasks.accountId, accountId), inArray(taskActivity.taskId, taskIds)))
    .orderBy(asc(taskActivity.at), asc(taskActivity.id))
}

/**
 * Who a task of this account may be given to: the account's active people, then staff.
 * Only ids and names: customers read this list, and other people's addresses are not theirs.
 */
export async function listAssignableUsers({ accountId }: { accountId: number }) {
  const rows = await db
    .select({ id: users.id, name: users.name, role: users.role })
    .from(users)
    .where(
      and(
        eq(users.disabled, false),
        or(
          and(eq(users.role, 'customer'), eq(users.accountId, accountId)),
          inArray(users.role, [...staffRoles]),
        ),
      ),
    )
    .orderBy(sql`${users.role} != 'customer'`, asc(users.name), asc(users.id))
  return rows.map(({ id, name, role }) => ({
    id,
    name,
    side: role === 'customer' ? ('customer' as const) : ('vendor' as const),
  }))
}

/** The same rule as listAssignableUsers, checked inside the writing transaction. */
function isAssignable(tx: Tx, { accountId, userId }: { accountId: number; userId: number }) {
  const user = tx
    .select({ role: users.role, accountId: users.accountId, disabled: users.disabled })
    .from(users)
    .where(eq(users.id, userId))
    .get()
  if (!user || user.disabled) return false
  return user.role === 'customer' ? user.accountId === accountId : isStaff(user)
}

export async function createTask({
  accountId,
  actor,
  input,
}: {
  accountId: number
  actor: TaskActor
  input: TaskInput
}): Promise<TaskWriteResult> {
  const linkable = await linkableKeys(accountId)
  const result = db.transaction(
    (tx): TaskWriteResult => {
      const checked = checkReferences(tx, { accountId, actor, input, unchanged: null, linkable })
      if ('fieldErrors' in checked) return { status: 'invalid', fieldErrors: checked.fieldErrors }
      const now = clock.now()
      const [created] = tx
        .insert(tasks)
        .values({
          accountId,
          ...checked.values,
          createdById: actor.id,
          doneAt: input.status === 'done' ? now : null,
          createdAt: now,
          updatedAt: now,
        })
        .returning({ id: tasks.id })
        .all()
      const taskId = created!.id
      tx.insert(taskActivity).values({ taskId, actorId: actor.id, change: 'created', at: now }).run()
      return { status: 'saved', taskId, changes: ['created'] }
    },
    { behavior: 'immediate' },
  )
  if (result.status === 'saved' && input.assigneeId !== null) {
    await notifyAssignee({ accountId, taskId: result.taskId, assigneeId: input.assigneeId, actor })
  }
  return result
}

/** Applies an edit; each field that changed becomes one line of the task's history. */
export async function updateTask({
  accountId,
  taskId,
  actor,
  input,
}: {
  accountId: number
  taskId: number
  actor: TaskActor
  input: TaskInput
}): Promise<TaskWriteResult | { status: 'not-found' }> {
  const linkable = await linkableKeys(accountId)
  const result = db.transaction(
    (tx): TaskWriteResult | { status: 'not-found' } => {
      const found = tx
        .select({ task: tasks, ticketNumber: tickets.number })
        .from(tasks)
        .leftJoin(tickets, eq(tickets.id, tasks.ticketId))
        .where(and(eq(tasks.id, taskId), eq(tasks.accountId, accountId)))
        .get()
      if (!found) return { status: 'not-found' }
      const current = found.task
      const checked = checkReferences(tx, { accountId, actor, input, unchanged: current, linkable })
      if ('fieldErrors' in checked) return { status: 'invalid', fieldErrors: checked.fieldErrors }
      const changes = changesBetween(current, checked.values, {
        from: found.ticketNumber,
        to: input.ticketNumber,
      })
      if (changes.length === 0) return { status: 'saved', taskId, changes: [] }
      const now = clock.now()
      tx.update(tasks)
        .set({ ...checked.values, doneAt: doneAtAfter(current, input.status, now), updatedAt: now })
        .where(and(eq(tasks.id, taskId), eq(tasks.accountId, accountId)))
        .run()
      tx.insert(taskActivity)
        .values(
          changes.map((c) => ({
            taskId,
            actorId: actor.id,
            change: c.change,
            fromValue: c.from,
            toValue: c.to,
            at: now,
          })),
        )
        .run()
      return { status: 'saved', taskId, changes: changes.map((c) => c.change) }
    },
    { behavior: 'immediate' },
  )
  if (result.status === 'saved' && result.changes.includes('assignee') && input.assigneeId !== null) {
    await notifyAssignee({ accountId, taskId, assigneeId: input.assigneeId, actor })
  }
  return result
}

/** Done keeps the moment it first became done; reopening clears it. */
function doneAtAfter(current: Task, status: Task['status'], now: Date) {
  if (status !== 'done') return null
  return current.status === 'done' ? current.doneAt : now
}

/**
 * The steps of the account's playbook a task may point to, titled in `locale`. Which playbook
 * an account follows is the onboarding module's rule, so the plan asks it.
 */
export async function listLinkableChecklistItems({
  accountId,
  locale,
}: {
  accountId: number
  locale: Locale
}) {
  const onboarding = await getOnboarding({ accountId, locale })
  return (onboarding?.items ?? []).map(({ key, title }) => ({ key, title }))
}

async function linkableKeys(accountId: number) {
  // The keys do not depend on the language; any locale lists the same steps.
  return new Set((await listLinkableChecklistItems({ accountId, locale: 'en' })).map((i) => i.key))
}

/**
 * An assignee must be one of the account's people or staff, a link one of the account's
 * playbook steps, and a ticket one of the account's that the actor may see. What a task already
 * has stays allowed, so editing the title of a task whose assignee has since left, or whose
 * ticket a colleague opened, does not fail. Gives the values to store: the ticket by its id.
 */
function checkReferences(
  tx: Tx,
  {
    accountId,
    actor,
    input,
    unchanged,
    linkable,
  }: { accountId: number; actor: TaskActor; input: TaskInput; unchanged: Task | null; linkable: Set<string> },
): { fieldErrors: FieldErrors } | { values: TaskValues } {
  const fieldErrors: FieldErrors = {}
  const { assigneeId, checklistItemKey, ticketNumber, ...rest } = input
  if (
    assigneeId !== null &&
    assigneeId !== unchanged?.assigneeId &&
    !isAssignable(tx, { accountId, userId: assigneeId })
  ) {
    fieldErrors.assigneeId = 'form.invalid'
  }
  if (
    checklistItemKey !== null &&
    checklistItemKey !== unchanged?.checklistItemKey &&
    !linkable.has(checklistItemKey)
  ) {
    fieldErrors.checklistItemKey = 'form.invalid'
  }
  const ticket =
    ticketNumber === null ? null : findAccountTicket(tx, { accountId, number: ticketNumber, viewer: actor })
  if (ticketNumber !== null && (!ticket || (!ticket.visible && ticket.id !== unchanged?.ticketId))) {
    fieldErrors.ticketNumber = 'form.invalid'
  }
  if (Object.keys(fieldErrors).length > 0) return { fieldErrors }
  return { values: { ...rest, assigneeId, checklistItemKey, ticketId: ticket?.id ?? null } }
}

type Change = { change: TaskChange; from: string | null; to: string | null }

/**
 * The history stores plain text: ids and keys as they were, shown by name when read. A ticket
 * is kept as people know it, "#1042", so the line still reads after the ticket is gone.
 */
function changesBetween(
  current: Task,
  input: TaskValues,
  ticketNumbers: { from: number | null; to: number | null },
): Change[] {
  const pairs: [TaskChange, string | number | null, string | number | null][] = [
    ['title', current.title, input.title],
    ['description', current.description, input.description],
    ['status', current.status, input.status],
    ['assignee', current.assigneeId, input.assigneeId],
    ['due', current.dueOn, input.dueOn],
    ['owner_side', current.ownerSide, input.ownerSide],
    ['link', current.checklistItemKey, input.checklistItemKey],
  ]
  const changes = pairs
    .filter(([, from, to]) => from !== to)
    .map(([change, from, to]): Change => ({
      change,
      from: from === null ? null : String(from),
      to: to === null ? null : String(to),
    }))
  if (current.ticketId !== input.ticketId)
    changes.push({
      change: 'ticket',
      from: ticketLabel(ticketNumbers.from),
      to: ticketLabel(ticketNumbers.to),
    })
  return changes
}

const ticketLabel = (number: number | null) => (number === null ? null : `#${number}`)

/** Where a person opens a task: customers in their plan, staff on the account's page. */
function taskLink({
  role,
  locale,
  accountId,
  taskId,
}: {
  role: Role
  locale: Locale
  accountId: number
  taskId: number
}) {
  const path = isStaff({ role }) ? `/${locale}/staff/accounts/${accountId}` : `/${locale}/tasks`
  return `${config().SITE_URL}${path}#task-${taskId}`
}

/** Mails the new assignee in their own language; assigning oneself needs no mail. */
async function notifyAssignee({
  accountId,
  taskId,
  assigneeId,
  actor,
}: {
  accountId: number
  taskId: number
  assigneeId: number
  actor: TaskActor
}) {
  if (assigneeId === actor.id) return
  const assignee = await db
    .select({ email: users.email, name: users.name, locale: users.locale, role: users.role })
    .from(users)
    .where(eq(users.id, assigneeId))
    .get()
  const task = await getTask({ accountId, taskId })
  const account = await db
    .select({ name: accounts.name })
    .from(accounts)
    .where(eq(accounts.id, accountId))
    .get()
  if (!assignee || !task || !account) return
  const mail = taskAssignedMail(assignee.locale, assignee.email, {
    name: assignee.name,
    title: task.title,
    accountName: account.name,
    dueDate: task.dueOn ? formatDueDate(assignee.locale, task.dueOn) : null,
    assignedBy: actor.name,
    link: taskLink({ role: assignee.role, locale: assignee.locale, accountId, taskId }),
  })
  try {
    await sendMail(mail)
  } catch (error) {
    // The task is saved either way; failing the request now would invite a duplicate task.
    console.error('Could not send the task assignment mail', error)
  }
}

/**
 * Everything the task plan shows, for the customer's page and the staff account page alike.
 * Activity comes with names for assignees and titles for checklist steps, so the page only
 * translates labels. Tickets come as the viewer may see them: pickable ones with subjects.
 */
/** The zone of the account's market: the clock its shared plan keeps. */
async function marketTimeZoneOf(accountId: number) {
  const row = await db
    .select({ timezone: schema.markets.timezone })
    .from(accounts)
    .innerJoin(schema.markets, eq(schema.markets.id, accounts.marketId))
    .where(eq(accounts.id, accountId))
    .get()
  return row?.timezone ?? 'UTC'
}

export async function loadTaskPlan({
  accountId,
  viewer,
  locale,
  filters,
  today,
}: {
  accountId: number
  /** Whose tasks "assigned to me" means, and whose tickets may be linked and read. */
  viewer: TicketViewer
  locale: Locale
  filters: TaskFilters
  today?: string
}) {
  today ??= todayIn(await marketTimeZoneOf(accountId))
  const [rows, counts, assignableUsers, checklistItems] = await Promise.all([
    listTasks({ accountId, filters, viewerId: viewer.id, today }),
    countTasks({ accountId, today }),
    listAssignableUsers({ accountId }),
    listLinkableChecklistItems({ accountId, locale }),
  ])
  const [activity, ticketChoices] = await Promise.all([
    listTaskActivity({ accountId, taskIds: rows.map((r) => r.id) }),
    listTicketChoices({
      accountId,
      viewer,
      keepIds: rows.flatMap((r) => (r.ticketNumber !== null && r.ticketId !== null ? [r.ticketId] : [])),
    }),
  ])
  // A linked ticket the viewer may not open (a colleague's, for a customer) shows its number only.
  const subjects = new Map(ticketChoices.map((t) => [t.number, t.subject]))
  const itemTitles = new Map(checklistItems.map((i) => [i.key, i.title]))
  const userNames = await namesOf(
    activity.filter((a) => a.change === 'assignee').flatMap((a) => [a.fromValue, a.toValue]),
  )
  const shown = (change: TaskChange, value: string | null) => {
    if (value === null) return null
    if (change === 'assignee') return userNames.get(Number(value)) ?? null
    if (change === 'link') return itemTitles.get(value) ?? value
    return value
  }
  return {
    filters,
    counts,
    assignableUsers,
    checklistItems,
    ticketChoices: ticketChoices.map(({ number, subject }) => ({ number, subject })),
    tasks: rows.map((row) => ({
      id: row.id,
      title: row.title,
      description: row.description,
      ownerSide: row.ownerSide,
      status: row.status,
      dueOn: row.dueOn,
      overdue: row.overdue,
      assignee: row.assigneeId !== null ? { id: row.assigneeId, name: row.assigneeName ?? '' } : null,
      checklistItem:
        row.checklistItemKey !== null
          ? { key: row.checklistItemKey, title: itemTitles.get(row.checklistItemKey) ?? row.checklistItemKey }
          : null,
      ticket:
        row.ticketNumber !== null
          ? { number: row.ticketNumber, subject: subjects.get(row.ticketNumber) ?? null }
          : null,
      /** Changes when the task does: the page redraws its edit form with the saved values. */
      version: row.updatedAt.getTime(),
      activity: activity
        .filter((a) => a.taskId === row.id)
        .map((a) => ({
          id: a.id,
          at: a.at.getTime(),
          actorName: a.actorName,
          change: a.change,
          from: shown(a.change, a.fromValue),
          to: shown(a.change, a.toValue),
        })),
    })),
  }
}

export type TaskPlanData = Awaited<ReturnType<typeof loadTaskPlan>>

async function namesOf(ids: (string | null)[]) {
  const wanted = [...new Set(ids.filter((id): id is string => id !== null).map(Number))]
  if (wanted.length === 0) return new Map<number, string>()
  const rows = await db
    .select({ id: users.id, name: users.name })
    .from(users)
    .where(inArray(users.id, wanted))
  return new Map(rows.map((r) => [r.id, r.name]))
}
