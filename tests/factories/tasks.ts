import { eq } from 'drizzle-orm'
import type { Locale } from '#db/schema/enums'
import * as schema from '#db/schema/index'
import type { TaskOwnerSide, TaskStatus } from '#db/schema/tasks'
import type { Db } from '~/db-connection.server'
import { testDb, unique } from './people'

/**
 * Factories for an account's playbook and task plan, written straight into the shared
 * server's database with the real schema. Keys and titles are unique unless a test names them.
 */

export type PlaybookOverrides = {
  key?: string
  sourceLocale?: Locale
  /** The steps, in order, with their titles per language. */
  items?: { key: string; titles: Partial<Record<Locale, string>> }[]
  /** The account that follows the playbook from now on. */
  account?: { id: number }
}

/** A playbook of its own (an onboarding checklist), optionally given to an account. */
export function createPlaybook(overrides: PlaybookOverrides = {}, db: Db = testDb()) {
  const checklist = db
    .insert(schema.checklists)
    .values({ key: overrides.key ?? unique('playbook'), sourceLocale: overrides.sourceLocale ?? 'en' })
    .returning()
    .get()
  const items = (overrides.items ?? [{ key: 'install-sdk', titles: { en: 'Install the SDK' } }]).map(
    (item, index) => {
      const row = db
        .insert(schema.checklistItems)
        .values({ checklistId: checklist.id, key: item.key, position: index + 1 })
        .returning()
        .get()
      for (const [locale, title] of Object.entries(item.titles)) {
        db.insert(schema.checklistItemTranslations)
          .values({ itemId: row.id, locale: locale as Locale, title })
          .run()
      }
      return row
    },
  )
  if (overrides.account) {
    db.update(schema.accounts)
      .set({ checklistId: checklist.id })
      .where(eq(schema.accounts.id, overrides.account.id))
      .run()
  }
  return { ...checklist, items }
}

export type TaskOverrides = {
  account: { id: number }
  title?: string
  description?: string
  ownerSide?: TaskOwnerSide
  status?: TaskStatus
  assignee?: { id: number } | null
  dueOn?: string | null
  createdBy?: { id: number } | null
}

/**
 * A task in an account's plan with its first history line, as the app writes one. Tests of
 * what the task page does create theirs through the page; this is for the data they need around.
 */
export function createTask(overrides: TaskOverrides, db: Db = testDb()) {
  const createdById = overrides.createdBy?.id ?? null
  const task = db
    .insert(schema.tasks)
    .values({
      accountId: overrides.account.id,
      title: overrides.title ?? unique('Task'),
      description: overrides.description ?? '',
      ownerSide: overrides.ownerSide ?? 'customer',
      status: overrides.status ?? 'todo',
      assigneeId: overrides.assignee?.id ?? null,
      dueOn: overrides.dueOn ?? null,
      createdById,
      doneAt: overrides.status === 'done' ? new Date() : null,
    })
    .returning()
    .get()
  db.insert(schema.taskActivity).values({ taskId: task.id, actorId: createdById, change: 'created' }).run()
  return task
}
