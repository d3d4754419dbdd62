import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { AcademyTextEditor } from '~/components/academy-text-editor'
import { loadAcademyText, saveAcademyTextAction } from '~/modules/academy/academy-text-route.server'
import type { RouteHandle } from '~/modules/http/route-handle'
import { localeNames, type Locale } from '~/modules/i18n/locales'

export const handle: RouteHandle = {
  title: (t, loaderData) => {
    const d = loaderData as { heading?: { title: string }; editLocale?: Locale } | undefined
    return d?.heading && d.editLocale
      ? t('editor:edit.pageTitle', { title: d.heading.title, language: localeNames[d.editLocale] })
      : ''
  },
}

export const loader = (args: LoaderFunctionArgs) => loadAcademyText(args, 'quiz')

export const action = (args: ActionFunctionArgs) => saveAcademyTextAction(args, 'quiz')

export default function QuizTextEditor() {
  return <AcademyTextEditor />
}
