import { and, eq, isNotNull } from 'drizzle-orm'
import { db, schema } from '~/db.server'
import { courseToResume } from '~/modules/academy/courses.server'
import { getTeamProgress } from '~/modules/accounts/accounts.server'
import { clock } from '~/modules/clock/clock'
import type { Locale } from '~/modules/i18n/locales'
import { listFreshArticles } from '~/modules/kb/kb.server'
import { playbookIdFor } from '~/modules/onboarding/playbooks.server'
import { getOnboarding } from '~/modules/onboarding/progress.server'
import { listTicketsAwaitingCustomer, type TicketViewer } from '~/modules/tickets/tickets.server'

const { accounts, articles, checklistItems, events } = schema

/** "New" on the home means published or updated in the reader's language within this many days. */
export const freshArticleDays = 30
const freshArticleLimit = 5

/**
 * An account's product areas: the knowledge-base categories of the articles its playbook links
 * to (what its onboarding is about) and of the articles its people have opened (what they use).
 * Both come from data the portal already has; nobody has to keep a list of interests.
 */
export async function productAreasOf({ accountId }: { accountId: number }) {
  const account = await db.query.accounts.findFirst({
    where: eq(accounts.id, accountId),
    columns: { marketId: true, derivedTier: true, tierOverride: true, checklistId: true },
  })
  if (!account) return []
  const checklistId = await playbookIdFor(account)
  const linked = checklistId
    ? await db
        .selectDistinct({ categoryId: articles.categoryId })
        .from(checklistItems)
        .innerJoin(articles, eq(articles.key, checklistItems.linkKey))
        .where(and(eq(checklistItems.checklistId, checklistId), eq(checklistItems.linkType, 'article')))
    : []
  const read = await db
    .selectDistinct({ categoryId: articles.categoryId })
    .from(events)
    .innerJoin(articles, eq(events.ref, articles.id))
    .where(and(eq(events.accountId, accountId), eq(events.type, 'article'), isNotNull(events.ref)))
  return [...new Set([...linked, ...read].map((r) => r.categoryId))]
}

/** Everything the signed-in customer's home shows, each part scoped to their account. */
export async function getCustomerHome(input: {
  locale: Locale
  viewer: TicketViewer & { accountId: number }
}) {
  const { locale, viewer } = input
  const now = clock.now()
  const since = new Date(now.getTime() - freshArticleDays * 24 * 3600 * 1000)
  const [onboarding, waiting, course, categoryIds, team] = await Promise.all([
    getOnboarding({ accountId: viewer.accountId, locale, today: now }),
    listTicketsAwaitingCustomer({ viewer }),
    courseToResume({ locale, userId: viewer.id }),
    productAreasOf({ accountId: viewer.accountId }),
    viewer.isAccountAdmin ? getTeamProgress({ accountId: viewer.accountId }) : null,
  ])
  const articlesForYou = await listFreshArticles({
    locale,
    viewer: { role: 'customer' },
    categoryIds,
    since,
    limit: freshArticleLimit,
  })
  return { onboarding, waiting, course, articles: articlesForYou, freshArticleDays, team }
}

export type CustomerHome = Awaited<ReturnType<typeof getCustomerHome>>
