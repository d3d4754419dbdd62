/** What the HTTP server hands every loader and action (see scripts/serve.ts). */
declare module '@remix-run/node' {
  // Module augmentation merges into the library's own interface, which a type alias cannot do.
  // eslint-disable-next-line @typescript-eslint/consistent-type-definitions
  interface AppLoadContext {
    cspNonce: string
    clientIp: string
    /** Set when a loader or action failed because storage refused a write (see handleError). */
    storageFailed?: boolean
  }
}

export {}
