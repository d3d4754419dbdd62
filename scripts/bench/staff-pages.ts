/**
 * The staff pages that list every account or ticket (the onboarding tracker, the ticket queue,
 * the accounts list) over HTTP against the built server, at the demo's size and at about thirty
 * times its accounts (≈10,000; the demo's rows copied with new ids, so the shapes stay the
 * demo's). Prints the median wall time of a few requests of each page's first page, the
 * server's CPU time per request and the HTML's size. The target (issue #16): the tracker under
 * 150 ms and 300 KB at 10,000 accounts.
 *
 *   npm run bench:staff [-- --times 30 --repeat 7]
 */
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { buildIfNeeded } from '../build-if-needed'
import { importStarterContentIfEmpty } from '../content-import'
import { migrateDatabase } from '../db-migrate'
import { seedDatabase } from '../db-seed'
import { multiply } from './grow-demo'
import { serve, signIn, timing } from './server'

const { values } = parseArgs({
  options: { times: { type: 'string', default: '30' }, repeat: { type: 'string', default: '7' } },
})
const times = Number(values.times)
const repeat = Number(values.repeat)

const pages = [
  ['tracker', '/en/staff/onboarding'],
  ['tracker by TTV', '/en/staff/onboarding?sort=ttv&dir=asc'],
  ['tracker, one tier', '/en/staff/onboarding?tier=tech'],
  ['ticket queue', '/en/staff/tickets'],
  ['accounts list', '/en/staff/accounts'],
] as const

async function measure(label: string, file: string, dataDir: string) {
  const server = await serve(file, dataDir)
  try {
    const cookie = await signIn(server.url)
    console.log(label)
    for (const [name, path] of pages) {
      await timing(`${server.url}${path}`, cookie, server.pid, 1) // warm up
      const { median, cpu, bytes } = await timing(`${server.url}${path}`, cookie, server.pid, repeat)
      console.log(
        `  ${name.padEnd(18)} ${median.toFixed(0).padStart(6)} ms` +
          `${cpu === null ? '' : `  cpu ${cpu.toFixed(0).padStart(5)} ms`}` +
          `  ${(bytes / 1024).toFixed(0).padStart(6)} KB`,
      )
    }
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
