import { and, asc, eq, isNull } from 'drizzle-orm'
import type { Locale, Tier } from '#db/schema/enums'
import * as schema from '#db/schema/index'
import type { ItemLinkType } from '#db/schema/onboarding'
import { createAccount, createUser, testDb, unique, type AccountOverrides, type MarketCode } from './people'

/**
 * Playbooks of a test's own. A copy of a starter playbook (its steps, phases, links, event keys
 * and texts in every language) under a unique key and name, scoped to no market and no tier:
 * the portal only picks it for an account that names it (`checklistId`), since a starter
 * playbook of the account's tier is always more specific. A test that edits a playbook edits
 * its copy; the starter playbooks that the other files read stay as they are.
 */
export function copyStarterPlaybook(
  overrides: { fromTier?: Tier; key?: string; name?: string } = {},
  db = testDb(),
) {
  const fromTier = overrides.fromTier ?? 'mid'
  const starter = db
    .select()
    .from(schema.checklists)
    .where(and(eq(schema.checklists.tier, fromTier), isNull(schema.checklists.marketId)))
    .orderBy(asc(schema.checklists.id))
    .get()
  if (!starter) throw new Error(`copyStarterPlaybook: no starter playbook for the ${fromTier} tier`)
  const key = overrides.key ?? unique('playbook')
  const name = overrides.name ?? `Playbook ${key}`
  return db.transaction((tx) => {
    const checklist = tx
      .insert(schema.checklists)
      .values({ key, marketId: null, tier: null, sourceLocale: starter.sourceLocale })
      .returning()
      .get()
    const names = tx
      .select()
      .from(schema.checklistTranslations)
      .where(eq(schema.checklistTranslations.checklistId, starter.id))
      .all()
    const localizedNames: Partial<Record<Locale, string>> = {}
    for (const row of names) {
      localizedNames[row.locale] = `${name} (${row.locale})`
      tx.insert(schema.checklistTranslations)
        .values({ ...row, checklistId: checklist.id, name: localizedNames[row.locale]! })
        .run()
    }
    const items = tx
      .select()
      .from(schema.checklistItems)
      .where(eq(schema.checklistItems.checklistId, starter.id))
      .orderBy(asc(schema.checklistItems.position), asc(schema.checklistItems.id))
      .all()
    for (const item of items) {
      const { id: itemId, createdAt: _c, updatedAt: _u, ...fields } = item
      const copy = tx
        .insert(schema.checklistItems)
        .values({ ...fields, checklistId: checklist.id })
        .returning()
        .get()
      const texts = tx
        .select()
        .from(schema.checklistItemTranslations)
        .where(eq(schema.checklistItemTranslations.itemId, itemId))
        .all()
      for (const text of texts) {
        tx.insert(schema.checklistItemTranslations)
          .values({ ...text, itemId: copy.id })
          .run()
      }
    }
    return { id: checklist.id, key, names: localizedNames, fromTier }
  })
}

export type TestPlaybook = ReturnType<typeof copyStarterPlaybook>

/** A step added to a playbook, with its title in the given languages (English by default). */
export function addPlaybookItem(
  playbook: { id: number },
  overrides: {
    key?: string
    position?: number
    linkType?: ItemLinkType | null
    linkKey?: string | null
    eventKey?: string | null
    completeOnRead?: boolean
    required?: boolean
    titles?: Partial<Record<Locale, string>>
  } = {},
  db = testDb(),
) {
  const key = overrides.key ?? unique('step')
  const item = db
    .insert(schema.checklistItems)
    .values({
      checklistId: playbook.id,
      key,
      position: overrides.position ?? 1000,
      phase: 'grow',
      required: overrides.required ?? false,
      linkType: overrides.linkType ?? null,
      linkKey: overrides.linkKey ?? null,
      eventKey: overrides.eventKey ?? null,
      completeOnRead: overrides.completeOnRead ?? false,
    })
    .returning()
    .get()
  for (const [locale, title] of Object.entries(overrides.titles ?? { en: `Step ${key}` })) {
    db.insert(schema.checklistItemTranslations)
      .values({ itemId: item.id, locale: locale as Locale, title })
      .run()
  }
  return item
}

/**
 * A customer whose account follows a copy of a starter playbook (see copyStarterPlaybook): its
 * checklist starts empty, and editing the copy changes nobody else's.
 */
export function createOnboardingCustomer(
  overrides: { market?: MarketCode; locale?: Locale; fromTier?: Tier; account?: AccountOverrides } = {},
  db = testDb(),
) {
  const playbook = copyStarterPlaybook({ fromTier: overrides.fromTier }, db)
  const account = createAccount(
    { market: overrides.market, locale: overrides.locale, ...overrides.account, checklistId: playbook.id },
    db,
  )
  const user = createUser({ account, locale: overrides.locale ?? account.locale }, db)
  return { user, account, playbook }
}
