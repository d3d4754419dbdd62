import type { LoaderFunctionArgs } from '@remix-run/node'
import { localeParam } from '~/modules/i18n/params'

/** Any unknown path under a language is that language's 404 page. */
export function loader({ params }: LoaderFunctionArgs) {
  localeParam(params)
  throw new Response('Not found', { status: 404 })
}

export default function NotFound() {
  return null
}
