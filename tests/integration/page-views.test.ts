import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createArticle } from '../factories/kb'
import { testDb } from '../factories/people'
import { queryDb } from '../setup/db'
import { createClient } from '../setup/http'
import { startServer, type TestServer } from '../setup/server'

/**
 * Page views wait in memory and are written a second later (app/modules/events/usage.server.ts).
 * A server of its own: this test stops it.
 */
let server: TestServer

beforeAll(async () => {
  server = await startServer()
})
afterAll(() => server.stop())

describe('page views written in batches', () => {
  it('writes the views still waiting when the server is stopped', async () => {
    const article = createArticle({}, testDb(server.databaseFile))
    const views = () =>
      queryDb<{ n: number }>(
        server.databaseFile,
        "select count(*) as n from events where type = 'article' and ref = ?",
        String(article.id),
      )[0]!.n
    for (let i = 0; i < 5; i++)
      expect((await createClient(server.url).get(`/en/kb/${article.translations.en!.slug}`)).status).toBe(200)
    await server.stop()
    expect(views()).toBe(5)
    server = await server.restart()
  })
})
