import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { queryDb } from '../setup/db'
import { createClient, type Client } from '../setup/http'
import { asHtml, tr } from '../setup/i18n'
import { startServer, type TestServer } from '../setup/server'

let server: TestServer
let admin: Client
let agent: Client

beforeAll(async () => {
  server = await startServer()
  admin = createClient(server.url)
  await admin.signIn('admin@hub.example')
  agent = createClient(server.url)
  await agent.signIn('agent@hub.example')
})
afterAll(async () => {
  await server?.stop()
})

const brazilSettings = {
  name: 'Brazil',
  defaultLocale: 'pt',
  currency: 'BRL',
  channels: ['email', 'portal', 'whatsapp'],
  timezone: 'America/Sao_Paulo',
  supportOpens: '08:00',
  supportCloses: '18:00',
  supportDays: ['1', '2', '3', '4', '5'],
}

describe('accounts list', () => {
  it('filters by market, tier and language and searches by name', async () => {
    const html = await (await agent.get('/en/staff/accounts?market=BR&tier=mid&locale=pt')).text()
    const [expected] = queryDb<{ n: number }>(
      server.databaseFile,
      `select count(*) as n from accounts a join markets m on m.id = a.market_id
       where m.code = 'BR' and coalesce(a.tier_override, a.derived_tier) = 'mid' and a.locale = 'pt'`,
    )
    expect(expected!.n).toBeGreaterThan(0)
    expect(html).toContain(
      tr('en', `staff:accounts.count_${expected!.n === 1 ? 'one' : 'other'}`, { formatted: expected!.n }),
    )

    const search = await (await agent.get('/ru/staff/accounts?q=Paulista%20Apps')).text()
    expect(search).toContain('Paulista Apps')
    expect(search).not.toContain('Harbor Fitness')
  })

  it('shrugs off nonsense filters instead of failing', async () => {
    for (const query of [
      'tier=ultra&page=-3',
      'q=%25%27%22%3Bdrop%20table',
      `q=${'x'.repeat(5000)}`,
      'page=abc&locale=zz',
    ]) {
      expect((await agent.get(`/en/staff/accounts?${query}`)).status, query).toBe(200)
    }
  })

  it('returns 404 for an unknown account id', async () => {
    expect((await agent.get('/en/staff/accounts/999999')).status).toBe(404)
    expect((await agent.get('/en/staff/accounts/nope')).status).toBe(404)
  })
})

describe('tier override', () => {
  it('requires a reason and shows the override in force', async () => {
    const [account] = queryDb<{ id: number; derived_tier: string }>(
      server.databaseFile,
      "select id, derived_tier from accounts where derived_tier = 'tech' limit 1",
    )
    const missingReason = await agent.post(`/en/staff/accounts/${account!.id}`, {
      intent: 'tier',
      tierOverride: 'high',
      reason: '',
    })
    expect(missingReason.status).toBe(400)
    expect(await missingReason.text()).toContain(asHtml(tr('en', 'errors:form.reasonRequired')))

    const saved = await agent.post(`/en/staff/accounts/${account!.id}`, {
      intent: 'tier',
      tierOverride: 'high',
      reason: 'Strategic logo in the region',
    })
    expect(saved.status).toBe(200)
    const [row] = queryDb<{ tier_override: string; tier_override_reason: string; derived_tier: string }>(
      server.databaseFile,
      'select tier_override, tier_override_reason, derived_tier from accounts where id = ?',
      account!.id,
    )
    expect(row).toEqual({
      tier_override: 'high',
      tier_override_reason: 'Strategic logo in the region',
      derived_tier: 'tech',
    })

    const editorClient = createClient(server.url)
    await editorClient.signIn('editor@hub.example')
    expect(
      (
        await editorClient.post(`/en/staff/accounts/${account!.id}`, {
          intent: 'tier',
          tierOverride: 'tech',
          reason: 'nope',
        })
      ).status,
    ).toBe(403)
  })
})

describe('market settings', () => {
  it('re-derives the tiers of the market when its thresholds change', async () => {
    const response = await admin.post('/en/staff/settings/markets/BR', {
      ...brazilSettings,
      highTouchMinArr: '1',
      midTouchMinArr: '0',
    })
    expect(response.status).toBe(200)
    const tiers = queryDb<{ derived_tier: string; n: number }>(
      server.databaseFile,
      "select derived_tier, count(*) as n from accounts a join markets m on m.id = a.market_id where m.code = 'BR' and a.arr_minor >= 100 group by 1",
    )
    expect(tiers).toEqual([{ derived_tier: 'high', n: expect.any(Number) }])

    const restore = await admin.post('/en/staff/settings/markets/BR', {
      ...brazilSettings,
      highTouchMinArr: '180.000',
      midTouchMinArr: '35 000',
    })
    expect(restore.status).toBe(200)
    const [market] = queryDb<{ high_touch_min_arr: number; mid_touch_min_arr: number }>(
      server.databaseFile,
      "select high_touch_min_arr, mid_touch_min_arr from markets where code = 'BR'",
    )
    expect(market).toEqual({ high_touch_min_arr: 180_000_00, mid_touch_min_arr: 35_000_00 })
  })

  it('refuses inconsistent settings with localized messages and changes nothing', async () => {
    const before = queryDb(server.databaseFile, "select * from markets where code = 'BR'")
    const response = await admin.post('/es/staff/settings/markets/BR', {
      ...brazilSettings,
      highTouchMinArr: '100',
      midTouchMinArr: '200',
      timezone: 'Mars/Olympus',
      channels: [],
    })
    expect(response.status).toBe(400)
    const html = await response.text()
    for (const key of ['form.highAboveMid', 'form.timezone', 'form.chooseOne'])
      expect(html).toContain(asHtml(tr('es', `errors:${key}`)))
    expect(queryDb(server.databaseFile, "select * from markets where code = 'BR'")).toEqual(before)
  })

  it('returns 404 for an unknown market', async () => {
    expect((await admin.get('/en/staff/settings/markets/MARS')).status).toBe(404)
    expect(
      (
        await admin.post('/en/staff/settings/markets/MARS', {
          ...brazilSettings,
          highTouchMinArr: '2',
          midTouchMinArr: '1',
        })
      ).status,
    ).toBe(404)
  })
})

describe('outcome targets', () => {
  it('are one global row that only admins change, with validation', async () => {
    const targets = {
      timeToValueDays: '21',
      onboardingDays: '45',
      adoptionPercent: '65',
      grossRetentionPercent: '92',
      netRetentionPercent: '110',
      portalUserWindowDays: '14',
    }
    expect((await admin.post('/en/staff/settings/targets', targets)).status).toBe(200)
    expect(
      queryDb(server.databaseFile, 'select time_to_value_days, adoption_percent from outcome_targets'),
    ).toEqual([{ time_to_value_days: 21, adoption_percent: 65 }])

    const bad = await admin.post('/ru/staff/settings/targets', {
      ...targets,
      adoptionPercent: '150',
      timeToValueDays: 'soon',
    })
    expect(bad.status).toBe(400)
    expect(await bad.text()).toContain(asHtml(tr('ru', 'errors:form.range')))
    expect(queryDb(server.databaseFile, 'select time_to_value_days from outcome_targets')).toEqual([
      { time_to_value_days: 21 },
    ])

    const agentPage = await (await agent.get('/en/staff/settings/targets')).text()
    expect(agentPage).toContain(asHtml(tr('en', 'staff:targets.readOnly')))
  })
})

describe('outbox', () => {
  it('lists the mail the portal wrote and shows a message to admins only', async () => {
    await createClient(server.url).post('/ru/forgot-password', { email: 'olga@volga.example' })
    const list = await (await admin.get('/en/staff/outbox')).text()
    expect(list).toContain('olga@volga.example')
    const link = /href="(\/en\/staff\/outbox\/[^"]+)"/.exec(list)![1]!
    const message = await (await admin.get(link)).text()
    expect(message).toContain(asHtml(tr('ru', 'mail:reset.subject')))
    expect((await agent.get('/en/staff/outbox')).status).toBe(403)
    expect((await admin.get('/en/staff/outbox/..%2F..%2Fhub.db')).status).toBe(404)
  })
})
