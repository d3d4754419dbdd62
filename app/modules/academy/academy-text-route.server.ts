import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import type { Params } from '@remix-run/react'
import type { QuizTexts } from '#db/schema/academy'
import { isEditor, requireEditor, requireStaff } from '~/modules/auth/guards.server'
import { parseForm, readForm, type FieldErrors } from '~/modules/http/forms'
import { isLocale } from '~/modules/i18n/locales'
import { idParam, localeParam } from '~/modules/i18n/params'
import { unpublishSchema } from '~/modules/kb/editor.schema'
import {
  courseTextSchema,
  markUpToDateSchema,
  optionField,
  promptField,
  quizTextSchema,
  videoTextSchema,
  type AcademyKind,
} from './academy-editor.schema'
import {
  getAcademyTranslation,
  markAcademyTextUpToDate,
  saveAcademyText,
  unpublishAcademyText,
  type TextOf,
} from './academy-editor.server'
import type { QuizProblem } from './quiz-structure'
import { parseWebVtt, type WebVttErrorCode } from './webvtt'

/**
 * The loader and action of the three one-language pages (video, course, quiz texts): the same
 * form flow as the article editor, with each kind's fields as plain form values.
 */
const idNames: Record<AcademyKind, string> = { video: 'videoId', course: 'courseId', quiz: 'quizId' }
const sections: Record<AcademyKind, string> = { video: 'videos', course: 'courses', quiz: 'quizzes' }

function textParams(params: Params, kind: AcademyKind) {
  const locale = localeParam(params)
  const id = idParam(params, idNames[kind])
  if (!isLocale(params.locale)) throw new Response('Not found', { status: 404 })
  return { locale, id, editLocale: params.locale }
}

type Structure = { key: string; options: { key: string }[] }[]

/** A stored text as the form's values, by field name. */
function formValuesOf(
  kind: AcademyKind,
  text: TextOf<AcademyKind> | undefined,
  structure: Structure,
): Record<string, string> {
  if (!text) return {}
  if (kind === 'video') {
    const { title, description, captions } = text as TextOf<'video'>
    return { title, description, captions }
  }
  if (kind === 'course') {
    const { title, summary } = text as TextOf<'course'>
    return { title, summary }
  }
  const { title, questions } = text as TextOf<'quiz'>
  const values: Record<string, string> = { title }
  for (const q of structure) {
    values[promptField(q.key)] = questions[q.key]?.prompt ?? ''
    for (const o of q.options) values[optionField(q.key, o.key)] = questions[q.key]?.options[o.key] ?? ''
  }
  return values
}

export async function loadAcademyText({ request, params }: LoaderFunctionArgs, kind: AcademyKind) {
  const { locale, id, editLocale } = textParams(params, kind)
  const user = await requireStaff(request, locale)
  const found = await getAcademyTranslation({ kind, id, locale: editLocale })
  if (!found) throw new Response('Not found', { status: 404 })
  return {
    locale,
    editLocale,
    kind,
    canEdit: isEditor(user),
    base: `/${locale}/staff/academy/${sections[kind]}/${id}`,
    key: found.owner.key,
    sourceLocale: found.owner.sourceLocale,
    heading: found.heading,
    isSource: found.isSource,
    state: found.state,
    sourceRevision: found.sourceRevision,
    structure: found.structure,
    source: found.source && {
      revision: found.source.revision,
      values: formValuesOf(kind, found.source.text, found.structure),
    },
    translation: found.translation && {
      status: found.translation.status,
      revision: found.translation.revision,
      sourceRevision: found.translation.sourceRevision,
      values: formValuesOf(kind, found.translation.text, found.structure),
    },
  }
}

export type AcademyTextNotice = 'saved' | 'published' | 'unpublished' | 'unchanged' | 'markedUpToDate'

export type AcademyTextActionResult = {
  intent: string
  fieldErrors: FieldErrors
  /** What was submitted, shown again instead of what is stored when the save did not go through. */
  values: Record<string, string> | null
  notice: { key: AcademyTextNotice; revision: number } | null
  /** The stored revision that a save from an older one ran into. */
  conflict: number | null
  captionsError: { code: WebVttErrorCode; line: number } | null
  quizProblems: QuizProblem[] | null
  quizIncomplete: boolean
}

const result = (partial: Partial<AcademyTextActionResult> & { intent: string }, status = 200) =>
  data<AcademyTextActionResult>(
    {
      fieldErrors: {},
      values: null,
      notice: null,
      conflict: null,
      captionsError: null,
      quizProblems: null,
      quizIncomplete: false,
      ...partial,
    },
    status,
  )

const textIntents = { save: null, publish: 'published' } as const

const formValues = (form: FormData) =>
  Object.fromEntries([...form].filter((entry): entry is [string, string] => typeof entry[1] === 'string'))

type ParsedText =
  | { success: true; text: TextOf<AcademyKind>; expectedRevision: number; translatedFrom: number }
  | { success: false; fieldErrors: FieldErrors; captionsError?: { code: WebVttErrorCode; line: number } }

function parseText(kind: AcademyKind, form: FormData, structure: Structure): ParsedText {
  if (kind === 'video') {
    const parsed = parseForm(form, videoTextSchema)
    if (!parsed.success) return parsed
    const { expectedRevision, translatedFrom, ...text } = parsed.data
    if (text.captions.trim() !== '') {
      const captions = parseWebVtt(text.captions)
      if (!captions.ok)
        return { success: false, fieldErrors: { captions: 'form.invalid' }, captionsError: captions.error }
    }
    return { success: true, text, expectedRevision, translatedFrom }
  }
  if (kind === 'course') {
    const parsed = parseForm(form, courseTextSchema)
    if (!parsed.success) return parsed
    const { expectedRevision, translatedFrom, ...text } = parsed.data
    return { success: true, text, expectedRevision, translatedFrom }
  }
  const parsed = parseForm(form, quizTextSchema(structure))
  if (!parsed.success) return parsed
  const values = parsed.data as Record<string, string | number>
  const questions: QuizTexts = {}
  for (const q of structure) {
    questions[q.key] = {
      prompt: String(values[promptField(q.key)] ?? ''),
      options: Object.fromEntries(
        q.options.map((o) => [o.key, String(values[optionField(q.key, o.key)] ?? '')]),
      ),
    }
  }
  return {
    success: true,
    text: { title: String(values.title), questions },
    expectedRevision: Number(values.expectedRevision),
    translatedFrom: Number(values.translatedFrom),
  }
}

export async function saveAcademyTextAction({ request, params }: ActionFunctionArgs, kind: AcademyKind) {
  const { locale, id, editLocale } = textParams(params, kind)
  const user = await requireEditor(request, locale)
  const form = await readForm(request)
  const intent = String(form.get('intent') ?? '')
  const found = await getAcademyTranslation({ kind, id, locale: editLocale })
  if (!found) throw new Response('Not found', { status: 404 })

  if (intent === 'markUpToDate') {
    const parsed = parseForm(form, markUpToDateSchema)
    if (!parsed.success) return result({ intent, fieldErrors: parsed.fieldErrors }, 400)
    const marked = markAcademyTextUpToDate({ kind, id, locale: editLocale, ...parsed.data })
    if (marked === 'not-found' || marked === 'is-source') throw new Response('Not found', { status: 404 })
    if (marked === 'conflict') return result({ intent, conflict: found.translation?.revision ?? 0 }, 409)
    return result({ intent, notice: { key: 'markedUpToDate', revision: found.translation?.revision ?? 0 } })
  }

  if (intent === 'unpublish') {
    const parsed = parseForm(form, unpublishSchema)
    if (!parsed.success) return result({ intent, fieldErrors: parsed.fieldErrors }, 400)
    const outcome = unpublishAcademyText({ kind, id, locale: editLocale, ...parsed.data, userId: user.id })
    if (outcome === 'not-found') throw new Response('Not found', { status: 404 })
    if (outcome === 'conflict') return result({ intent, conflict: found.translation?.revision ?? 0 }, 409)
    const revision = found.translation?.revision ?? 0
    return result({ intent, notice: { key: outcome === 'updated' ? 'unpublished' : 'unchanged', revision } })
  }

  if (!Object.hasOwn(textIntents, intent))
    return result({ intent, fieldErrors: { form: 'form.unknownAction' } }, 400)
  const values = formValues(form)
  const parsed = parseText(kind, form, found.structure)
  if (!parsed.success)
    return result(
      { intent, fieldErrors: parsed.fieldErrors, captionsError: parsed.captionsError ?? null, values },
      400,
    )
  const saved = saveAcademyText({
    kind,
    id,
    locale: editLocale,
    text: parsed.text,
    status: textIntents[intent as keyof typeof textIntents],
    expectedRevision: parsed.expectedRevision,
    translatedFrom: parsed.translatedFrom,
    userId: user.id,
  })
  if (saved.outcome === 'not-found') throw new Response('Not found', { status: 404 })
  if (saved.outcome === 'conflict') return result({ intent, values, conflict: saved.revision }, 409)
  if (saved.outcome === 'quiz-invalid') return result({ intent, values, quizProblems: saved.problems }, 400)
  if (saved.outcome === 'quiz-incomplete') return result({ intent, values, quizIncomplete: true }, 400)
  const key = saved.outcome === 'unchanged' ? 'unchanged' : intent === 'publish' ? 'published' : 'saved'
  return result({ intent, notice: { key, revision: saved.revision } })
}

export type AcademyTextLoaderData = Awaited<ReturnType<typeof loadAcademyText>>
