/**
 * Many people writing tickets at once: concurrent clients sign in, open tickets and reply over
 * HTTP against the built server on its own copy of the demo database. Afterwards every write the
 * server acknowledged (2xx or a redirect) must be in the database, and no request may have
 * failed because the database was busy.
 *
 * Each client is a different demo customer writing through /:lang/tickets/new and
 * /:lang/tickets/:number, as people do.
 *
 *   npm run bench:tickets [-- --clients 50 --rounds 10 --no-kill]
 *
 * Halfway through, the server is killed with SIGKILL (as a crash or the OOM killer would) and
 * started again on the same port; clients whose requests fail meanwhile go on with their next
 * write. What was acknowledged must still be stored; what was stored without an answer (the
 * kill fell between the commit and the response) is counted apart.
 *
 * Rounds stay at 10 or fewer: a person may open ten tickets an hour (ticketsPerHour).
 */
import { spawn } from 'node:child_process'
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import Database from 'better-sqlite3'
import { buildIfNeeded } from '../build-if-needed'
import { seedDatabase } from '../db-seed'
import { freePort } from './server'

const { values } = parseArgs({
  options: {
    clients: { type: 'string', default: '50' },
    rounds: { type: 'string', default: '10' },
    'no-kill': { type: 'boolean', default: false },
    /** FULL (what the portal runs with), NORMAL, or both one after the other. */
    synchronous: { type: 'string', default: 'both' },
  },
})
const killHalfway = !values['no-kill']
const clientCount = Number(values.clients)
const rounds = Number(values.rounds)
const password = 'hub-demo-2026'

type Person = { email: string; locale: string }
type Ack = { kind: 'ticket' | 'message'; marker: string; number?: number }

/** A tiny cookie-keeping client, as a browser would be: Origin on POST, no redirects followed. */
function client(base: string) {
  let cookie = ''
  return async (path: string, form?: Record<string, string>) => {
    const response = await fetch(`${base}${path}`, {
      method: form ? 'POST' : 'GET',
      redirect: 'manual',
      headers: {
        ...(cookie ? { Cookie: cookie } : {}),
        ...(form ? { Origin: base, 'Content-Type': 'application/x-www-form-urlencoded' } : {}),
      },
      body: form ? new URLSearchParams(form) : undefined,
    })
    const set = response.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .filter(Boolean)
    if (set.length) cookie = set.join('; ')
    await response.arrayBuffer()
    return response
  }
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? 0

type RunResult = { synchronous: string; writesPerSecond: number; p50: number; p95: number; missing: number }

async function main() {
  buildIfNeeded()
  const modes = values.synchronous === 'both' ? ['FULL', 'NORMAL'] : [values.synchronous!.toUpperCase()]
  const results: RunResult[] = []
  for (const synchronous of modes) results.push(await run(synchronous))
  if (results.length === 2) {
    const [full, normal] = results as [RunResult, RunResult]
    console.log('\nsynchronous=FULL against NORMAL, same machine, one after the other')
    for (const r of results)
      console.log(
        `  ${r.synchronous.padEnd(6)} ${r.writesPerSecond.toFixed(1)} writes/s, p50 ${r.p50.toFixed(0)} ms, p95 ${r.p95.toFixed(0)} ms, acknowledged but missing ${r.missing}`,
      )
    console.log(
      `  FULL writes at ${((full.writesPerSecond / normal.writesPerSecond) * 100).toFixed(0)}% of NORMAL's rate`,
    )
  }
}

async function run(synchronous: string): Promise<RunResult> {
  const dir = mkdtempSync(join(tmpdir(), 'hub-bench-tickets-'))
  const file = join(dir, 'hub.db')
  const template = join(dir, 'template.db')
  await seedDatabase({ file: template })
  copyFileSync(template, file)

  const port = await freePort()
  const base = `http://127.0.0.1:${port}`
  let serverLog = ''
  const startServer = async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/serve.ts'], {
      env: {
        PATH: process.env.PATH ?? '',
        NODE_ENV: 'production',
        SESSION_SECRET: 'bench-secret-bench-secret-bench-secret',
        SITE_URL: base,
        DATABASE_URL: file,
        DATA_DIR: dir,
        PORT: String(port),
        HOST: '127.0.0.1',
        HUB_SQLITE_SYNCHRONOUS: synchronous,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    child.stdout.on('data', (chunk: Buffer) => (serverLog += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (serverLog += chunk.toString()))
    for (let i = 0; i < 300; i++) {
      try {
        if ((await fetch(`${base}/healthz`)).ok) break
      } catch {
        // starting
      }
      await new Promise((r) => setTimeout(r, 100))
    }
    return child
  }
  let server = await startServer()
  let killed: { at: number; downMs: number } | null = null
  try {
    const seeded = new Database(file, { readonly: true })
    const customers = seeded
      .prepare("select email, locale from users where role = 'customer' and disabled = 0 order by id limit ?")
      .all(clientCount) as Person[]
    seeded.close()

    const latencies: number[] = []
    const acks: Ack[] = []
    const failures = new Map<number | string, number>()
    const plannedWrites = customers.length * rounds * 2
    let answered = 0
    let restarting: Promise<void> | null = null
    /** Kills the server once, when half the planned writes were answered, and starts it again. */
    const killAtHalfway = () => {
      if (!killHalfway || restarting || answered < plannedWrites / 2) return
      restarting = (async () => {
        const at = performance.now()
        server.kill('SIGKILL')
        await new Promise((resolve) => server.once('exit', resolve))
        server = await startServer()
        killed = { at: answered, downMs: performance.now() - at }
      })()
    }
    const timed = async (request: () => Promise<Response>) => {
      const start = performance.now()
      let response: Response
      try {
        response = await request()
      } catch {
        // The connection died with the server: not acknowledged. Like a person seeing an error
        // page, the client goes on with its next write once the portal is back.
        failures.set('no answer', (failures.get('no answer') ?? 0) + 1)
        await restarting
        return null
      }
      answered++
      killAtHalfway()
      latencies.push(performance.now() - start)
      const ok = response.status < 300 || response.status === 302 || response.status === 303
      if (!ok) failures.set(response.status, (failures.get(response.status) ?? 0) + 1)
      return ok ? response : null
    }

    const sessions = await Promise.all(
      customers.map(async (person) => {
        const http = client(base)
        const signedIn = await http(`/${person.locale}/login`, { email: person.email, password })
        if (signedIn.status !== 302) throw new Error(`Sign-in of ${person.email} answered ${signedIn.status}`)
        return { http, person }
      }),
    )

    const started = performance.now()
    await Promise.all(
      sessions.map(async ({ http, person }, clientIndex) => {
        for (let round = 0; round < rounds; round++) {
          const marker = `bench-${clientIndex}-${round}-${Math.random().toString(36).slice(2, 10)}`
          const lang = person.locale
          const created = await timed(() =>
            http(`/${lang}/tickets/new`, {
              subject: `Subject ${marker}`,
              body: `Body ${marker}`,
              category: 'how_to',
            }),
          )
          const number = Number(/\/tickets\/(\d+)$/.exec(created?.headers.get('location') ?? '')?.[1] ?? NaN)
          if (!created || !Number.isFinite(number)) continue
          acks.push({ kind: 'ticket', marker: `Subject ${marker}`, number })
          const reply = `Reply ${marker}`
          const replied = await timed(() =>
            http(`/${lang}/tickets/${number}`, { intent: 'reply', body: reply }),
          )
          if (replied) acks.push({ kind: 'message', marker: reply, number })
        }
      }),
    )
    if (restarting) await restarting
    const seconds = (performance.now() - started) / 1000

    const db = new Database(file, { readonly: true })
    const ticketBySubject = db.prepare('select number from tickets where subject = ?').pluck()
    const messageOf = db
      .prepare(
        'select count(*) from ticket_messages m join tickets t on t.id = m.ticket_id where t.number = ? and m.body = ?',
      )
      .pluck()
    const missing = acks.filter((ack) =>
      ack.kind === 'ticket'
        ? ticketBySubject.get(ack.marker) !== ack.number
        : messageOf.get(ack.number, ack.marker) !== 1,
    )
    const storedTickets = db
      .prepare("select count(*) from tickets where subject like 'Subject bench-%'")
      .pluck()
      .get() as number
    const storedReplies = db
      .prepare("select count(*) from ticket_messages where body like 'Reply bench-%'")
      .pluck()
      .get() as number
    db.close()
    const ackedTickets = acks.filter((a) => a.kind === 'ticket').length
    const ackedReplies = acks.filter((a) => a.kind === 'message').length

    const busy = (serverLog.match(/SQLITE_BUSY|database is locked/g) ?? []).length
    const sorted = [...latencies].sort((a, b) => a - b)
    const requests = latencies.length
    console.log(`\nTickets bench (customers through the customer pages), synchronous=${synchronous}`)
    console.log(
      `  ${clientCount} clients × ${rounds} rounds (a ticket and a reply each) in ${seconds.toFixed(1)} s`,
    )
    console.log(
      `  ${requests} writes, ${(requests / seconds).toFixed(1)} writes/s, p50 ${percentile(sorted, 50).toFixed(0)} ms, p95 ${percentile(sorted, 95).toFixed(0)} ms, p99 ${percentile(sorted, 99).toFixed(0)} ms`,
    )
    const kill = killed as { at: number; downMs: number } | null
    console.log(
      kill
        ? `  kill -9 after ${kill.at} answered writes; restarted and healthy again in ${(kill.downMs / 1000).toFixed(1)} s`
        : '  no kill (--no-kill)',
    )
    console.log(`  acknowledged: ${ackedTickets} tickets, ${ackedReplies} replies`)
    console.log(
      `  stored:       ${storedTickets} tickets, ${storedReplies} replies (stored without an answer: ${storedTickets - ackedTickets + storedReplies - ackedReplies})`,
    )
    console.log(`  acknowledged but missing from the database: ${missing.length}`)
    console.log(
      `  refused: ${[...failures].map(([status, n]) => `${n}× ${status}`).join(', ') || 'none'}; database-busy errors in the server log: ${busy}`,
    )
    if (missing.length > 0 || busy > 0) process.exitCode = 1
    return {
      synchronous,
      writesPerSecond: requests / seconds,
      p50: percentile(sorted, 50),
      p95: percentile(sorted, 95),
      missing: missing.length,
    }
  } finally {
    server.kill('SIGTERM')
    await new Promise((resolve) => server.once('exit', resolve))
    rmSync(dir, { recursive: true, force: true })
  }
}

await main()
