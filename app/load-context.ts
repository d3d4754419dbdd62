/** What the HTTP server hands every loader and action (see scripts/serve.ts). */
declare module '@remix-run/node' {
  interface AppLoadContext {
    cspNonce: string
    clientIp: string
  }
}

export {}
