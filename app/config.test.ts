import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ConfigError, loadConfig } from './config.server'

const dataDir = () => mkdtempSync(join(tmpdir(), 'hub-config-'))

describe('loadConfig', () => {
  it('names the variable that is wrong', () => {
    expect(() => loadConfig({ PORT: 'eighty', DATA_DIR: dataDir() })).toThrow(/PORT/)
    expect(() => loadConfig({ SITE_URL: 'ftp://x', DATA_DIR: dataDir() })).toThrow(/SITE_URL/)
    expect(() => loadConfig({ SESSION_SECRET: 'short', DATA_DIR: dataDir() })).toThrow(/SESSION_SECRET/)
  })

  it('stops in production without a session secret', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', DATA_DIR: dataDir() })).toThrow(ConfigError)
    expect(() => loadConfig({ NODE_ENV: 'production', DATA_DIR: dataDir() })).toThrow(
      /SESSION_SECRET: required in production/,
    )
  })

  it('generates a development secret once and keeps it under the data folder', () => {
    const dir = dataDir()
    const first = loadConfig({ DATA_DIR: dir })
    const second = loadConfig({ DATA_DIR: dir })
    expect(first.SESSION_SECRET).toHaveLength(64)
    expect(second.SESSION_SECRET).toBe(first.SESSION_SECRET)
    expect(readFileSync(join(dir, 'session-secret'), 'utf8')).toBe(first.SESSION_SECRET)
  })

  it('has working defaults for a fresh clone', () => {
    const config = loadConfig({ DATA_DIR: dataDir() })
    expect(config.PORT).toBe(3000)
    expect(config.DATABASE_URL).toBe('data/hub.db')
    expect(config.SITE_URL).toBe('http://localhost:3000')
    expect(config.DEMO_DATA).toBe(true)
    expect(config.isProduction).toBe(false)
    expect(config.strictTransport).toBe(false)
    expect(config.VENDOR_NAME).toBe('Orbit Analytics')
  })

  it('takes the vendor that issues certificates from VENDOR_NAME, trimmed, and refuses an empty one', () => {
    expect(loadConfig({ VENDOR_NAME: '  Órbita Análise Ltda. ', DATA_DIR: dataDir() }).VENDOR_NAME).toBe(
      'Órbita Análise Ltda.',
    )
    expect(() => loadConfig({ VENDOR_NAME: '   ', DATA_DIR: dataDir() })).toThrow(/VENDOR_NAME/)
  })

  it('asks for strict transport only in production behind an https address', () => {
    const secret = { SESSION_SECRET: 'x'.repeat(32), DATA_DIR: dataDir() }
    const https = { ...secret, SITE_URL: 'https://hub.example.com' }
    expect(loadConfig({ ...https, NODE_ENV: 'production' }).strictTransport).toBe(true)
    expect(loadConfig({ ...https, NODE_ENV: 'development' }).strictTransport).toBe(false)
    expect(
      loadConfig({ ...secret, NODE_ENV: 'production', SITE_URL: 'http://localhost:3000' }).strictTransport,
    ).toBe(false)
  })

  it('marks cookies Secure exactly when the address is https', () => {
    const secret = { SESSION_SECRET: 'x'.repeat(32), DATA_DIR: dataDir() }
    expect(loadConfig({ ...secret, SITE_URL: 'https://hub.example.com' }).secureCookies).toBe(true)
    expect(
      loadConfig({ ...secret, NODE_ENV: 'production', SITE_URL: 'http://10.0.0.5:3000' }).secureCookies,
    ).toBe(false)
  })
})
