/** Throws a Response (shown by the error boundary) unless the condition holds. */
export function invariantResponse(
  condition: unknown,
  message: string,
  init: ResponseInit & { status: number },
): asserts condition {
  if (!condition) throw new Response(message, init)
}

export const notFound = () => new Response('Not found', { status: 404 })
export const forbidden = () => new Response('Forbidden', { status: 403 })

/**
 * Accepts only same-origin paths: one `/` followed by neither `/` nor `\`, after decoding,
 * with no control characters. Anything else falls back (an open redirect otherwise).
 */
export function safeRedirect(target: FormDataEntryValue | string | null | undefined, fallback: string) {
  if (typeof target !== 'string' || target.length > 2000) return fallback
  let decoded: string
  try {
    decoded = decodeURIComponent(target)
  } catch {
    return fallback
  }
  for (const candidate of [target, decoded]) {
    if (!candidate.startsWith('/') || candidate.startsWith('//') || candidate.startsWith('/\\')) {
      return fallback
    }

    if (/[\u0000-\u001f\u007f\\]/.test(candidate)) return fallback
  }
  return target
}
