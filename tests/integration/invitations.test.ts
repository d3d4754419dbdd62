import { describe, expect, inject, it } from 'vitest'
import { createAccount, createUser, signedInClient, unique } from '../factories/people'
import { queryDb } from '../setup/db'
import { createClient } from '../setup/http'
import { asHtml, tr } from '../setup/i18n'
import { firstLink, readOutbox } from '../setup/outbox'

const server = inject('server')

/** An account of its own in the EMEA market, with its Russian-speaking admin. */
function russianAccountAdmin() {
  const account = createAccount({ market: 'EMEA', name: unique('Volga Games') })
  return createUser({ account, locale: 'ru', isAccountAdmin: true })
}

async function mailTo(email: string) {
  const mail = (await readOutbox(server.dataDir)).filter((m) => m.to === email)
  expect(mail, email).toHaveLength(1)
  return mail[0]!
}

describe('invitations', () => {
  it('lets an account admin invite a colleague who joins the same account through a single-use link', async () => {
    const olga = russianAccountAdmin()
    const admin = await signedInClient(olga)
    // Typed in mixed case, stored and mailed in lower case.
    const typed = `Ivan.${unique('x')}@Volga.Example`
    const email = typed.toLowerCase()
    const sent = await admin.post('/ru/account', { intent: 'invite', email: typed, locale: 'ru' })
    expect(sent.status).toBe(200)
    expect(await sent.text()).toContain(asHtml(tr('ru', 'account:team.invited')))

    const mail = await mailTo(email)
    expect(mail.subject).toContain(olga.account!.name)
    const path = new URL(firstLink(mail.text)!).pathname
    expect(path).toMatch(/^\/ru\/invite\//)

    const invited = createClient(server.url)
    expect(await (await invited.get(path)).text()).toContain(email)
    const joined = await invited.post(path, {
      name: 'Иван Петров',
      password: 'volga-password-1',
      confirm: 'volga-password-1',
    })
    expect(joined.status).toBe(302)
    // Signed in, on their own home, as after a sign-in.
    expect(joined.headers.get('location')).toBe('/ru')
    const account = await (await invited.get('/ru/account')).text()
    expect(account).toContain(asHtml(olga.account!.name))
    expect(account).toContain('Иван Петров')

    const reused = await createClient(server.url).post(path, {
      name: 'Someone',
      password: 'another-password',
      confirm: 'another-password',
    })
    expect(reused.status).toBe(410)
  })

  it('refuses invitations from people who are not account admins, including the ones who joined by invitation', async () => {
    const olga = russianAccountAdmin()
    const admin = await signedInClient(olga)
    const email = `${unique('plain')}@volga.example`
    await admin.post('/ru/account', { intent: 'invite', email, locale: 'ru' })
    const mail = await mailTo(email)
    const plain = createClient(server.url)
    const joined = await plain.post(new URL(firstLink(mail.text)!).pathname, {
      name: 'Plain',
      password: 'plain-password-1',
      confirm: 'plain-password-1',
    })
    expect(joined.status).toBe(302)
    const attempt = await plain.post('/ru/account', {
      intent: 'invite',
      email: `${unique('x')}@volga.example`,
      locale: 'ru',
    })
    expect(attempt.status).toBe(403)

    const member = await signedInClient(createUser({ account: olga.account, locale: 'ru' }))
    const memberAttempt = await member.post('/ru/account', {
      intent: 'invite',
      email: `${unique('y')}@volga.example`,
      locale: 'ru',
    })
    expect(memberAttempt.status).toBe(403)
  })

  it('answers the same for an address of another company, and tells its owner instead of inviting', async () => {
    const harbor = createAccount({ name: unique('Harbor Apps') })
    const emma = createUser({ account: harbor, locale: 'en', isAccountAdmin: true })
    const elsewhere = createUser({ account: createAccount({ market: 'EMEA' }), locale: 'ru' })
    const stranger = `${unique('new')}@harbor.example`
    const admin = await signedInClient(emma)
    const answers = []
    for (const email of [elsewhere.email, stranger]) {
      const response = await admin.post('/en/account', { intent: 'invite', email, locale: 'en' })
      answers.push({
        status: response.status,
        success: (await response.text()).includes(asHtml(tr('en', 'account:team.invited'))),
      })
    }
    // The admin cannot tell the known address from the new one.
    expect(answers).toEqual([
      { status: 200, success: true },
      { status: 200, success: true },
    ])
    const pending = queryDb<{ email: string }>(
      server.databaseFile,
      'select email from invitations where account_id = ? order by email',
      harbor.id,
    ).map((row) => row.email)
    expect(pending).toEqual([elsewhere.email, stranger].sort())
    // The owner of the known address gets a notice in their own language, with no link to accept.
    const toOwner = (await readOutbox(server.dataDir)).filter((m) => m.to === elsewhere.email)
    expect(toOwner).toHaveLength(1)
    expect(toOwner[0]!.subject).toBe(tr('ru', 'mail:invitationTaken.subject', { account: harbor.name }))
    expect(toOwner[0]!.text).not.toMatch(/\/invite\//)
    // Nobody can join through it: the notice carries no token, and the person keeps their company.
    expect(
      queryDb<{ accountId: number }>(
        server.databaseFile,
        'select account_id as accountId from users where id = ?',
        elsewhere.id,
      ),
    ).toEqual([{ accountId: elsewhere.account!.id }])
  })

  it('tells staff plainly that an address already has an account', async () => {
    const harbor = createAccount({ name: unique('Harbor Apps') })
    const elsewhere = createUser({ account: createAccount({ market: 'EMEA' }), locale: 'ru' })
    const agent = await signedInClient(createUser({ role: 'agent', locale: 'en' }))
    const response = await agent.post(`/en/staff/accounts/${harbor.id}`, {
      intent: 'invite',
      email: elsewhere.email,
      locale: 'en',
    })
    expect(response.status).toBe(409)
    expect(await response.text()).toContain(asHtml(tr('en', 'errors:invite.emailTaken')))
    expect((await readOutbox(server.dataDir)).filter((m) => m.to === elsewhere.email)).toEqual([])
  })
})
