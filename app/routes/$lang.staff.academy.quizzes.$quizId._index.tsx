import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { useId } from 'react'
import { questionKinds } from '#db/schema/academy'
import { AcademyItemHeader, QuizRuleFields } from '~/components/academy-editor'
import { SelectField } from '~/components/ui/field'
import {
  addQuestionSchema,
  optionTargetSchema,
  questionSettingsSchema,
  questionTargetSchema,
  quizSettingsSchema,
} from '~/modules/academy/academy-editor.schema'
import {
  addOption,
  addQuestion,
  getQuizForEditing,
  removeOption,
  removeQuestion,
  updateQuestion,
  updateQuizSettings,
} from '~/modules/academy/academy-editor.server'
import { isEditor, requireEditor, requireStaff } from '~/modules/auth/guards.server'
import { parseForm, readForm, type FieldErrors } from '~/modules/http/forms'
import type { RouteHandle } from '~/modules/http/route-handle'
import { formatNumber } from '~/modules/i18n/format'
import { idParam, localeParam } from '~/modules/i18n/params'
import { useTranslation } from '~/modules/i18n/use-translation'

export const handle: RouteHandle = {
  title: (t, loaderData) => {
    const d = loaderData as { title?: string } | undefined
    return d?.title ? t('editor:academy.quiz.pageTitle', { title: d.title }) : ''
  },
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const locale = localeParam(params)
  const quizId = idParam(params, 'quizId')
  const user = await requireStaff(request, locale)
  const found = await getQuizForEditing({ quizId, locale })
  if (!found) throw new Response('Not found', { status: 404 })
  return { locale, canEdit: isEditor(user), ...found }
}

type Notice =
  | 'settingsSaved'
  | 'questionAdded'
  | 'questionSaved'
  | 'questionRemoved'
  | 'optionAdded'
  | 'optionRemoved'
  | 'unchanged'
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
  const quizId = idParam(params, 'quizId')
  await requireEditor(request, locale)
  const form = await readForm(request)
  const values = Object.fromEntries(
    [...form].filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
  )
  const intent = values.intent ?? ''

  if (intent === 'settings') {
    const parsed = parseForm(form, quizSettingsSchema)
    if (!parsed.success) return result({ intent, fieldErrors: parsed.fieldErrors, values }, 400)
    const saved = updateQuizSettings({ quizId, rules: parsed.data })
    if (saved === 'not-found') throw notFound()
    return result({ intent, notice: saved === 'updated' ? 'settingsSaved' : 'unchanged' })
  }
  if (intent === 'addQuestion') {
    const parsed = parseForm(form, addQuestionSchema)
    if (!parsed.success) return result({ intent, fieldErrors: parsed.fieldErrors }, 400)
    if (addQuestion({ quizId, ...parsed.data }).outcome === 'not-found') throw notFound()
    return result({ intent, notice: 'questionAdded' })
  }
  if (intent === 'question') {
    const parsed = parseForm(form, questionSettingsSchema, { arrays: ['correct'] })
    if (!parsed.success) return result({ intent, fieldErrors: parsed.fieldErrors }, 400)
    const saved = updateQuestion({ quizId, ...parsed.data })
    if (saved === 'not-found') throw notFound()
    return result({ intent, notice: saved === 'updated' ? 'questionSaved' : 'unchanged' })
  }
  if (intent === 'removeQuestion') {
    const parsed = parseForm(form, questionTargetSchema)
    if (!parsed.success) return result({ intent, fieldErrors: parsed.fieldErrors }, 400)
    if (removeQuestion({ quizId, ...parsed.data }) === 'not-found') throw notFound()
    return result({ intent, notice: 'questionRemoved' })
  }
  if (intent === 'addOption') {
    const parsed = parseForm(form, questionTargetSchema)
    if (!parsed.success) return result({ intent, fieldErrors: parsed.fieldErrors }, 400)
    if (addOption({ quizId, ...parsed.data }) === 'not-found') throw notFound()
    return result({ intent, notice: 'optionAdded' })
  }
  if (intent === 'removeOption') {
    const parsed = parseForm(form, optionTargetSchema)
    if (!parsed.success) return result({ intent, fieldErrors: parsed.fieldErrors }, 400)
    if (removeOption({ quizId, ...parsed.data }) === 'not-found') throw notFound()
    return result({ intent, notice: 'optionRemoved' })
  }
  return result({ intent, fieldErrors: { form: 'form.unknownAction' } }, 400)
}

type LoadedQuestion = ReturnType<typeof useLoaderData<typeof loader>>['questions'][number]

export default function QuizEditor() {
  const { t } = useTranslation(['editor', 'errors'])
  const { locale, canEdit, quiz, title, titleLocale, states, questions, problems } =
    useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const base = `/${locale}/staff/academy/quizzes/${quiz.id}`
  const settingsErrors = actionData?.intent === 'settings' ? actionData.fieldErrors : {}
  const settingsValues = (actionData?.intent === 'settings' && actionData.values) || {}
  const numberOf = (key: string | null) => (key ? questions.findIndex((q) => q.key === key) + 1 : 0)
  return (
    <div className="page">
      <AcademyItemHeader
        locale={locale}
        title={title}
        titleLocale={titleLocale}
        itemKey={quiz.key}
        sourceLocale={quiz.sourceLocale}
        canEdit={canEdit}
        notice={
          actionData?.notice
            ? t(actionData.notice === 'unchanged' ? 'edit.unchanged' : `academy.quiz.${actionData.notice}`)
            : null
        }
        formError={actionData?.fieldErrors.form}
        textsHint={t('academy.quiz.textsHint')}
        base={base}
        states={states}
      />

      <section className="panel" aria-labelledby="settings-heading">
        <h2 id="settings-heading">{t('academy.quiz.rules')}</h2>
        <Form
          method="post"
          className="stack"
          noValidate
          key={actionData?.intent === 'settings' && actionData.values ? 'submitted' : 'stored'}
        >
          <fieldset className="plain-fieldset stack" disabled={!canEdit}>
            <QuizRuleFields values={settingsValues} errors={settingsErrors} defaults={quiz} />
            <div>
              <button type="submit" name="intent" value="settings" className="button button--quiet">
                {t('academy.detail.saveSettings')}
              </button>
            </div>
          </fieldset>
        </Form>
      </section>

      <section aria-labelledby="questions-heading">
        <h2 id="questions-heading">
          {t('academy.quiz.questions', {
            count: questions.length,
            formatted: formatNumber(locale, questions.length),
          })}
        </h2>
        <p className="field__hint">{t('academy.quiz.questionsHint')}</p>
        {problems.length > 0 && (
          <div className="notice" data-problems="">
            <p>{t('academy.quiz.problemsTitle')}</p>
            <ul>
              {problems.map((p, index) => (
                <li key={index}>
                  {t(`academy.quiz.problem.${p.code}`, { question: numberOf(p.questionKey) })}
                </li>
              ))}
            </ul>
          </div>
        )}
        <ol className="playbook-items">
          {questions.map((question, index) => (
            <QuestionEditor key={question.key} question={question} number={index + 1} canEdit={canEdit} />
          ))}
        </ol>
        {canEdit && (
          <Form method="post" className="inline-fields" noValidate>
            <SelectField label={t('academy.quiz.newQuestionKind')} name="kind" defaultValue="single">
              {questionKinds.map((kind) => (
                <option key={kind} value={kind}>
                  {t(`academy.questionKinds.${kind}`)}
                </option>
              ))}
            </SelectField>
            <div>
              <button type="submit" name="intent" value="addQuestion" className="button">
                {t('academy.quiz.addQuestion')}
              </button>
            </div>
          </Form>
        )}
      </section>
    </div>
  )
}

/** One question: its kind and right options in one form, then adding and removing options, and removing it. */
function QuestionEditor({
  question,
  number,
  canEdit,
}: {
  question: LoadedQuestion
  number: number
  canEdit: boolean
}) {
  const { t } = useTranslation('editor')
  const id = useId()
  const headingId = `question-${question.key}-heading`
  const optionLabel = (index: number, text: string) =>
    t('academy.quiz.optionLabel', { number: index + 1, text: text || t('academy.edit.emptyText') })
  return (
    <li id={`question-${question.key}`} data-question={question.key} className="playbook-item">
      <h3 id={headingId}>{t('academy.quiz.questionNumber', { number })}</h3>
      <p>{question.prompt || <span className="muted">{t('academy.edit.emptyText')}</span>}</p>
      <Form method="post" noValidate>
        <fieldset className="plain-fieldset stack" disabled={!canEdit}>
          <legend className="visually-hidden">{t('academy.quiz.questionNumber', { number })}</legend>
          <input type="hidden" name="questionKey" value={question.key} />
          <SelectField label={t('academy.quiz.kind')} name="kind" defaultValue={question.kind}>
            {questionKinds.map((kind) => (
              <option key={kind} value={kind}>
                {t(`academy.questionKinds.${kind}`)}
              </option>
            ))}
          </SelectField>
          {question.options.length === 0 ? (
            <p className="muted">{t('academy.quiz.noOptions')}</p>
          ) : (
            <fieldset className="plain-fieldset">
              <legend>{t('academy.quiz.correctLegend')}</legend>
              {question.options.map((option, index) => (
                <div key={option.key} className="checkbox">
                  <input
                    type="checkbox"
                    id={`${id}-${option.key}`}
                    name="correct"
                    value={option.key}
                    defaultChecked={option.correct}
                  />
                  <label htmlFor={`${id}-${option.key}`}>{optionLabel(index, option.text)}</label>
                </div>
              ))}
            </fieldset>
          )}
          <div>
            <button
              type="submit"
              name="intent"
              value="question"
              className="button button--quiet"
              aria-describedby={headingId}
            >
              {t('academy.quiz.saveQuestion')}
            </button>
          </div>
        </fieldset>
      </Form>
      {canEdit && (
        <>
          {question.options.length > 0 && (
            <ul className="plain-list">
              {question.options.map((option, index) => (
                <li key={option.key}>
                  <Form method="post" className="inline-form">
                    <input type="hidden" name="questionKey" value={question.key} />
                    <input type="hidden" name="optionKey" value={option.key} />
                    <button type="submit" name="intent" value="removeOption" className="button button--quiet">
                      {t('academy.quiz.removeOption', { option: optionLabel(index, option.text) })}
                    </button>
                  </Form>
                </li>
              ))}
            </ul>
          )}
          <div className="button-row">
            <Form method="post" className="inline-form">
              <input type="hidden" name="questionKey" value={question.key} />
              <button
                type="submit"
                name="intent"
                value="addOption"
                className="button button--quiet"
                aria-describedby={headingId}
              >
                {t('academy.quiz.addOption')}
              </button>
            </Form>
            <Form method="post" className="inline-form">
              <input type="hidden" name="questionKey" value={question.key} />
              <button
                type="submit"
                name="intent"
                value="removeQuestion"
                className="button button--danger"
                aria-describedby={headingId}
              >
                {t('academy.quiz.removeQuestion')}
              </button>
            </Form>
          </div>
        </>
      )}
    </li>
  )
}
