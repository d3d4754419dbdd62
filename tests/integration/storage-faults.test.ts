import { rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSession, createUser, testDb, unique } from '../factories/people'
import { queryDb } from '../setup/db'
import { createClient, type Client } from '../setup/http'
import { asHtml, tr } from '../setup/i18n'
import { startServer, type TestServer } from '../setup/server'

// This file breaks its server's upload folder on purpose, so it has a server of its own.
let server: TestServer

beforeAll(async () => {
  server = await startServer()
})
afterAll(async () => {
  await server?.stop()
})

const png = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8ffff3f0005fe02fea7d6a1c40000000049454e44ae426082',
  'hex',
)

async function customer(locale: 'en' | 'ru' | 'es' | 'pt') {
  const db = testDb(server.databaseFile)
  const person = createUser({ locale }, db)
  const client = createClient(server.url)
  const session = await createSession(person, {}, db)
  client.cookies.set(session.name, session.value)
  return { person, client }
}

function postWithFile(client: Client, path: string, fields: Record<string, string>) {
  const form = new FormData()
  for (const [key, value] of Object.entries(fields)) form.append(key, value)
  form.append('attachments', new Blob([png], { type: 'image/png' }), 'screen.png')
  return client.get(path, { method: 'POST', body: form, headers: { Origin: server.url } })
}

/** Makes the upload folder impossible to create: a plain file stands where it should be. */
function breakUploads() {
  rmSync(join(server.dataDir, 'uploads'), { recursive: true, force: true })
  writeFileSync(join(server.dataDir, 'uploads'), 'not a folder')
}
function repairUploads() {
  rmSync(join(server.dataDir, 'uploads'), { force: true })
}

const ticketsWithSubject = (subject: string) =>
  queryDb<{ id: number }>(server.databaseFile, 'select id from tickets where subject = ?', subject)

describe('a disk that cannot take the files', () => {
  it('saves no half ticket: the customer gets a 503 with a localized message and their text back', async () => {
    const { client } = await customer('pt')
    const subject = unique('Falha no disco')
    const body = 'O relatório de março não abre; segue a captura.'
    breakUploads()
    try {
      const response = await postWithFile(client, '/pt/tickets/new', { subject, body, category: 'technical' })
      expect(response.status).toBe(503)
      const html = await response.text()
      expect(html).toContain(asHtml(tr('pt', 'errors:form.storageFailed')))
      expect(html).toContain(asHtml(subject))
      expect(html).toContain(asHtml(body))
    } finally {
      repairUploads()
    }
    expect(ticketsWithSubject(subject)).toEqual([])
  })

  it('saves no reply without its file, and the same reply goes through once the disk is back', async () => {
    const { client } = await customer('ru')
    const subject = unique('Отчёт')
    const opened = await client.post('/ru/tickets/new', {
      subject,
      body: 'Первое сообщение',
      category: 'technical',
    })
    expect(opened.status).toBe(302)
    const path = opened.headers.get('location')!
    const [ticket] = ticketsWithSubject(subject)
    const messages = () =>
      queryDb<{ body: string }>(
        server.databaseFile,
        'select body from ticket_messages where ticket_id = ? order by id',
        ticket!.id,
      ).map((m) => m.body)

    breakUploads()
    try {
      const refused = await postWithFile(client, path, { intent: 'reply', body: 'Вот скриншот' })
      expect(refused.status).toBe(503)
      expect(await refused.text()).toContain(asHtml(tr('ru', 'errors:form.storageFailed')))
    } finally {
      repairUploads()
    }
    expect(messages()).toEqual(['Первое сообщение'])

    const accepted = await postWithFile(client, path, { intent: 'reply', body: 'Вот скриншот' })
    expect(accepted.status).toBe(200)
    expect(messages()).toEqual(['Первое сообщение', 'Вот скриншот'])
  })
})
