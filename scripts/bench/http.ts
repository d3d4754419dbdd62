/**
 * Throughput of the portal's typical answers against a plain node:http server returning the
 * same bytes, both measured in this run on this machine (ratios, not absolute numbers, mean
 * something on a shared machine). Every request carries a browser's Accept-Encoding. The
 * plain server runs in a process of its own (scripts/bench/plain-server.ts), as the portal does;
 * the two are measured alternately, three rounds, and the medians are printed.
 *
 *   npm run bench:http [-- --seconds 5 --connections 10 --rounds 3 --scale 10 --only signed-in]
 *
 * `--scale` grows the demo's accounts and tickets that many times (the tracker's target is at
 * 10,000 accounts, about 30x; the default 10x keeps the run short). `--only` keeps the answers
 * whose name contains it. The `cpu/req` column is the portal's main-thread CPU time per answer.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import autocannon from 'autocannon'
import Database from 'better-sqlite3'
import { demoPassword } from '#db/seed/demo'
import { buildIfNeeded } from '../build-if-needed'
import { importStarterContentIfEmpty } from '../content-import'
import { seedDatabase } from '../db-seed'
import { multiply } from './grow-demo'
import type { Recording } from './plain-server'
import { cpuMs } from './server'

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '5' },
    connections: { type: 'string', default: '10' },
    rounds: { type: 'string', default: '3' },
    scale: { type: 'string', default: '10' },
    only: { type: 'string' },
  },
})
const duration = Number(values.seconds)
const connections = Number(values.connections)
const rounds = Number(values.rounds)
const scale = Number(values.scale)
const browserEncoding = 'gzip, deflate, br, zstd'

type Scenario = {
  name: string
  path: string
  method?: 'GET' | 'POST'
  headers?: Record<string, string>
  body?: string
  target?: string
}

/** One raw request (Node's fetch would decompress): the exact bytes to replay. */
function record(url: string, scenario: Scenario) {
  return new Promise<Recording>((resolve, reject) => {
    const req = request(
      url + scenario.path,
      {
        method: scenario.method ?? 'GET',
        headers: { 'Accept-Encoding': browserEncoding, ...scenario.headers },
      },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('end', () => {
          const headers: Record<string, string> = {}
          for (const name of ['content-type', 'content-encoding', 'location', 'vary', 'cache-control']) {
            const value = res.headers[name]
            if (typeof value === 'string') headers[name] = value
          }
          resolve({ status: res.statusCode!, headers, body: Buffer.concat(chunks).toString('base64') })
        })
      },
    )
    req.on('error', reject)
    req.end(scenario.body)
  })
}

async function measure(url: string, scenario: Scenario, pid?: number) {
  const cpuBefore = pid === undefined ? null : cpuMs(pid, { mainThread: true })
  const result = await autocannon({
    url: url + scenario.path,
    method: scenario.method ?? 'GET',
    headers: { 'accept-encoding': browserEncoding, ...scenario.headers },
    body: scenario.body,
    connections,
    duration,
  })
  // A redirect is the reply's right answer; refusals and failures are errors.
  const errors = result.errors + result['4xx'] + result['5xx']
  const cpuAfter = pid === undefined ? null : cpuMs(pid, { mainThread: true })
  // CPU per answer moves less than req/s when other jobs share the cores.
  const cpuPerRequest =
    cpuBefore === null || cpuAfter === null ? Number.NaN : (cpuAfter - cpuBefore) / result.requests.total
  return { rps: result.requests.average, p50: result.latency.p50, errors, cpuPerRequest }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!

async function waitFor(url: string) {
  for (let i = 0; i < 300; i++) {
    try {
      if ((await fetch(url)).ok) return
    } catch {
      // starting
    }
    await new Promise((r) => setTimeout(r, 100))
  }
  throw new Error(`${url} did not answer`)
}

async function signIn(base: string, email: string, lang: string) {
  const response = await fetch(`${base}/${lang}/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ email, password: demoPassword }),
    redirect: 'manual',
  })
  if (response.status !== 302) throw new Error(`Sign-in of ${email} answered ${response.status}`)
  return response.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ')
}

async function main() {
  buildIfNeeded()
  const dir = mkdtempSync(join(tmpdir(), 'hub-bench-'))
  const file = join(dir, 'hub.db')
  await seedDatabase({ file: join(dir, 'template.db') })
  copyFileSync(join(dir, 'template.db'), file)
  importStarterContentIfEmpty(file)
  if (scale > 1) multiply(file, scale - 1)
  const db = new Database(file, { readonly: true })
  const accounts = db.prepare('select count(*) from accounts').pluck().get() as number
  const olgaTicket = db
    .prepare(
      "select t.number from tickets t join users u on u.id = t.requester_id where u.email = 'olga@volga.example' and t.status not in ('solved', 'closed') order by t.id limit 1",
    )
    .pluck()
    .get() as number
  db.close()

  const portalPort = 3900
  const plainPort = 3901
  const processes: ChildProcess[] = []
  const portal = spawn(process.execPath, ['--import', 'tsx', 'scripts/serve.ts'], {
    env: {
      ...process.env,
      NODE_ENV: 'production',
      SESSION_SECRET: 'bench-secret-bench-secret-bench-secret',
      DATABASE_URL: file,
      DATA_DIR: dir,
      PORT: String(portalPort),
      HOST: '127.0.0.1',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  })
  processes.push(portal)
  try {
    const base = `http://127.0.0.1:${portalPort}`
    await waitFor(`${base}/healthz`)
    const olga = await signIn(base, 'olga@volga.example', 'ru')
    const admin = await signIn(base, 'admin@hub.example', 'en')
    const analytics = '_ga=GA1.1.1234567890.1765000000; cookie_consent=all'
    const scenarios: Scenario[] = [
      { name: 'signed-in /ru/onboarding', path: '/ru/onboarding', headers: { cookie: olga }, target: '≥ 3%' },
      {
        name: 'anonymous /en, analytics cookie',
        path: '/en',
        headers: { cookie: analytics },
        target: '≥ 10%',
      },
      { name: 'article, analytics cookie', path: '/en/kb/set-up-postbacks', headers: { cookie: analytics } },
      { name: '/api/search', path: '/api/search?q=postbacks&lang=en' },
      {
        name: `tracker, ${accounts} accounts`,
        path: '/en/staff/onboarding',
        headers: { cookie: admin },
        target: 'p50 ≤ 150 ms',
      },
      {
        name: 'reply (POST, redirect)',
        path: `/ru/tickets/${olgaTicket}`,
        method: 'POST',
        headers: { cookie: olga, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ intent: 'reply', body: 'Bench reply: версия SDK 4.2.1' }).toString(),
      },
    ]

    if (values.only)
      scenarios.splice(0, scenarios.length, ...scenarios.filter((s) => s.name.includes(values.only!)))
    const recordings: Record<string, Recording> = {}
    for (const scenario of scenarios) {
      const recorded = await record(base, scenario)
      if (recorded.status >= 400) throw new Error(`${scenario.name} answered ${recorded.status}`)
      recordings[scenario.path] = recorded
    }
    const recordingsFile = join(dir, 'recordings.json')
    writeFileSync(recordingsFile, JSON.stringify(recordings))
    const plain = spawn(
      process.execPath,
      ['--import', 'tsx', 'scripts/bench/plain-server.ts', String(plainPort), recordingsFile],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    )
    processes.push(plain)
    await new Promise((resolve) => plain.stdout!.once('data', resolve))
    const plainBase = `http://127.0.0.1:${plainPort}`

    // Warm the portal up (JIT, caches), then alternate: plain, portal, for each round.
    for (const scenario of scenarios)
      await autocannon({
        url: base + scenario.path,
        method: scenario.method ?? 'GET',
        headers: { 'accept-encoding': browserEncoding, ...scenario.headers },
        body: scenario.body,
        connections,
        duration: 1,
      })
    const results = scenarios.map(() => ({
      plain: [] as number[],
      hub: [] as number[],
      p50: [] as number[],
      cpu: [] as number[],
      errors: 0,
    }))
    for (let round = 0; round < rounds; round++) {
      for (const [i, scenario] of scenarios.entries()) {
        const baseline = await measure(plainBase, scenario)
        const hub = await measure(base, scenario, portal.pid)
        results[i]!.plain.push(baseline.rps)
        results[i]!.hub.push(hub.rps)
        results[i]!.p50.push(hub.p50)
        results[i]!.cpu.push(hub.cpuPerRequest)
        results[i]!.errors += hub.errors
      }
    }

    console.log(
      `\nbench:http — ${connections} connections, ${duration} s per measurement, medians of ${rounds} alternating rounds, Accept-Encoding: ${browserEncoding}`,
    )
    console.log(
      `${'answer'.padEnd(34)}${'bytes'.padStart(8)} ${'enc'.padStart(4)}${'plain req/s'.padStart(13)}${'hub req/s'.padStart(11)}${'share'.padStart(8)}${'hub p50'.padStart(9)}${'cpu/req'.padStart(9)}  errors  target`,
    )
    for (const [i, scenario] of scenarios.entries()) {
      const r = results[i]!
      const recorded = recordings[scenario.path]!
      const plainRps = median(r.plain)
      const hubRps = median(r.hub)
      console.log(
        `${scenario.name.padEnd(34)}${String(Buffer.from(recorded.body, 'base64').length).padStart(8)} ${(recorded.headers['content-encoding'] ?? '-').padStart(4)}${plainRps.toFixed(0).padStart(13)}${hubRps.toFixed(0).padStart(11)}${`${((hubRps / plainRps) * 100).toFixed(1)}%`.padStart(8)}${`${median(r.p50)} ms`.padStart(9)}${`${median(r.cpu).toFixed(1)} ms`.padStart(9)}  ${String(r.errors).padStart(6)}  ${scenario.target ?? ''}`,
      )
    }
    // The tracker's target is for one request at a time: ten in a row, the median.
    const tracker = scenarios.find((s) => s.path === '/en/staff/onboarding')
    if (tracker) {
      const single: number[] = []
      for (let i = 0; i < 10; i++) {
        const start = performance.now()
        await record(base, tracker)
        single.push(performance.now() - start)
      }
      console.log(`\n${tracker.name}: one request at a time, median of 10: ${median(single).toFixed(0)} ms`)
    }
  } finally {
    for (const child of processes) child.kill('SIGTERM')
  }
}

await main()
