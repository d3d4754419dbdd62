import { Form } from '@remix-run/react'
import { ErrorText } from '~/components/ui/field'
import { useTranslation } from '~/modules/i18n/use-translation'

/**
 * Taking a published text off the site (articles, videos, courses, quizzes): a form of its own
 * with a confirming checkbox, so it never saves the edits pending in the text form beside it.
 */
export function UnpublishForm({ revision, error }: { revision: number; error?: string }) {
  const { t } = useTranslation('editor')
  return (
    <Form method="post" className="panel stack" aria-labelledby="unpublish-heading">
      <h2 id="unpublish-heading">{t('edit.unpublishTitle')}</h2>
      <input type="hidden" name="expectedRevision" value={revision} />
      <div className="checkbox">
        <input
          type="checkbox"
          id="unpublish-confirm"
          name="confirm"
          required
          aria-describedby="unpublish-confirm-error"
          aria-invalid={error ? true : undefined}
        />
        <label htmlFor="unpublish-confirm">{t('edit.unpublishConfirm')}</label>
      </div>
      <ErrorText id="unpublish-confirm-error" error={error} />
      <div className="button-row">
        <button type="submit" name="intent" value="unpublish" className="button button--quiet">
          {t('edit.unpublish')}
        </button>
      </div>
    </Form>
  )
}
