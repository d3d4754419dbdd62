import type { Currency, Tier } from '#db/schema/enums'

/**
 * Reference rates (US dollars per unit) used only to compare an account's ARR with its
 * market's thresholds when the two are in different currencies. Planning rates, set
 * once a year by finance, so an account does not change tier with the daily market.
 */
export const usdPerUnit: Record<Currency, number> = {
  USD: 1,
  EUR: 1.08,
  GBP: 1.27,
  BRL: 0.18,
  MXN: 0.055,
}

/** Converts minor units between currencies at the reference rates, rounding to a minor unit. */
export function convertMinor(amount: number, from: Currency, to: Currency) {
  if (from === to) return amount
  return Math.round((amount * usdPerUnit[from]) / usdPerUnit[to])
}

export type TierThresholds = {
  currency: Currency
  /** ARR in minor units at or above which an account is high-touch. */
  highTouchMinArr: number
  /** ARR in minor units at or above which an account is mid-touch. */
  midTouchMinArr: number
}

/** The segmentation method is global; only the thresholds are the market's. */
export function deriveTier(arr: { arrMinor: number; currency: Currency }, market: TierThresholds): Tier {
  const inMarketCurrency = convertMinor(arr.arrMinor, arr.currency, market.currency)
  if (inMarketCurrency >= market.highTouchMinArr) return 'high'
  if (inMarketCurrency >= market.midTouchMinArr) return 'mid'
  return 'tech'
}

export function effectiveTier(account: { derivedTier: Tier; tierOverride: Tier | null }): Tier {
  return account.tierOverride ?? account.derivedTier
}
