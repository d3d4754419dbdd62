import {
  copyFileSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSession, createUser, testDb, unique } from '../factories/people'
import { queryDb } from '../setup/db'
import { createClient, type Client } from '../setup/http'
import { asHtml, tr } from '../setup/i18n'
import { templateDb, testTmp } from '../setup/paths'
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
    expect(accepted.status).toBe(302)
    expect(messages()).toEqual(['Первое сообщение', 'Вот скриншот'])
  })
})

describe('a stop between saving a ticket and settling its files', () => {
  it('settles committed files and removes orphans at the next start, so the file downloads', async () => {
    const { client, person } = await customer('es')
    const subject = unique('Captura')
    const opened = await postWithFile(client, '/es/tickets/new', {
      subject,
      body: 'Adjunto la captura.',
      category: 'technical',
    })
    expect(opened.status).toBe(302)
    const [attachment] = queryDb<{ id: number; storedName: string; number: number }>(
      server.databaseFile,
      `select a.id, a.stored_name as storedName, t.number from ticket_attachments a
       join tickets t on t.id = a.ticket_id where t.subject = ?`,
      subject,
    )
    const dir = join(server.dataDir, 'uploads', 'tickets')
    // No pending file is left behind by a save that completed.
    expect(readdirSync(dir).filter((name) => name.endsWith('.pending'))).toEqual([])

    // The state a kill -9 leaves: the row committed but its file still under the pending name,
    // plus a pending file whose transaction never committed and a file no row names.
    await server.stop()
    renameSync(join(dir, attachment!.storedName), join(dir, `${attachment!.storedName}.pending`))
    writeFileSync(join(dir, 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.pending'), png)
    writeFileSync(join(dir, 'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb'), png)
    server = await server.restart()

    expect(readdirSync(dir).sort()).not.toContain('bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb')
    expect(readdirSync(dir).filter((name) => name.endsWith('.pending'))).toEqual([])
    expect(server.output()).toMatch(
      /1 file\(s\) saved just before a stop were settled, 2 orphan\(s\) removed/,
    )
    const { client: stranger } = await customer('es')
    const owner = createClient(server.url)
    const session = await createSession(person, {}, testDb(server.databaseFile))
    owner.cookies.set(session.name, session.value)
    const download = await owner.get(`/es/tickets/${attachment!.number}/attachments/${attachment!.id}`)
    expect(download.status).toBe(200)
    expect(Buffer.from(await download.arrayBuffer())).toEqual(png)
    // Another customer still cannot reach it.
    expect(
      (await stranger.get(`/es/tickets/${attachment!.number}/attachments/${attachment!.id}`)).status,
    ).toBe(404)
  })
})

describe('a corrupt database', () => {
  it('is refused at start with the reason and the way to restore', async () => {
    const dataDir = mkdtempSync(join(testTmp(), 'corrupt-'))
    const file = join(dataDir, 'hub.db')
    copyFileSync(templateDb(), file)
    // Scribble over pages in the middle of the file, leaving the header intact.
    const bytes = readFileSync(file)
    const pageSize = bytes.readUInt16BE(16)
    for (let page = 3; page < Math.floor(bytes.length / pageSize) - 2; page += 3)
      bytes.fill(0x5a, page * pageSize + 8, (page + 1) * pageSize)
    writeFileSync(file, bytes)
    await expect(startServer({ dataDir })).rejects.toThrow(
      /fails SQLite's quick_check[\s\S]*npm run db:restore -- <backup file>/,
    )
  })
})
