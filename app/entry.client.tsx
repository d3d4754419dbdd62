import { RemixBrowser } from '@remix-run/react'
import { startTransition, StrictMode } from 'react'
import { hydrateRoot } from 'react-dom/client'
import { loadLocale } from '~/modules/i18n/i18n.client'

// The server decided the locale and wrote it into <html lang>; the browser trusts it.
loadLocale(document.documentElement.lang || 'en').then(() => {
  startTransition(() => {
    hydrateRoot(
      document,
      <StrictMode>
        <RemixBrowser />
      </StrictMode>,
    )
  })
})
