import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { openDatabase } from '~/db-connection.server'
import { backupDatabase } from '../../scripts/db-backup'
import { migrateDatabase } from '../../scripts/db-migrate'
import { restoreDatabase, RestoreRefused } from '../../scripts/db-restore'

/** A migrated database of its own, with a marker row to tell versions apart. */
function freshDatabase() {
  const dir = mkdtempSync(join(tmpdir(), 'hub-restore-'))
  const file = join(dir, 'hub.db')
  migrateDatabase(file)
  return { dir, file }
}

const markers = (file: string) => {
  const sqlite = new Database(file, { readonly: true })
  try {
    return sqlite.prepare("select value from app_meta where key like 'marker%' order by key").pluck().all()
  } finally {
    sqlite.close()
  }
}

describe('npm run db:restore', () => {
  it('puts a backup back while the database still has unsaved WAL pages, and keeps the old one', async () => {
    const { dir, file } = freshDatabase()
    const live = openDatabase(file)
    live.pragma('wal_autocheckpoint = 0')
    live.prepare("insert into app_meta (key, value) values ('marker-1', 'in the backup')").run()
    const backup = join(dir, 'backup.db')
    await backupDatabase(file, backup)
    // Written after the backup and left in the -wal file, as a running portal leaves it.
    live.prepare("insert into app_meta (key, value) values ('marker-2', 'after the backup')").run()

    const { previous } = await restoreDatabase({ from: backup, to: file, keepCopyIn: join(dir, 'kept') })
    live.close()

    expect(markers(file)).toEqual(['in the backup'])
    const check = new Database(file, { readonly: true })
    expect(check.pragma('integrity_check', { simple: true })).toBe('ok')
    check.close()
    expect(markers(previous!)).toEqual(['in the backup', 'after the backup'])
  })

  it('refuses a file that is not a sound Customer Hub database and leaves the database as it was', async () => {
    const { dir, file } = freshDatabase()
    const sqlite = openDatabase(file)
    sqlite.prepare("insert into app_meta (key, value) values ('marker-1', 'current')").run()
    sqlite.close()
    const garbage = join(dir, 'notes.txt')
    writeFileSync(garbage, 'not a database at all '.repeat(100))
    const otherApp = join(dir, 'other.db')
    const other = new Database(otherApp)
    other.exec('create table things (id integer primary key)')
    other.close()

    await expect(restoreDatabase({ from: garbage, to: file, keepCopyIn: dir })).rejects.toThrow(
      RestoreRefused,
    )
    await expect(restoreDatabase({ from: otherApp, to: file, keepCopyIn: dir })).rejects.toThrow(
      /not a Customer Hub database/,
    )
    await expect(restoreDatabase({ from: join(dir, 'missing.db'), to: file })).rejects.toThrow(RestoreRefused)
    expect(markers(file)).toEqual(['current'])
  })
})
