import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import type { Locale } from '#db/schema/enums'
import { choosePlaybook } from '~/modules/onboarding/playbook-choice'
import { sqliteOf } from '../factories/browser-data'
import { browserLocales, useBrowser, waitForHydration } from '../setup/browser'
import { demoPassword } from '../setup/http'
import { tr } from '../setup/i18n'

/**
 * Issue 15's "done when": each of the four demo customers signs in through the form in their
 * language, lands on their own home and follows its next step. The step and its link are
 * worked out here from the database, with the portal's own playbook choice.
 */
const browser = useBrowser()

const demoCustomers: { lang: Locale; email: string }[] = [
  { lang: 'en', email: 'emma@harbor.example' },
  { lang: 'ru', email: 'olga@volga.example' },
  { lang: 'es', email: 'maria@andes.example' },
  { lang: 'pt', email: 'joao@paulista.example' },
]

type Step = {
  key: string
  title: string
  linkType: 'article' | 'video' | 'course' | null
  linkKey: string | null
}

/** The person's name and the first open required step of their account's playbook, in `lang`. */
function expectedHome(email: string, lang: Locale) {
  const db = sqliteOf()
  const person = db
    .prepare(
      `select u.name, a.id as accountId, a.market_id as marketId, a.derived_tier as derivedTier,
         a.tier_override as tierOverride, a.checklist_id as checklistId
       from users u join accounts a on a.id = u.account_id where u.email = ?`,
    )
    .get(email) as {
    name: string
    accountId: number
    marketId: number
    derivedTier: 'high' | 'mid' | 'tech'
    tierOverride: 'high' | 'mid' | 'tech' | null
    checklistId: number | null
  }
  const playbooks = db.prepare('select id, market_id as marketId, tier from checklists').all() as {
    id: number
    marketId: number | null
    tier: 'high' | 'mid' | 'tech' | null
  }[]
  const playbookId = choosePlaybook(person, playbooks)
  const step = db
    .prepare(
      `select i.key, t.title, i.link_type as linkType, i.link_key as linkKey
       from checklist_items i join checklist_item_translations t on t.item_id = i.id and t.locale = ?
       where i.checklist_id = ? and i.required = 1
         and i.key not in (select item_key from account_item_progress where account_id = ?)
       order by i.position, i.id limit 1`,
    )
    .get(lang, playbookId, person.accountId) as Step
  const done = (
    db
      .prepare('select count(*) as n from account_item_progress where account_id = ?')
      .get(person.accountId) as {
      n: number
    }
  ).n
  const total = (
    db.prepare('select count(*) as n from checklist_items where checklist_id = ?').get(playbookId) as {
      n: number
    }
  ).n
  return { name: person.name, step, done, total }
}

/** Where the step's link leads, and its title there, in `lang`. */
function linkTarget(step: Step, lang: Locale) {
  const db = sqliteOf()
  if (step.linkType === 'article') {
    const row = db
      .prepare(
        `select t.slug, t.title from article_translations t join articles a on a.id = t.article_id
         where a.key = ? and t.locale = ? and t.status = 'published'`,
      )
      .get(step.linkKey, lang) as { slug: string; title: string }
    return { path: `/${lang}/kb/${row.slug}`, title: row.title, label: 'onboarding:item.read' }
  }
  if (step.linkType === 'video') {
    const row = db
      .prepare(
        `select t.title from video_translations t join videos v on v.id = t.video_id
         where v.key = ? and t.locale = ?`,
      )
      .get(step.linkKey, lang) as { title: string }
    return { path: `/${lang}/videos/${step.linkKey}`, title: row.title, label: 'onboarding:item.watch' }
  }
  return null
}

async function signIn(page: Page, lang: Locale, email: string) {
  await page.goto(`/${lang}/login`)
  await waitForHydration(page, 'main form button[type=submit]')
  await page.getByLabel(tr(lang, 'auth:fields.email'), { exact: true }).fill(email)
  await page.getByLabel(tr(lang, 'auth:fields.password'), { exact: true }).fill(demoPassword)
  await page.getByRole('button', { name: tr(lang, 'auth:login.submit'), exact: true }).click()
}

describe('the demo customers’ home', () => {
  for (const { lang, email } of demoCustomers) {
    it(`${lang}: ${email} signs in, lands on the home and follows the next step`, async () => {
      const expected = expectedHome(email, lang)
      const page = await browser.newPage({ locale: browserLocales[lang]! })
      await page.setViewportSize({ width: 390, height: 844 })
      await signIn(page, lang, email)

      await page.waitForURL((url) => url.pathname === `/${lang}`)
      const title = tr(lang, 'common:home.personal.title', { name: expected.name })
      await page.getByRole('heading', { level: 1, name: title, exact: true }).waitFor()

      // On a phone the next step comes first, before every other card.
      const card = page.getByRole('region', { name: tr(lang, 'common:home.next.title'), exact: true })
      const tickets = page.getByRole('region', { name: tr(lang, 'common:home.tickets.title') })
      expect((await card.boundingBox())!.y).toBeLessThan((await tickets.boundingBox())!.y)
      expect(await card.textContent()).toContain(expected.step.title)
      expect(await card.textContent()).toContain(
        tr(lang, 'onboarding:summary.progress', { done: expected.done, total: expected.total }),
      )

      const target = linkTarget(expected.step, lang)
      if (target) {
        await waitForHydration(page)
        await card
          .getByRole('link', { name: tr(lang, target.label, { title: target.title }), exact: true })
          .click()
        await page.waitForURL((url) => url.pathname === target.path)
        await page.getByRole('heading', { level: 1, name: target.title, exact: true }).waitFor()
      } else {
        await card.getByRole('link', { name: tr(lang, 'common:home.next.howTo'), exact: true }).click()
        await page.waitForURL((url) => url.pathname === `/${lang}/onboarding`)
        await page.locator(`#item-${expected.step.key}`).waitFor()
      }

      // Following the link is not doing the step: back home, the same step is still next.
      await page.goto(`/${lang}`)
      const again = page.getByRole('region', { name: tr(lang, 'common:home.next.title'), exact: true })
      expect(await again.textContent()).toContain(expected.step.title)
      expect(expectedHome(email, lang).done).toBe(expected.done)
    })
  }
})
