import { and, asc, eq, inArray, isNull, or } from 'drizzle-orm'
import { db, schema } from '~/db.server'
import { effectiveTier } from '~/modules/accounts/tier'
import type { Locale } from '~/modules/i18n/locales'

const { accounts, checklists, checklistItems, checklistItemTranslations } = schema

export type LinkableChecklistItem = { key: string; title: string }

/**
 * The steps of an account's playbook a task may point to, titled in `locale`: the task plan's
 * only view of onboarding. The onboarding module owns the rule of which playbook an account
 * follows (`getOnboarding` in onboarding/progress.server.ts); until that module reaches this
 * branch, this applies the same rule: the playbook staff chose, otherwise the most specific
 * match of market and tier. Once it has, the body becomes
 * `(await getOnboarding({ accountId, locale }))?.items.map(({ key, title }) => ({ key, title })) ?? []`.
 */
export async function listLinkableChecklistItems({ accountId, locale }: { accountId: number; locale: Locale }): Promise<LinkableChecklistItem[]> {
  const checklistId = await playbookOf(accountId)
  if (checklistId === null) return []
  const checklist = await db.query.checklists.findFirst({ where: eq(checklists.id, checklistId), columns: { sourceLocale: true } })
  const items = await db
    .select({ id: checklistItems.id, key: checklistItems.key })
    .from(checklistItems)
    .where(eq(checklistItems.checklistId, checklistId))
    .orderBy(asc(checklistItems.position), asc(checklistItems.id))
  if (items.length === 0) return []
  const texts = await db
    .select({ itemId: checklistItemTranslations.itemId, locale: checklistItemTranslations.locale, title: checklistItemTranslations.title })
    .from(checklistItemTranslations)
    .where(inArray(checklistItemTranslations.itemId, items.map((i) => i.id)))
  return items.map((item) => {
    const own = texts.filter((t) => t.itemId === item.id)
    // An untranslated step shows its source text rather than nothing.
    const text = own.find((t) => t.locale === locale) ?? own.find((t) => t.locale === checklist?.sourceLocale) ?? own[0]
    return { key: item.key, title: text?.title ?? item.key }
  })
}

async function playbookOf(accountId: number) {
  const account = await db.query.accounts.findFirst({
    where: eq(accounts.id, accountId),
    columns: { marketId: true, derivedTier: true, tierOverride: true, checklistId: true },
  })
  if (!account) return null
  if (account.checklistId) return account.checklistId
  const tier = effectiveTier(account)
  const candidates = await db
    .select({ id: checklists.id, marketId: checklists.marketId, tier: checklists.tier })
    .from(checklists)
    .where(and(or(eq(checklists.marketId, account.marketId), isNull(checklists.marketId)), or(eq(checklists.tier, tier), isNull(checklists.tier))))
    .orderBy(asc(checklists.id))
  const specificity = (c: (typeof candidates)[number]) => (c.tier ? 2 : 0) + (c.marketId ? 1 : 0)
  return candidates.sort((a, b) => specificity(b) - specificity(a))[0]?.id ?? null
}
