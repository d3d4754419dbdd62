/**
 * What the HTTP benchmarks share: a built server on a free port over a given database file, a
 * signed-in staff cookie, and the median time (with the server's CPU time) of a few requests.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { createServer } from 'node:net'

export async function freePort() {
  return new Promise<number>((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0))
    })
  })
}

export async function serve(file: string, dataDir: string) {
  const port = await freePort()
  const url = `http://127.0.0.1:${port}`
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'scripts/serve.ts'], {
    env: {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'production',
      SESSION_SECRET: 'bench-secret-that-is-long-enough-0123456789',
      SITE_URL: url,
      DATA_DIR: dataDir,
      DATABASE_URL: file,
      PORT: String(port),
      HOST: '127.0.0.1',
    },
    stdio: 'ignore',
  })
  for (let tries = 0; tries < 300; tries++) {
    try {
      if ((await fetch(`${url}/healthz`)).ok) break
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  return { url, pid: child.pid!, stop: () => child.kill('SIGTERM') }
}

export async function signIn(url: string, email = 'agent@hub.example') {
  const response = await fetch(`${url}/en/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { Origin: url, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ email, password: 'hub-demo-2026' }),
  })
  return response.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ')
}

/** The process's user + system CPU time in milliseconds (null where /proc is not there). */
export function cpuMs(pid: number) {
  const stat = `/proc/${pid}/stat`
  if (!existsSync(stat)) return null
  // Fields 14 and 15 (utime, stime) in clock ticks, counted after the command's closing paren.
  const fields = readFileSync(stat, 'utf8').split(') ')[1]!.split(' ')
  const ticksPerSecond = 100 // USER_HZ, which Linux fixes at 100 for /proc whatever the kernel’s own tick
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / ticksPerSecond
}

/** The median wall time of `repeat` sequential requests, the mean CPU time and the body's size. */
export async function timing(url: string, cookie: string, pid: number, repeat: number) {
  const samples: number[] = []
  let bytes = 0
  const cpuBefore = cpuMs(pid)
  for (let i = 0; i < repeat; i++) {
    const start = performance.now()
    const response = await fetch(url, { headers: { Cookie: cookie } })
    bytes = (await response.arrayBuffer()).byteLength
    if (!response.ok) throw new Error(`${url}: ${response.status}`)
    samples.push(performance.now() - start)
  }
  const cpuAfter = cpuMs(pid)
  const median = samples.sort((a, b) => a - b)[Math.floor(samples.length / 2)]!
  const cpu = cpuBefore === null || cpuAfter === null ? null : (cpuAfter - cpuBefore) / repeat
  return { median, cpu, bytes }
}
