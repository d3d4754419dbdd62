import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { z } from 'zod'

const booleanFlag = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no'])
  .transform((value) => ['1', 'true', 'yes'].includes(value))

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATABASE_URL: z.string().min(1).default('data/hub.db'),
  /** Where generated files live: the dev session secret, the mail outbox, uploads. */
  DATA_DIR: z.string().min(1).default('data'),
  SESSION_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  /** Public address of the portal: links in mail are built from it, never from the Host header. */
  SITE_URL: z.url({ protocol: /^https?$/ }).optional(),
  SMTP_URL: z.url({ protocol: /^smtps?$/ }).optional(),
  MAIL_FROM: z.string().min(3).default('Customer Hub <no-reply@hub.example>'),
  /** The vendor whose academy this is: the issuer named on certificates, their PDF and LinkedIn. */
  VENDOR_NAME: z.string().trim().min(1).max(120).default('Orbit Analytics'),
  SESSION_IDLE_HOURS: z.coerce.number().positive().default(72),
  SESSION_MAX_DAYS: z.coerce.number().positive().default(30),
  /** Trust X-Forwarded-For for the client address (only behind a proxy you run). */
  TRUST_PROXY: booleanFlag.default(false),
  /** Seed the demo data into an empty database at start (default: on outside production). */
  DEMO_DATA: booleanFlag.optional(),
  /**
   * Without SESSION_SECRET, generate one and keep it in DATA_DIR (default: on outside
   * production). `npm start` turns it on for the demo; a real deployment sets a secret.
   */
  GENERATE_SESSION_SECRET: booleanFlag.optional(),
  /**
   * Tests only: take the time of a request from its X-Test-Now header (app/modules/clock), so
   * tests move time instead of sleeping. Never set it on a real server.
   */
  HUB_TEST_CLOCK: booleanFlag.default(false),
})

export type Config = ReturnType<typeof loadConfig>

export class ConfigError extends Error {}

/** Parses the environment once; a bad variable stops the process with its name in the message. */
export function loadConfig(env: Record<string, string | undefined> = process.env) {
  const parsed = envSchema.safeParse(env)
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`)
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`)
  }
  const values = parsed.data
  const isProduction = values.NODE_ENV === 'production'
  const siteUrl = (values.SITE_URL ?? `http://localhost:${values.PORT}`).replace(/\/+$/, '')
  const generateSecret = values.GENERATE_SESSION_SECRET ?? !isProduction
  if (!generateSecret && !values.SESSION_SECRET) {
    throw new ConfigError(
      'Invalid configuration:\n  SESSION_SECRET: required in production (at least 32 characters)',
    )
  }
  return {
    ...values,
    isProduction,
    SESSION_SECRET: values.SESSION_SECRET ?? developmentSecret(values.DATA_DIR),
    /**
     * Cookies are `Secure` when the portal's address is https. Over plain http a browser other
     * than on localhost would drop them, and nobody could sign in to a demo on a LAN address.
     */
    secureCookies: siteUrl.startsWith('https:'),
    SITE_URL: siteUrl,
    DEMO_DATA: values.DEMO_DATA ?? !isProduction,
    /**
     * A production portal served over https: browsers are told to use https only (HSTS) and
     * the session cookie carries the `__Host-` prefix, so no subdomain and no plain-http page
     * can set or overwrite it. Over http (a local `npm start`) neither would work in browsers.
     */
    strictTransport: isProduction && siteUrl.startsWith('https:'),
  }
}

/** A generated secret is made once and kept, so sessions survive restarts. */
function developmentSecret(dataDir: string) {
  const file = join(dataDir, 'session-secret')
  if (existsSync(file)) return readFileSync(file, 'utf8').trim()
  const secret = randomBytes(32).toString('hex')
  mkdirSync(dirname(file), { recursive: true })
  writeFileSync(file, secret, { mode: 0o600 })
  return secret
}

let cached: Config | undefined
export function config(): Config {
  cached ??= loadConfig()
  return cached
}
