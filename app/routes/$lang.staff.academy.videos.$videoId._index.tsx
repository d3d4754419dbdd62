import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { AcademyItemHeader } from '~/components/academy-editor'
import { Field } from '~/components/ui/field'
import { videoSettingsSchema } from '~/modules/academy/academy-editor.schema'
import { getVideoForEditing, updateVideoSettings } from '~/modules/academy/academy-editor.server'
import { embedUrl, parseEmbedInput } from '~/modules/academy/embeds'
import { isEditor, requireEditor, requireStaff } from '~/modules/auth/guards.server'
import { feedbackTally } from '~/modules/feedback/feedback.server'
import { parseForm, readForm, type FieldErrors } from '~/modules/http/forms'
import type { RouteHandle } from '~/modules/http/route-handle'
import { formatNumber } from '~/modules/i18n/format'
import { idParam, localeParam } from '~/modules/i18n/params'
import { useTranslation } from '~/modules/i18n/use-translation'

export const handle: RouteHandle = {
  title: (t, loaderData) => {
    const d = loaderData as { title?: string } | undefined
    return d?.title ? t('editor:academy.video.pageTitle', { title: d.title }) : ''
  },
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const locale = localeParam(params)
  const videoId = idParam(params, 'videoId')
  const user = await requireStaff(request, locale)
  const found = await getVideoForEditing({ videoId, locale })
  if (!found) throw new Response('Not found', { status: 404 })
  const { provider, providerId } = found.video
  const feedback = await feedbackTally({ kind: 'video', contentId: videoId })
  return {
    locale,
    canEdit: isEditor(user),
    feedback,
    ...found,
    embed: provider && providerId ? embedUrl({ provider, providerId }) : null,
  }
}

type ActionResult = {
  fieldErrors: FieldErrors
  values: Record<string, string> | null
  saved: 'updated' | 'unchanged' | null
}

export async function action({ request, params }: ActionFunctionArgs) {
  const locale = localeParam(params)
  const videoId = idParam(params, 'videoId')
  await requireEditor(request, locale)
  const form = await readForm(request)
  const values = Object.fromEntries(
    [...form].filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
  )
  if (values.intent !== 'settings')
    return data<ActionResult>({ fieldErrors: { form: 'form.unknownAction' }, values, saved: null }, 400)
  const parsed = parseForm(form, videoSettingsSchema)
  if (!parsed.success)
    return data<ActionResult>({ fieldErrors: parsed.fieldErrors, values, saved: null }, 400)
  const { embedInput, ...settings } = parsed.data
  const embed = embedInput ? parseEmbedInput(embedInput) : null
  if (embedInput && !embed)
    return data<ActionResult>(
      { fieldErrors: { embedInput: 'editor:academy.errors.embed' }, values, saved: null },
      400,
    )
  const saved = updateVideoSettings({ videoId, ...settings, embed })
  if (saved === 'not-found') throw new Response('Not found', { status: 404 })
  return data<ActionResult>({ fieldErrors: {}, values: null, saved })
}

export default function VideoSettings() {
  const { t } = useTranslation(['editor', 'errors'])
  const { locale, canEdit, video, title, titleLocale, states, embed, feedback } =
    useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const errors = actionData?.fieldErrors ?? {}
  const values = actionData?.values ?? {}
  const base = `/${locale}/staff/academy/videos/${video.id}`
  return (
    <div className="page">
      <AcademyItemHeader
        locale={locale}
        title={title}
        titleLocale={titleLocale}
        itemKey={video.key}
        sourceLocale={video.sourceLocale}
        details={
          video.source === 'file'
            ? t('academy.video.fileSource', { file: video.file ?? '' })
            : t('academy.video.embedSource')
        }
        canEdit={canEdit}
        notice={
          actionData?.saved
            ? t(actionData.saved === 'updated' ? 'academy.detail.settingsSaved' : 'edit.unchanged')
            : null
        }
        formError={errors.form}
        textsHint={t('academy.video.textsHint')}
        base={base}
        states={states}
      />
      <p className="muted">
        {t('academy.feedbackTally', {
          yes: formatNumber(locale, feedback.yes),
          no: formatNumber(locale, feedback.no),
        })}
      </p>
      <section className="panel" aria-labelledby="settings-heading">
        <h2 id="settings-heading">{t('academy.detail.settings')}</h2>
        <p className="field__hint">{t('academy.detail.settingsHint')}</p>
        <Form method="post" className="stack" noValidate key={actionData?.values ? 'submitted' : 'stored'}>
          <fieldset className="plain-fieldset stack" disabled={!canEdit}>
            <Field
              label={t('academy.fields.position')}
              name="position"
              inputMode="numeric"
              defaultValue={values.position ?? String(video.position)}
              required
              error={errors.position}
            />
            <Field
              label={t('academy.fields.duration')}
              hint={t('academy.fields.durationHint')}
              name="durationSeconds"
              inputMode="numeric"
              defaultValue={values.durationSeconds ?? String(video.durationSeconds)}
              required
              error={errors.durationSeconds}
            />
            {video.source === 'embed' && (
              <Field
                label={t('academy.fields.embedUrl')}
                hint={t('academy.fields.embedUrlHint')}
                name="embedInput"
                type="url"
                defaultValue={values.embedInput ?? embed ?? ''}
                required
                error={errors.embedInput}
              />
            )}
            <div>
              <button type="submit" name="intent" value="settings" className="button button--quiet">
                {t('academy.detail.saveSettings')}
              </button>
            </div>
          </fieldset>
        </Form>
      </section>
    </div>
  )
}
