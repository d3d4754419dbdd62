// @vitest-environment node
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { migrateDatabase } from '../../scripts/db-migrate'
import { SeedRefused, seedDatabase } from '../../scripts/db-seed'

const freshFile = () => join(mkdtempSync(join(tmpdir(), 'hub-seed-')), 'hub.db')
const today = new Date('2026-11-02T00:00:00Z')

function dump(file: string) {
  const db = new Database(file, { readonly: true })
  try {
    return ['markets', 'accounts', 'users', 'arr_snapshots', 'events'].map((table) =>
      db
        .prepare(`select * from ${table} order by 1`)
        .all()
        .map((row) => {
          const { password_hash: _hash, ...rest } = row as Record<string, unknown>
          return rest
        }),
    )
  } finally {
    db.close()
  }
}

describe('demo seed', () => {
  it('writes the same demo twice for the same day', { timeout: 90_000 }, async () => {
    const first = freshFile()
    const second = freshFile()
    await seedDatabase({ file: first, today })
    await seedDatabase({ file: second, today })
    expect(dump(first)).toEqual(dump(second))
  })

  it(
    'holds the demo logins, four markets and a few hundred accounts across tiers and locales',
    { timeout: 90_000 },
    async () => {
      const file = freshFile()
      await seedDatabase({ file, today })
      const db = new Database(file, { readonly: true })
      const emails = db
        .prepare(
          "select email from users where email like '%@%.example' and (email like '%@hub.example' or email in ('emma@harbor.example','olga@volga.example','maria@andes.example','joao@paulista.example'))",
        )
        .pluck()
        .all()
      expect(emails).toEqual(
        expect.arrayContaining([
          'emma@harbor.example',
          'olga@volga.example',
          'maria@andes.example',
          'joao@paulista.example',
          'agent@hub.example',
          'editor@hub.example',
          'admin@hub.example',
        ]),
      )
      expect(db.prepare('select code from markets order by code').pluck().all()).toEqual([
        'BR',
        'EMEA',
        'LATAM',
        'US',
      ])
      const accounts = db.prepare('select count(*) from accounts').pluck().get() as number
      expect(accounts).toBeGreaterThanOrEqual(200)
      expect(db.prepare('select distinct derived_tier from accounts order by 1').pluck().all()).toEqual([
        'high',
        'mid',
        'tech',
      ])
      expect(db.prepare('select distinct locale from accounts order by 1').pluck().all()).toEqual([
        'en',
        'es',
        'pt',
        'ru',
      ])
      const oldest = db
        .prepare("select min(occurred_at) from events where type = 'login'")
        .pluck()
        .get() as number
      expect(today.getTime() - oldest).toBeGreaterThan(300 * 24 * 3600 * 1000)
      db.close()
    },
  )

  it('refuses a database that holds data and is not the demo', async () => {
    const file = freshFile()
    migrateDatabase(file)
    const db = new Database(file)
    db.prepare(
      "insert into users (email, name, role, locale, password_hash, created_at, updated_at) values ('ceo@real.example', 'CEO', 'admin', 'en', 'x', 0, 0)",
    ).run()
    db.close()
    await expect(seedDatabase({ file, today })).rejects.toBeInstanceOf(SeedRefused)
    await expect(seedDatabase({ file, today, reset: true })).rejects.toBeInstanceOf(SeedRefused)
  })

  it('leaves an existing demo alone unless asked to reset it', { timeout: 90_000 }, async () => {
    const file = freshFile()
    await seedDatabase({ file, today })
    expect(await seedDatabase({ file, today })).toEqual({ seeded: false })
    expect(await seedDatabase({ file, today, reset: true })).toEqual({ seeded: true })
  })
})
