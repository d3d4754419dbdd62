import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

/**
 * Browser tests drive Debian's Chromium (downloads of browser builds fail on these machines).
 * When it is missing, install it with apt, as the machines run as root.
 */
export function ensureChromium() {
  if (existsSync(chromiumPath)) return
  console.log('Chromium is missing: installing Debian’s chromium package…')
  const asRoot = process.getuid?.() === 0 ? [] : ['sudo']
  const run = (args: string[]) => {
    const [command, ...rest] = [...asRoot, ...args]
    execFileSync(command!, rest, {
      stdio: 'inherit',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    })
  }
  run(['apt-get', 'update'])
  run(['apt-get', 'install', '-y', '--no-install-recommends', 'chromium'])
  if (!existsSync(chromiumPath)) throw new Error(`Chromium is still missing at ${chromiumPath}`)
}

if (process.argv[1] === fileURLToPath(import.meta.url)) ensureChromium()
