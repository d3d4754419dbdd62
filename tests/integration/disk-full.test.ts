import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSession, createUser, testDb, unique } from '../factories/people'
import { queryDb } from '../setup/db'
import { createClient, type Client } from '../setup/http'
import { asHtml, tr } from '../setup/i18n'
import { startServer, type TestServer } from '../setup/server'

/**
 * A full disk, for real: the server runs under a file-size limit (`ulimit -f`), and a second
 * connection leaves the write-ahead log longer than that limit without checkpointing it, so
 * every write the server tries lands past the limit and fails as it would on a full disk.
 * A server of its own, since it cannot write.
 */
let server: TestServer
let filler: Database.Database
let customer: Client
let personId: number
let slug: string

beforeAll(async () => {
  server = await startServer({ fileSizeLimitKib: 64 })
  const db = testDb(server.databaseFile)
  const person = createUser({ locale: 'es' }, db)
  personId = person.id
  const session = await createSession(person, {}, db)
  customer = createClient(server.url)
  customer.cookies.set(session.name, session.value)
  ;[{ slug }] = queryDb<{ slug: string }>(
    server.databaseFile,
    "select slug from article_translations where locale = 'es' and status = 'published' order by id limit 1",
  ) as [{ slug: string }]
  filler = new Database(server.databaseFile)
  filler.pragma('wal_autocheckpoint = 0')
  filler
    .prepare("insert into app_meta (key, value) values ('disk-full-filler', ?)")
    .run('x'.repeat(256 * 1024))
})
afterAll(async () => {
  filler?.close()
  await server?.stop()
})

describe('a full disk', () => {
  it('keeps serving readers: articles, search and the customer’s own pages', async () => {
    const article = await customer.get(`/es/kb/${slug}`)
    expect(article.status).toBe(200)
    expect((await customer.get('/es/search?q=sdk')).status).toBe(200)
    // The indexes the disk refused are handed to the search worker in memory.
    const found = await customer.get('/api/search?q=sdk&lang=es')
    expect(((await found.json()) as { results: unknown[] }).results.length).toBeGreaterThan(0)
    expect((await customer.get('/es/tickets')).status).toBe(200)
  })

  it('refuses a new ticket with a localized 503, keeps the text, and saves nothing', async () => {
    const subject = unique('Disco lleno')
    const response = await customer.post('/es/tickets/new', {
      subject,
      body: 'No puedo exportar el informe de marzo.',
      category: 'technical',
    })
    expect(response.status).toBe(503)
    const html = await response.text()
    expect(html).toContain(asHtml(tr('es', 'errors:form.storageFailed')))
    expect(html).toContain(subject)
    expect(queryDb(server.databaseFile, 'select id from tickets where subject = ?', subject)).toEqual([])
  })

  it('answers any other write with the localized 503 page, never a 500', async () => {
    const response = await customer.post('/es/account', {
      intent: 'profile',
      name: 'Lucía Fernández',
      locale: 'es',
    })
    expect(response.status).toBe(503)
    expect(response.headers.get('Retry-After')).toBe('60')
    expect(await response.text()).toContain(asHtml(tr('es', 'errors:status.503.title')))
    expect(
      queryDb<{ name: string }>(server.databaseFile, 'select name from users where id = ?', personId)[0]!
        .name,
    ).not.toBe('Lucía Fernández')
  })

  it('says so on /healthz while still answering 200 for readers', async () => {
    const response = await fetch(`${server.url}/healthz`)
    expect(response.status).toBe(200)
    expect(await response.json()).toMatchObject({ status: 'degraded', database: 'read-only' })
  })

  it('takes the same ticket once the disk has room again', async () => {
    filler.close()
    server = await server.restart()
    const again = createClient(server.url)
    const session = await createSession({ id: personId }, {}, testDb(server.databaseFile))
    again.cookies.set(session.name, session.value)
    const subject = unique('Disco con espacio')
    const response = await again.post('/es/tickets/new', {
      subject,
      body: 'No puedo exportar el informe de marzo.',
      category: 'technical',
    })
    expect(response.status).toBe(302)
    expect(queryDb(server.databaseFile, 'select id from tickets where subject = ?', subject)).toHaveLength(1)
    expect(await (await fetch(`${server.url}/healthz`)).json()).toEqual({ status: 'ok', database: 'ok' })
  })
})
