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

/** The tables the demo seed writes (and a reset rewrites). */
const seededTables = ['markets', 'accounts', 'users', 'arr_snapshots', 'events'] as const
/** Columns that point at rows of a seeded table, by the table they point at. */
const references: Record<string, (typeof seededTables)[number]> = {
  market_id: 'markets',
  account_id: 'accounts',
  user_id: 'users',
  owner_id: 'users',
}

/**
 * Every row of the seeded tables, without password hashes (salted). With `relative`, ids
 * count from each table's first row: a reset deletes the rows and SQLite's AUTOINCREMENT goes
 * on counting, so only the ids' order and the links between rows can be the same.
 */
function dump(file: string, options: { relative?: boolean } = {}) {
  const db = new Database(file, { readonly: true })
  try {
    const first = Object.fromEntries(
      seededTables.map((table) => [
        table,
        options.relative ? (db.prepare(`select min(id) from ${table}`).pluck().get() as number) - 1 : 0,
      ]),
    )
    return seededTables.map((table) =>
      db
        .prepare(`select * from ${table} order by 1`)
        .all()
        .map((row) => {
          const { password_hash: _hash, ...rest } = row as Record<string, unknown>
          for (const [column, value] of Object.entries(rest)) {
            const target = column === 'id' ? table : references[column]
            if (target && typeof value === 'number') rest[column] = value - first[target]!
          }
          return rest
        }),
    )
  } finally {
    db.close()
  }
}

describe('demo seed', () => {
  // The seed takes seconds: it runs once here (and once more for the reset), with every
  // assertion on that one database.
  it(
    'writes the demo logins, four markets and a few hundred accounts, leaves it alone when run again and writes the same demo on reset',
    { timeout: 90_000 },
    async () => {
      const file = freshFile()
      expect(await seedDatabase({ file, today })).toEqual({ seeded: true })
      const db = new Database(file, { readonly: true })
      try {
        // Nothing the demo tells happened after its today: due times may lie ahead, and the
        // playbooks and settings are stamped by the clock when they are imported, not by the demo.
        const importedWithTheClock = [
          'outcome_targets',
          'sla_targets',
          'checklists',
          'checklist_items',
          'checklist_translations',
          'checklist_item_translations',
        ]
        const tables = db
          .prepare(
            "select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like '__drizzle%'",
          )
          .pluck()
          .all() as string[]
        const future = tables
          .filter((table) => !importedWithTheClock.includes(table))
          .flatMap((table) =>
            (db.prepare(`pragma table_info(${table})`).all() as { name: string }[])
              .filter((column) => /_at$/.test(column.name) && !/(_due_at|expires_at)$/.test(column.name))
              .map((column) => ({
                column: `${table}.${column.name}`,
                later: db
                  .prepare(`select count(*) from ${table} where ${column.name} > ?`)
                  .pluck()
                  .get(today.getTime()),
              })),
          )
          .filter((found) => found.later !== 0)
        expect(future).toEqual([])
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
      } finally {
        db.close()
      }

      const seeded = dump(file)
      const seededRelative = dump(file, { relative: true })
      // Run again without --reset: the demo is there, nothing is written.
      expect(await seedDatabase({ file, today })).toEqual({ seeded: false })
      expect(dump(file)).toEqual(seeded)

      // With --reset the demo is written again, and for the same day it is the same demo.
      expect(await seedDatabase({ file, today, reset: true })).toEqual({ seeded: true })
      const reseeded = dump(file, { relative: true })
      expect(reseeded.map((rows) => rows.length)).toEqual(seeded.map((rows) => rows.length))
      expect(reseeded).toEqual(seededRelative)
      // The reset wrote new rows (new ids), it did not just keep the old ones.
      expect(dump(file)).not.toEqual(seeded)
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
})
