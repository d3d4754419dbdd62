import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { articleVisibilities } from '#db/schema/kb'
import { Field, SelectField, TextareaField } from '~/components/ui/field'
import { isEditor, requireEditor, requireStaff } from '~/modules/auth/guards.server'
import { parseForm, readForm, type FieldErrors } from '~/modules/http/forms'
import type { RouteHandle } from '~/modules/http/route-handle'
import { localeNames, locales } from '~/modules/i18n/locales'
import { localeParam } from '~/modules/i18n/params'
import { useTranslation } from '~/modules/i18n/use-translation'
import { editorLimits, isBodyTooLarge, newArticleSchema } from '~/modules/kb/editor.schema'
import { createArticle, listCategoryOptions } from '~/modules/kb/editor.server'

export const handle: RouteHandle = { title: (t) => t('editor:new.title') }

export async function loader({ request, params }: LoaderFunctionArgs) {
  const locale = localeParam(params)
  const user = await requireStaff(request, locale)
  return { locale, categories: await listCategoryOptions({ locale }), canEdit: isEditor(user) }
}

/** What the person typed, sent back with the errors so nothing is lost. */
function submittedValues(form: FormData) {
  const value = (name: string) => {
    const v = form.get(name)
    return typeof v === 'string' ? v : ''
  }
  return {
    slug: value('slug'),
    title: value('title'),
    summary: value('summary'),
    tags: value('tags'),
    body: value('body'),
    sourceLocale: value('sourceLocale'),
    categoryKey: value('categoryKey'),
    visibility: value('visibility'),
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const locale = localeParam(params)
  const user = await requireEditor(request, locale)
  const form = await readForm(request)
  const values = submittedValues(form)
  const parsed = parseForm(form, newArticleSchema)
  if (!parsed.success)
    return data({ fieldErrors: parsed.fieldErrors, values }, isBodyTooLarge(parsed.fieldErrors) ? 413 : 400)
  const { slug, title, summary, tags, body, sourceLocale, categoryKey, visibility } = parsed.data
  const created = createArticle({
    sourceLocale,
    categoryKey,
    visibility,
    text: { slug, title, summary, tags, body },
    userId: user.id,
  })
  if (created.outcome !== 'created') {
    const slugTaken = created.outcome === 'slug-taken'
    const fieldErrors: FieldErrors = slugTaken
      ? { slug: 'form.slugTaken' }
      : { categoryKey: 'form.unknownCategory' }
    return data({ fieldErrors, values }, slugTaken ? 409 : 400)
  }
  return redirect(`/${locale}/staff/content/${created.articleId}/${sourceLocale}`)
}

export default function NewArticle() {
  const { t } = useTranslation(['editor', 'kb'])
  const { locale, categories, canEdit } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const errors: FieldErrors = actionData?.fieldErrors ?? {}
  const values = actionData?.values
  return (
    <div className="page narrow">
      <p className="breadcrumbs">
        <Link to={`/${locale}/staff/content`}>{t('edit.back')}</Link>
      </p>
      <h1>{t('new.title')}</h1>
      {!canEdit ? (
        <p className="notice">{t('new.readOnly')}</p>
      ) : (
        <>
          <p className="lead">{t('new.lead')}</p>
          <Form method="post" className="stack" noValidate>
            <SelectField
              label={t('fields.sourceLocale')}
              name="sourceLocale"
              defaultValue={values?.sourceLocale || locale}
              error={errors.sourceLocale}
            >
              {locales.map((l) => (
                <option key={l} value={l} lang={l}>
                  {localeNames[l]}
                </option>
              ))}
            </SelectField>
            <SelectField
              label={t('fields.category')}
              name="categoryKey"
              defaultValue={values?.categoryKey}
              error={errors.categoryKey}
            >
              {categories.map((c) => (
                <option key={c.key} value={c.key}>
                  {c.title}
                </option>
              ))}
            </SelectField>
            <SelectField
              label={t('fields.visibility')}
              name="visibility"
              defaultValue={values?.visibility || 'public'}
              error={errors.visibility}
            >
              {articleVisibilities.map((v) => (
                <option key={v} value={v}>
                  {t(`kb:visibility.${v}`)}
                </option>
              ))}
            </SelectField>
            <Field
              label={t('fields.title')}
              name="title"
              defaultValue={values?.title}
              required
              maxLength={editorLimits.titleMaxLength}
              error={errors.title}
            />
            <Field
              label={t('fields.slug')}
              hint={t('fields.slugHint')}
              name="slug"
              defaultValue={values?.slug}
              required
              pattern="[a-z0-9]+(-[a-z0-9]+)*"
              autoCapitalize="none"
              spellCheck={false}
              error={errors.slug}
            />
            <Field
              label={t('fields.summary')}
              name="summary"
              defaultValue={values?.summary}
              error={errors.summary}
            />
            <Field
              label={t('fields.tags')}
              hint={t('fields.tagsHint')}
              name="tags"
              defaultValue={values?.tags}
              error={errors.tags}
            />
            <TextareaField
              label={t('fields.body')}
              name="body"
              rows={18}
              className="editor-textarea"
              defaultValue={values?.body}
              error={errors.body}
            />
            <button type="submit" className="button">
              {t('new.create')}
            </button>
          </Form>
        </>
      )}
    </div>
  )
}
