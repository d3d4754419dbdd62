import Database from 'better-sqlite3'

/**
 * Copies the rows the cockpit reads `copies` more times: ids shifted past the largest, names,
 * numbers and other unique values suffixed, references pointing at the copies.
 */
export function multiply(file: string, copies: number) {
  const db = new Database(file)
  const max = (table: string) => (db.prepare(`select max(id) from ${table}`).pluck().get() as number) ?? 0
  const columns = (table: string) =>
    (db.prepare(`pragma table_info(${table})`).all() as { name: string }[]).map((c) => c.name)
  const accountShift = max('accounts')
  const ticketShift = max('tickets')
  const copy = (table: string, change: Record<string, string>) => {
    const names = columns(table).filter((c) => c !== 'id' || change.id)
    const expressions = names.map((c) => change[c] ?? c)
    db.prepare(
      `insert into ${table} (${names.join(', ')}) select ${expressions.join(', ')} from ${table} where ${change.where ?? '1'}`,
    ).run()
  }
  db.transaction(() => {
    for (let k = 1; k <= copies; k++) {
      const account = `account_id + ${k * accountShift}`
      copy('accounts', {
        id: `id + ${k * accountShift}`,
        name: `name || ' ${k}'`,
        external_id: `external_id || '-${k}'`,
        owner_id: 'null',
        where: `id <= ${accountShift}`,
      })
      copy('tickets', {
        id: `id + ${k * ticketShift}`,
        number: `number + ${k * ticketShift}`,
        account_id: account,
        requester_id: 'null',
        assignee_id: 'null',
        created_by_id: 'null',
        where: `id <= ${ticketShift}`,
      })
      copy('ticket_ratings', {
        ticket_id: `ticket_id + ${k * ticketShift}`,
        user_id: 'null',
        where: `ticket_id <= ${ticketShift}`,
      })
      copy('events', { account_id: account, user_id: 'null', where: `account_id <= ${accountShift}` })
      copy('arr_snapshots', { account_id: account, where: `account_id <= ${accountShift}` })
      copy('account_item_progress', {
        account_id: account,
        done_by_id: 'null',
        where: `account_id <= ${accountShift}`,
      })
      copy('search_log', { user_id: 'null', where: `user_id is not null` })
      copy('content_feedback', {
        respondent: `respondent || ':${k}'`,
        user_id: 'null',
        account_id: `case when account_id is null then null else ${account} end`,
        where: `account_id <= ${accountShift}`,
      })
    }
  })()
  const counts = db
    .prepare('select (select count(*) from accounts) a, (select count(*) from tickets) t')
    .get()
  db.close()
  return counts as { a: number; t: number }
}
