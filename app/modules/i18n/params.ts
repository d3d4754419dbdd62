import type { Params } from '@remix-run/react'
import { isLocale, type Locale } from './locales'

/** The `:lang` of a route; any other value is a 404 page, never a crash. */
export function localeParam(params: Params): Locale {
  if (!isLocale(params.lang)) throw new Response('Not found', { status: 404 })
  return params.lang
}

/** A positive integer id from the URL; anything else is as missing as an unknown id. */
export function idParam(params: Params, name: string): number {
  const value = params[name] ?? ''
  if (!/^[1-9]\d{0,15}$/.test(value)) throw new Response('Not found', { status: 404 })
  return Number(value)
}
