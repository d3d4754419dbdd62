import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const buildEntry = join(root, 'build/server/index.js')
const sources = ['app', 'locales', 'public', 'vite.config.ts', 'package-lock.json', 'tsconfig.json']

function newestChange(path: string): number {
  if (!existsSync(path)) return 0
  const info = statSync(path)
  if (!info.isDirectory()) return info.mtimeMs
  return Math.max(info.mtimeMs, ...readdirSync(path).map((name) => newestChange(join(path, name))))
}

/** Builds the app when there is no build or a source file is newer than it. */
export function buildIfNeeded() {
  const built = existsSync(buildEntry) ? statSync(buildEntry).mtimeMs : 0
  const changed = Math.max(...sources.map((s) => newestChange(join(root, s))))
  if (built > changed) return false
  console.log('Building the portal…')
  const result = spawnSync('npx', ['remix', 'vite:build'], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, NODE_ENV: 'production' },
  })
  if (result.status !== 0) throw new Error('The build failed')
  return true
}

if (process.argv[1] === fileURLToPath(import.meta.url)) buildIfNeeded()
