import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { lessonKinds } from '#db/schema/academy'
import { AcademyItemHeader } from '~/components/academy-editor'
import { Field, SelectField } from '~/components/ui/field'
import {
  addLessonSchema,
  courseSettingsSchema,
  lessonTargetSchema,
  moveLessonSchema,
} from '~/modules/academy/academy-editor.schema'
import {
  addLesson,
  getCourseForEditing,
  moveLesson,
  removeLesson,
  updateCourseSettings,
} from '~/modules/academy/academy-editor.server'
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
    return d?.title ? t('editor:academy.course.pageTitle', { title: d.title }) : ''
  },
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const locale = localeParam(params)
  const courseId = idParam(params, 'courseId')
  const user = await requireStaff(request, locale)
  const found = await getCourseForEditing({ courseId, locale })
  if (!found) throw new Response('Not found', { status: 404 })
  const feedback = await feedbackTally({ kind: 'course', contentId: courseId })
  return { locale, canEdit: isEditor(user), feedback, ...found }
}

type Notice = 'settingsSaved' | 'lessonAdded' | 'lessonMoved' | 'lessonRemoved' | 'unchanged'
type ActionResult = {
  intent: string
  fieldErrors: FieldErrors
  values: Record<string, string> | null
  notice: Notice | null
}

const result = (partial: Partial<ActionResult> & { intent: string }, status = 200) =>
  data<ActionResult>({ fieldErrors: {}, values: null, notice: null, ...partial }, status)
const notFound = () => new Response('Not found', { status: 404 })

export async function action({ request, params }: ActionFunctionArgs) {
  const locale = localeParam(params)
  const courseId = idParam(params, 'courseId')
  await requireEditor(request, locale)
  const form = await readForm(request)
  const values = Object.fromEntries(
    [...form].filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
  )
  const intent = values.intent ?? ''

  if (intent === 'settings') {
    const parsed = parseForm(form, courseSettingsSchema)
    if (!parsed.success) return result({ intent, fieldErrors: parsed.fieldErrors, values }, 400)
    const saved = updateCourseSettings({ courseId, ...parsed.data })
    if (saved === 'not-found') throw notFound()
    return result({ intent, notice: saved === 'updated' ? 'settingsSaved' : 'unchanged' })
  }
  if (intent === 'addLesson') {
    const parsed = parseForm(form, addLessonSchema)
    if (!parsed.success) return result({ intent, fieldErrors: parsed.fieldErrors, values }, 400)
    const added = addLesson({ courseId, ...parsed.data })
    if (added === 'not-found') throw notFound()
    if (added === 'unknown-ref')
      return result({ intent, fieldErrors: { refId: 'form.invalid' }, values }, 400)
    return result({ intent, notice: 'lessonAdded' })
  }
  if (intent === 'moveLesson') {
    const parsed = parseForm(form, moveLessonSchema)
    if (!parsed.success) return result({ intent, fieldErrors: parsed.fieldErrors }, 400)
    const moved = moveLesson({ courseId, ...parsed.data })
    if (moved === 'not-found') throw notFound()
    return result({ intent, notice: moved === 'moved' ? 'lessonMoved' : 'unchanged' })
  }
  if (intent === 'removeLesson') {
    const parsed = parseForm(form, lessonTargetSchema)
    if (!parsed.success) return result({ intent, fieldErrors: parsed.fieldErrors }, 400)
    if (removeLesson({ courseId, ...parsed.data }) === 'not-found') throw notFound()
    return result({ intent, notice: 'lessonRemoved' })
  }
  return result({ intent, fieldErrors: { form: 'form.unknownAction' } }, 400)
}

export default function CourseEditor() {
  const { t } = useTranslation(['editor', 'errors'])
  const { locale, canEdit, course, title, titleLocale, states, lessons, choices, feedback } =
    useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const base = `/${locale}/staff/academy/courses/${course.id}`
  const settingsErrors = actionData?.intent === 'settings' ? actionData.fieldErrors : {}
  const settingsValues = (actionData?.intent === 'settings' && actionData.values) || {}
  return (
    <div className="page">
      <AcademyItemHeader
        locale={locale}
        title={title}
        titleLocale={titleLocale}
        itemKey={course.key}
        sourceLocale={course.sourceLocale}
        canEdit={canEdit}
        notice={
          actionData?.notice
            ? t(actionData.notice === 'unchanged' ? 'edit.unchanged' : `academy.course.${actionData.notice}`)
            : null
        }
        formError={actionData?.fieldErrors.form}
        textsHint={t('academy.course.textsHint')}
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
        <Form
          method="post"
          className="stack"
          noValidate
          key={actionData?.intent === 'settings' && actionData.values ? 'submitted' : 'stored'}
        >
          <fieldset className="plain-fieldset stack" disabled={!canEdit}>
            <Field
              label={t('academy.fields.position')}
              name="position"
              inputMode="numeric"
              defaultValue={settingsValues.position ?? String(course.position)}
              required
              error={settingsErrors.position}
            />
            <Field
              label={t('academy.fields.validity')}
              hint={t('academy.fields.validityHint')}
              name="validityMonths"
              inputMode="numeric"
              defaultValue={
                settingsValues.validityMonths ??
                (course.validityMonths === null ? '' : String(course.validityMonths))
              }
              error={settingsErrors.validityMonths}
            />
            <div>
              <button type="submit" name="intent" value="settings" className="button button--quiet">
                {t('academy.detail.saveSettings')}
              </button>
            </div>
          </fieldset>
        </Form>
      </section>

      <section aria-labelledby="lessons-heading">
        <h2 id="lessons-heading">
          {t('academy.course.lessons', {
            count: lessons.length,
            formatted: formatNumber(locale, lessons.length),
          })}
        </h2>
        {lessons.length === 0 ? (
          <p className="muted">{t('academy.course.noLessons')}</p>
        ) : (
          <ol className="playbook-items" data-lessons="">
            {lessons.map((lesson, index) => {
              const headingId = `lesson-${lesson.id}-heading`
              return (
                <li
                  key={lesson.id}
                  data-lesson={lesson.id}
                  data-position={lesson.position}
                  className="playbook-item"
                >
                  <h3 id={headingId}>
                    <span className="badge badge--muted">{t(`academy.lessonKinds.${lesson.kind}`)}</span>{' '}
                    <span lang={lesson.titleLocale}>{lesson.title}</span>{' '}
                    <span className="muted playbook-item__key">{lesson.key}</span>
                  </h3>
                  {canEdit && (
                    <div className="button-row">
                      <Form method="post" className="inline-form">
                        <input type="hidden" name="intent" value="moveLesson" />
                        <input type="hidden" name="lessonId" value={lesson.id} />
                        <button
                          type="submit"
                          name="direction"
                          value="up"
                          className="button button--quiet"
                          disabled={index === 0}
                          aria-describedby={headingId}
                        >
                          {t('academy.course.moveUp')}
                        </button>
                        <button
                          type="submit"
                          name="direction"
                          value="down"
                          className="button button--quiet"
                          disabled={index === lessons.length - 1}
                          aria-describedby={headingId}
                        >
                          {t('academy.course.moveDown')}
                        </button>
                      </Form>
                      <Form method="post" className="inline-form">
                        <input type="hidden" name="lessonId" value={lesson.id} />
                        <button
                          type="submit"
                          name="intent"
                          value="removeLesson"
                          className="button button--danger"
                          aria-describedby={headingId}
                        >
                          {t('academy.course.remove')}
                        </button>
                      </Form>
                    </div>
                  )}
                </li>
              )
            })}
          </ol>
        )}
      </section>

      {canEdit && (
        <section className="panel" aria-labelledby="add-lesson-heading">
          <h2 id="add-lesson-heading">{t('academy.course.addTitle')}</h2>
          <p className="field__hint">{t('academy.course.addHint')}</p>
          {lessonKinds.map((kind) => (
            <Form key={kind} method="post" className="inline-fields" noValidate>
              <input type="hidden" name="kind" value={kind} />
              <SelectField
                label={t(`academy.course.choose.${kind}`)}
                name="refId"
                defaultValue=""
                error={
                  actionData?.intent === 'addLesson' && actionData.values?.kind === kind
                    ? actionData.fieldErrors.refId
                    : undefined
                }
              >
                <option value="">{t('academy.course.chooseNone')}</option>
                {choices[kind].map((choice) => (
                  <option key={choice.id} value={choice.id}>
                    {choice.title} ({choice.key})
                  </option>
                ))}
              </SelectField>
              <div>
                <button type="submit" name="intent" value="addLesson" className="button button--quiet">
                  {t(`academy.course.add.${kind}`)}
                </button>
              </div>
            </Form>
          ))}
        </section>
      )}
    </div>
  )
}
