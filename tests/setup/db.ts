import Database from 'better-sqlite3'

/** Reads the test server's database directly: to find ids and check what was stored. */
export function queryDb<T>(file: string, sql: string, ...params: unknown[]): T[] {
  const db = new Database(file, { readonly: true, fileMustExist: true })
  try {
    return db.prepare(sql).all(...params) as T[]
  } finally {
    db.close()
  }
}
