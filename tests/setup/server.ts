import { spawn, type ChildProcess } from 'node:child_process'
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync } from 'node:fs'
import { createServer } from 'node:net'
import { join } from 'node:path'
import { projectRoot, templateDb, templateMediaDir, testTmp } from './paths'

export type TestServer = {
  url: string
  port: number
  /** The server process (benchmarks read its memory). */
  pid: number
  dataDir: string
  databaseFile: string
  env: Record<string, string>
  /** Everything the process wrote to stdout and stderr so far. */
  output: () => string
  stop: () => Promise<void>
  restart: () => Promise<TestServer>
}

async function freePort() {
  return new Promise<number>((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0))
    })
  })
}

async function waitUntilHealthy(url: string, child: ChildProcess, output: () => string) {
  const deadline = Date.now() + 30_000
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`The server exited with ${child.exitCode}:\n${output()}`)
    try {
      const response = await fetch(`${url}/healthz`)
      if (response.ok) return
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  throw new Error(`The server did not become healthy:\n${output()}`)
}

/**
 * Starts the built portal as its own process on a free port, with its own copy of the demo
 * database and its own data folder: real HTTP, a real SQLite file, no mocks.
 */
export async function startServer(
  options: {
    env?: Record<string, string>
    dataDir?: string
    /**
     * The most the process may write into any one file (`ulimit -f`, in KiB): writes past it
     * fail as they do on a full disk. Not kept across restart(): a restart has the disk back.
     */
    fileSizeLimitKib?: number
  } = {},
): Promise<TestServer> {
  mkdirSync(testTmp(), { recursive: true })
  const dataDir = options.dataDir ?? mkdtempSync(join(testTmp(), 'server-'))
  const databaseFile = join(dataDir, 'hub.db')
  if (!options.dataDir) {
    copyFileSync(templateDb(), databaseFile)
    if (existsSync(templateMediaDir()))
      cpSync(templateMediaDir(), join(dataDir, 'media'), { recursive: true })
  }
  const port = await freePort()
  const url = `http://127.0.0.1:${port}`
  const env: Record<string, string> = {
    NODE_ENV: 'production',
    SESSION_SECRET: 'test-secret-that-is-long-enough-0123456789',
    SITE_URL: url,
    DATA_DIR: dataDir,
    DATABASE_URL: databaseFile,
    ...options.env,
    PORT: String(port),
    HOST: '127.0.0.1',
  }
  const command = [process.execPath, '--import', 'tsx', 'scripts/serve.ts']
  // SIGXFSZ would kill the process at the limit; ignored, the write fails with EFBIG instead.
  const limited = options.fileSizeLimitKib
    ? ['/bin/sh', '-c', `trap '' XFSZ; ulimit -f ${options.fileSizeLimitKib}; exec "$@"`, 'sh', ...command]
    : command
  const child = spawn(limited[0]!, limited.slice(1), {
    cwd: projectRoot,
    env: { PATH: process.env.PATH ?? '', ...env, NODE_ENV: env.NODE_ENV as 'production' | 'test' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()))
  // How it ended, when it ends by itself (a crash, a signal): what its output alone cannot say.
  child.on('exit', (code, signal) => (output += `\n[server exited: code ${code}, signal ${signal}]\n`))
  await waitUntilHealthy(url, child, () => output)

  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve()
      child.once('exit', () => resolve())
      child.kill('SIGTERM')
    })
  return {
    url,
    port,
    pid: child.pid!,
    dataDir,
    databaseFile,
    env,
    output: () => output,
    stop,
    restart: async () => {
      await stop()
      return startServer({ env: options.env, dataDir })
    },
  }
}
