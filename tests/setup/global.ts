import { rmSync } from 'node:fs'
import type { TestProject } from 'vitest/node'
import { startServer } from './server'
import { prepareTemplate } from './template'

/** The issuer the shared test server names on certificates (VENDOR_NAME), unlike the default. */
export const testVendorName = 'Orbit Analytics Test Issuer'

export type SharedServer = { url: string; databaseFile: string; dataDir: string; sessionSecret: string }

declare module 'vitest' {
  // Module augmentation merges into vitest's own interface, which a type alias cannot do.
  // eslint-disable-next-line @typescript-eslint/consistent-type-definitions
  interface ProvidedContext {
    server: SharedServer
  }
}

/**
 * Once per test project: the demo template (shared by the projects), then one server that
 * every file of the project talks to. Starting a server costs 3–6 s; one per file made up a
 * quarter of the suite's time. Files create their own people and data with the factories
 * (tests/factories), so they can share it and run in any order. The server's clock follows
 * each request's X-Test-Now header, so no test has to sleep.
 */
export default async function setup(project: TestProject) {
  await prepareTemplate()
  // A vendor name of its own, so tests see that certificates name the configured issuer.
  const server = await startServer({ env: { HUB_TEST_CLOCK: '1', VENDOR_NAME: testVendorName } })
  project.provide('server', {
    url: server.url,
    databaseFile: server.databaseFile,
    dataDir: server.dataDir,
    sessionSecret: server.env.SESSION_SECRET!,
  })
  return async () => {
    await server.stop()
    rmSync(server.dataDir, { recursive: true, force: true })
  }
}
