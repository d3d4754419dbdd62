import { createHash, randomBytes } from 'node:crypto'
import Database from 'better-sqlite3'
import { eq } from 'drizzle-orm'
import { describe, expect, inject, it } from 'vitest'
import * as schema from '#db/schema/index'
import { createAccount, createUser, testDb, unique } from '../factories/people'
import { createPlaybook } from '../factories/tasks'
import { queryDb } from '../setup/db'

const server = inject('server')

/** A live integration token, stored as the portal stores one (its SHA-256 only). */
function createApiToken() {
  const token = `hub_${randomBytes(32).toString('base64url')}`
  testDb()
    .insert(schema.apiTokens)
    .values({
      name: unique('token'),
      tokenHash: createHash('sha256').update(token).digest('hex'),
      hint: token.slice(-4),
      createdById: createUser({ role: 'admin' }).id,
    })
    .run()
  return token
}

function sendEvent(token: string, body: Record<string, unknown>) {
  return fetch(`${server.url}/api/events`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  })
}

/**
 * A real fault in the database: a trigger that makes the write of this account's checklist
 * progress fail, as a full disk or a crash between two writes would.
 */
function breakProgressWritesOf(accountId: number) {
  const sqlite = new Database(server.databaseFile)
  sqlite.pragma('busy_timeout = 5000')
  const name = `fault_${accountId}`
  sqlite.exec(`create trigger ${name} before insert on account_item_progress
    when new.account_id = ${accountId} begin select raise(abort, 'injected fault'); end`)
  sqlite.close()
  return () => {
    const again = new Database(server.databaseFile)
    again.pragma('busy_timeout = 5000')
    again.exec(`drop trigger ${name}`)
    again.close()
  }
}

describe('a product event and the steps it completes are saved together', () => {
  it('saves nothing when ticking fails, so the retry with the same key completes the step', async () => {
    const account = createAccount()
    const eventKey = unique('sdk_installed')
      .toLowerCase()
      .replace(/[^a-z0-9_.-]/g, '_')
    const playbook = createPlaybook({
      account,
      items: [{ key: 'install-sdk', titles: { en: 'Install the SDK' } }],
    })
    testDb()
      .update(schema.checklistItems)
      .set({ eventKey })
      .where(eq(schema.checklistItems.id, playbook.items[0]!.id))
      .run()
    const token = createApiToken()
    const event = {
      accountId: account.id,
      event: eventKey,
      // After the account's onboarding start (its creation): earlier events are refused.
      occurredAt: new Date().toISOString(),
      idempotencyKey: unique('delivery'),
    }
    const progress = () =>
      queryDb<{ item_key: string; source: string }>(
        server.databaseFile,
        'select item_key, source from account_item_progress where account_id = ?',
        account.id,
      )
    const stored = () =>
      queryDb(server.databaseFile, 'select id from product_events where account_id = ?', account.id)

    const repair = breakProgressWritesOf(account.id)
    let failed: Response
    try {
      failed = await sendEvent(token, event)
    } finally {
      repair()
    }
    expect(failed.status).toBe(500)
    expect(stored()).toEqual([])
    expect(progress()).toEqual([])

    const retried = await sendEvent(token, event)
    expect(retried.status).toBe(202)
    expect(await retried.json()).toEqual({ status: 'accepted', completedItems: ['install-sdk'] })
    expect(progress()).toEqual([{ item_key: 'install-sdk', source: 'product' }])
    expect(stored()).toHaveLength(1)
  })
})
