/**
 * The outcomes cockpit's page and CSVs over HTTP against the built server, at the demo's size
 * and at ten times its accounts and tickets (the demo's rows copied nine times with new ids,
 * so the shapes stay the demo's). Prints the median of a few requests of the page with its
 * default filters and of every CSV over a year.
 *
 *   npm run bench:analytics [-- --times 10 --repeat 5]
 */
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { metrics } from '~/modules/analytics/analytics.schema'
import { buildIfNeeded } from '../build-if-needed'
import { importStarterContentIfEmpty } from '../content-import'
import { migrateDatabase } from '../db-migrate'
import { seedDatabase } from '../db-seed'
import { multiply } from './grow-demo'
import { serve, signIn, timing } from './server'

const { values } = parseArgs({
  options: { times: { type: 'string', default: '10' }, repeat: { type: 'string', default: '5' } },
})
const times = Number(values.times)
const repeat = Number(values.repeat)

async function time(url: string, cookie: string, pid: number) {
  const { median, cpu } = await timing(url, cookie, pid, repeat)
  return `${median.toFixed(0)} ms${cpu === null ? '' : `  cpu ${cpu.toFixed(0)} ms`}`
}

async function measure(label: string, file: string, dataDir: string) {
  const server = await serve(file, dataDir)
  try {
    const cookie = await signIn(server.url)
    const year = 'from=2025-11-01&to=2026-11-02'
    const get = (path: string) => time(`${server.url}${path}`, cookie, server.pid)
    await get('/en/staff/analytics') // warm up
    console.log(`${label}`)
    console.log(`  page (default period)  ${await get('/en/staff/analytics')}`)
    console.log(`  page (a year)          ${await get(`/en/staff/analytics?${year}`)}`)
    for (const metric of metrics)
      console.log(
        `  csv ${metric.padEnd(19)}${await get(`/en/staff/analytics.csv?metric=${metric}&${year}`)}`,
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
