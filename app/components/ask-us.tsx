import { Link } from '@remix-run/react'
import { useTranslation } from '~/modules/i18n/use-translation'
import { newTicketHref } from '~/modules/tickets/ticket-prefill'

/**
 * "Still stuck? Ask us": the end of every article, video and course page and of a search that
 * found nothing. It opens a new ticket with the page as its context (subject and body name
 * it, and the ticket records its address and title), so the person does not have to explain
 * where they were and staff see what they read.
 */
export function AskUs({
  locale,
  page,
  heading,
  subject,
}: {
  locale: string
  /** The page the person asks from, recorded with the ticket. */
  page: { path: string; title: string }
  /** The question above the link; "Still stuck?" unless the page asks its own. */
  heading?: string
  /** Instead of "Question about <page>": what the person typed, on a search that found nothing. */
  subject?: string
}) {
  const { t } = useTranslation('common')
  const href = newTicketHref(locale, {
    subject: subject ?? t('askUs.subject', { title: page.title }),
    body: subject === undefined ? t('askUs.body', { title: page.title }) : undefined,
    from: page,
  })
  return (
    <section className="panel ask-us" aria-labelledby="ask-us-heading">
      <h2 id="ask-us-heading">{heading ?? t('askUs.title')}</h2>
      <p>{t('askUs.text')}</p>
      <p>
        <Link to={href} className="button">
          {t('askUs.button')}
        </Link>
      </p>
    </section>
  )
}
