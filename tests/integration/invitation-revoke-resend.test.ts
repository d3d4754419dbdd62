import { describe, expect, inject, it } from 'vitest'
import { createAccount, createUser, signedInClient, unique } from '../factories/people'
import { days, testClock } from '../setup/clock'
import { queryDb } from '../setup/db'
import { createClient } from '../setup/http'
import { asHtml, tr } from '../setup/i18n'
import { firstLink, readOutbox } from '../setup/outbox'

const server = inject('server')

type InvitationRow = { id: number; email: string; expiresAt: number; isAccountAdmin: number; locale: string }

const invitationsTo = (email: string) =>
  queryDb<InvitationRow>(
    server.databaseFile,
    'select id, email, expires_at as expiresAt, is_account_admin as isAccountAdmin, locale from invitations where email = ? order by id',
    email,
  )

const linksTo = async (email: string) =>
  (await readOutbox(server.dataDir))
    .filter((m) => m.to === email)
    .map((m) => new URL(firstLink(m.text)!).pathname)

/** A Spanish-speaking account admin in LATAM who has just invited a colleague as an admin. */
async function invitedColleague(now: () => Date) {
  const maria = createUser({
    account: createAccount({ market: 'LATAM', name: unique('Andes Logística') }),
    locale: 'es',
    isAccountAdmin: true,
  })
  const admin = await signedInClient(maria, { now })
  const email = `${unique('lucia')}@andes.example`
  const sent = await admin.post('/es/account', {
    intent: 'invite',
    email,
    locale: 'es',
    isAccountAdmin: 'on',
  })
  expect(sent.status).toBe(200)
  const [invitation] = invitationsTo(email)
  return { maria, admin, email, invitation: invitation! }
}

describe('pending invitations on the account page', () => {
  it('revoke: the link answers the localized "no longer valid" page and cannot be used', async () => {
    const clock = testClock()
    const { admin, email, invitation } = await invitedColleague(clock.now)
    const [link] = await linksTo(email)
    const team = await (await admin.get('/es/account')).text()
    expect(team).toContain(asHtml(tr('es', 'account:team.revokeLabel', { email })))

    const revoked = await admin.post('/es/account', {
      intent: 'revokeInvitation',
      invitationId: String(invitation.id),
    })

    expect(revoked.status).toBe(200)
    const page = await revoked.text()
    expect(page).toContain(asHtml(tr('es', 'account:team.revoked', { email })))
    expect(page).not.toContain(asHtml(tr('es', 'account:team.revokeLabel', { email })))
    const invitee = createClient(server.url, { now: clock.now })
    const opened = await (await invitee.get(link!)).text()
    expect(opened).toContain(asHtml(tr('es', 'errors:invite.invalid')))
    const joined = await invitee.post(link!, {
      name: 'Lucía',
      password: 'andes-password-1',
      confirm: 'andes-password-1',
    })
    expect(joined.status).toBe(410)
    expect(queryDb(server.databaseFile, 'select id from users where email = ?', email)).toEqual([])
  })

  it('resend: voids the old link and mails a new one with a fresh expiry, the same language and rights', async () => {
    const clock = testClock()
    const { maria, email, invitation } = await invitedColleague(clock.now)
    clock.advance(days(5))
    const admin = await signedInClient(maria, { now: clock.now })

    const resent = await admin.post('/es/account', {
      intent: 'resendInvitation',
      invitationId: String(invitation.id),
    })

    expect(resent.status).toBe(200)
    expect(await resent.text()).toContain(asHtml(tr('es', 'account:team.resent', { email })))
    const rows = invitationsTo(email)
    expect(rows).toHaveLength(2)
    const [old, fresh] = rows
    // The old one expired at the resend; the new one runs a full week from then.
    expect(old!.expiresAt).toBe(clock.now().getTime())
    expect(fresh!.expiresAt).toBe(clock.now().getTime() + days(7))
    expect(fresh).toMatchObject({ isAccountAdmin: 1, locale: 'es' })
    const [oldLink, newLink] = await linksTo(email)
    expect(newLink).not.toBe(oldLink)
    const invitee = createClient(server.url, { now: clock.now })
    expect(await (await invitee.get(oldLink!)).text()).toContain(asHtml(tr('es', 'errors:invite.invalid')))
    expect(await (await invitee.get(newLink!)).text()).toContain(email)
    const joined = await invitee.post(newLink!, {
      name: 'Lucía Rojas',
      password: 'andes-password-1',
      confirm: 'andes-password-1',
    })
    expect(joined.status).toBe(302)
  })

  it('answers 404 for another account’s invitation and 403 for a member who is not an admin, changing nothing', async () => {
    const clock = testClock()
    const { maria, email, invitation } = await invitedColleague(clock.now)
    const olga = createUser({
      account: createAccount({ market: 'EMEA' }),
      locale: 'ru',
      isAccountAdmin: true,
    })
    const foreignAdmin = await signedInClient(olga, { now: clock.now })
    const member = await signedInClient(createUser({ account: maria.account!, locale: 'es' }), {
      now: clock.now,
    })

    for (const intent of ['revokeInvitation', 'resendInvitation']) {
      const foreign = await foreignAdmin.post('/ru/account', { intent, invitationId: String(invitation.id) })
      expect(foreign.status, intent).toBe(404)
      const notAdmin = await member.post('/es/account', { intent, invitationId: String(invitation.id) })
      expect(notAdmin.status, intent).toBe(403)
    }
    expect(invitationsTo(email)).toEqual([invitation])
    expect(await linksTo(email)).toHaveLength(1)
  })
})
