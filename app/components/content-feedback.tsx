import { Form, useNavigation } from '@remix-run/react'
import { useId } from 'react'
import type { FeedbackKind } from '#db/schema/feedback'
import { TextareaField } from '~/components/ui/field'
import { useTranslation } from '~/modules/i18n/use-translation'

/** Each kind's words live in its own namespace, under the same keys. */
const namespaces = { article: 'kb', video: 'videos', course: 'academy' } as const

/**
 * "Did this help?": yes or no and an optional reason, posted to the page's own action (with
 * `intent=feedback` where the page has other forms). Works without JavaScript.
 */
export function ContentFeedback({
  kind,
  answer,
  saved,
  withIntent = false,
}: {
  kind: FeedbackKind
  /** What this person answered before, if anything. */
  answer: { helpful: boolean } | null
  /** The answer was just saved: thank them. */
  saved: boolean
  withIntent?: boolean
}) {
  const { t } = useTranslation(['kb', 'videos', 'academy'])
  const navigation = useNavigation()
  const titleId = useId()
  const key = <K extends string>(name: K) => `${namespaces[kind]}:feedback.${name}` as const
  const busy = navigation.state === 'submitting'
  return (
    <section className="panel feedback" aria-labelledby={titleId}>
      <h2 id={titleId}>{t(key('question'))}</h2>
      {saved ? (
        <p role="status">{t(key('thanks'))}</p>
      ) : (
        <Form method="post" className="stack">
          {withIntent && <input type="hidden" name="intent" value="feedback" />}
          {answer && (
            <p className="muted">
              {t(key('answered'), {
                answer: answer.helpful ? t(key('helpful')) : t(key('notHelpful')),
              })}
            </p>
          )}
          <TextareaField label={t(key('reason'))} name="reason" rows={3} maxLength={1000} />
          <div className="button-row">
            <button type="submit" name="helpful" value="yes" className="button" disabled={busy}>
              {t(key('yes'))}
            </button>
            <button type="submit" name="helpful" value="no" className="button button--quiet" disabled={busy}>
              {t(key('no'))}
            </button>
          </div>
        </Form>
      )}
    </section>
  )
}
