import type { Params } from '@remix-run/react'

/** Course keys are lower-case words with dashes; anything else is as unknown as a missing course. */
export function courseKeyParam(params: Params) {
  const key = params.course ?? ''
  if (!/^[a-z0-9][a-z0-9-]{0,99}$/.test(key)) throw new Response('Not found', { status: 404 })
  return key
}

/** A lesson is addressed by its 1-based place in the course. */
export function lessonPositionParam(params: Params) {
  const value = params.lesson ?? ''
  if (!/^[1-9]\d{0,3}$/.test(value)) throw new Response('Not found', { status: 404 })
  return Number(value)
}
