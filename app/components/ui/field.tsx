import {
  forwardRef,
  useId,
  type InputHTMLAttributes,
  type ReactNode,
  type SelectHTMLAttributes,
  type TextareaHTMLAttributes,
} from 'react'
import { useTranslation } from '~/modules/i18n/use-translation'

type ErrorKey = string | undefined

/** An error key of the `errors` namespace, rendered in the page's language. */
export function ErrorText({ id, error }: { id: string; error: ErrorKey }) {
  const { t } = useTranslation('errors')
  if (!error) return null
  return (
    <p id={id} className="field__error">
      {t(error as 'form.invalid')}
    </p>
  )
}

/** A labelled input whose error is announced with it (aria-describedby, aria-invalid). */
export function Field({
  label,
  hint,
  error,
  ...input
}: InputHTMLAttributes<HTMLInputElement> & { label: ReactNode; hint?: ReactNode; error?: ErrorKey }) {
  const id = useId()
  const errorId = `${id}-error`
  const hintId = `${id}-hint`
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {hint && (
        <p id={hintId} className="field__hint">
          {hint}
        </p>
      )}
      <input
        id={id}
        aria-invalid={error ? true : undefined}
        aria-describedby={
          [error ? errorId : null, hint ? hintId : null].filter(Boolean).join(' ') || undefined
        }
        {...input}
      />
      <ErrorText id={errorId} error={error} />
    </div>
  )
}

/**
 * A labelled multi-line input, like Field; `wide` lets it span the whole form row. It forwards
 * its ref so the staff reply form can insert a saved reply at the caret.
 */
export const TextareaField = forwardRef<
  HTMLTextAreaElement,
  TextareaHTMLAttributes<HTMLTextAreaElement> & {
    label: ReactNode
    hint?: ReactNode
    error?: ErrorKey
    wide?: boolean
  }
>(function TextareaField({ label, hint, error, wide, ...textarea }, ref) {
  const id = useId()
  const errorId = `${id}-error`
  const hintId = `${id}-hint`
  return (
    <div className={wide ? 'field field--wide' : 'field'}>
      <label htmlFor={id}>{label}</label>
      {hint && (
        <p id={hintId} className="field__hint">
          {hint}
        </p>
      )}
      <textarea
        ref={ref}
        id={id}
        aria-invalid={error ? true : undefined}
        aria-describedby={
          [error ? errorId : null, hint ? hintId : null].filter(Boolean).join(' ') || undefined
        }
        {...textarea}
      />
      <ErrorText id={errorId} error={error} />
    </div>
  )
})

export function SelectField({
  label,
  hint,
  error,
  children,
  ...select
}: SelectHTMLAttributes<HTMLSelectElement> & { label: ReactNode; hint?: ReactNode; error?: ErrorKey }) {
  const id = useId()
  const errorId = `${id}-error`
  const hintId = `${id}-hint`
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {hint && (
        <p id={hintId} className="field__hint">
          {hint}
        </p>
      )}
      <select
        id={id}
        aria-invalid={error ? true : undefined}
        aria-describedby={
          [error ? errorId : null, hint ? hintId : null].filter(Boolean).join(' ') || undefined
        }
        {...select}
      >
        {children}
      </select>
      <ErrorText id={errorId} error={error} />
    </div>
  )
}

/** A message about the whole form, announced when it appears. */
export function FormMessage({ error, success }: { error?: string | null; success?: string | null }) {
  const { t } = useTranslation('errors')
  if (error) {
    return (
      <div role="alert" className="notice notice--error">
        {t(error as 'form.invalid')}
      </div>
    )
  }
  if (success) {
    return (
      <div role="status" className="notice notice--success">
        {success}
      </div>
    )
  }
  return null
}
