import { vitePlugin as remix } from '@remix-run/dev'
import { build as esbuild } from 'esbuild'
import { defineConfig, type Plugin } from 'vite'
import tsconfigPaths from 'vite-tsconfig-paths'

declare module '@remix-run/node' {
  // Module augmentation merges into the library's own interface, which a type alias cannot do.
  // eslint-disable-next-line @typescript-eslint/consistent-type-definitions
  interface Future {
    v3_singleFetch: true
  }
}

/**
 * The search index worker (app/modules/search/search-index.worker.ts) runs as a file of its own
 * in a worker thread, so the server build cannot inline it: after the server bundle is written,
 * esbuild bundles it beside it (build/server/search-index.worker.js), with the same
 * dependencies left to node_modules, where search.server finds it at run time.
 */
function searchIndexWorker(): Plugin {
  let serverBuild = false
  let outDir = ''
  return {
    name: 'hub-search-index-worker',
    apply: 'build',
    configResolved(config) {
      serverBuild = Boolean(config.build.ssr)
      outDir = config.build.outDir
    },
    async closeBundle() {
      if (!serverBuild) return
      await esbuild({
        entryPoints: ['app/modules/search/search-index.worker.ts'],
        outfile: `${outDir}/search-index.worker.js`,
        bundle: true,
        platform: 'node',
        format: 'esm',
        target: 'node20',
        packages: 'external',
        logLevel: 'warning',
      })
    },
  }
}

export default defineConfig({
  server: { port: 3000 },
  build: { target: 'es2022' },
  plugins: [
    remix({
      // Server-only helpers and tests live beside their routes (docs/style.md).
      ignoredRouteFiles: ['**/*.server.ts', '**/*.test.ts', '**/*.test.tsx', '**/components/**'],
      future: {
        v3_fetcherPersist: true,
        v3_relativeSplatPath: true,
        v3_throwAbortReason: true,
        v3_singleFetch: true,
        v3_lazyRouteDiscovery: true,
      },
    }),
    tsconfigPaths(),
    searchIndexWorker(),
  ],
})
