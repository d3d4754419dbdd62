import { beforeAll, describe, expect, inject, it } from 'vitest'
import { addPlaybookItem, createOnboardingCustomer } from '../factories/onboarding'
import { createAccount, createUser, signedInClient, unique, type MarketCode } from '../factories/people'
import { queryDb } from '../setup/db'
import { createClient, type Client } from '../setup/http'
import { asHtml, tr } from '../setup/i18n'

const server = inject('server')
let agent: Client
let admin: Client

beforeAll(async () => {
  agent = await signedInClient(createUser({ role: 'agent' }))
  admin = await signedInClient(createUser({ role: 'admin' }))
})

/**
 * A customer of a new account of the market and tier, signed in. Without a playbook of its own
 * the account follows the starter playbook of its tier; its checklist starts empty. Progress is
 * kept per account, so no test sees another's ticks.
 */
async function customer(market: MarketCode, locale: 'en' | 'ru' | 'es' | 'pt', tier: 'mid' | 'high' = 'mid') {
  const account = createAccount({ market, tier, locale })
  const user = createUser({ account, locale })
  return { user, account, client: await signedInClient(user) }
}

const accountCount = (where = '1 = 1') =>
  queryDb<{ n: number }>(server.databaseFile, `select count(*) as n from accounts where ${where}`)[0]!.n

const progressOf = (accountId: number) =>
  queryDb<{ itemKey: string; source: string; doneById: number | null }>(
    server.databaseFile,
    'select item_key as itemKey, source, done_by_id as doneById from account_item_progress where account_id = ? order by item_key',
    accountId,
  )

const doneKeys = (accountId: number) => progressOf(accountId).map((p) => p.itemKey)

const playbookSize = (tier: 'mid' | 'high' | 'tech') =>
  queryDb<{ n: number }>(
    server.databaseFile,
    'select count(*) as n from checklist_items i join checklists c on c.id = i.checklist_id where c.tier = ? and c.market_id is null',
    tier,
  )[0]!.n

describe('the customer checklist', () => {
  it('shows the account playbook in the reader’s language with its progress', async () => {
    const { account, client: olga } = await customer('EMEA', 'ru')
    const response = await olga.get('/ru/onboarding')
    expect(response.status).toBe(200)
    const html = await response.text()
    const [playbook] = queryDb<{ name: string; items: number }>(
      server.databaseFile,
      `select t.name, (select count(*) from checklist_items i where i.checklist_id = c.id) as items
       from checklists c join checklist_translations t on t.checklist_id = c.id and t.locale = 'ru' where c.tier = 'mid'`,
    )
    expect(html).toContain(asHtml(playbook!.name))
    const done = doneKeys(account.id).length
    expect(done).toBe(0)
    expect(html).toContain(asHtml(tr('ru', 'onboarding:summary.progress', { done, total: playbook!.items })))
    expect(html).toContain(tr('ru', 'onboarding:phase.integrate'))
  })

  it('arrives whole: Cyrillic text with no stray NUL bytes, the document and its data', async () => {
    // React 18 pads its 2 KiB write buffer with NULs when a multi-byte character falls on its end.
    const { client: olga } = await customer('EMEA', 'ru')
    const html = await (await olga.get('/ru/onboarding')).text()
    expect(html.length).toBeGreaterThan(2048 * 4)
    expect(html.indexOf('\u0000')).toBe(-1)
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true)
    expect(html).toContain('</body></html>')
    // Remix's loader data for hydration comes after the document, closing its stream last.
    expect(html.trimEnd().endsWith('<!--/$-->')).toBe(true)
  })

  it('links the SDK step to the academy video in the reader’s language', async () => {
    const { client: olga } = await customer('EMEA', 'ru')
    const html = await (await olga.get('/ru/onboarding')).text()
    const [video] = queryDb<{ title: string }>(
      server.databaseFile,
      "select t.title from video_translations t join videos v on v.id = t.video_id where v.key = 'install-the-sdk' and t.locale = 'ru'",
    )
    expect(html).toContain('href="/ru/videos/install-the-sdk"')
    expect(html).toContain(asHtml(tr('ru', 'onboarding:item.watch', { title: video!.title })))
  })

  it('ticks and unticks an item with a plain form post, recording who did it', async () => {
    const { user: olgaUser, account, client: olga } = await customer('EMEA', 'ru')
    expect(doneKeys(account.id)).not.toContain('connect-ad-networks')

    expect(
      (await olga.post('/ru/onboarding', { intent: 'done', itemKey: 'connect-ad-networks' })).status,
    ).toBe(200)
    expect(progressOf(account.id)).toContainEqual({
      itemKey: 'connect-ad-networks',
      source: 'person',
      doneById: olgaUser.id,
    })
    const html = await (await olga.get('/ru/onboarding')).text()
    expect(html).toContain(asHtml(tr('ru', 'onboarding:item.undo')))

    expect(
      (await olga.post('/ru/onboarding', { intent: 'undo', itemKey: 'connect-ad-networks' })).status,
    ).toBe(200)
    expect(doneKeys(account.id)).not.toContain('connect-ad-networks')
  })

  it('answers 404 for an item of another playbook and 400 for nonsense, changing nothing', async () => {
    const { account, client: olga } = await customer('EMEA', 'ru')
    expect((await olga.post('/ru/onboarding', { intent: 'done', itemKey: 'create-app' })).status).toBe(200)
    const before = doneKeys(account.id)
    expect(before).toEqual(['create-app'])
    // kickoff-call belongs to the high-touch playbook only.
    expect((await olga.post('/ru/onboarding', { intent: 'done', itemKey: 'kickoff-call' })).status).toBe(404)
    for (const form of [
      { intent: 'done', itemKey: '../../etc' },
      { intent: 'delete', itemKey: 'create-app' },
      { intent: 'done', itemKey: 'x'.repeat(500) },
      { intent: 'done' },
    ] as Record<string, string>[]) {
      expect((await olga.post('/ru/onboarding', form)).status, JSON.stringify(form).slice(0, 60)).toBe(400)
    }
    expect(doneKeys(account.id)).toEqual(before)
  })

  it('does not tick a step about doing something when its article is read: it waits for a tick', async () => {
    const { account, client: olga } = await customer('EMEA', 'ru')
    expect(doneKeys(account.id)).toEqual([])
    // verify-integration says "mark the step done when every row shows Passed": reading how
    // to run the check is not running it, and its playbook does not say `completeOn: read`.
    expect((await olga.get('/ru/kb/verify-sdk-integration')).status).toBe(200)
    // track-events listens to sdk_first_event: reading how to track events is not tracking them.
    expect((await olga.get('/ru/kb/track-in-app-events')).status).toBe(200)
    expect(doneKeys(account.id)).toEqual([])
    const html = await (await olga.get('/ru/onboarding')).text()
    expect(html).toContain(
      asHtml(tr('ru', 'onboarding:summary.progress', { done: 0, total: playbookSize('mid') })),
    )
  })

  it('ticks a step by reading only when its playbook says completeOn: read', async () => {
    const { user, account, playbook } = createOnboardingCustomer({ market: 'LATAM', locale: 'es' })
    const readStep = addPlaybookItem(playbook, {
      linkType: 'article',
      linkKey: 'attribution-windows-and-models',
      completeOnRead: true,
      titles: { es: 'Lee cómo funcionan las ventanas' },
    })
    const eventStep = addPlaybookItem(playbook, {
      linkType: 'article',
      linkKey: 'fraud-protection',
      eventKey: unique('fraud_rule').replace(/-/g, '_'),
      titles: { es: 'Activa la protección contra el fraude' },
    })
    const maria = await signedInClient(user)
    expect((await maria.get('/es/kb/fraud-protection')).status).toBe(200)
    expect(doneKeys(account.id)).toEqual([])
    expect((await maria.get('/es/kb/attribution-windows-and-models')).status).toBe(200)
    expect(progressOf(account.id)).toEqual([{ itemKey: readStep.key, source: 'article', doneById: user.id }])
    expect(doneKeys(account.id)).not.toContain(eventStep.key)
  })

  it('keeps each account to its own checklist and sends signed-out people to sign in', async () => {
    const { account: emmaAccount, client: emma } = await customer('US', 'en')
    const { user: olgaUser, account: olgaAccount, client: olga } = await customer('EMEA', 'ru')
    const emmaBefore = doneKeys(emmaAccount.id)
    // A hidden account id in the form is ignored: the account is the session's.
    await olga.post('/ru/onboarding', {
      intent: 'done',
      itemKey: 'create-attribution-link',
      accountId: String(emmaAccount.id),
    })
    expect(doneKeys(emmaAccount.id)).toEqual(emmaBefore)
    expect(doneKeys(olgaAccount.id)).toContain('create-attribution-link')

    const data = await (await emma.get('/en/onboarding.data')).text()
    expect(data).not.toContain(olgaUser.name)
    const anonymous = await createClient(server.url).get('/ru/onboarding')
    expect(anonymous.status).toBe(302)
    expect(anonymous.headers.get('Location')).toContain('/ru/login')
    expect((await agent.get('/en/onboarding')).status).toBe(403)
  })
})

describe('the product events API', () => {
  let token: string

  async function createToken(name: string) {
    const html = await (
      await admin.post('/en/staff/settings/integrations', { intent: 'create', name })
    ).text()
    return /hub_[\w-]{40,}/.exec(html)![0]
  }

  const send = (body: unknown, init: { token?: string; contentType?: string } = {}) =>
    fetch(`${server.url}/api/events`, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${init.token ?? token}`,
        'Content-Type': init.contentType ?? 'application/json',
      },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    })

  let pipelineName: string
  /** The account events go to unless a test names another. */
  let eventAccount: { id: number; externalId: string }

  const event = (overrides: Record<string, unknown> = {}) => ({
    accountExternalId: eventAccount.externalId,
    event: 'first_attributed_install',
    // Now: every account these tests make starts its onboarding when it is made.
    occurredAt: new Date().toISOString(),
    idempotencyKey: `evt-${Math.random().toString(36).slice(2)}`,
    ...overrides,
  })

  beforeAll(async () => {
    eventAccount = createAccount({ market: 'LATAM', tier: 'mid' })
    pipelineName = unique('Production pipeline')
    token = await createToken(pipelineName)
  })

  it('lets only admins create tokens and keeps only their hash', async () => {
    expect(
      (await agent.post('/en/staff/settings/integrations', { intent: 'create', name: 'Sneaky' })).status,
    ).toBe(403)
    const rows = queryDb<{ tokenHash: string; hint: string }>(
      server.databaseFile,
      'select token_hash as tokenHash, hint from api_tokens where name = ?',
      pipelineName,
    )
    expect(rows).toHaveLength(1)
    expect(rows[0]!.tokenHash).not.toContain(token.slice(4, 20))
    expect(token.endsWith(rows[0]!.hint)).toBe(true)
  })

  it('refuses missing, wrong and revoked tokens with 401', async () => {
    const missing = await fetch(`${server.url}/api/events`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(event()),
    })
    expect(missing.status).toBe(401)
    expect(missing.headers.get('WWW-Authenticate')).toBe('Bearer')
    expect(await missing.json()).toMatchObject({ error: { code: 'unauthorized' } })
    expect((await send(event(), { token: 'hub_' + 'x'.repeat(43) })).status).toBe(401)

    const doomedName = unique('To be revoked')
    const doomed = await createToken(doomedName)
    expect((await send(event({ event: 'app_created' }), { token: doomed })).status).toBe(202)
    const [row] = queryDb<{ id: number; lastUsedAt: number | null }>(
      server.databaseFile,
      'select id, last_used_at as lastUsedAt from api_tokens where name = ?',
      doomedName,
    )
    expect(row!.lastUsedAt).not.toBeNull()
    const revoked = await admin.post('/en/staff/settings/integrations', {
      intent: 'revoke',
      tokenId: String(row!.id),
    })
    expect(revoked.status).toBe(200)
    expect((await send(event(), { token: doomed })).status).toBe(401)
  })

  it('completes the items that carry the event key, once, however often it is replayed', async () => {
    const { account, client: maria } = await customer('LATAM', 'es')
    expect(doneKeys(account.id)).not.toContain('first-attributed-install')
    const body = event({ accountExternalId: account.externalId })
    const first = await send(body)
    expect(first.status).toBe(202)
    expect(await first.json()).toEqual({ status: 'accepted', completedItems: ['first-attributed-install'] })
    expect(progressOf(account.id)).toContainEqual({
      itemKey: 'first-attributed-install',
      source: 'product',
      doneById: null,
    })

    const replay = await send(body)
    expect(replay.status).toBe(200)
    expect(await replay.json()).toEqual({ status: 'duplicate' })
    const stored = queryDb<{ n: number }>(
      server.databaseFile,
      'select count(*) as n from product_events where idempotency_key = ?',
      body.idempotencyKey,
    )
    expect(stored[0]!.n).toBe(1)

    // The milestone shows on the customer's page as reached, on the day the event happened.
    const html = await (await maria.get('/es/onboarding')).text()
    expect(html).not.toContain(tr('es', 'onboarding:summary.milestonePending'))
  })

  it('names the person only when the email belongs to the account', async () => {
    const account = createAccount({ market: 'BR', tier: 'mid' })
    const olga = createUser({ account: createAccount({ market: 'EMEA' }), locale: 'ru' })
    const joao = createUser({ account, locale: 'pt' })
    const foreign = await send(
      event({ accountExternalId: account.externalId, event: 'app_created', userEmail: olga.email }),
    )
    expect(foreign.status).toBe(202)
    const [row] = queryDb<{ userId: number | null }>(
      server.databaseFile,
      "select user_id as userId from product_events where account_id = ? and event_key = 'app_created'",
      account.id,
    )
    expect(row!.userId).toBeNull()
    // The account's own person is named.
    const own = await send(
      event({ accountExternalId: account.externalId, event: 'teammate_joined', userEmail: joao.email }),
    )
    expect(own.status).toBe(202)
    expect(
      queryDb<{ userId: number | null }>(
        server.databaseFile,
        "select user_id as userId from product_events where account_id = ? and event_key = 'teammate_joined'",
        account.id,
      ),
    ).toEqual([{ userId: joao.id }])
  })

  it('explains bad requests in JSON with the right status', async () => {
    const cases: [unknown, number, string, string?][] = [
      [event({ accountExternalId: 'ACC-NOPE' }), 422, 'unknown_account'],
      [event({ accountExternalId: undefined, accountId: 99999999 }), 422, 'unknown_account'],
      [event({ event: 'made_up_event' }), 422, 'unknown_event'],
      [event({ occurredAt: '2099-01-01T00:00:00Z' }), 422, 'occurred_in_future'],
      [event({ occurredAt: '2020-01-01T00:00:00Z' }), 422, 'occurred_before_onboarding_start'],
      [event({ occurredAt: 'yesterday' }), 400, 'invalid_event'],
      [event({ accountId: 1 }), 400, 'invalid_event'],
      [event({ idempotencyKey: undefined }), 400, 'invalid_event'],
      [event({ event: 'DROP TABLE' }), 400, 'invalid_event'],
      [event({ extra: true }), 400, 'invalid_event'],
      [[event()], 400, 'invalid_event'],
      ['{"broken": ', 400, 'invalid_json'],
      [event(), 415, 'unsupported_media_type', 'text/plain'],
      [JSON.stringify({ ...event(), padding: 'x'.repeat(20_000) }), 413, 'payload_too_large'],
    ]
    for (const [body, status, code, contentType] of cases) {
      const response = await send(body, { contentType })
      expect(response.status, code).toBe(status)
      expect(await response.json(), code).toMatchObject({ error: { code } })
    }
    // Nothing of the refused events was kept: not the early one, not the future one.
    expect(
      queryDb<{ n: number }>(
        server.databaseFile,
        'select count(*) as n from product_events where account_id = ? and occurred_at < ?',
        eventAccount.id,
        Date.parse('2021-01-01T00:00:00Z'),
      )[0]!.n,
    ).toBe(0)
    const get = await fetch(`${server.url}/api/events`)
    expect(get.status).toBe(405)
  })

  it('limits each token to 120 events a minute', async () => {
    const busy = await createToken('Busy pipeline')
    const statuses: number[] = []
    for (let i = 0; i < 121; i++)
      statuses.push((await send(event({ event: 'app_created' }), { token: busy })).status)
    expect(statuses.slice(0, 120).every((s) => s === 202)).toBe(true)
    const limited = await send(event(), { token: busy })
    expect(limited.status).toBe(429)
    expect(Number(limited.headers.get('Retry-After'))).toBeGreaterThan(0)
    // Another token is not slowed down by it.
    expect((await send(event({ event: 'app_created' }))).status).toBe(202)
  })
})

describe('the staff tracker', () => {
  it('shows every account with its status and Kaplan–Meier medians, to staff only', async () => {
    const { client: olga } = await customer('EMEA', 'ru')
    // Other files create accounts meanwhile: the page counts between the two counts.
    const before = accountCount()
    const response = await agent.get('/ru/staff/onboarding')
    const after = accountCount()
    expect(response.status).toBe(200)
    const html = await response.text()
    const shown = /(\d[\d\u00a0\u202f ]*) компан/.exec(html)
    expect(shown).not.toBeNull()
    const n = Number(shown![1]!.replace(/\D/g, ''))
    expect(n).toBeGreaterThanOrEqual(before)
    expect(n).toBeLessThanOrEqual(after)
    expect(html).toContain(tr('ru', 'onboarding:tracker.group.portal.users'))
    expect(html).toContain(tr('ru', 'onboarding:tracker.median'))
    expect(html).toMatch(/<svg[^>]*role="img"/)
    expect((await olga.get('/ru/staff/onboarding')).status).toBe(403)
    expect((await olga.get('/ru/staff/onboarding.csv')).status).toBe(403)
  })

  it('filters by tier and ignores nonsense filters', async () => {
    const highTouch = "coalesce(tier_override, derived_tier) = 'high'"
    // Other files create accounts meanwhile: the page counts between the two counts.
    const before = accountCount(highTouch)
    const html = await (await agent.get('/en/staff/onboarding?tier=high&groupBy=tier')).text()
    const after = accountCount(highTouch)
    const counts = Array.from({ length: after - before + 1 }, (_, i) => before + i).map((n) =>
      tr('en', `onboarding:tracker.counts_${n === 1 ? 'one' : 'other'}`, {
        formatted: n.toLocaleString('en'),
      }),
    )
    expect(counts.filter((text) => html.includes(text))).toHaveLength(1)
    for (const query of [
      'tier=ultra&sort=evil&dir=up',
      'start=2026-13',
      `market=${'x'.repeat(5000)}`,
      'csm=-1&groupBy=planet',
    ]) {
      expect((await agent.get(`/en/staff/onboarding?${query}`)).status, query).toBe(200)
    }
  })

  it('exports the accounts and the curves as UTF-8 CSV with localized headers', async () => {
    const volga = createAccount({ market: 'EMEA', name: unique('Volga Games') })
    const accounts = await agent.get('/ru/staff/onboarding.csv?dataset=accounts&market=EMEA')
    expect(accounts.headers.get('Content-Type')).toBe('text/csv; charset=utf-8')
    expect(accounts.headers.get('Content-Disposition')).toMatch(/^attachment;/)
    const bytes = new Uint8Array(await accounts.arrayBuffer())
    // The byte order mark makes spreadsheet programs read the file as UTF-8.
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const [header, ...rows] = new TextDecoder().decode(bytes).trim().split('\r\n')
    expect(header).toContain(`"${tr('ru', 'onboarding:tracker.csv.account')}"`)
    expect(rows.some((row) => row.startsWith(`"${volga.name}"`))).toBe(true)
    expect(rows.every((row) => row.includes('"EMEA"'))).toBe(true)

    const curves = await (await agent.get('/en/staff/onboarding.csv?dataset=curves&groupBy=portal')).text()
    expect(curves).toContain(`"${tr('en', 'onboarding:tracker.group.portal.users')}"`)
    expect(curves).toContain(`"${tr('en', 'onboarding:tracker.outcome.duration')}"`)
  })

  it('filters the table by state but keeps the curves over every account, censored ones included', async () => {
    // Accounts of a demo month only: other files create accounts meanwhile, all starting now.
    const curves = async (query: string) =>
      (await agent.get(`/en/staff/onboarding.csv?dataset=curves&groupBy=tier&start=2026-02${query}`)).text()
    const everyone = await curves('')
    expect(await curves('&state=reached')).toBe(everyone)
    expect(await curves('&state=pending')).toBe(everyone)
    const reachedOnly = await (
      await agent.get('/en/staff/onboarding.csv?dataset=accounts&state=reached')
    ).text()
    const rows = reachedOnly.trim().split('\r\n').slice(1)
    expect(rows.length).toBeGreaterThan(0)
    // ttv_reached is the ninth column: 1 on every row of the reached accounts. Text cells are
    // quoted and may hold commas, numbers are bare.
    const cells = (row: string) => row.match(/"(?:[^"]|"")*"|[^,]+|(?<=,)(?=,|$)|^(?=,)/g) ?? []
    expect(rows.every((row) => cells(row)[8] === '1')).toBe(true)
  })

  it('shows an account’s time-to-value and timeline, and switching its playbook keeps shared steps', async () => {
    const { account, client: emma } = await customer('US', 'en')
    // create-app is in both playbooks: done before the switch, still done after it.
    expect((await emma.post('/en/onboarding', { intent: 'done', itemKey: 'create-app' })).status).toBe(200)
    const html = await (await agent.get(`/en/staff/accounts/${account.id}`)).text()
    expect(html).toContain(tr('en', 'onboarding:account.timeline'))
    expect(html).toContain(tr('en', 'onboarding:account.started'))

    const [highTouch] = queryDb<{ id: number }>(
      server.databaseFile,
      "select id from checklists where tier = 'high'",
    )
    const before = doneKeys(account.id)
    expect(before).toEqual(['create-app'])
    expect(
      (
        await agent.post(`/en/staff/accounts/${account.id}`, {
          intent: 'playbook',
          checklistId: String(highTouch!.id),
        })
      ).status,
    ).toBe(200)
    const page = await (await emma.get('/en/onboarding')).text()
    expect(page).toContain(
      asHtml(
        queryDb<{ title: string }>(
          server.databaseFile,
          "select t.title from checklist_items i join checklist_item_translations t on t.item_id = i.id and t.locale = 'en' where i.key = 'kickoff-call'",
        )[0]!.title,
      ),
    )
    expect(doneKeys(account.id)).toEqual(before)
    expect(page).toMatch(/id="item-create-app" class="checklist__item checklist__item--done"/)
    expect(
      queryDb(server.databaseFile, 'select checklist_id from accounts where id = ?', account.id),
    ).toEqual([{ checklist_id: highTouch!.id }])

    expect(
      (await agent.post(`/en/staff/accounts/${account.id}`, { intent: 'playbook', checklistId: '999999' }))
        .status,
    ).toBe(404)
    expect(
      (await emma.post(`/en/staff/accounts/${account.id}`, { intent: 'playbook', checklistId: '' })).status,
    ).toBe(403)
    // Back to the playbook of the account's tier.
    expect(
      (await agent.post(`/en/staff/accounts/${account.id}`, { intent: 'playbook', checklistId: '' })).status,
    ).toBe(200)
    expect(
      queryDb(server.databaseFile, 'select checklist_id from accounts where id = ?', account.id),
    ).toEqual([{ checklist_id: null }])
  })
})
