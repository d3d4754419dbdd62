import { spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs'
import { ensureChromium } from './ensure-chromium'

/**
 * `npm test`: lint first (it takes seconds and fails fastest), then the type check beside the
 * unit, HTTP integration and browser tests: tsc needs one core for about 45 s, which vitest's
 * start-up and build leave free, so running them side by side saves that time outright.
 * Arguments go to vitest (`npm test -- tests/integration/kb.test.ts`); with arguments the
 * lint and type check are skipped, since one file is being worked on.
 */
const vitestArgs = process.argv.slice(2)
const wholeSuite = vitestArgs.length === 0

function run(command: string, args: string[]) {
  return spawnSync(command, args, { stdio: 'inherit', env: process.env }).status ?? 1
}

function runInBackground(command: string, args: string[]) {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], env: process.env })
  let output = ''
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
  return new Promise<{ status: number; output: string }>((resolve) =>
    child.on('close', (code) => resolve({ status: code ?? 1, output })),
  )
}

ensureChromium()
if (wholeSuite && run('npm', ['run', '--silent', 'lint']) !== 0) process.exit(1)

const typecheck = wholeSuite ? runInBackground('npx', ['tsc', '--noEmit']) : undefined

mkdirSync('.cache', { recursive: true })
const results = '.cache/vitest-results.json'
rmSync(results, { force: true })
const status = run('npx', [
  'vitest',
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${results}`,
  ...vitestArgs,
])

const types = await typecheck
if (types)
  console.log(types.status === 0 ? '\nType check: no errors' : `\nType check failed:\n${types.output}`)

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
process.exit(status !== 0 ? status : (types?.status ?? 0))
