import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { brotliDecompressSync, gunzipSync } from 'node:zlib'
import { describe, expect, inject, it } from 'vitest'
import { projectRoot } from '../setup/paths'

const server = inject('server')
const browserEncodings = 'gzip, deflate, br, zstd'

/** Raw bytes as sent: Node's fetch would undo the Content-Encoding. */
async function rawGet(path: string, acceptEncoding: string) {
  const { request } = await import('node:http')
  return new Promise<{
    status: number
    headers: Record<string, string | string[] | undefined>
    body: Buffer
  }>((resolve, reject) => {
    const req = request(`${server.url}${path}`, { headers: { 'Accept-Encoding': acceptEncoding } }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (chunk: Buffer) => chunks.push(chunk))
      res.on('end', () =>
        resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }),
      )
    })
    req.on('error', reject)
    req.end()
  })
}

describe('compression', () => {
  it('sends the brotli or gzip file made at build for the browser’s scripts, with Vary', async () => {
    const page = (await rawGet('/en', 'identity')).body.toString()
    const asset = /\/assets\/[\w.-]+\.js/.exec(page)![0]
    const original = readFileSync(join(projectRoot, 'build', 'client', asset))
    const br = await rawGet(asset, browserEncodings)
    expect(br.headers['content-encoding']).toBe('br')
    expect(br.headers['vary']).toContain('Accept-Encoding')
    expect(br.headers['cache-control']).toContain('immutable')
    expect(brotliDecompressSync(br.body).equals(original)).toBe(true)
    const gzip = await rawGet(asset, 'gzip')
    expect(gzip.headers['content-encoding']).toBe('gzip')
    expect(gunzipSync(gzip.body).equals(original)).toBe(true)
    const plain = await rawGet(asset, 'identity')
    expect(plain.headers['content-encoding']).toBeUndefined()
    expect(plain.body.equals(original)).toBe(true)
  })

  it('compresses pages for browsers that accept it', async () => {
    const signIn = await rawGet('/ru/login?from=compression-test', browserEncodings)
    expect(signIn.status).toBe(200)
    expect(signIn.headers['content-encoding']).toBe('br')
    expect(brotliDecompressSync(signIn.body).toString()).toContain('<html lang="ru"')
  })
})
