import type { AnySQLiteColumn } from 'drizzle-orm/sqlite-core'
import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core'
import { accounts } from './accounts'
import { createdAt, id, timestamp, updatedAt } from './columns'
import { tickets } from './tickets'
import { users } from './users'

export const taskStatuses = ['todo', 'in_progress', 'blocked', 'done'] as const
export type TaskStatus = (typeof taskStatuses)[number]

/** Whose move it is: the customer's team or the vendor's. */
export const taskOwnerSides = ['customer', 'vendor'] as const
export type TaskOwnerSide = (typeof taskOwnerSides)[number]

/** The shared action plan of an account, seen by its people and by staff. */
export const tasks = sqliteTable(
  'tasks',
  {
    id: id(),
    accountId: integer('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    title: text('title').notNull(),
    description: text('description').notNull().default(''),
    ownerSide: text('owner_side').$type<TaskOwnerSide>().notNull(),
    assigneeId: integer('assignee_id').references(() => users.id, { onDelete: 'set null' }),
    /** A calendar day, YYYY-MM-DD: due dates have no time of day. */
    dueOn: text('due_on'),
    status: text('status').$type<TaskStatus>().notNull().default('todo'),
    /** The checklist step this task moves forward, by item key. */
    checklistItemKey: text('checklist_item_key'),
    /** The ticket this task follows up. */
    ticketId: integer('ticket_id').references((): AnySQLiteColumn => tickets.id, { onDelete: 'set null' }),
    createdById: integer('created_by_id').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    doneAt: timestamp('done_at'),
  },
  (t) => [index('tasks_account_idx').on(t.accountId, t.status)],
)

export type Task = typeof tasks.$inferSelect

export const taskChanges = [
  'created',
  'title',
  'description',
  'status',
  'assignee',
  'due',
  'owner_side',
  'link',
  'ticket',
] as const
export type TaskChange = (typeof taskChanges)[number]

/** Every change of a task, who made it and when: the task's activity history. */
export const taskActivity = sqliteTable(
  'task_activity',
  {
    id: id(),
    taskId: integer('task_id')
      .notNull()
      .references(() => tasks.id, { onDelete: 'cascade' }),
    actorId: integer('actor_id').references(() => users.id, { onDelete: 'set null' }),
    change: text('change').$type<TaskChange>().notNull(),
    fromValue: text('from_value'),
    toValue: text('to_value'),
    at: createdAt(),
  },
  (t) => [index('task_activity_task_idx').on(t.taskId, t.at)],
)
