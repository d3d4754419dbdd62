import { eq } from 'drizzle-orm'
import { beforeAll, describe, expect, inject, it } from 'vitest'
import * as schema from '#db/schema/index'
import { createAccount, createUser, signedInClient, testDb, unique } from '../factories/people'
import { createMarket } from '../factories/tickets'
import { createClient, type Client } from '../setup/http'
import { asHtml, tr } from '../setup/i18n'

const server = inject('server')
let admin: Client
let agent: Client

beforeAll(async () => {
  admin = await signedInClient(createUser({ role: 'admin' }))
  agent = await signedInClient(createUser({ role: 'agent' }))
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

const accountRow = (id: number) =>
  testDb().select().from(schema.accounts).where(eq(schema.accounts.id, id)).get()!
const marketRow = (code: string) =>
  testDb().select().from(schema.markets).where(eq(schema.markets.code, code)).get()!

describe('accounts list', () => {
  it('filters by market, tier and language and searches by name', async () => {
    // A market of this test's own, so no other test's accounts change the count.
    const market = createMarket({ like: 'BR' })
    const matching = [
      createAccount({ market: market.code, tier: 'mid', locale: 'pt' }),
      createAccount({ market: market.code, tier: 'mid', locale: 'pt' }),
    ]
    const others = [
      createAccount({ market: market.code, tier: 'mid', locale: 'es' }),
      createAccount({ market: market.code, tier: 'tech', locale: 'pt' }),
    ]
    const html = await (await agent.get(`/en/staff/accounts?market=${market.code}&tier=mid&locale=pt`)).text()
    expect(html).toContain(tr('en', 'staff:accounts.count_other', { formatted: matching.length }))
    for (const account of matching) expect(html).toContain(asHtml(account.name))
    for (const account of others) expect(html).not.toContain(asHtml(account.name))

    const paulista = createAccount({ market: market.code, name: unique('Paulista Apps') })
    const search = await (await agent.get(`/ru/staff/accounts?q=${encodeURIComponent(paulista.name)}`)).text()
    expect(search).toContain(asHtml(paulista.name))
    expect(search).not.toContain(asHtml(matching[0]!.name))
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
    expect((await agent.get('/en/staff/accounts/999999999')).status).toBe(404)
    expect((await agent.get('/en/staff/accounts/nope')).status).toBe(404)
  })
})

describe('tier override', () => {
  it('requires a reason and shows the override in force', async () => {
    const account = createAccount({ market: 'US', tier: 'tech' })
    const missingReason = await agent.post(`/en/staff/accounts/${account.id}`, {
      intent: 'tier',
      tierOverride: 'high',
      reason: '',
    })
    expect(missingReason.status).toBe(400)
    expect(await missingReason.text()).toContain(asHtml(tr('en', 'errors:form.reasonRequired')))
    expect(accountRow(account.id).tierOverride).toBeNull()

    const saved = await agent.post(`/en/staff/accounts/${account.id}`, {
      intent: 'tier',
      tierOverride: 'high',
      reason: 'Strategic logo in the region',
    })
    expect(saved.status).toBe(200)
    expect(accountRow(account.id)).toMatchObject({
      tierOverride: 'high',
      tierOverrideReason: 'Strategic logo in the region',
      derivedTier: 'tech',
    })

    const editorClient = await signedInClient(createUser({ role: 'editor' }))
    expect(
      (
        await editorClient.post(`/en/staff/accounts/${account.id}`, {
          intent: 'tier',
          tierOverride: 'tech',
          reason: 'nope',
        })
      ).status,
    ).toBe(403)
    expect(accountRow(account.id).tierOverride).toBe('high')
  })
})

describe('market settings', () => {
  it('re-derives the tiers of the market when its thresholds change', async () => {
    // A copy of Brazil under a code of its own: re-deriving touches only this test's accounts.
    const market = createMarket({ like: 'BR' })
    const accounts = [
      createAccount({ market: market.code, tier: 'tech' }),
      createAccount({ market: market.code, tier: 'mid' }),
      createAccount({ market: market.code, tier: 'high' }),
    ]
    // The tech-touch account pays 1 BRL a year: above the new high-touch threshold of 1.
    testDb()
      .update(schema.accounts)
      .set({ arrMinor: 100 })
      .where(eq(schema.accounts.id, accounts[0]!.id))
      .run()
    const response = await admin.post(`/en/staff/settings/markets/${market.code}`, {
      ...brazilSettings,
      highTouchMinArr: '1',
      midTouchMinArr: '0',
    })
    expect(response.status).toBe(200)
    expect(accounts.map((a) => accountRow(a.id).derivedTier)).toEqual(['high', 'high', 'high'])

    const restore = await admin.post(`/en/staff/settings/markets/${market.code}`, {
      ...brazilSettings,
      highTouchMinArr: '180.000',
      midTouchMinArr: '35 000',
    })
    expect(restore.status).toBe(200)
    expect(marketRow(market.code)).toMatchObject({ highTouchMinArr: 180_000_00, midTouchMinArr: 35_000_00 })
    expect(accounts.map((a) => accountRow(a.id).derivedTier)).toEqual(['tech', 'mid', 'high'])
  })

  it('refuses inconsistent settings with localized messages and changes nothing', async () => {
    const market = createMarket({ like: 'BR' })
    const before = marketRow(market.code)
    const response = await admin.post(`/es/staff/settings/markets/${market.code}`, {
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
    expect(marketRow(market.code)).toEqual(before)
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
    // The row is global: the test puts back what it found, through the same form.
    const found = testDb().select().from(schema.outcomeTargets).get()!
    const asForm = (t: typeof found) => ({
      timeToValueDays: String(t.timeToValueDays),
      onboardingDays: String(t.onboardingDays),
      adoptionPercent: String(t.adoptionPercent),
      grossRetentionPercent: String(t.grossRetentionPercent),
      netRetentionPercent: String(t.netRetentionPercent),
      portalUserWindowDays: String(t.portalUserWindowDays),
    })
    const targets = {
      timeToValueDays: String(found.timeToValueDays === 21 ? 22 : 21),
      onboardingDays: '45',
      adoptionPercent: '65',
      grossRetentionPercent: '92',
      netRetentionPercent: '110',
      portalUserWindowDays: '14',
    }
    const stored = () =>
      testDb()
        .select({
          timeToValueDays: schema.outcomeTargets.timeToValueDays,
          adoptionPercent: schema.outcomeTargets.adoptionPercent,
        })
        .from(schema.outcomeTargets)
        .all()
    try {
      expect((await admin.post('/en/staff/settings/targets', targets)).status).toBe(200)
      expect(stored()).toEqual([{ timeToValueDays: Number(targets.timeToValueDays), adoptionPercent: 65 }])

      const bad = await admin.post('/ru/staff/settings/targets', {
        ...targets,
        adoptionPercent: '150',
        timeToValueDays: 'soon',
      })
      expect(bad.status).toBe(400)
      expect(await bad.text()).toContain(asHtml(tr('ru', 'errors:form.range')))
      expect(stored()).toEqual([{ timeToValueDays: Number(targets.timeToValueDays), adoptionPercent: 65 }])

      const agentPage = await (await agent.get('/en/staff/settings/targets')).text()
      expect(agentPage).toContain(asHtml(tr('en', 'staff:targets.readOnly')))
    } finally {
      expect((await admin.post('/en/staff/settings/targets', asForm(found))).status).toBe(200)
    }
    const { updatedAt: _restoredAt, ...restored } = testDb().select().from(schema.outcomeTargets).get()!
    const { updatedAt: _foundAt, ...original } = found
    expect(restored).toEqual(original)
  })
})

describe('outbox', () => {
  it('lists the mail the portal wrote and shows a message to admins only', async () => {
    const olga = createUser({ locale: 'ru' })
    await createClient(server.url).post('/ru/forgot-password', { email: olga.email })
    const list = await (await admin.get('/en/staff/outbox')).text()
    expect(list).toContain(olga.email)
    // The row of Olga's message: other tests write mail to the same outbox meanwhile.
    const link = new RegExp(
      `<td>${olga.email.replace(/[.]/g, '\\.')}</td><td><a [^>]*href="(/en/staff/outbox/[^"]+)"`,
    ).exec(list)![1]!
    const message = await (await admin.get(link)).text()
    expect(message).toContain(asHtml(tr('ru', 'mail:reset.subject')))
    expect(message).toContain(olga.email)
    expect((await agent.get('/en/staff/outbox')).status).toBe(403)
    expect((await admin.get('/en/staff/outbox/..%2F..%2Fhub.db')).status).toBe(404)
  })
})
