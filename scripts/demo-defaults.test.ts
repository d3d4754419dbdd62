import { describe, expect, it } from 'vitest'
import { loadConfig } from '~/config.server'
import { demoDefaults } from './demo-defaults'

describe('npm start defaults', () => {
  it('runs the demo on the production build with a generated secret', () => {
    const env = demoDefaults({})
    expect(env).toEqual({ NODE_ENV: 'production', DEMO_DATA: '1', GENERATE_SESSION_SECRET: '1' })
    const dataDir = `${process.env.TMPDIR ?? '/tmp'}/hub-demo-defaults-${process.pid}`
    const settings = loadConfig({ ...env, DATA_DIR: dataDir })
    expect(settings.isProduction).toBe(true)
    expect(settings.DEMO_DATA).toBe(true)
    expect(settings.SESSION_SECRET).toHaveLength(64)
    expect(settings.secureCookies).toBe(false)
  })

  it('leaves a deployment that names NODE_ENV alone', () => {
    expect(demoDefaults({ NODE_ENV: 'production' })).toEqual({})
    expect(demoDefaults({ NODE_ENV: 'development' })).toEqual({})
  })

  it('keeps each switch that was set', () => {
    expect(demoDefaults({ DEMO_DATA: '0' })).toEqual({ NODE_ENV: 'production', GENERATE_SESSION_SECRET: '1' })
  })
})
