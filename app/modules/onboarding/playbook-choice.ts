import type { Tier } from '#db/schema/enums'
import type { accounts } from '#db/schema/index'
import { effectiveTier } from '~/modules/accounts/tier'

export type AccountForPlaybook = Pick<
  typeof accounts.$inferSelect,
  'marketId' | 'derivedTier' | 'tierOverride' | 'checklistId'
>

type PlaybookScope = { id: number; marketId: number | null; tier: Tier | null }

/**
 * The playbook an account follows: the one staff chose, otherwise the most specific match
 * of its market and tier (a playbook for the market and tier beats one for the tier in
 * every market, which beats one for the market alone). Pure, so the tracker can decide
 * for every account at once.
 */
export function choosePlaybook(account: AccountForPlaybook, playbooks: PlaybookScope[]) {
  if (account.checklistId) return account.checklistId
  const tier = effectiveTier(account)
  const specificity = (p: PlaybookScope) => (p.tier ? 2 : 0) + (p.marketId ? 1 : 0)
  const candidates = playbooks
    .filter(
      (p) => (p.marketId === null || p.marketId === account.marketId) && (p.tier === null || p.tier === tier),
    )
    .sort((a, b) => specificity(b) - specificity(a) || a.id - b.id)
  return candidates[0]?.id ?? null
}
