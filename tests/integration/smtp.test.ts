import { SMTPServer } from 'smtp-server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createUser, testDb } from '../factories/people'
import { createClient } from '../setup/http'
import { startServer, type TestServer } from '../setup/server'

// This file keeps a server of its own: mail goes over SMTP only when SMTP_URL is set at start,
// and the shared server writes its mail to the outbox instead.

let server: TestServer
let smtp: SMTPServer
const received: { to: string[]; data: string }[] = []

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, session, callback) {
      let data = ''
      stream.on('data', (chunk: Buffer) => (data += chunk.toString()))
      stream.on('end', () => {
        received.push({ to: session.envelope.rcptTo.map((r) => r.address), data })
        callback()
      })
    },
  })
  const port = await new Promise<number>((resolve) => {
    smtp.listen(0, '127.0.0.1', () => resolve((smtp.server.address() as { port: number }).port))
  })
  server = await startServer({ env: { SMTP_URL: `smtp://127.0.0.1:${port}` } })
})

afterAll(async () => {
  await server?.stop()
  await new Promise<void>((resolve) => smtp.close(() => resolve()))
})

describe('mail over SMTP', () => {
  it('sends the reset mail to a real SMTP server when SMTP_URL is set', async () => {
    const emma = createUser({ locale: 'en' }, testDb(server.databaseFile))
    const response = await createClient(server.url).post('/en/forgot-password', { email: emma.email })
    expect(response.status).toBe(200)
    // The portal answers once the SMTP server has taken the message: no need to wait for it.
    expect(received).toHaveLength(1)
    expect(received[0]!.to).toEqual([emma.email])
    expect(received[0]!.data).toContain('Subject: Reset your Customer Hub password')
    expect(received[0]!.data).toContain(`${server.url}/en/reset-password/`)
  })
})
