import { data } from '@remix-run/node'
import { parseForm, type FieldErrors } from '~/modules/http/forms'
import { taskIdSchema, taskInputSchema } from './tasks.schema'
import { createTask, getTask, updateTask, type TaskActor, type TaskWriteResult } from './tasks.server'

export const taskIntents = ['task-create', 'task-update'] as const
export type TaskIntent = (typeof taskIntents)[number]

export function isTaskIntent(intent: unknown): intent is TaskIntent {
  return typeof intent === 'string' && (taskIntents as readonly string[]).includes(intent)
}

/**
 * What the task plan shows after a submit: errors (or success) beside the form it came from,
 * and after an error what was typed, so a page without JavaScript loses none of it.
 */
export type TaskActionResult = {
  intent: TaskIntent
  fieldErrors: FieldErrors
  done: boolean
  taskId: number | null
  submitted: Record<string, string> | null
}

const taskFields = [
  'title',
  'description',
  'ownerSide',
  'status',
  'assigneeId',
  'dueOn',
  'checklistItemKey',
  'ticketNumber',
] as const

const notFound = () => new Response('Not found', { status: 404 })

/**
 * The task plan's forms, shared by the customer's plan and the staff account page. The
 * account is the caller's to decide (the session's for customers, the URL's for staff);
 * nothing in the form can point at another account. A task of another account is a 404.
 */
export async function handleTaskAction({
  form,
  accountId,
  actor,
}: {
  form: FormData
  accountId: number
  actor: TaskActor
}) {
  const intent = form.get('intent')
  if (intent === 'task-create') {
    const parsed = parseForm(form, taskInputSchema)
    if (!parsed.success) return reply({ intent, form, fieldErrors: parsed.fieldErrors, taskId: null })
    return reply({ intent, form, ...outcome(await createTask({ accountId, actor, input: parsed.data })) })
  }
  if (intent === 'task-update') {
    const id = parseForm(form, taskIdSchema)
    if (!id.success) throw notFound()
    const { taskId } = id.data
    // Before validating: someone probing ids learns nothing from the form's errors.
    if (!(await getTask({ accountId, taskId }))) throw notFound()
    const parsed = parseForm(form, taskInputSchema)
    if (!parsed.success) return reply({ intent, form, fieldErrors: parsed.fieldErrors, taskId })
    const result = await updateTask({ accountId, taskId, actor, input: parsed.data })
    if (result.status === 'not-found') throw notFound()
    return reply({ intent, form, ...outcome(result), taskId })
  }
  throw new Response('Bad Request', { status: 400 })
}

function outcome(result: TaskWriteResult) {
  return result.status === 'saved'
    ? { fieldErrors: {}, taskId: result.taskId }
    : { fieldErrors: result.fieldErrors, taskId: null }
}

function reply({
  intent,
  form,
  fieldErrors,
  taskId,
}: {
  intent: TaskIntent
  form: FormData
  fieldErrors: FieldErrors
  taskId: number | null
}) {
  const done = Object.keys(fieldErrors).length === 0
  return data<TaskActionResult>(
    { intent, fieldErrors, done, taskId, submitted: done ? null : submittedFields(form) },
    done ? 200 : 400,
  )
}

function submittedFields(form: FormData) {
  const submitted: Record<string, string> = {}
  for (const name of taskFields) {
    const value = form.get(name)
    if (typeof value === 'string') submitted[name] = value
  }
  return submitted
}
