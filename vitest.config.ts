import tsconfigPaths from 'vite-tsconfig-paths'
import { defineConfig } from 'vitest/config'

// The Remix Vite plugin is not loaded here: it cannot run under vitest (docs/tooling.md).
export default defineConfig({
  plugins: [tsconfigPaths()],
  test: {
    // Vitest keeps a core free by default, which on the two-core machines means one file at a
    // time; unit and integration files run two at a time, the browser files stay one by one.
    maxWorkers: 2,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['app/**/*.test.ts', 'db/**/*.test.ts', 'scripts/**/*.test.ts'],
          environment: 'node',
          setupFiles: ['tests/setup/fail-on-console-error.ts'],
        },
      },
      {
        extends: true,
        test: {
          // jsdom only where a component renders: it costs about a second per file.
          name: 'components',
          include: ['app/**/*.test.tsx'],
          environment: 'jsdom',
          setupFiles: ['tests/setup/components.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['tests/setup/global.ts'],
          setupFiles: ['tests/setup/fail-on-console-error.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts', 'tests/a11y/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['tests/setup/global.ts', 'tests/setup/global-browser.ts'],
          setupFiles: ['tests/setup/fail-on-console-error.ts'],
          testTimeout: 60_000,
          hookTimeout: 90_000,
          // One browser at a time: each file starts its own server and Chromium, and two at once
          // measured no faster on two cores. Vitest runs them after the other projects.
          maxWorkers: 1,
        },
      },
    ],
  },
})
