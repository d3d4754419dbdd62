import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { QuizRuleFields } from '~/components/academy-editor'
import { LocaleHeaders, TranslationStateCells } from '~/components/translation-matrix'
import { Field, SelectField } from '~/components/ui/field'
import {
  academyKinds,
  academyLimits,
  academyMatrixFiltersSchema,
  newCourseSchema,
  newQuizSchema,
  newVideoSchema,
  type AcademyKind,
} from '~/modules/academy/academy-editor.schema'
import {
  createCourse,
  createEmbedVideo,
  createQuiz,
  listAcademyMatrix,
  type AcademyMatrixRow,
} from '~/modules/academy/academy-editor.server'
import { parseEmbedInput } from '~/modules/academy/embeds'
import { isEditor, requireEditor, requireStaff } from '~/modules/auth/guards.server'
import { parseForm, readForm, type FieldErrors } from '~/modules/http/forms'
import type { RouteHandle } from '~/modules/http/route-handle'
import { formatNumber } from '~/modules/i18n/format'
import { localeNames, locales, type Locale } from '~/modules/i18n/locales'
import { localeParam } from '~/modules/i18n/params'
import { useTranslation } from '~/modules/i18n/use-translation'
import { translationStates } from '~/modules/kb/editor.schema'

export const handle: RouteHandle = { title: (t) => t('editor:academy.matrix.title') }

export async function loader({ request, params }: LoaderFunctionArgs) {
  const locale = localeParam(params)
  const user = await requireStaff(request, locale)
  const filters = academyMatrixFiltersSchema.parse(Object.fromEntries(new URL(request.url).searchParams))
  const matrix = await listAcademyMatrix({ locale, filters })
  return { locale, filters, ...matrix, canEdit: isEditor(user) }
}

type ActionResult = { intent: string; fieldErrors: FieldErrors; values: Record<string, string> }

const failed = (intent: string, fieldErrors: FieldErrors, values: Record<string, string>, status = 400) =>
  data<ActionResult>({ intent, fieldErrors, values }, status)

const formValues = (form: FormData) =>
  Object.fromEntries([...form].filter((entry): entry is [string, string] => typeof entry[1] === 'string'))

export async function action({ request, params }: ActionFunctionArgs) {
  const locale = localeParam(params)
  const user = await requireEditor(request, locale)
  const form = await readForm(request)
  const intent = String(form.get('intent') ?? '')
  const values = formValues(form)
  const base = `/${locale}/staff/academy`

  if (intent === 'newVideo') {
    const parsed = parseForm(form, newVideoSchema)
    if (!parsed.success) return failed(intent, parsed.fieldErrors, values)
    const embed = parseEmbedInput(parsed.data.embedInput)
    if (!embed) return failed(intent, { embedInput: 'editor:academy.errors.embed' }, values)
    const created = createEmbedVideo({ ...parsed.data, embed, userId: user.id })
    if (created.outcome === 'key-taken')
      return failed(intent, { key: 'editor:academy.errors.keyTaken' }, values, 409)
    return redirect(`${base}/videos/${created.id}/${parsed.data.sourceLocale}`)
  }
  if (intent === 'newCourse') {
    const parsed = parseForm(form, newCourseSchema)
    if (!parsed.success) return failed(intent, parsed.fieldErrors, values)
    const created = createCourse({ ...parsed.data, userId: user.id })
    if (created.outcome === 'key-taken')
      return failed(intent, { key: 'editor:academy.errors.keyTaken' }, values, 409)
    return redirect(`${base}/courses/${created.id}`)
  }
  if (intent === 'newQuiz') {
    const parsed = parseForm(form, newQuizSchema)
    if (!parsed.success) return failed(intent, parsed.fieldErrors, values)
    const { key, title, sourceLocale, ...rules } = parsed.data
    const created = createQuiz({ key, title, sourceLocale, rules, userId: user.id })
    if (created.outcome === 'key-taken')
      return failed(intent, { key: 'editor:academy.errors.keyTaken' }, values, 409)
    return redirect(`${base}/quizzes/${created.id}`)
  }
  return failed(intent, { form: 'form.unknownAction' }, values)
}

const sections: Record<AcademyKind, { path: string; rows: 'videos' | 'courses' | 'quizzes' }> = {
  video: { path: 'videos', rows: 'videos' },
  course: { path: 'courses', rows: 'courses' },
  quiz: { path: 'quizzes', rows: 'quizzes' },
}

export default function AcademyMatrix() {
  const { t } = useTranslation(['editor', 'errors'])
  const loaderData = useLoaderData<typeof loader>()
  const { locale, filters, canEdit } = loaderData
  const actionData = useActionData<typeof action>()
  return (
    <div className="page">
      <h1>{t('academy.matrix.title')}</h1>
      <p className="lead">{t('academy.matrix.lead')}</p>
      <Form method="get" className="filters" role="search" aria-label={t('academy.matrix.filters')}>
        <div className="field">
          <label htmlFor="academy-kind">{t('academy.matrix.kind')}</label>
          <select id="academy-kind" name="kind" defaultValue={filters.kind ?? ''}>
            <option value="">{t('academy.matrix.allKinds')}</option>
            {academyKinds.map((kind) => (
              <option key={kind} value={kind}>
                {t(`academy.kinds.${kind}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="academy-state">{t('matrix.state')}</label>
          <select id="academy-state" name="state" defaultValue={filters.state ?? ''}>
            <option value="">{t('matrix.allStates')}</option>
            {translationStates.map((state) => (
              <option key={state} value={state}>
                {t(`state.${state}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="academy-locale">{t('matrix.language')}</label>
          <select id="academy-locale" name="locale" defaultValue={filters.locale ?? ''}>
            <option value="">{t('matrix.allLanguages')}</option>
            {locales.map((l) => (
              <option key={l} value={l}>
                {localeNames[l]}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="button">
          {t('matrix.apply')}
        </button>
      </Form>
      {academyKinds.map((kind) => {
        const rows = loaderData[sections[kind].rows]
        return rows ? <MatrixSection key={kind} kind={kind} rows={rows} locale={locale} /> : null
      })}
      {canEdit && <NewForms submitted={actionData ?? null} />}
    </div>
  )
}

function MatrixSection({
  kind,
  rows,
  locale,
}: {
  kind: AcademyKind
  rows: AcademyMatrixRow[]
  locale: Locale
}) {
  const { t } = useTranslation('editor')
  const base = `/${locale}/staff/academy/${sections[kind].path}`
  const headingId = `academy-${kind}-heading`
  return (
    <section aria-labelledby={headingId} data-kind={kind}>
      <h2 id={headingId}>
        {t(`academy.sections.${kind}`)} <span className="muted">({formatNumber(locale, rows.length)})</span>
      </h2>
      {rows.length === 0 ? (
        <p className="muted">{t('academy.matrix.empty')}</p>
      ) : (
        <div className="table-wrap">
          <table className="content-matrix">
            <thead>
              <tr>
                <th scope="col">{t('academy.matrix.item')}</th>
                <th scope="col">{t('academy.fields.key')}</th>
                <LocaleHeaders />
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.id} data-key={row.key}>
                  <th scope="row">
                    <Link to={`${base}/${row.id}`} lang={row.titleLocale}>
                      {row.title}
                    </Link>
                  </th>
                  <td className="muted">{row.key}</td>
                  <TranslationStateCells
                    title={row.title}
                    cells={row.cells}
                    sourceLocale={row.sourceLocale}
                    hrefFor={(l) => `${base}/${row.id}/${l}`}
                  />
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  )
}

/** The three "new" forms; the one that was sent shows its values and errors again. */
function NewForms({ submitted }: { submitted: ActionResult | null }) {
  const { t } = useTranslation(['editor', 'errors'])
  const of = (intent: string) =>
    submitted?.intent === intent
      ? submitted
      : { fieldErrors: {} as FieldErrors, values: {} as Record<string, string> }
  const video = of('newVideo')
  const course = of('newCourse')
  const quiz = of('newQuiz')
  const common = (state: { fieldErrors: FieldErrors; values: Record<string, string> }) => (
    <>
      <Field
        label={t('academy.fields.key')}
        hint={t('academy.fields.keyHint')}
        name="key"
        defaultValue={state.values.key ?? ''}
        required
        maxLength={academyLimits.keyMaxLength}
        pattern="[a-z0-9]+(-[a-z0-9]+)*"
        autoCapitalize="none"
        spellCheck={false}
        error={state.fieldErrors.key}
      />
      <Field
        label={t('academy.fields.title')}
        name="title"
        defaultValue={state.values.title ?? ''}
        required
        maxLength={academyLimits.titleMaxLength}
        error={state.fieldErrors.title}
      />
      <SelectField
        label={t('academy.fields.sourceLocale')}
        name="sourceLocale"
        defaultValue={state.values.sourceLocale ?? 'en'}
        error={state.fieldErrors.sourceLocale}
      >
        {locales.map((l) => (
          <option key={l} value={l}>
            {localeNames[l]}
          </option>
        ))}
      </SelectField>
    </>
  )
  return (
    <>
      <section className="panel" aria-labelledby="new-video-heading">
        <h2 id="new-video-heading">{t('academy.new.video')}</h2>
        <p className="field__hint">{t('academy.new.videoHint')}</p>
        <Form method="post" className="stack" noValidate key={`video:${submitted?.intent === 'newVideo'}`}>
          {common(video)}
          <Field
            label={t('academy.fields.embedUrl')}
            hint={t('academy.fields.embedUrlHint')}
            name="embedInput"
            type="url"
            defaultValue={video.values.embedInput ?? ''}
            required
            error={video.fieldErrors.embedInput}
          />
          <Field
            label={t('academy.fields.duration')}
            hint={t('academy.fields.durationHint')}
            name="durationSeconds"
            inputMode="numeric"
            defaultValue={video.values.durationSeconds ?? ''}
            required
            error={video.fieldErrors.durationSeconds}
          />
          <div>
            <button type="submit" name="intent" value="newVideo" className="button">
              {t('academy.new.createVideo')}
            </button>
          </div>
        </Form>
      </section>
      <section className="panel" aria-labelledby="new-course-heading">
        <h2 id="new-course-heading">{t('academy.new.course')}</h2>
        <Form method="post" className="stack" noValidate key={`course:${submitted?.intent === 'newCourse'}`}>
          {common(course)}
          <Field
            label={t('academy.fields.validity')}
            hint={t('academy.fields.validityHint')}
            name="validityMonths"
            inputMode="numeric"
            defaultValue={course.values.validityMonths ?? ''}
            error={course.fieldErrors.validityMonths}
          />
          <div>
            <button type="submit" name="intent" value="newCourse" className="button">
              {t('academy.new.createCourse')}
            </button>
          </div>
        </Form>
      </section>
      <section className="panel" aria-labelledby="new-quiz-heading">
        <h2 id="new-quiz-heading">{t('academy.new.quiz')}</h2>
        <Form method="post" className="stack" noValidate key={`quiz:${submitted?.intent === 'newQuiz'}`}>
          {common(quiz)}
          <QuizRuleFields
            values={quiz.values}
            errors={quiz.fieldErrors}
            defaults={{ passMark: 80, maxAttempts: 3, cooldownMinutes: 60 }}
          />
          <div>
            <button type="submit" name="intent" value="newQuiz" className="button">
              {t('academy.new.createQuiz')}
            </button>
          </div>
        </Form>
      </section>
    </>
  )
}
