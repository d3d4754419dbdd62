import { useId } from 'react'
import { ErrorText } from '~/components/ui/field'
import type { Locale } from '~/modules/i18n/locales'
import { useTranslation } from '~/modules/i18n/use-translation'
import { attachmentAccept, attachmentLimits } from '~/modules/tickets/attachments'
import { formatCount } from '~/modules/tickets/service-plan-format'

/** A size in the units people expect ("850 KB", "2.5 MB"). */
export function useByteSize() {
  const { t, i18n } = useTranslation('tickets')
  const locale = i18n.language as Locale
  return (bytes: number) => {
    if (bytes < 1024 * 1024)
      return t('attachments.kilobytes', { value: formatCount(locale, Math.max(1, Math.ceil(bytes / 1024))) })
    return t('attachments.megabytes', {
      value: formatCount(locale, Math.round((bytes / (1024 * 1024)) * 10) / 10),
    })
  }
}

/**
 * The file picker of a ticket form, with the limits spelled out. The `accept` list only
 * helps the picker; the server decides from the bytes.
 */
export function AttachmentsField({ error }: { error?: string }) {
  const { t, i18n } = useTranslation('tickets')
  const locale = i18n.language as Locale
  const size = useByteSize()
  const id = useId()
  return (
    <div className="field field--wide">
      <label htmlFor={id}>{t('attachments.label')}</label>
      <p id={`${id}-hint`} className="field__hint">
        {t('attachments.hint', {
          files: formatCount(locale, attachmentLimits.filesPerMessage),
          fileSize: size(attachmentLimits.fileBytes),
          ticketSize: size(attachmentLimits.ticketBytes),
        })}
      </p>
      <input
        id={id}
        type="file"
        name="attachments"
        multiple
        accept={attachmentAccept}
        aria-invalid={error ? true : undefined}
        aria-describedby={[`${id}-hint`, error ? `${id}-error` : null].filter(Boolean).join(' ')}
      />
      <ErrorText id={`${id}-error`} error={error} />
    </div>
  )
}
