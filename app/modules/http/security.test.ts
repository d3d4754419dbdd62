import { describe, expect, it } from 'vitest'
import { isCrossOriginMutation, securityHeaders } from './security.server'

const own = ['https://hub.example']

describe('isCrossOriginMutation', () => {
  it('lets reads through whatever their origin', () => {
    expect(
      isCrossOriginMutation({
        method: 'GET',
        origin: 'https://evil.example',
        secFetchSite: 'cross-site',
        ownOrigins: own,
      }),
    ).toBe(false)
  })

  it('refuses a POST from another origin or a cross-site fetch', () => {
    expect(
      isCrossOriginMutation({
        method: 'POST',
        origin: 'https://evil.example',
        secFetchSite: undefined,
        ownOrigins: own,
      }),
    ).toBe(true)
    expect(
      isCrossOriginMutation({
        method: 'POST',
        origin: undefined,
        secFetchSite: 'cross-site',
        ownOrigins: own,
      }),
    ).toBe(true)
    expect(
      isCrossOriginMutation({ method: 'DELETE', origin: 'null', secFetchSite: undefined, ownOrigins: own }),
    ).toBe(true)
  })

  it('accepts our own origin and server-to-server calls without browser headers', () => {
    expect(
      isCrossOriginMutation({
        method: 'POST',
        origin: 'https://hub.example',
        secFetchSite: 'same-origin',
        ownOrigins: own,
      }),
    ).toBe(false)
    expect(
      isCrossOriginMutation({ method: 'POST', origin: undefined, secFetchSite: undefined, ownOrigins: own }),
    ).toBe(false)
  })
})

describe('securityHeaders', () => {
  it('allows scripts only with the nonce and forbids framing', () => {
    const headers = securityHeaders({ nonce: 'abc123' })
    expect(headers['Content-Security-Policy']).toContain("script-src 'self' 'nonce-abc123'")
    expect(headers['Content-Security-Policy']).toContain("frame-ancestors 'none'")
    expect(headers['X-Content-Type-Options']).toBe('nosniff')
    expect(headers['Referrer-Policy']).toBe('strict-origin-when-cross-origin')
  })

  it('allows the scripts of a cached page by their hashes, with no nonce', () => {
    const csp = securityHeaders({ hashes: ["'sha256-a'", "'sha256-b'"] })['Content-Security-Policy']!
    expect(csp).toContain("script-src 'self' 'sha256-a' 'sha256-b';")
    expect(csp).not.toContain('nonce')
  })
})
