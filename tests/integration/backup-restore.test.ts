import { spawnSync } from 'node:child_process'
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  utimesSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { openDatabase, servingMarker } from '~/db-connection.server'
import { backupDatabase, pruneBackups } from '../../scripts/db-backup'
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

describe('npm run db:backup -- --keep-days', () => {
  it('removes daily backups older than the retention and nothing else', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hub-backups-'))
    const now = new Date('2026-12-07T03:15:00Z')
    const aged = (name: string, days: number) => {
      writeFileSync(join(dir, name), 'x')
      const at = new Date(now.getTime() - days * 24 * 3600 * 1000)
      utimesSync(join(dir, name), at, at)
    }
    aged('hub-2026-12-06T03-15-00-000Z.db', 1)
    aged('hub-2026-11-23T03-15-00-000Z.db', 14)
    aged('hub-2026-11-22T03-15-00-000Z.db', 15)
    aged('hub-2026-10-01T03-15-00-000Z.db', 67)
    aged('before-restore-2026-10-01.db', 67)
    aged('notes.txt', 67)
    expect(pruneBackups(dir, 14, now)).toEqual([
      'hub-2026-10-01T03-15-00-000Z.db',
      'hub-2026-11-22T03-15-00-000Z.db',
    ])
    expect(readdirSync(dir).sort()).toEqual([
      'before-restore-2026-10-01.db',
      'hub-2026-11-23T03-15-00-000Z.db',
      'hub-2026-12-06T03-15-00-000Z.db',
      'notes.txt',
    ])
  })
})

describe('npm run db:restore', () => {
  it('puts a backup back over a database a killed portal left with WAL pages, and keeps the old files together', async () => {
    const { dir, file } = freshDatabase()
    const live = openDatabase(file)
    live.pragma('wal_autocheckpoint = 0')
    live.prepare("insert into app_meta (key, value) values ('marker-1', 'in the backup')").run()
    const backup = join(dir, 'backup.db')
    await backupDatabase(file, backup)
    // Written after the backup and left in the -wal file; the files are copied as a kill -9
    // would leave them (the connection never closes on them, so it never checkpoints).
    live.prepare("insert into app_meta (key, value) values ('marker-2', 'after the backup')").run()
    const killed = join(dir, 'killed')
    mkdirSync(killed)
    for (const suffix of ['', '-wal', '-shm']) copyFileSync(file + suffix, join(killed, 'hub.db' + suffix))
    live.close()
    const target = join(killed, 'hub.db')
    expect(existsSync(`${target}-wal`)).toBe(true)

    const { previous } = await restoreDatabase({ from: backup, to: target, keepCopyIn: join(dir, 'kept') })

    expect(markers(target)).toEqual(['in the backup'])
    const check = new Database(target, { readonly: true })
    expect(check.pragma('integrity_check', { simple: true })).toBe('ok')
    check.close()
    // The old database moved aside with its -wal, so nothing of it is lost or replayed onto the new one.
    expect(readdirSync(dirname(previous!)).sort()).toEqual(['hub.db', 'hub.db-shm', 'hub.db-wal'])
    expect(markers(previous!)).toEqual(['in the backup', 'after the backup'])
  })

  it('refuses while a portal serves the database, and goes ahead when the marker is stale', async () => {
    const { dir, file } = freshDatabase()
    const backup = join(dir, 'backup.db')
    await backupDatabase(file, backup)
    writeFileSync(servingMarker(file), String(process.pid))
    await expect(restoreDatabase({ from: backup, to: file, keepCopyIn: dir })).rejects.toThrow(
      new RegExp(`process ${process.pid}\\) is serving`),
    )
    expect(readdirSync(dir).filter((name) => name.startsWith('before-restore'))).toEqual([])
    // A portal killed with -9 leaves its marker; its process is gone, so the restore may run.
    const gone = spawnSync(process.execPath, ['-e', 'process.exit(0)']).pid!
    writeFileSync(servingMarker(file), String(gone))
    const { previous } = await restoreDatabase({ from: backup, to: file, keepCopyIn: dir })
    expect(existsSync(previous!)).toBe(true)
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
