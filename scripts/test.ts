import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs'
import { ensureChromium } from './ensure-chromium'

/**
 * `npm test`: every check there is, in order of speed: types, unit, integration over HTTP
 * against the built server, then the browser and accessibility tests in Chromium.
 */
function run(command: string, args: string[]) {
  return spawnSync(command, args, { stdio: 'inherit', env: process.env }).status ?? 1
}

ensureChromium()
if (run('npx', ['tsc', '--noEmit']) !== 0) process.exit(1)

mkdirSync('.cache', { recursive: true })
const results = '.cache/vitest-results.json'
rmSync(results, { force: true })
const status = run('npx', [
  'vitest',
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${results}`,
  ...process.argv.slice(2),
])

// One plain closing line that any CI reader understands.
if (existsSync(results)) {
  const summary = JSON.parse(readFileSync(results, 'utf8')) as {
    numPassedTests: number
    numFailedTests: number
    numPendingTests: number
  }
  console.log(
    `\nTests: ${summary.numPassedTests} passed, ${summary.numFailedTests} failed, ${summary.numPendingTests} skipped`,
  )
}
process.exit(status)
