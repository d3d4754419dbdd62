/**
 * Throughput of the home page for an anonymous visitor, against a plain node:http server
 * returning the same bytes, both measured in this run on this machine (ratios, not absolute
 * numbers, mean something on a shared machine).
 *
 *   npm run bench:http [-- --seconds 10 --connections 10]
 */
import { spawn } from 'node:child_process'
import { copyFileSync, mkdtempSync } from 'node:fs'
import { createServer } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import autocannon from 'autocannon'
import { buildIfNeeded } from '../build-if-needed'
import { seedDatabase } from '../db-seed'

const { values } = parseArgs({
  options: { seconds: { type: 'string', default: '10' }, connections: { type: 'string', default: '10' } },
})
const duration = Number(values.seconds)
const connections = Number(values.connections)

async function measure(url: string) {
  const result = await autocannon({ url, connections, duration, headers: { 'accept-language': 'en' } })
  return {
    requestsPerSecond: result.requests.average,
    p99: result.latency.p99,
    errors: result.errors + result.non2xx,
  }
}

async function main() {
  buildIfNeeded()
  const dir = mkdtempSync(join(tmpdir(), 'hub-bench-'))
  const template = join(dir, 'template.db')
  await seedDatabase({ file: template })
  copyFileSync(template, join(dir, 'hub.db'))

  const portalPort = 3900
  const portal = spawn(process.execPath, ['--import', 'tsx', 'scripts/serve.ts'], {
    env: {
      ...process.env,
      NODE_ENV: 'production',
      SESSION_SECRET: 'bench-secret-bench-secret-bench-secret',
      DATABASE_URL: join(dir, 'hub.db'),
      DATA_DIR: dir,
      PORT: String(portalPort),
      HOST: '127.0.0.1',
    },
    stdio: 'inherit',
  })
  try {
    const portalUrl = `http://127.0.0.1:${portalPort}/en`
    for (let i = 0; i < 100; i++) {
      try {
        if ((await fetch(`http://127.0.0.1:${portalPort}/healthz`)).ok) break
      } catch {
        // starting
      }
      await new Promise((r) => setTimeout(r, 100))
    }
    const page = Buffer.from(await (await fetch(portalUrl)).arrayBuffer())

    const plain = createServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Length': page.length })
      res.end(page)
    })
    await new Promise<void>((resolve) => plain.listen(3901, '127.0.0.1', resolve))

    // Warm both up, then measure.
    await autocannon({ url: portalUrl, connections, duration: 2 })
    const baseline = await measure('http://127.0.0.1:3901/')
    const hub = await measure(portalUrl)
    plain.close()

    const ratio = hub.requestsPerSecond / baseline.requestsPerSecond
    console.log(`\nHome page (${page.length} bytes), ${connections} connections, ${duration} s each`)
    console.log(
      `  plain node:http  ${baseline.requestsPerSecond.toFixed(0).padStart(7)} req/s  p99 ${baseline.p99} ms`,
    )
    console.log(
      `  Customer Hub     ${hub.requestsPerSecond.toFixed(0).padStart(7)} req/s  p99 ${hub.p99} ms  errors ${hub.errors}`,
    )
    console.log(`  ratio            ${(ratio * 100).toFixed(1)}% of the plain server (target: at least 10%)`)
  } finally {
    portal.kill('SIGTERM')
  }
}

await main()
