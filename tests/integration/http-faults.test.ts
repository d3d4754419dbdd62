import { request } from 'node:http'
import { describe, expect, inject, it } from 'vitest'
import { createClient } from '../setup/http'
import { tr } from '../setup/i18n'

const server = inject('server')

/** A raw HTTP request: fetch refuses to send TRACE at all, so this uses node:http. */
function send(method: string, path: string) {
  return new Promise<{ status: number; allow: string | undefined; body: string }>((resolve, reject) => {
    const req = request(`${server.url}${path}`, { method }, (res) => {
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => (body += chunk))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, allow: res.headers.allow, body }))
    })
    req.on('error', reject)
    req.end()
  })
}

/** What Express or Node would print for an unhandled error: a stack frame. */
const stackFrame = /\bat [\w.<>]+ \(|node_modules/

describe('requests the portal does not serve', () => {
  it.each(['TRACE', 'PUT', 'DELETE', 'OPTIONS'])(
    'answers %s with 405 and the methods it allows, in the page language',
    async (method) => {
      const response = await send(method, '/ru/kb')
      expect(response.status).toBe(405)
      expect(response.allow).toBe('GET, HEAD, POST')
      const html = response.body
      expect(html).toContain(tr('ru', 'errors:status.405.title'))
      expect(html).not.toMatch(stackFrame)
    },
  )

  it.each([
    ['en', '/en/kb/%E0%A4%A'],
    ['pt', '/pt/videos/%'],
    ['es', '/es/%C0%AF'],
  ])('answers a malformed address in %s with a localized 400, never a stack trace', async (lang, path) => {
    const response = await createClient(server.url).get(path)
    expect(response.status).toBe(400)
    const html = await response.text()
    expect(html).toContain(tr(lang, 'errors:status.400.title'))
    expect(html).not.toMatch(stackFrame)
  })

  it('keeps serving pages after those requests', async () => {
    await fetch(`${server.url}/en/kb/%E0%A4%A`)
    const response = await createClient(server.url).get('/en/kb')
    expect(response.status).toBe(200)
  })
})
