/**
 * The outcomes cockpit's page and CSVs over HTTP against the built server, at the demo's size
 * and at ten times its accounts and tickets (the demo's rows copied nine times with new ids,
 * so the shapes stay the demo's). Prints the median of a few requests of the page with its
 * default filters and of every CSV over a year.
 *
 *   npm run bench:analytics [-- --times 10 --repeat 5]
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { metrics } from '~/modules/analytics/analytics.schema'
import { buildIfNeeded } from '../build-if-needed'
import { importStarterContentIfEmpty } from '../content-import'
import { migrateDatabase } from '../db-migrate'
import { seedDatabase } from '../db-seed'
import { multiply } from './grow-demo'

const { values } = parseArgs({
  options: { times: { type: 'string', default: '10' }, repeat: { type: 'string', default: '5' } },
})
const times = Number(values.times)
const repeat = Number(values.repeat)

async function freePort() {
  return new Promise<number>((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0))
    })
  })
}

async function serve(file: string, dataDir: string) {
  const port = await freePort()
  const url = `http://127.0.0.1:${port}`
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'scripts/serve.ts'], {
    env: {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'production',
      SESSION_SECRET: 'bench-secret-that-is-long-enough-0123456789',
      SITE_URL: url,
      DATA_DIR: dataDir,
      DATABASE_URL: file,
      PORT: String(port),
      HOST: '127.0.0.1',
    },
    stdio: 'ignore',
  })
  for (let tries = 0; tries < 300; tries++) {
    try {
      if ((await fetch(`${url}/healthz`)).ok) break
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  return { url, pid: child.pid!, stop: () => child.kill('SIGTERM') }
}

async function signIn(url: string) {
  const response = await fetch(`${url}/en/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { Origin: url, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ email: 'agent@hub.example', password: 'hub-demo-2026' }),
  })
  return response.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ')
}

/** The process's user + system CPU time in milliseconds (null where /proc is not there). */
function cpuMs(pid: number) {
  const stat = `/proc/${pid}/stat`
  if (!existsSync(stat)) return null
  // Fields 14 and 15 (utime, stime) in clock ticks, counted after the command's closing paren.
  const fields = readFileSync(stat, 'utf8').split(') ')[1]!.split(' ')
  const ticksPerSecond = 100 // USER_HZ, which Linux fixes at 100 for /proc whatever the kernel’s own tick
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / ticksPerSecond
}

async function timing(url: string, cookie: string, pid: number) {
  const samples: number[] = []
  const cpuBefore = cpuMs(pid)
  for (let i = 0; i < repeat; i++) {
    const start = performance.now()
    const response = await fetch(url, { headers: { Cookie: cookie } })
    await response.arrayBuffer()
    if (!response.ok) throw new Error(`${url}: ${response.status}`)
    samples.push(performance.now() - start)
  }
  const cpuAfter = cpuMs(pid)
  const median = samples.sort((a, b) => a - b)[Math.floor(samples.length / 2)]!
  const cpu =
    cpuBefore === null || cpuAfter === null ? '' : `  cpu ${((cpuAfter - cpuBefore) / repeat).toFixed(0)} ms`
  return `${median.toFixed(0)} ms${cpu}`
}

async function measure(label: string, file: string, dataDir: string) {
  const server = await serve(file, dataDir)
  try {
    const cookie = await signIn(server.url)
    const year = 'from=2025-11-01&to=2026-11-02'
    const time = (path: string) => timing(`${server.url}${path}`, cookie, server.pid)
    await time('/en/staff/analytics') // warm up
    console.log(`${label}`)
    console.log(`  page (default period)  ${await time('/en/staff/analytics')}`)
    console.log(`  page (a year)          ${await time(`/en/staff/analytics?${year}`)}`)
    for (const metric of metrics)
      console.log(
        `  csv ${metric.padEnd(19)}${await time(`/en/staff/analytics.csv?metric=${metric}&${year}`)}`,
      )
  } finally {
    server.stop()
  }
}

buildIfNeeded()
const dir = mkdtempSync(join(tmpdir(), 'hub-bench-analytics-'))
try {
  const demo = join(dir, 'demo.db')
  migrateDatabase(demo)
  importStarterContentIfEmpty(demo)
  await seedDatabase({ file: demo, today: new Date('2026-11-02T00:00:00Z') })
  const large = join(dir, 'large.db')
  copyFileSync(demo, large)
  const size = multiply(large, times - 1)
  console.log(
    `Median of ${repeat} requests each; the machine is shared, compare the two sizes, not the absolute times.`,
  )
  await measure('demo', demo, dir)
  await measure(`${times}× (${size.a} accounts, ${size.t} tickets)`, large, dir)
} finally {
  rmSync(dir, { recursive: true, force: true })
}
