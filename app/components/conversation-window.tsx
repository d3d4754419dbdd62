import { Link, useLocation } from '@remix-run/react'
import { formatNumber } from '~/modules/i18n/format'
import type { Locale } from '~/modules/i18n/locales'
import { useTranslation } from '~/modules/i18n/use-translation'

/**
 * Above a conversation that shows only its latest messages: how many are shown, and plain links
 * to the messages before the first one shown (`?before=<id>`) and to all of them
 * (`?messages=all`), which work without JavaScript. The newest messages and the reply form stay.
 */
export function EarlierMessages({
  locale,
  earlier,
  total,
  firstShownId,
}: {
  locale: Locale
  earlier: number
  total: number
  firstShownId: number | undefined
}) {
  const { t } = useTranslation('tickets')
  const { search } = useLocation()
  if (earlier === 0 || firstShownId === undefined) return null
  const link = (changes: Record<string, string>) => {
    const params = new URLSearchParams(search)
    params.delete('before')
    params.delete('messages')
    for (const [k, v] of Object.entries(changes)) params.set(k, v)
    return `?${params}`
  }
  return (
    <nav aria-label={t('conversationWindow.label')} className="pagination conversation-window">
      <p className="pagination__showing">
        {t('conversationWindow.shown', {
          count: total,
          shown: formatNumber(locale, total - earlier),
          total: formatNumber(locale, total),
        })}
      </p>
      <ul className="pagination__links">
        <li>
          <Link to={link({ before: String(firstShownId) })} preventScrollReset>
            {t('conversationWindow.earlier')}
          </Link>
        </li>
        <li>
          <Link to={link({ messages: 'all' })} preventScrollReset>
            {t('conversationWindow.all')}
          </Link>
        </li>
      </ul>
    </nav>
  )
}
