import { describe, expect, inject, it } from 'vitest'
import { createCertificate } from '../factories/academy'
import { createTicket } from '../factories/browser-data'
import { createArticle } from '../factories/kb'
import { addPlaybookItem, createOnboardingCustomer } from '../factories/onboarding'
import { createAccount, createUser, signedInClient, unique } from '../factories/people'
import { days, hours, testClock } from '../setup/clock'
import { queryDb } from '../setup/db'
import { createClient, demoPassword } from '../setup/http'
import { asHtml, tr } from '../setup/i18n'

/**
 * The signed-in customer's home (issue 15): where sign-in lands, what its cards show (each
 * figure recomputed here from the database), the one definition of "day N" and what happens
 * past the onboarding goal. Time comes from each request's X-Test-Now header.
 */
const server = inject('server')

const onboardingGoalDays = () =>
  queryDb<{ n: number }>(server.databaseFile, 'select onboarding_days as n from outcome_targets')[0]!.n

/** The first open required step of a playbook, in its order, with its title in `locale`. */
function firstOpenStep(playbookId: number, accountId: number, locale: string) {
  return queryDb<{ key: string; title: string; linkType: string | null }>(
    server.databaseFile,
    `select i.key, t.title, i.link_type as linkType
     from checklist_items i join checklist_item_translations t on t.item_id = i.id and t.locale = ?
     where i.checklist_id = ? and i.required = 1
       and i.key not in (select item_key from account_item_progress where account_id = ?)
     order by i.position, i.id limit 1`,
    locale,
    playbookId,
    accountId,
  )[0]!
}

describe('signing in', () => {
  it('lands a customer on their own home and staff on the staff area', async () => {
    const joao = createUser({ locale: 'pt' })
    const client = createClient(server.url)
    const response = await client.signIn(joao.email, demoPassword, 'pt')
    expect(response.status).toBe(302)
    expect(response.headers.get('Location')).toBe('/pt')
    const home = await (await client.get('/pt')).text()
    expect(home).toContain(asHtml(tr('pt', 'common:home.personal.title', { name: joao.name })))

    const agent = createUser({ role: 'agent' })
    const staff = await createClient(server.url).signIn(agent.email, demoPassword, 'en')
    expect(staff.headers.get('Location')).toBe('/en/staff')
  })

  it('follows a redirectTo only to a path of this site', async () => {
    const emma = createUser({ locale: 'en' })
    const signInTo = async (redirectTo: string) => {
      const client = createClient(server.url)
      const response = await client.post('/en/login', {
        email: emma.email,
        password: demoPassword,
        redirectTo,
      })
      expect(response.status, redirectTo).toBe(302)
      return response.headers.get('Location')
    }
    expect(await signInTo('/en/tickets?status=pending')).toBe('/en/tickets?status=pending')
    for (const foreign of [
      'https://evil.example/en',
      '//evil.example/en',
      '/\\evil.example',
      '/%2F/evil.example',
      '%2F%2Fevil.example',
      'javascript:alert(1)',
      '/en/\nSet-Cookie:x=1',
    ]) {
      expect(await signInTo(foreign), foreign).toBe('/en')
    }
  })

  it('keeps the public home for visitors', async () => {
    const html = await (await createClient(server.url).get('/es')).text()
    expect(html).toContain(asHtml(tr('es', 'common:home.title')))
    expect(html).not.toContain(asHtml(tr('es', 'common:home.next.title')))
  })
})

describe('the day of onboarding', () => {
  const dayText = (day: number) => asHtml(tr('en', 'onboarding:summary.day', { day }))

  it('is day 0 at T0, stays so past midnight, and turns at 24 hours, on the checklist and in the tracker', async () => {
    const t0 = new Date('2027-01-10T22:00:00Z')
    const { user, account } = createOnboardingCustomer({
      market: 'US',
      locale: 'en',
      account: { onboardingStartedAt: t0 },
    })
    const clock = testClock(t0)
    let emma = await signedInClient(user, { now: clock.now })
    const staff = createUser({ role: 'agent' })
    let agent = await signedInClient(staff, { now: clock.now })
    const trackerDay = async () => {
      const csv = await (await agent.get('/en/staff/onboarding.csv')).text()
      // Strings are quoted and account names have no commas: the day is the seventh column.
      const row = csv.split('\r\n').find((line) => line.startsWith(`"${account.name}",`))
      return row?.split(',')[6]
    }

    let html = await (await emma.get('/en/onboarding')).text()
    expect(html).toContain(dayText(0))
    expect(html).toContain(asHtml(tr('en', 'onboarding:summary.dayZero')))
    expect(await trackerDay()).toBe('0')

    clock.set('2027-01-11T00:30:00Z')
    expect(await (await emma.get('/en/onboarding')).text()).toContain(dayText(0))
    clock.set('2027-01-11T21:59:59Z')
    expect(await (await emma.get('/en/onboarding')).text()).toContain(dayText(0))
    clock.set('2027-01-11T22:00:00Z')
    expect(await (await emma.get('/en/onboarding')).text()).toContain(dayText(1))
    expect(await trackerDay()).toBe('1')

    // The milestone reached today is reached on the day the card shows: 41, never 41 and 42.
    clock.set(new Date(t0.getTime() + days(41) + hours(3)))
    // Sessions end after 30 days: both sign in again.
    emma = await signedInClient(user, { now: clock.now })
    agent = await signedInClient(staff, { now: clock.now })
    await emma.post('/en/onboarding', { intent: 'done', itemKey: 'first-attributed-install' })
    html = await (await emma.get('/en/onboarding')).text()
    expect(html).toContain(dayText(41))
    expect(html).not.toContain(dayText(42))
    // The moment is a <time> element inside the sentence: 01:00 UTC on Feb 21 is the evening of
    // Feb 20 on Emma's clock (the US market's New York zone).
    const reachedAt = new Date(t0.getTime() + days(41) + hours(3)).toISOString()
    expect(html).toContain(`<time dateTime="${reachedAt}">Feb 20, 2027</time>`)
    expect(html.replace(/<time [^>]*>([^<]*)<\/time>/g, '$1')).toContain(
      asHtml(tr('en', 'onboarding:summary.milestoneReached_other', { date: 'Feb 20, 2027', count: 41 })),
    )
    expect(await trackerDay()).toBe('41')
  })
})

describe('the next step and the goal', () => {
  it('puts the first open required step on the home with one button, and the next one once it is done', async () => {
    const { user, account, playbook } = createOnboardingCustomer({ market: 'LATAM', locale: 'es' })
    const maria = await signedInClient(user)
    const first = firstOpenStep(playbook.id, account.id, 'es')
    let home = await (await maria.get('/es')).text()
    expect(home).toContain(asHtml(first.title))
    expect(home).toContain('href="/es/onboarding"')

    expect((await maria.post('/es/onboarding', { intent: 'done', itemKey: first.key })).status).toBe(200)
    const second = firstOpenStep(playbook.id, account.id, 'es')
    expect(second.key).not.toBe(first.key)
    home = await (await maria.get('/es')).text()
    expect(home).toContain(asHtml(second.title))
    const done = queryDb<{ n: number }>(
      server.databaseFile,
      'select count(*) as n from account_item_progress where account_id = ?',
      account.id,
    )[0]!.n
    const total = queryDb<{ n: number }>(
      server.databaseFile,
      'select count(*) as n from checklist_items where checklist_id = ?',
      playbook.id,
    )[0]!.n
    expect(home).toContain(asHtml(tr('es', 'onboarding:summary.progress', { done, total })))
  })

  it('a step without a link sends to the step on the checklist', async () => {
    const { user, account, playbook } = createOnboardingCustomer({ market: 'US', locale: 'en' })
    const manual = addPlaybookItem(playbook, {
      position: -1,
      required: true,
      titles: { en: 'Call your team' },
    })
    const html = await (await (await signedInClient(user)).get('/en')).text()
    expect(firstOpenStep(playbook.id, account.id, 'en').key).toBe(manual.key)
    expect(html).toContain(`href="/en/onboarding#item-${manual.key}"`)
    expect(html).toContain(asHtml(tr('en', 'common:home.next.howTo')))
  })

  it('on the goal day says nothing; the day after, says so kindly and offers a ticket about the stuck step', async () => {
    const goal = onboardingGoalDays()
    const t0 = new Date('2027-02-01T09:00:00Z')
    const clock = testClock(new Date(t0.getTime() + days(goal) + hours(1)))
    const { user, account, playbook } = createOnboardingCustomer({
      market: 'BR',
      locale: 'pt',
      account: { onboardingStartedAt: t0 },
    })
    const joao = await signedInClient(user, { now: clock.now })
    const pastGoal = asHtml(tr('pt', 'onboarding:pastGoal.title_other', { count: goal }))
    expect(await (await joao.get('/pt')).text()).not.toContain(pastGoal)

    clock.advance(days(1))
    const home = await (await joao.get('/pt')).text()
    expect(home).toContain(pastGoal)
    const step = firstOpenStep(playbook.id, account.id, 'pt')
    const subject = tr('pt', 'onboarding:pastGoal.subject', { step: step.title })
    const href = /href="(\/pt\/tickets\/new\?[^"]+)"/.exec(home)?.[1]?.replaceAll('&amp;', '&')
    expect(href).toBeDefined()
    const params = new URL(href!, server.url).searchParams
    expect(params.get('subject')).toBe(subject)
    expect(params.get('from')).toBe(`/pt/onboarding#item-${step.key}`)

    const form = await (await joao.get(href!)).text()
    expect(form).toContain(`value="${asHtml(subject)}"`)
    expect(form).toContain(asHtml(tr('pt', 'onboarding:pastGoal.body', { step: step.title }).split('\n')[0]!))
    const sent = await joao.post('/pt/tickets/new', {
      subject,
      body: 'Não sei como continuar.',
      category: 'how_to',
      from: params.get('from')!,
      fromTitle: params.get('fromTitle')!,
    })
    expect(sent.status).toBe(302)
    const [ticket] = queryDb<{ contextPath: string; contextTitle: string }>(
      server.databaseFile,
      'select context_path as contextPath, context_title as contextTitle from tickets where requester_id = ?',
      user.id,
    )
    expect(ticket).toEqual({ contextPath: `/pt/onboarding#item-${step.key}`, contextTitle: step.title })
  })

  it('past the goal, a high-touch account is sent to its success manager', async () => {
    const goal = onboardingGoalDays()
    const csm = createUser({ role: 'agent', name: unique('Lucía Gómez') })
    const account = createAccount({
      market: 'LATAM',
      tier: 'high',
      ownerId: csm.id,
      onboardingStartedAt: new Date('2027-01-01T09:00:00Z'),
    })
    const maria = await signedInClient(createUser({ account, locale: 'es' }), {
      now: () => new Date(new Date('2027-01-01T09:00:00Z').getTime() + days(goal + 5)),
    })
    const home = await (await maria.get('/es')).text()
    expect(home).toContain(asHtml(tr('es', 'onboarding:pastGoal.title_other', { count: goal })))
    expect(home).toContain(asHtml(csm.name))
    expect(home).toContain(`href="mailto:${csm.email}`)
    expect(home).not.toContain(asHtml(tr('es', 'onboarding:pastGoal.ask')))
  })
})

describe('the home cards', () => {
  it('lists the tickets waiting for the person and counts them in the navigation, as the database has them', async () => {
    const account = createAccount({ market: 'EMEA', locale: 'ru' })
    const olga = createUser({ account, locale: 'ru' })
    const colleague = createUser({ account, locale: 'ru' })
    const waiting = [createTicket(olga, { status: 'pending' }), createTicket(olga, { status: 'pending' })]
    const open = createTicket(olga, { status: 'open' })
    const colleagues = createTicket(colleague, { status: 'pending' })
    const expected = queryDb<{ n: number }>(
      server.databaseFile,
      "select count(*) as n from tickets where requester_id = ? and status = 'pending'",
      olga.id,
    )[0]!.n
    expect(expected).toBe(2)

    const html = await (await (await signedInClient(olga)).get('/ru')).text()
    for (const ticket of waiting) expect(html).toContain(`href="/ru/tickets/${ticket.number}"`)
    expect(html).not.toContain(`href="/ru/tickets/${open.number}"`)
    expect(html).not.toContain(`href="/ru/tickets/${colleagues.number}"`)
    expect(html).toContain(asHtml(tr('ru', 'common:nav.waiting_few', { count: expected })))
    expect(html).toContain('href="/ru/tickets?status=pending"')
  })

  it('offers the first course of the catalog to a person who has started none', async () => {
    const [course] = queryDb<{ key: string; title: string }>(
      server.databaseFile,
      `select c.key, t.title from courses c join course_translations t on t.course_id = c.id and t.locale = 'es'
       where t.status = 'published' order by c.position, c.id limit 1`,
    )
    const html = await (await (await signedInClient(createUser({ locale: 'es' }))).get('/es')).text()
    expect(html).toContain(asHtml(tr('es', 'academy:catalog.startCourse', { title: course!.title })))
    expect(html).toContain(`href="/es/academy/${course!.key}/1"`)
  })

  it('shows articles new or updated in the reader’s language in the account’s product areas', async () => {
    const now = new Date('2027-06-15T12:00:00Z')
    const { user, playbook } = createOnboardingCustomer({ market: 'LATAM', locale: 'es' })
    const [area] = queryDb<{ key: string }>(
      server.databaseFile,
      `select distinct c.key from kb_categories c join articles a on a.category_id = c.id
       join checklist_items i on i.link_key = a.key and i.link_type = 'article' where i.checklist_id = ? limit 1`,
      playbook.id,
    )
    const [elsewhere] = queryDb<{ key: string }>(
      server.databaseFile,
      `select c.key from kb_categories c where not exists (
         select 1 from articles a join checklist_items i on i.link_key = a.key and i.link_type = 'article'
         where a.category_id = c.id and i.checklist_id = ?) order by c.position limit 1`,
      playbook.id,
    )
    const text = (title: string, publishedAt: Date, revision = 1) => ({
      es: { title, publishedAt, revision },
    })
    const fresh = createArticle({
      sourceLocale: 'es',
      categoryKey: area!.key,
      translations: text(unique('Nuevo informe'), new Date(now.getTime() - days(2))),
    })
    const updated = createArticle({
      sourceLocale: 'es',
      categoryKey: area!.key,
      translations: text(unique('Guía revisada'), new Date(now.getTime() - days(5)), 2),
    })
    const old = createArticle({
      sourceLocale: 'es',
      categoryKey: area!.key,
      translations: text(unique('Artículo antiguo'), new Date(now.getTime() - days(40))),
    })
    const unrelated = createArticle({
      sourceLocale: 'es',
      categoryKey: elsewhere!.key,
      translations: text(unique('Otro tema'), new Date(now.getTime() - days(1))),
    })
    const maria = await signedInClient(user, { now: () => now })
    const html = await (await maria.get('/es')).text()
    expect(html).toContain(asHtml(fresh.translations.es!.title))
    expect(html).toContain(asHtml(updated.translations.es!.title))
    expect(html).toContain(asHtml(tr('es', 'common:home.articles.updated')))
    expect(html).not.toContain(asHtml(old.translations.es!.title))
    expect(html).not.toContain(asHtml(unrelated.translations.es!.title))

    // What the team reads is theirs too: once read, its category's news show.
    const other = createArticle({
      sourceLocale: 'es',
      categoryKey: elsewhere!.key,
      translations: text(unique('Más sobre el tema'), new Date(now.getTime() - days(3))),
    })
    expect((await maria.get(`/es/kb/${unrelated.translations.es!.slug}`)).status).toBe(200)
    // The view is written with its batch, within a second (app/modules/events/usage.server.ts).
    await expect
      .poll(async () => (await maria.get('/es')).text(), { timeout: 5_000 })
      .toContain(asHtml(other.translations.es!.title))
  })

  it('shows an account admin the team’s progress as the database has it, and nobody else', async () => {
    const account = createAccount({ market: 'US' })
    const admin = createUser({ account, locale: 'en', isAccountAdmin: true })
    const certified = createUser({ account, locale: 'en' })
    createUser({ account, locale: 'en' })
    createUser({ account, locale: 'en', disabled: true })
    createCertificate({ ...certified, locale: 'en', accountId: account.id })
    const [figures] = queryDb<{ people: number; certified: number; learning: number }>(
      server.databaseFile,
      `select count(*) as people,
         sum(exists (select 1 from certificates c where c.user_id = u.id)) as certified,
         sum(exists (select 1 from lesson_progress l where l.user_id = u.id)) as learning
       from users u where u.account_id = ? and u.disabled = 0`,
      account.id,
    )
    expect(figures).toEqual({ people: 3, certified: 1, learning: 0 })

    const html = await (await (await signedInClient(admin)).get('/en')).text()
    const team = html.slice(html.indexOf('id="home-team"'))
    expect(team).toContain(
      `<dt>${asHtml(tr('en', 'common:home.team.people'))}</dt><dd>${figures!.people}</dd>`,
    )
    expect(team).toContain(
      `<dt>${asHtml(tr('en', 'common:home.team.certified'))}</dt><dd>${figures!.certified}</dd>`,
    )
    expect(team).toContain(
      `<dt>${asHtml(tr('en', 'common:home.team.learning'))}</dt><dd>${figures!.learning}</dd>`,
    )
    expect(team).toContain('href="/en/account#team-heading"')

    const member = await (await (await signedInClient(certified)).get('/en')).text()
    expect(member).not.toContain('id="home-team"')
  })
})

describe('help from anywhere', () => {
  it('ends an article with Ask us, and the ticket records the page it was asked from', async () => {
    const [article] = queryDb<{ slug: string; title: string }>(
      server.databaseFile,
      `select t.slug, t.title from article_translations t join articles a on a.id = t.article_id
       where a.key = 'deep-linking' and t.locale = 'pt'`,
    )
    const page = await (await createClient(server.url).get(`/pt/kb/${article!.slug}`)).text()
    expect(page).toContain(asHtml(tr('pt', 'common:askUs.title')))
    const href = /href="(\/pt\/tickets\/new\?[^"]+)"/.exec(page)?.[1]?.replaceAll('&amp;', '&')
    const params = new URL(href!, server.url).searchParams
    expect(params.get('subject')).toBe(tr('pt', 'common:askUs.subject', { title: article!.title }))
    expect(params.get('from')).toBe(`/pt/kb/${article!.slug}`)
    expect(params.get('fromTitle')).toBe(article!.title)

    const joao = createUser({ locale: 'pt' })
    const client = await signedInClient(joao)
    const form = await (await client.get(href!)).text()
    expect(form).toContain(`name="from" value="/pt/kb/${article!.slug}"`)
    expect(form).toContain(asHtml(tr('pt', 'tickets:customer.new.askedFrom')))
    const send = (from: string) =>
      client.post('/pt/tickets/new', {
        subject: unique('Dúvida'),
        body: 'O deep link abre a loja.',
        category: 'how_to',
        from,
        fromTitle: article!.title,
      })
    expect((await send(`/pt/kb/${article!.slug}`)).status).toBe(302)
    // A crafted link cannot make the ticket point elsewhere.
    expect((await send('//evil.example/pt')).status).toBe(302)
    const contexts = queryDb<{ contextPath: string | null }>(
      server.databaseFile,
      'select context_path as contextPath from tickets where requester_id = ? order by id',
      joao.id,
    )
    expect(contexts).toEqual([{ contextPath: `/pt/kb/${article!.slug}` }, { contextPath: null }])
  })

  it('ends every video, course and lesson page with Ask us', async () => {
    const [video] = queryDb<{ key: string }>(
      server.databaseFile,
      'select key from videos order by id limit 1',
    )
    const [course] = queryDb<{ key: string }>(
      server.databaseFile,
      'select key from courses order by id limit 1',
    )
    for (const path of [
      `/ru/videos/${video!.key}`,
      `/ru/academy/${course!.key}`,
      `/ru/academy/${course!.key}/1`,
    ]) {
      const html = await (await createClient(server.url).get(path)).text()
      expect(html, path).toContain(asHtml(tr('ru', 'common:askUs.button')))
      expect(html, path).toContain(`from=${encodeURIComponent(path)}`)
    }
  })
})
