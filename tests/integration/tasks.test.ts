import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { queryDb } from '../setup/db'
import { createClient, type Client } from '../setup/http'
import { asHtml, tr } from '../setup/i18n'
import { readOutbox } from '../setup/outbox'
import { startServer, type TestServer } from '../setup/server'

let server: TestServer
let emma: Client
let olga: Client

type Person = { id: number; email: string; name: string; locale: string }
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
type TicketRow = { id: number; number: number; subject: string; requester_id: number | null }
type ActivityRow = {
  change: string
  from_value: string | null
  to_value: string | null
  actor_id: number | null
}

let harbor: number
let volga: number
let emmaUser: Person
let emmaColleague: Person
let olgaUser: Person
let olgaColleague: Person
/** A Russian-speaking CSM from the demo: staff get mail in their own language too. */
let russianAgent: Person

const person = (where: string, ...params: unknown[]) =>
  queryDb<Person>(
    server.databaseFile,
    `select id, email, name, locale from users where ${where} order by id limit 1`,
    ...params,
  )[0]!

/**
 * Gives Harbor Fitness a playbook of its own, written straight into the server's database:
 * tasks link to its steps by key.
 */
function givePlaybook(accountId: number) {
  const db = new Database(server.databaseFile)
  try {
    const now = Date.now()
    const checklist = db
      .prepare(
        "insert into checklists (key, source_locale, created_at, updated_at) values ('tasks-test-playbook', 'en', ?, ?)",
      )
      .run(now, now)
    const item = db
      .prepare(
        "insert into checklist_items (checklist_id, key, position, created_at, updated_at) values (?, 'install-sdk', 1, ?, ?)",
      )
      .run(checklist.lastInsertRowid, now, now)
    const title = db.prepare(
      'insert into checklist_item_translations (item_id, locale, title, updated_at) values (?, ?, ?, ?)',
    )
    title.run(item.lastInsertRowid, 'en', 'Install the SDK', now)
    title.run(item.lastInsertRowid, 'ru', 'Установите SDK', now)
    db.prepare('update accounts set checklist_id = ? where id = ?').run(checklist.lastInsertRowid, accountId)
  } finally {
    db.close()
  }
}

beforeAll(async () => {
  server = await startServer()
  emma = createClient(server.url)
  await emma.signIn('emma@harbor.example')
  olga = createClient(server.url)
  await olga.signIn('olga@volga.example', undefined, 'ru')
  emmaUser = person("email = 'emma@harbor.example'")
  olgaUser = person("email = 'olga@volga.example'")
  ;[{ account_id: harbor }] = queryDb<{ account_id: number }>(
    server.databaseFile,
    'select account_id from users where id = ?',
    emmaUser.id,
  ) as [{ account_id: number }]
  ;[{ account_id: volga }] = queryDb<{ account_id: number }>(
    server.databaseFile,
    'select account_id from users where id = ?',
    olgaUser.id,
  ) as [{ account_id: number }]
  emmaColleague = person('account_id = ? and id != ? and disabled = 0', harbor, emmaUser.id)
  olgaColleague = person('account_id = ? and id != ? and disabled = 0', volga, olgaUser.id)
  russianAgent = person("email = 'csm2@hub.example'")
  givePlaybook(harbor)
})
afterAll(async () => {
  await server?.stop()
})

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
const taskByTitle = (title: string) =>
  queryDb<TaskRow>(server.databaseFile, 'select * from tasks where title = ?', title)[0]!
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

/** The account's most recently updated ticket, optionally one not opened by `notBy`. */
const latestTicketOf = (accountId: number, notBy?: number) =>
  queryDb<TicketRow>(
    server.databaseFile,
    'select id, number, subject, requester_id from tickets where account_id = ? and (? is null or requester_id is not ?) order by updated_at desc, id desc limit 1',
    accountId,
    notBy ?? null,
    notBy ?? null,
  )[0]!

describe('tickets linked to tasks', () => {
  it('links a task to a ticket of the account, writes it in the history and links to the ticket', async () => {
    const ticket = latestTicketOf(harbor)
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
    const foreign = latestTicketOf(volga)
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
    const ticket = latestTicketOf(harbor, emmaColleague.id)
    const task = await createTask(emma, 'en', {
      title: 'Shared follow-up',
      ticketNumber: String(ticket.number),
    })
    expect(task.ticket_id).toBe(ticket.id)

    const colleague = createClient(server.url)
    await colleague.signIn(emmaColleague.email, undefined, emmaColleague.locale)
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
    const ticket = latestTicketOf(harbor)
    await createTask(emma, 'en', { title: 'Staff sees the ticket', ticketNumber: String(ticket.number) })
    const agent = createClient(server.url)
    await agent.signIn('agent@hub.example')
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
    const task = await createTask(emma, 'en', {
      title: 'Review the attribution setup',
      ownerSide: 'vendor',
      assigneeId: String(russianAgent.id),
      dueOn: '2999-03-31',
    })
    const [mail] = await mailTo(russianAgent.email)
    expect(mail?.subject).toBe(tr('ru', 'mail:task.subject', { title: 'Review the attribution setup' }))
    expect(mail?.text).toContain(tr('ru', 'mail:task.intro', { account: 'Harbor Fitness' }))
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
    await createTask(olga, 'ru', { title: 'Сама себе задача', assigneeId: String(olgaUser.id) })
    expect(await mailTo(olgaUser.email)).toEqual([])
  })
})

describe('refused input', () => {
  it('answers 400 with the message in the page language and stores nothing', async () => {
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
    const response = await olga.post(
      '/ru/tasks',
      newTask({ title: 'Чужой шаг', checklistItemKey: 'no-such-step' }),
    )
    expect(response.status).toBe(400)
    expect(queryDb(server.databaseFile, "select id from tasks where title = 'Чужой шаг'")).toEqual([])
  })
})

describe('accounts stay apart', () => {
  it('answers 404 for another account task and leaves it as it was', async () => {
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

    const agent = createClient(server.url)
    await agent.signIn('agent@hub.example')
    expect((await agent.get('/en/tasks')).status).toBe(403)
  })

  it('shows the plan in each language', async () => {
    for (const [lang, email] of [
      ['es', 'maria@andes.example'],
      ['pt', 'joao@paulista.example'],
    ] as const) {
      const client = createClient(server.url)
      await client.signIn(email, undefined, lang)
      const html = await (await client.get(`/${lang}/tasks`)).text()
      expect(html).toContain(`<h1>${asHtml(tr(lang, 'tasks:title'))}</h1>`)
      // The demo gives every demo login's account a few open tasks in its language.
      const [{ n }] = queryDb<{ n: number }>(
        server.databaseFile,
        'select count(*) as n from tasks t join users u on u.account_id = t.account_id where u.email = ?',
        email,
      ) as [{ n: number }]
      expect(n).toBeGreaterThan(0)
      expect(html).toContain(
        asHtml(tr(lang, `tasks:plan.count_${n === 1 ? 'one' : 'other'}`, { formatted: n })),
      )
    }
  })
})
