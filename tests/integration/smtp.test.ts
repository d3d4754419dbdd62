import { SMTPServer } from 'smtp-server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createClient } from '../setup/http'
import { startServer, type TestServer } from '../setup/server'

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
    const response = await createClient(server.url).post('/en/forgot-password', {
      email: 'emma@harbor.example',
    })
    expect(response.status).toBe(200)
    const deadline = Date.now() + 5000
    while (received.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50))
    expect(received).toHaveLength(1)
    expect(received[0]!.to).toEqual(['emma@harbor.example'])
    expect(received[0]!.data).toContain('Subject: Reset your Customer Hub password')
    expect(received[0]!.data).toContain(`${server.url}/en/reset-password/`)
  })
})
