import { z } from 'zod'
import { cleanLine } from './text'

export type FieldErrors = Record<string, string>

/**
 * Parses a submitted form with a zod schema. Error messages are i18n keys of the `errors`
 * namespace (`form.*`); any message that is not one becomes `form.invalid`, so no internal
 * wording reaches a person.
 */
export function parseForm<S extends z.ZodType>(
  formData: FormData,
  schema: S,
  options: { arrays?: string[] } = {},
): { success: true; data: z.output<S> } | { success: false; fieldErrors: FieldErrors } {
  const input: Record<string, unknown> = {}
  for (const key of new Set(formData.keys())) {
    const values = formData.getAll(key).filter((v): v is string => typeof v === 'string')
    input[key] = options.arrays?.includes(key) ? values : values[0]
  }
  for (const key of options.arrays ?? []) input[key] ??= []
  const result = schema.safeParse(input)
  if (result.success) return { success: true, data: result.data }
  return { success: false, fieldErrors: fieldErrorsOf(result.error) }
}

export function fieldErrorsOf(error: z.ZodError): FieldErrors {
  const fieldErrors: FieldErrors = {}
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? 'form')
    fieldErrors[field] ??= issue.message.startsWith('form.') ? issue.message : 'form.invalid'
  }
  return fieldErrors
}

/** Shared field schemas: each message is an i18n key. */
export const fields = {
  email: z
    .string({ error: 'form.required' })
    .trim()
    .toLowerCase()
    .min(1, { error: 'form.required' })
    .max(254, { error: 'form.tooLong' })
    .pipe(z.email({ error: 'form.email' })),
  /** Not trimmed: spaces may be part of a password. */
  password: z
    .string({ error: 'form.required' })
    .min(1, { error: 'form.required' })
    .max(200, { error: 'form.tooLong' }),
  newPassword: z
    .string({ error: 'form.required' })
    .min(10, { error: 'form.passwordTooShort' })
    .max(200, { error: 'form.tooLong' }),
  name: z
    .string({ error: 'form.required' })
    .transform(cleanLine)
    .pipe(z.string().min(1, { error: 'form.required' }).max(100, { error: 'form.tooLong' })),
  id: z.coerce.number({ error: 'form.invalid' }).int().positive(),
}

/**
 * The submitted form, or a 400 page when the body is not a form at all (JSON, text, a broken
 * multipart body): a client's mistake, never a server error.
 */
export async function readForm(request: Request): Promise<FormData> {
  try {
    return await request.formData()
  } catch {
    throw new Response('Bad Request', { status: 400 })
  }
}
