import { useTranslation } from '~/modules/i18n/use-translation'

type MarketKey = `market.${'US' | 'EMEA' | 'LATAM' | 'BR'}`

/**
 * A market's name in the reader's language. Markets an admin adds later have no translation
 * yet and show the name they were given.
 */
export function useMarketName() {
  const { t } = useTranslation('common')
  return (market: { code: string; name: string }) =>
    t(`market.${market.code}` as MarketKey, { defaultValue: market.name })
}
