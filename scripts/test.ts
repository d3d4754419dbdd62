import { spawnSync } from 'node:child_process'
import { ensureChromium } from './ensure-chromium'

/**
 * `npm test`: every check there is, in order of speed: types, unit, integration over HTTP
 * against the built server, then the browser and accessibility tests in Chromium.
 */
function run(command: string, args: string[]) {
  const result = spawnSync(command, args, { stdio: 'inherit', env: process.env })
  if (result.status !== 0) process.exit(result.status ?? 1)
}

ensureChromium()
run('npx', ['tsc', '--noEmit'])
run('npx', ['vitest', 'run', ...process.argv.slice(2)])
