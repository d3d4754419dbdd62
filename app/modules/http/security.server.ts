import { randomBytes } from 'node:crypto'
import { embedOrigins } from '~/modules/academy/embeds'

export function createNonce() {
  return randomBytes(16).toString('base64')
}

/**
 * Headers for every response. Inline scripts run only with the per-request nonce, or on a page
 * served from the page cache (the same bytes for everyone) by their hashes; nothing may
 * frame the portal, and it frames only the video players of the embed allowlist; media and
 * images from our origin (and https for article images).
 */
export function securityHeaders(
  scriptsAllowed: { nonce: string } | { hashes: string[] },
  options: { development?: boolean; strictTransport?: boolean } = {},
): Record<string, string> {
  // Vite's dev server injects inline scripts without our nonce and talks over a websocket.
  const scripts = options.development
    ? "'self' 'unsafe-inline'"
    : 'nonce' in scriptsAllowed
      ? `'self' 'nonce-${scriptsAllowed.nonce}'`
      : ["'self'", ...scriptsAllowed.hashes].join(' ')
  const csp = [
    "default-src 'self'",
    `script-src ${scripts}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: https:",
    "media-src 'self'",
    "font-src 'self'",
    options.development ? "connect-src 'self' ws: wss:" : "connect-src 'self'",
    `frame-src ${embedOrigins.join(' ')}`,
    "frame-ancestors 'none'",
    "form-action 'self'",
    "base-uri 'none'",
    "object-src 'none'",
  ].join('; ')
  return {
    'Content-Security-Policy': csp,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'strict-origin-when-cross-origin',
    'X-Frame-Options': 'DENY',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Permissions-Policy': 'camera=(), microphone=(), geolocation=()',
    // A year, the value browsers' preload lists ask for; sent only when the portal is on https.
    ...(options.strictTransport
      ? { 'Strict-Transport-Security': 'max-age=31536000; includeSubDomains' }
      : {}),
  }
}

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS'])

/**
 * Remix checks Origin for actions but not for resource routes; this covers every mutation.
 * A browser sends Origin (or Sec-Fetch-Site) on every POST; a request that carries either
 * and is not from our own origin is refused. Server-to-server calls (bearer-token APIs)
 * carry neither and are authorised by their token instead of a cookie.
 */
export function isCrossOriginMutation(input: {
  method: string
  origin: string | undefined
  secFetchSite: string | undefined
  ownOrigins: string[]
}) {
  if (safeMethods.has(input.method.toUpperCase())) return false
  if (input.secFetchSite && !['same-origin', 'none'].includes(input.secFetchSite)) return true
  if (input.origin === undefined) return false
  return !input.ownOrigins.includes(input.origin)
}
