/**
 * The demo's story: the portal opens to customers in one month, and each market moves to it at
 * its own pace: the US, used to email, almost at once; LATAM and Brazil, used to WhatsApp,
 * slowly and never quite fully. Everything the demo says about the portal (which channel a
 * ticket comes through, whether an onboarding account reads the help, and so how soon it
 * reaches value) is drawn from this one curve, so the cockpit's figures are simulated, not painted.
 */

const dayMs = 24 * 3600 * 1000

/** How many months before the seed's month the portal opened; it opened on that month's 10th. */
export const portalLaunchMonthsAgo = 5

/** The moment the portal opened, counted back from the seed's today (UTC midnight). */
export function portalLaunch(today: number) {
  const date = new Date(today)
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth() - portalLaunchMonthsAgo, 10)
}

/** Per market: the share of customers who end up using the portal, and how many months it takes to get most of the way. */
const paceByMarket: Record<string, { ceiling: number; months: number }> = {
  US: { ceiling: 0.98, months: 1 },
  EMEA: { ceiling: 0.95, months: 2 },
  LATAM: { ceiling: 0.9, months: 3.5 },
  BR: { ceiling: 0.85, months: 5 },
}

/**
 * The chance that a customer of `market` turns to the portal at moment `at`: none before the
 * launch, then rising towards the market's ceiling.
 */
export function portalAdoption(market: string, at: number, launch: number) {
  if (at < launch) return 0
  const pace = paceByMarket[market] ?? { ceiling: 0.9, months: 3 }
  const months = (at - launch) / (30 * dayMs)
  return pace.ceiling * (1 - Math.exp(-months / pace.months))
}
