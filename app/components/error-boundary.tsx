import { isRouteErrorResponse, Link, useParams, useRouteError } from '@remix-run/react'
import { isLocale } from '~/modules/i18n/locales'
import { useTranslation } from '~/modules/i18n/use-translation'

const knownStatuses = [400, 403, 404, 413, 429] as const
type KnownStatus = (typeof knownStatuses)[number]

/**
 * The one error page of the portal: expected failures (thrown Responses) get a friendly,
 * localized page for their status; anything else is a 500 that never shows internals.
 */
export function GeneralErrorBoundary() {
  const error = useRouteError()
  const { t } = useTranslation('errors')
  const params = useParams()
  const locale = isLocale(params.lang) ? params.lang : 'en'
  const status = isRouteErrorResponse(error) ? error.status : 500
  const key: KnownStatus | 500 = (knownStatuses as readonly number[]).includes(status)
    ? (status as KnownStatus)
    : 500
  if (!isRouteErrorResponse(error) && typeof document !== 'undefined') console.error(error)
  return (
    <section className="error-page" aria-labelledby="error-title">
      <p className="error-status">{status}</p>
      <h1 id="error-title">{t(`status.${key}.title`)}</h1>
      <p>{t(`status.${key}.message`)}</p>
      <p>
        <Link to={`/${locale}`}>{t('backHome')}</Link>
      </p>
    </section>
  )
}
