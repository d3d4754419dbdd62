/**
 * The staff pages that list every account or ticket (the onboarding tracker, the ticket queue,
 * the accounts list) over HTTP against the built server, at the demo's size and at about thirty
 * times its accounts (≈10,000; the demo's rows copied with new ids, so the shapes stay the
 * demo's). Prints the median wall time of a few requests of each page's first page, the
 * server's CPU time per request and the HTML's size. The target (issue #16): every sort and
 * filter of the tracker, and the queue, under 150 ms, and the tracker under 300 KB, at 10,000
 * accounts. "after a write" ticks or unticks a step of one account from another connection
 * before each request, as customers do all day: the tracker's cached curves are then rebuilt.
 *
 *   npm run bench:staff [-- --times 30 --repeat 7]
 */
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import Database from 'better-sqlite3'
import { buildIfNeeded } from '../build-if-needed'
import { importStarterContentIfEmpty } from '../content-import'
import { migrateDatabase } from '../db-migrate'
import { seedDatabase } from '../db-seed'
import { multiply } from './grow-demo'
import { cpuMs, serve, signIn, timing } from './server'

const { values } = parseArgs({
  options: { times: { type: 'string', default: '30' }, repeat: { type: 'string', default: '7' } },
})
const times = Number(values.times)
const repeat = Number(values.repeat)

const tracker = '/en/staff/onboarding'
const pages = [
  ['tracker', tracker],
  ['tracker by name', `${tracker}?sort=name&dir=asc`],
  ['tracker by TTV', `${tracker}?sort=ttv&dir=asc`],
  ['tracker by TTV, desc', `${tracker}?sort=ttv&dir=desc`],
  ['tracker by completion', `${tracker}?sort=completion&dir=desc`],
  ['tracker by day', `${tracker}?sort=day&dir=desc`],
  ['tracker, pending', `${tracker}?state=pending&sort=ttv&dir=desc`],
  ['tracker, one tier', `${tracker}?tier=tech`],
  ['tracker, one market', `${tracker}?market=US&sort=completion`],
  ['tracker, page 100', `${tracker}?sort=ttv&page=100`],
  ['ticket queue', '/en/staff/tickets'],
  ['queue, closed', '/en/staff/tickets?status=closed'],
  ['queue, every ticket', '/en/staff/tickets?status=all'],
  ['accounts list', '/en/staff/accounts'],
] as const

const line = (name: string, median: number, cpu: number | null, bytes: number) =>
  console.log(
    `  ${name.padEnd(30)} ${median.toFixed(0).padStart(6)} ms` +
      `${cpu === null ? '' : `  cpu ${cpu.toFixed(0).padStart(5)} ms`}` +
      `  ${(bytes / 1024).toFixed(0).padStart(6)} KB`,
  )

/** A step of one account done or undone, by another connection, as a customer does. */
function toggleStep(file: string) {
  const db = new Database(file)
  db.pragma('busy_timeout = 5000')
  const [accountId, itemKey] = db
    .prepare('select account_id, item_key from account_item_progress order by account_id limit 1')
    .raw()
    .get() as [number, string]
  db.close()
  let done = true
  return () => {
    const writer = new Database(file)
    writer.pragma('busy_timeout = 5000')
    if (done)
      writer
        .prepare('delete from account_item_progress where account_id = ? and item_key = ?')
        .run(accountId, itemKey)
    else
      writer
        .prepare(
          "insert into account_item_progress (account_id, item_key, done_at, source) values (?, ?, ?, 'person')",
        )
        .run(accountId, itemKey, Date.now())
    writer.close()
    done = !done
  }
}

/**
 * Waits until the server spends under 2% of a core for a second, at most 30 s: at start it
 * builds its search indexes in worker threads, whose CPU time would count against the pages.
 */
async function settle(pid: number) {
  for (let second = 0, last = cpuMs(pid); second < 30; second++) {
    await new Promise((resolve) => setTimeout(resolve, 1000))
    const now = cpuMs(pid)
    if (now === null || last === null || now - last < 20) return
    last = now
  }
}

async function measure(label: string, file: string, dataDir: string) {
  const server = await serve(file, dataDir)
  try {
    const cookie = await signIn(server.url)
    await settle(server.pid)
    console.log(label)
    for (const [name, path] of pages) {
      await timing(`${server.url}${path}`, cookie, server.pid, 3) // warm up
      const { median, cpu, bytes } = await timing(`${server.url}${path}`, cookie, server.pid, repeat)
      line(name, median, cpu, bytes)
    }
    const write = toggleStep(file)
    const samples: { median: number; cpu: number | null; bytes: number }[] = []
    for (let i = 0; i < repeat; i++) {
      write()
      samples.push(await timing(`${server.url}${tracker}?sort=ttv&dir=asc`, cookie, server.pid, 1))
    }
    const middle = [...samples].sort((a, b) => a.median - b.median)[Math.floor(repeat / 2)]!
    const cpus = samples.map((s) => s.cpu)
    const cpu = cpus.includes(null) ? null : cpus.reduce((a, b) => a! + b!, 0)! / repeat
    line('tracker by TTV, after a write', middle.median, cpu, middle.bytes)
  } finally {
    server.stop()
  }
}

buildIfNeeded()
const dir = mkdtempSync(join(tmpdir(), 'hub-bench-staff-'))
try {
  const demo = join(dir, 'demo.db')
  migrateDatabase(demo)
  importStarterContentIfEmpty(demo)
  await seedDatabase({ file: demo })
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
