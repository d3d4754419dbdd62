import { describe, expect, inject, it } from 'vitest'
import { createAccount, createUser, signedInClient, unique } from '../factories/people'
import { createPlaybook, createTask as addTask } from '../factories/tasks'
import { createTicket } from '../factories/tickets'
import { queryDb } from '../setup/db'
import { createClient, type Client } from '../setup/http'
import { asHtml, tr } from '../setup/i18n'
import { readOutbox } from '../setup/outbox'

const server = inject('server')

type TaskRow = {
  id: number
  account_id: number
  title: string
  status: string
  assignee_id: number | null
  due_on: string | null
  done_at: number | null
  checklist_item_key: string | null
  ticket_id: number | null
}
type ActivityRow = {
  change: string
  from_value: string | null
  to_value: string | null
  actor_id: number | null
}

/**
 * The people of a test, new for each test: Harbor (a US account following a playbook of its
 * own whose step is "install-sdk") with its admin Emma and a colleague, Volga (EMEA) with its
 * admin Olga and a Russian-speaking colleague, and a Russian-speaking agent: staff get mail in
 * their own language too.
 */
async function cast() {
  const harborAccount = createAccount({ market: 'US', name: unique('Harbor Fitness') })
  const volgaAccount = createAccount({ market: 'EMEA', name: unique('Volga Games') })
  createPlaybook({
    account: harborAccount,
    items: [{ key: 'install-sdk', titles: { en: 'Install the SDK', ru: 'Установите SDK' } }],
  })
  const emmaUser = createUser({ account: harborAccount, isAccountAdmin: true, locale: 'en' })
  const emmaColleague = createUser({ account: harborAccount, locale: 'en' })
  const olgaUser = createUser({ account: volgaAccount, isAccountAdmin: true, locale: 'ru' })
  const olgaColleague = createUser({ account: volgaAccount, locale: 'ru' })
  return {
    harbor: harborAccount.id,
    harborName: harborAccount.name,
    volga: volgaAccount.id,
    emmaUser,
    emmaColleague,
    olgaUser,
    olgaColleague,
    russianAgent: createUser({ role: 'agent', locale: 'ru' }),
    emma: await signedInClient(emmaUser),
    olga: await signedInClient(olgaUser),
  }
}

const newTask = (fields: Record<string, string> = {}) => ({
  intent: 'task-create',
  title: 'A task',
  description: '',
  ownerSide: 'customer',
  status: 'todo',
  assigneeId: '',
  dueOn: '',
  checklistItemKey: '',
  ticketNumber: '',
  ...fields,
})

const tasksOf = (accountId: number) =>
  queryDb<TaskRow>(server.databaseFile, 'select * from tasks where account_id = ? order by id', accountId)
/** The newest task of that title (each test's titles are its own). */
const taskByTitle = (title: string) =>
  queryDb<TaskRow>(
    server.databaseFile,
    'select * from tasks where title = ? order by id desc limit 1',
    title,
  )[0]!
const activityOf = (taskId: number) =>
  queryDb<ActivityRow>(
    server.databaseFile,
    'select change, from_value, to_value, actor_id from task_activity where task_id = ? order by id',
    taskId,
  )

/** Creates a task through the page, as a person would, and returns its row. */
async function createTask(client: Client, lang: string, fields: Record<string, string>) {
  const response = await client.post(`/${lang}/tasks`, newTask(fields))
  expect(response.status, await response.clone().text()).toBe(200)
  return taskByTitle(fields.title!)
}

/** The edit form of a task as it is now, with some fields changed. */
function editOf(task: TaskRow, changes: Record<string, string>) {
  const row = queryDb<TaskRow & { description: string; owner_side: string; ticket_number: number | null }>(
    server.databaseFile,
    'select tasks.*, tickets.number as ticket_number from tasks left join tickets on tickets.id = tasks.ticket_id where tasks.id = ?',
    task.id,
  )[0]!
  return {
    intent: 'task-update',
    taskId: String(row.id),
    title: row.title,
    description: row.description,
    ownerSide: row.owner_side,
    status: row.status,
    assigneeId: row.assignee_id === null ? '' : String(row.assignee_id),
    dueOn: row.due_on ?? '',
    checklistItemKey: row.checklist_item_key ?? '',
    ticketNumber: row.ticket_number === null ? '' : String(row.ticket_number),
    ...changes,
  }
}

async function mailTo(email: string) {
  return (await readOutbox(server.dataDir)).filter((m) => m.to === email)
}

describe('the task plan of a customer', () => {
  it('adds a task with its checklist step and shows it in the plan', async () => {
    const { harbor, emmaUser, emma } = await cast()
    const task = await createTask(emma, 'en', {
      title: 'Connect the ad networks',
      description: 'Facebook first,\nthen TikTok.',
      ownerSide: 'vendor',
      assigneeId: String(emmaUser.id),
      dueOn: '2999-01-15',
      checklistItemKey: 'install-sdk',
    })
    expect(task).toMatchObject({
      account_id: harbor,
      status: 'todo',
      assignee_id: emmaUser.id,
      due_on: '2999-01-15',
      checklist_item_key: 'install-sdk',
      done_at: null,
    })
    expect(activityOf(task.id)).toEqual([
      { change: 'created', from_value: null, to_value: null, actor_id: emmaUser.id },
    ])

    const html = await (await emma.get('/en/tasks')).text()
    expect(html).toContain(`id="task-${task.id}"`)
    expect(html).toContain('Connect the ad networks')
    expect(html).toContain(asHtml(tr('en', 'tasks:ownerSide.vendor')))
    expect(html).toContain('href="/en/onboarding#item-install-sdk">Install the SDK</a>')
    expect(html).toContain(tr('en', 'tasks:activity.created'))
    expect(html).toContain(
      new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeZone: 'UTC' }).format(
        Date.UTC(2999, 0, 15),
      ),
    )
  })

  it('writes one history line per changed field, sets the done time and clears it on reopening', async () => {
    const { emmaUser, emma } = await cast()
    const task = await createTask(emma, 'en', { title: 'Send the logo', status: 'in_progress' })
    const done = await emma.post(
      '/en/tasks',
      editOf(task, { title: 'Send the logo in SVG', status: 'done', dueOn: '2999-02-01' }),
    )
    expect(done.status).toBe(200)
    const afterDone = queryDb<TaskRow>(server.databaseFile, 'select * from tasks where id = ?', task.id)[0]!
    expect(afterDone).toMatchObject({ title: 'Send the logo in SVG', status: 'done', due_on: '2999-02-01' })
    expect(afterDone.done_at).toEqual(expect.any(Number))
    expect(activityOf(task.id).slice(1)).toEqual([
      {
        change: 'title',
        from_value: 'Send the logo',
        to_value: 'Send the logo in SVG',
        actor_id: emmaUser.id,
      },
      { change: 'status', from_value: 'in_progress', to_value: 'done', actor_id: emmaUser.id },
      { change: 'due', from_value: null, to_value: '2999-02-01', actor_id: emmaUser.id },
    ])

    // Saving the form unchanged adds nothing to the history.
    expect((await emma.post('/en/tasks', editOf(afterDone, {}))).status).toBe(200)
    expect(activityOf(task.id)).toHaveLength(4)

    expect((await emma.post('/en/tasks', editOf(afterDone, { status: 'blocked' }))).status).toBe(200)
    expect(
      queryDb<TaskRow>(server.databaseFile, 'select done_at from tasks where id = ?', task.id)[0]!.done_at,
    ).toBeNull()
    expect(activityOf(task.id).at(-1)).toEqual({
      change: 'status',
      from_value: 'done',
      to_value: 'blocked',
      actor_id: emmaUser.id,
    })

    const html = await (await emma.get('/en/tasks')).text()
    const statusChange = tr('en', 'tasks:activity.changed', {
      field: tr('en', 'tasks:activity.fields.status'),
      from: tr('en', 'tasks:status.done'),
      to: tr('en', 'tasks:status.blocked'),
    })
    expect(html).toContain(asHtml(statusChange))
  })

  it('filters by status, side, assignee and overdue, and says overdue in words', async () => {
    const { emmaUser, emma } = await cast()
    const late = await createTask(emma, 'en', {
      title: 'Late vendor task',
      ownerSide: 'vendor',
      dueOn: '2020-01-01',
    })
    await createTask(emma, 'en', { title: 'Finished long ago', status: 'done', dueOn: '2020-01-01' })
    await createTask(emma, 'en', {
      title: 'Mine for later',
      status: 'in_progress',
      assigneeId: String(emmaUser.id),
      dueOn: '2999-06-01',
    })

    const overdue = await (await emma.get('/en/tasks?overdue=1')).text()
    expect(overdue).toContain('Late vendor task')
    expect(overdue).not.toContain('Finished long ago')
    expect(overdue).not.toContain('Mine for later')
    const lateItem = overdue.slice(overdue.indexOf(`id="task-${late.id}"`))
    expect(lateItem.slice(0, lateItem.indexOf('</li>'))).toContain(tr('en', 'tasks:overdue'))

    const finished = await (await emma.get('/en/tasks?status=done')).text()
    expect(finished).toContain('Finished long ago')
    expect(finished).not.toContain('Late vendor task')

    const mine = await (await emma.get('/en/tasks?assignee=me&status=in_progress')).text()
    expect(mine).toContain('Mine for later')
    expect(mine).not.toContain('Late vendor task')

    const vendor = await (await emma.get('/en/tasks?ownerSide=vendor&overdue=1')).text()
    expect(vendor).toContain('Late vendor task')
    expect(vendor).not.toContain('Finished long ago')

    const none = await (await emma.get('/en/tasks?status=blocked&assignee=me')).text()
    expect(none).toContain(asHtml(tr('en', 'tasks:plan.noMatch')))

    for (const query of [
      'status=someday',
      'overdue=yes&assignee=42',
      'ownerSide[]=x',
      `status=${'x'.repeat(5000)}`,
    ]) {
      expect((await emma.get(`/en/tasks?${query}`)).status, query).toBe(200)
    }
  })
})

describe('tickets linked to tasks', () => {
  it('links a task to a ticket of the account, writes it in the history and links to the ticket', async () => {
    const { emmaUser, emma } = await cast()
    const ticket = await createTicket(emmaUser, { subject: unique('Install issue') })
    const task = await createTask(emma, 'en', { title: 'Follow up the install issue' })
    const form = await (await emma.get('/en/tasks')).text()
    expect(form).toContain(
      `<option value="${ticket.number}">${asHtml(tr('en', 'tasks:ticket.option', { number: ticket.number, subject: ticket.subject }))}</option>`,
    )

    expect((await emma.post('/en/tasks', editOf(task, { ticketNumber: String(ticket.number) }))).status).toBe(
      200,
    )
    expect(taskByTitle('Follow up the install issue').ticket_id).toBe(ticket.id)
    expect(activityOf(task.id).at(-1)).toEqual({
      change: 'ticket',
      from_value: null,
      to_value: `#${ticket.number}`,
      actor_id: emmaUser.id,
    })

    const html = await (await emma.get('/en/tasks')).text()
    const item = html.slice(html.indexOf(`id="task-${task.id}"`))
    expect(item).toContain(asHtml(tr('en', 'tasks:fields.ticket')))
    expect(item).toContain(
      `href="/en/tickets/${ticket.number}">${asHtml(tr('en', 'tasks:ticket.title', { number: ticket.number, subject: ticket.subject }))}</a>`,
    )
    const change = tr('en', 'tasks:activity.changed', {
      field: tr('en', 'tasks:activity.fields.ticket'),
      from: tr('en', 'tasks:activity.empty'),
      to: tr('en', 'tasks:ticket.number', { number: ticket.number }),
    })
    expect(item).toContain(asHtml(change))

    // Unlinking is a change too, and saving again unchanged is not.
    expect((await emma.post('/en/tasks', editOf(task, {}))).status).toBe(200)
    expect(activityOf(task.id)).toHaveLength(2)
    expect((await emma.post('/en/tasks', editOf(task, { ticketNumber: '' }))).status).toBe(200)
    expect(activityOf(task.id).at(-1)).toMatchObject({
      change: 'ticket',
      from_value: `#${ticket.number}`,
      to_value: null,
    })
  })

  it('refuses the ticket number of another account, on a new task and on an edit, and never shows it', async () => {
    const { harbor, emmaUser, olgaUser, emma } = await cast()
    // Harbor has a ticket of its own, so the form has its ticket field (and shows its error).
    await createTicket(emmaUser)
    const foreign = await createTicket(olgaUser, { subject: unique('Volga secret') })
    const before = tasksOf(harbor).length
    const refused = await emma.post(
      '/en/tasks',
      newTask({ title: 'Linked to Volga', ticketNumber: String(foreign.number) }),
    )
    expect(refused.status).toBe(400)
    expect(await refused.text()).toContain(asHtml(tr('en', 'errors:form.invalid')))
    expect(tasksOf(harbor)).toHaveLength(before)

    const task = await createTask(emma, 'en', { title: 'Stays unlinked' })
    expect(
      (await emma.post('/en/tasks', editOf(task, { ticketNumber: String(foreign.number) }))).status,
    ).toBe(400)
    expect((await emma.post('/en/tasks', editOf(task, { ticketNumber: '99999999' }))).status).toBe(400)
    expect(taskByTitle('Stays unlinked').ticket_id).toBeNull()
    expect(activityOf(task.id)).toHaveLength(1)

    for (const path of ['/en/tasks', '/en/tasks.data']) {
      const body = await (await emma.get(path)).text()
      expect(body, path).not.toContain(foreign.subject)
    }
  })

  it('shows a colleague the number only of a ticket they may not open, and keeps it when they edit the task', async () => {
    const { emmaUser, emmaColleague, emma } = await cast()
    // Emma's ticket: her colleague may not open it.
    const ticket = await createTicket(emmaUser, { subject: unique('Emma only') })
    const task = await createTask(emma, 'en', {
      title: 'Shared follow-up',
      ticketNumber: String(ticket.number),
    })
    expect(task.ticket_id).toBe(ticket.id)

    const colleague = await signedInClient(emmaColleague)
    const lang = emmaColleague.locale
    const html = await (await colleague.get(`/${lang}/tasks`)).text()
    const item = html.slice(html.indexOf(`id="task-${task.id}"`))
    expect(item).toContain(`<dd>${asHtml(tr(lang, 'tasks:ticket.number', { number: ticket.number }))}</dd>`)
    expect(html).not.toContain(
      asHtml(tr(lang, 'tasks:ticket.title', { number: ticket.number, subject: ticket.subject })),
    )
    expect(html).not.toContain(
      asHtml(tr(lang, 'tasks:ticket.option', { number: ticket.number, subject: ticket.subject })),
    )
    expect(html).not.toContain(`/${lang}/tickets/${ticket.number}"`)

    // Not theirs to link anew, but saving another field leaves the link as it is.
    expect(
      (
        await colleague.post(
          `/${lang}/tasks`,
          newTask({ title: 'Colleague link', ticketNumber: String(ticket.number) }),
        )
      ).status,
    ).toBe(400)
    expect((await colleague.post(`/${lang}/tasks`, editOf(task, { status: 'in_progress' }))).status).toBe(200)
    expect(taskByTitle('Shared follow-up')).toMatchObject({ status: 'in_progress', ticket_id: ticket.id })
  })

  it('links to the staff ticket page on the staff account page', async () => {
    const { harbor, emmaUser, emma } = await cast()
    const ticket = await createTicket(emmaUser, { subject: unique('Seen by staff') })
    await createTask(emma, 'en', { title: 'Staff sees the ticket', ticketNumber: String(ticket.number) })
    const agent = await signedInClient(createUser({ role: 'agent' }))
    const html = await (await agent.get(`/en/staff/accounts/${harbor}`)).text()
    expect(html).toContain('Staff sees the ticket')
    expect(html).toContain(
      `href="/en/staff/tickets/${ticket.number}">${asHtml(tr('en', 'tasks:ticket.title', { number: ticket.number, subject: ticket.subject }))}</a>`,
    )
    expect(html).not.toContain(`href="/en/tickets/${ticket.number}"`)
  })
})

describe('mail to the assignee', () => {
  it('goes to staff in their language with the due date and a link to the account page', async () => {
    const { harbor, harborName, emmaUser, russianAgent, emma } = await cast()
    const task = await createTask(emma, 'en', {
      title: 'Review the attribution setup',
      ownerSide: 'vendor',
      assigneeId: String(russianAgent.id),
      dueOn: '2999-03-31',
    })
    const [mail] = await mailTo(russianAgent.email)
    expect(mail?.subject).toBe(tr('ru', 'mail:task.subject', { title: 'Review the attribution setup' }))
    expect(mail?.text).toContain(tr('ru', 'mail:task.intro', { account: harborName }))
    expect(mail?.text).toContain(
      tr('ru', 'mail:task.due', {
        date: new Intl.DateTimeFormat('ru-RU', { dateStyle: 'medium', timeZone: 'UTC' }).format(
          Date.UTC(2999, 2, 31),
        ),
      }),
    )
    expect(mail?.text).toContain(tr('ru', 'mail:task.assignedBy', { name: emmaUser.name }))
    expect(mail?.text).toContain(`${server.url}/ru/staff/accounts/${harbor}#task-${task.id}`)
  })

  it('goes to a colleague when a task is handed to them, linking to their plan, and only once', async () => {
    const { olgaColleague, olga } = await cast()
    const task = await createTask(olga, 'ru', { title: 'Подключить рекламные сети' })
    expect(await mailTo(olgaColleague.email)).toEqual([])

    expect(
      (await olga.post('/ru/tasks', editOf(task, { assigneeId: String(olgaColleague.id) }))).status,
    ).toBe(200)
    const mails = await mailTo(olgaColleague.email)
    expect(mails).toHaveLength(1)
    expect(mails[0]!.subject).toBe(
      tr(olgaColleague.locale, 'mail:task.subject', { title: 'Подключить рекламные сети' }),
    )
    expect(mails[0]!.text).toContain(tr(olgaColleague.locale, 'mail:task.noDue'))
    expect(mails[0]!.text).toContain(`${server.url}/${olgaColleague.locale}/tasks#task-${task.id}`)
    expect(activityOf(task.id).at(-1)).toMatchObject({
      change: 'assignee',
      from_value: null,
      to_value: String(olgaColleague.id),
    })

    // Another change to the task is no reason to mail the assignee again.
    expect(
      (
        await olga.post(
          '/ru/tasks',
          editOf(task, { status: 'in_progress', assigneeId: String(olgaColleague.id) }),
        )
      ).status,
    ).toBe(200)
    expect(await mailTo(olgaColleague.email)).toHaveLength(1)
  })

  it('is not sent to people who assign a task to themselves', async () => {
    const { olgaUser, olga } = await cast()
    await createTask(olga, 'ru', { title: 'Сама себе задача', assigneeId: String(olgaUser.id) })
    expect(await mailTo(olgaUser.email)).toEqual([])
  })
})

describe('refused input', () => {
  it('answers 400 with the message in the page language and stores nothing', async () => {
    const { volga, olga } = await cast()
    const before = tasksOf(volga).length
    const cases: [Record<string, string>, string, string][] = [
      [{ title: '' }, 'title', 'errors:form.required'],
      [{ title: 'x'.repeat(10_000) }, 'title', 'errors:form.tooLong'],
      [{ title: 'Дата', dueOn: '2026-02-30' }, 'dueOn', 'errors:form.date'],
      [{ title: 'Статус', status: 'someday' }, 'status', 'errors:form.invalid'],
      [{ title: 'Сторона', ownerSide: 'partner' }, 'ownerSide', 'errors:form.invalid'],
    ]
    for (const [fields, name, message] of cases) {
      const response = await olga.post('/ru/tasks', newTask(fields))
      expect(response.status, name).toBe(400)
      expect(await response.text(), name).toContain(asHtml(tr('ru', message)))
    }
    expect(tasksOf(volga)).toHaveLength(before)
  })

  it('refuses an assignee from another account on a new task and on an edit', async () => {
    const { harbor, emmaColleague, olgaUser, olgaColleague, emma } = await cast()
    const before = tasksOf(harbor).length
    const refused = await emma.post(
      '/en/tasks',
      newTask({ title: 'For someone else', assigneeId: String(olgaUser.id) }),
    )
    expect(refused.status).toBe(400)
    expect(await refused.text()).toContain(asHtml(tr('en', 'errors:form.invalid')))
    expect(tasksOf(harbor)).toHaveLength(before)

    const task = await createTask(emma, 'en', {
      title: 'Stays with Emma',
      assigneeId: String(emmaColleague.id),
    })
    const history = activityOf(task.id)
    const mailsBefore = (await mailTo(olgaColleague.email)).length
    expect(
      (await emma.post('/en/tasks', editOf(task, { assigneeId: String(olgaColleague.id) }))).status,
    ).toBe(400)
    expect(taskByTitle('Stays with Emma').assignee_id).toBe(emmaColleague.id)
    expect(activityOf(task.id)).toEqual(history)
    expect(await mailTo(olgaColleague.email)).toHaveLength(mailsBefore)
  })

  it('refuses a checklist step that is not in the account playbook', async () => {
    const { olga, emma, harbor } = await cast()
    // Volga follows no playbook of its own.
    const response = await olga.post(
      '/ru/tasks',
      newTask({ title: 'Чужой шаг', checklistItemKey: 'no-such-step' }),
    )
    expect(response.status).toBe(400)
    expect(queryDb(server.databaseFile, "select id from tasks where title = 'Чужой шаг'")).toEqual([])
    // Harbor's playbook has a step, but not that one: the form says so at the field.
    const before = tasksOf(harbor).length
    const refused = await emma.post(
      '/en/tasks',
      newTask({ title: 'Unknown step', checklistItemKey: 'no-such-step' }),
    )
    expect(refused.status).toBe(400)
    expect(await refused.text()).toContain(asHtml(tr('en', 'errors:form.invalid')))
    expect(tasksOf(harbor)).toHaveLength(before)
  })
})

describe('accounts stay apart', () => {
  it('answers 404 for another account task and leaves it as it was', async () => {
    const { harbor, emma, olga } = await cast()
    const task = await createTask(emma, 'en', { title: 'Harbor only' })
    const response = await olga.post('/ru/tasks', editOf(task, { title: 'Taken over', status: 'done' }))
    expect(response.status).toBe(404)
    expect(taskByTitle('Harbor only')).toMatchObject({ account_id: harbor, status: 'todo' })
    expect(activityOf(task.id)).toHaveLength(1)

    // Invalid input does not reveal more than a missing task does.
    expect((await olga.post('/ru/tasks', editOf(task, { title: '' }))).status).toBe(404)
    expect((await olga.post('/ru/tasks', { ...editOf(task, {}), taskId: '99999999' })).status).toBe(404)
    expect((await olga.post('/ru/tasks', { ...editOf(task, {}), taskId: 'abc' })).status).toBe(404)
  })

  it('shows each account only its own tasks, in the page and in its data request', async () => {
    const { emma, olga } = await cast()
    await createTask(emma, 'en', { title: 'Only Harbor sees this' })
    await createTask(olga, 'ru', { title: 'Только для Волги' })
    for (const path of ['/ru/tasks', '/ru/tasks.data']) {
      const body = await (await olga.get(path)).text()
      expect(body, path).toContain('Только для Волги')
      expect(body, path).not.toContain('Only Harbor sees this')
    }
    const own = await (await emma.get('/en/tasks.data')).text()
    expect(own).toContain('Only Harbor sees this')
    expect(own).not.toContain('Только для Волги')
  })

  it('never trusts an account id sent with the form', async () => {
    const { harbor, volga, olga } = await cast()
    const response = await olga.post('/ru/tasks', {
      ...newTask({ title: 'Подброшенная задача' }),
      accountId: String(harbor),
    })
    expect(response.status).toBe(200)
    expect(taskByTitle('Подброшенная задача').account_id).toBe(volga)
  })
})

describe('access', () => {
  it('sends signed-out people to sign in and keeps staff out of the customer page', async () => {
    const anonymous = createClient(server.url)
    const page = await anonymous.get('/es/tasks?status=done')
    expect(page.status).toBe(302)
    expect(page.headers.get('location')).toBe(
      `/es/login?${new URLSearchParams({ redirectTo: '/es/tasks?status=done' })}`,
    )
    const post = await anonymous.post('/es/tasks', newTask({ title: 'Anónima' }))
    expect(post.status).toBe(302)
    expect(queryDb(server.databaseFile, "select id from tasks where title = 'Anónima'")).toEqual([])

    const agent = await signedInClient(createUser({ role: 'agent' }))
    expect((await agent.get('/en/tasks')).status).toBe(403)
  })

  it('shows the plan in each language', async () => {
    // Maria's account has three tasks (one of them done), João's one: both plural forms.
    for (const [lang, market, titles] of [
      ['es', 'LATAM', ['Configurar el SDK', 'Invitar al equipo', 'Revisar la atribución']],
      ['pt', 'BR', ['Configurar o SDK']],
    ] as const) {
      const person = createUser({ account: createAccount({ market }), locale: lang })
      titles.forEach((title, index) =>
        addTask({ account: { id: person.accountId! }, title, status: index === 1 ? 'done' : 'todo' }),
      )
      const client = await signedInClient(person)
      const html = await (await client.get(`/${lang}/tasks`)).text()
      expect(html).toContain(`<h1>${asHtml(tr(lang, 'tasks:title'))}</h1>`)
      const n = titles.length
      expect(n).toBeGreaterThan(0)
      expect(html).toContain(
        asHtml(tr(lang, `tasks:plan.count_${n === 1 ? 'one' : 'other'}`, { formatted: n })),
      )
      for (const title of titles) expect(html).toContain(title)
    }
  })
})
