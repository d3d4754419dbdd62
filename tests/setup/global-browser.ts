import { chromium } from 'playwright-core'
import type { TestProject } from 'vitest/node'
import { chromiumArgs, chromiumPath } from './browser'

declare module 'vitest' {
  // Module augmentation merges into vitest's own interface, which a type alias cannot do.
  // eslint-disable-next-line @typescript-eslint/consistent-type-definitions
  interface ProvidedContext {
    browserEndpoint: string
  }
}

/**
 * One Chromium for the whole browser project: files connect to it and open a context per
 * test, which is as isolated as a new browser (own cookies, storage and cache) at a fraction
 * of the cost.
 */
export default async function setup(project: TestProject) {
  const server = await chromium.launchServer({ executablePath: chromiumPath, args: chromiumArgs })
  project.provide('browserEndpoint', server.wsEndpoint())
  return () => server.close()
}
