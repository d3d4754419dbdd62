import { z } from 'zod'
import { taskOwnerSides, taskStatuses } from '#db/schema/tasks'
import { fields } from '~/modules/http/forms'
import { cleanLine, cleanText } from '~/modules/http/text'
import { isCalendarDay } from './task-dates'

export const taskTitleMax = 200
export const taskDescriptionMax = 5000
/** Playbook item keys are short slugs; anything longer cannot be one. */
const checklistItemKeyMax = 100

/** Empty inputs and "none" options arrive as '' and mean "not set". */
const blankToNull = (value: unknown) =>
  value === undefined || (typeof value === 'string' && value.trim() === '') ? null : value

const title = z
  .string({ error: 'form.required' })
  .transform(cleanLine)
  .pipe(z.string().min(1, { error: 'form.required' }).max(taskTitleMax, { error: 'form.tooLong' }))

const description = z
  .string({ error: 'form.invalid' })
  .optional()
  .transform((value = '') => cleanText(value))
  .pipe(z.string().max(taskDescriptionMax, { error: 'form.tooLong' }))

/** What a person submits for a task, on the new-task form and on each task's edit form alike. */
export const taskInputSchema = z.object({
  title,
  description,
  ownerSide: z.enum(taskOwnerSides, { error: 'form.invalid' }),
  status: z.enum(taskStatuses, { error: 'form.invalid' }),
  assigneeId: z.preprocess(blankToNull, fields.id.nullable()),
  dueOn: z.preprocess(
    blankToNull,
    z.string().trim().refine(isCalendarDay, { error: 'form.date' }).nullable(),
  ),
  checklistItemKey: z.preprocess(
    blankToNull,
    z.string().trim().max(checklistItemKeyMax, { error: 'form.invalid' }).nullable(),
  ),
  /** The ticket by the number people see; the server finds it within the task's account. */
  ticketNumber: z.preprocess(blankToNull, fields.id.nullable()),
})
export type TaskInput = z.output<typeof taskInputSchema>

/** The task an edit form is about; the account it belongs to never comes from the form. */
export const taskIdSchema = z.object({ taskId: fields.id })

/**
 * Filters of the plan from the query string. A value that is not one of ours is ignored
 * rather than refused: a stale bookmark should still open the plan.
 */
export const taskFiltersSchema = z.object({
  status: z.enum(taskStatuses).nullable().catch(null),
  ownerSide: z.enum(taskOwnerSides).nullable().catch(null),
  assignee: z.literal('me').nullable().catch(null),
  overdue: z
    .literal('1')
    .transform(() => true)
    .catch(false),
})
export type TaskFilters = z.output<typeof taskFiltersSchema>

export function parseTaskFilters(search: URLSearchParams): TaskFilters {
  return taskFiltersSchema.parse(Object.fromEntries(search))
}

export function hasTaskFilters(filters: TaskFilters) {
  return filters.status !== null || filters.ownerSide !== null || filters.assignee !== null || filters.overdue
}
