import { constants as zlibConstants } from 'node:zlib'
import { vitePlugin as remix } from '@remix-run/dev'
import { build as esbuild } from 'esbuild'
import { defineConfig, type Plugin } from 'vite'
import { compression } from 'vite-plugin-compression2'
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

/**
 * The browser's files are compressed once, at build, with brotli at its best quality and gzip
 * beside them (`x.js.br`, `x.js.gz`); the server sends the one the browser accepts
 * (express-static-gzip in scripts/serve.ts) instead of compressing on every request.
 */
function precompressedAssets(): Plugin {
  return {
    ...compression({
      algorithms: [
        ['brotliCompress', { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 11 } }],
        ['gzip', { level: 9 }],
      ],
      include: /\.(js|css|svg|json|txt|xml|webmanifest)$/,
      threshold: 1024,
      skipIfLargerOrEqual: true,
      logLevel: 'silent',
    }),
    apply: (_config, env) => env.command === 'build' && !env.isSsrBuild,
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
        // Every route ships in one build and the manifest is small: sending it whole avoids
        // matching the routes again per request for a partial one, and /__manifest fetches.
        v3_lazyRouteDiscovery: false,
      },
    }),
    tsconfigPaths(),
    searchIndexWorker(),
    precompressedAssets(),
  ],
})
