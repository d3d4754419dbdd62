import {
  data,
  redirect,
  type ActionFunctionArgs,
  type LinksFunction,
  type LoaderFunctionArgs,
} from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { locales } from '#db/schema/enums'
import { Field, FormMessage, TextareaField } from '~/components/ui/field'
import { requireStaff } from '~/modules/auth/guards.server'
import { fields, parseForm, readForm } from '~/modules/http/forms'
import type { RouteHandle } from '~/modules/http/route-handle'
import { localeNames } from '~/modules/i18n/locales'
import { localeParam } from '~/modules/i18n/params'
import { useTranslation } from '~/modules/i18n/use-translation'
import { savedReplyLimits, savedReplySchema } from '~/modules/tickets/saved-replies.schema'
import { deleteSavedReply, listSavedReplies, saveSavedReply } from '~/modules/tickets/saved-replies.server'
import styles from '~/styles/staff-tickets.css?url'

export const handle: RouteHandle = { title: (t) => t('staff:savedReplies.title') }

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: styles }]

const editSchema = z.object({ edit: fields.id.optional().catch(undefined) })

/** Agents write saved replies and editors translate them: every staff role may change them. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const locale = localeParam(params)
  await requireStaff(request, locale)
  const search = new URL(request.url).searchParams
  const { edit } = editSchema.parse(Object.fromEntries(search))
  const replies = await listSavedReplies()
  const editing = edit ? (replies.find((r) => r.id === edit) ?? null) : null
  if (edit && !editing) throw new Response('Not found', { status: 404 })
  return {
    locale,
    replies,
    editing,
    notice: search.has('saved') ? ('saved' as const) : search.has('deleted') ? ('deleted' as const) : null,
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const locale = localeParam(params)
  await requireStaff(request, locale)
  const form = await readForm(request)
  const intent = form.get('intent')
  const id = fields.id.optional().safeParse(form.get('id') || undefined)
  if (!id.success) throw new Response('Not found', { status: 404 })

  if (intent === 'delete') {
    if (!id.data || !(await deleteSavedReply({ id: id.data })))
      throw new Response('Not found', { status: 404 })
    return redirect(`/${locale}/staff/tickets/replies?deleted=1`)
  }
  if (intent === 'save') {
    const parsed = parseForm(form, savedReplySchema)
    const values = Object.fromEntries(
      [...form]
        .filter((e): e is [string, string] => typeof e[1] === 'string')
        .map(([k, v]) => [k, v.slice(0, savedReplyLimits.bodyMaxLength + 1)]),
    )
    if (!parsed.success) return data({ fieldErrors: parsed.fieldErrors, values }, 400)
    const saved = saveSavedReply({ id: id.data, translations: parsed.data })
    if (saved === null) throw new Response('Not found', { status: 404 })
    return redirect(`/${locale}/staff/tickets/replies?saved=${saved}`)
  }
  return data(
    {
      fieldErrors: { form: 'form.unknownAction' } as Record<string, string>,
      values: {} as Record<string, string>,
    },
    400,
  )
}

export default function SavedReplies() {
  const { t } = useTranslation(['staff'])
  const { locale, replies, editing, notice } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const errors = actionData?.fieldErrors ?? {}
  const valueOf = (name: string, fallback: string) => actionData?.values[name] ?? fallback
  return (
    <div className="page">
      <p className="breadcrumbs">
        <Link to={`/${locale}/staff/tickets`}>{t('tickets.queue.title')}</Link>
      </p>
      <h1>{t('savedReplies.title')}</h1>
      <p className="lead">{t('savedReplies.lead')}</p>
      {notice && <FormMessage success={t(`savedReplies.${notice}`)} />}

      {replies.length === 0 ? (
        <p className="muted">{t('savedReplies.none')}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">{t('savedReplies.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('savedReplies.titleColumn')}</th>
                {locales.map((l) => (
                  <th key={l} scope="col">
                    {localeNames[l]}
                  </th>
                ))}
                <th scope="col">
                  <span className="visually-hidden">{t('savedReplies.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {replies.map((reply) => (
                <tr key={reply.id}>
                  <td>{reply.translations.en?.title ?? reply.key}</td>
                  {locales.map((l) => (
                    <td key={l}>
                      {reply.translations[l] ? (
                        t('savedReplies.present')
                      ) : (
                        <span className="badge badge--muted">{t('savedReplies.fallsBack')}</span>
                      )}
                    </td>
                  ))}
                  <td>
                    <Link
                      to={`?edit=${reply.id}`}
                      aria-label={t('savedReplies.editNamed', {
                        title: reply.translations.en?.title ?? reply.key,
                      })}
                    >
                      {t('savedReplies.edit')}
                    </Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <section className="panel" aria-labelledby="saved-reply-form">
        <h2 id="saved-reply-form">
          {editing
            ? t('savedReplies.editTitle', { title: editing.translations.en?.title ?? editing.key })
            : t('savedReplies.newTitle')}
        </h2>
        <p className="muted">{t('savedReplies.fallbackHelp')}</p>
        {errors.form && <FormMessage error={errors.form} />}
        <Form method="post" className="stack" noValidate key={editing?.id ?? 'new'}>
          {editing && <input type="hidden" name="id" value={editing.id} />}
          <div className="saved-reply-locales">
            {locales.map((l) => (
              <fieldset key={l} className="stack" lang={l}>
                <legend>
                  {localeNames[l]}{' '}
                  {l === 'en' ? (
                    <span className="muted">{t('savedReplies.required')}</span>
                  ) : (
                    <span className="muted">{t('savedReplies.optional')}</span>
                  )}
                </legend>
                <Field
                  label={t('savedReplies.fields.title')}
                  name={`title_${l}`}
                  defaultValue={valueOf(`title_${l}`, editing?.translations[l]?.title ?? '')}
                  maxLength={savedReplyLimits.titleMaxLength}
                  error={errors[`title_${l}`]}
                />
                <TextareaField
                  label={t('savedReplies.fields.body')}
                  name={`body_${l}`}
                  className="message-textarea"
                  defaultValue={valueOf(`body_${l}`, editing?.translations[l]?.body ?? '')}
                  error={errors[`body_${l}`]}
                />
              </fieldset>
            ))}
          </div>
          <div className="button-row">
            <button type="submit" name="intent" value="save" className="button">
              {t('savedReplies.save')}
            </button>
            {editing && (
              <>
                <button
                  type="submit"
                  name="intent"
                  value="delete"
                  className="button button--danger"
                  formNoValidate
                >
                  {t('savedReplies.delete')}
                </button>
                <Link to={`/${locale}/staff/tickets/replies`}>{t('savedReplies.cancel')}</Link>
              </>
            )}
          </div>
        </Form>
      </section>
    </div>
  )
}
