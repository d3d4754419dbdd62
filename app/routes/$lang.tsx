import type { LoaderFunctionArgs } from '@remix-run/node'
import type { ClientLoaderFunctionArgs } from '@remix-run/react'
import { Outlet } from '@remix-run/react'
import { loadLocale } from '~/modules/i18n/i18n.client'
import { localeParam } from '~/modules/i18n/params'

export function loader({ params }: LoaderFunctionArgs) {
  return { locale: localeParam(params) }
}

/** A navigation into another language loads its texts before the page renders in it. */
export async function clientLoader({ serverLoader, params }: ClientLoaderFunctionArgs) {
  const [data] = await Promise.all([serverLoader<typeof loader>(), loadLocale(params.lang ?? '')])
  return data
}

export default function LocaleLayout() {
  return <Outlet />
}
