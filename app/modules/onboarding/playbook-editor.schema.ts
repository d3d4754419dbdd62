import { z } from 'zod'
import { locales, tiers } from '#db/schema/enums'
import { onboardingPhases } from '#db/schema/onboarding'
import type { FieldErrors } from '~/modules/http/forms'

/**
 * What editors may submit about playbooks. Limits and patterns are the ones the playbook files
 * accept (playbook-files.server.ts uses them too), so whatever an editor saves also exports
 * and imports again.
 */
export const playbookLimits = {
  nameMaxLength: 200,
  titleMaxLength: 200,
  descriptionMaxLength: 2_000,
  helpMaxLength: 2_000,
  keyMaxLength: 100,
}

/** Item keys tie progress to a step across playbooks, so they stay plain: `install-sdk`. */
export const itemKeyPattern = /^[a-z0-9]+(?:-[a-z0-9]+)*$/
export const eventKeyPattern = /^[a-z0-9_.-]{1,64}$/

/**
 * How a step gets done: by opening its link (`read`: only for steps about reading), by a
 * product event (`event`), or by a person's tick (`hand`). Playbook files say `completeOn:`.
 */
export const completeOnModes = ['read', 'event', 'hand'] as const
export type CompleteOn = (typeof completeOnModes)[number]

/**
 * An item's mode as stored: the database keeps only whether reading completes it; without
 * that, an item with a product event waits for the event, any other for a tick.
 */
export function completeOnOf(item: { completeOnRead: boolean; eventKey: string | null }): CompleteOn {
  if (item.completeOnRead) return 'read'
  return item.eventKey ? 'event' : 'hand'
}

export const textStates = ['missing', 'stale', 'upToDate'] as const
/** Playbook texts have no draft: a text is there and current, there but behind its source, or not there. */
export type TextState = (typeof textStates)[number]

/** The matrix filters come from the query string: anything unknown is simply no filter. */
export const playbookMatrixFiltersSchema = z.object({
  state: z.enum(textStates).optional().catch(undefined),
  locale: z.enum(locales).optional().catch(undefined),
})
export type PlaybookMatrixFilters = z.infer<typeof playbookMatrixFiltersSchema>

/** Which playbooks show their item rows (`?open=3&open=7`); junk is ignored. */
export const openPlaybooksSchema = z.array(z.coerce.number().int().positive()).max(200).catch([])

const revisionNumber = z.coerce
  .number({ error: 'form.invalid' })
  .int({ error: 'form.invalid' })
  .min(0, { error: 'form.invalid' })
  .max(1_000_000_000, { error: 'form.invalid' })

/** Text as typed: line endings normalized and trimmed, like the import does. */
const optionalText = (max: number) =>
  z
    .string()
    .optional()
    .transform((value) => (value ?? '').replace(/\r\n?/g, '\n').trim())
    .pipe(z.string().max(max, { error: 'form.tooLong' }))
const requiredText = (max: number) => optionalText(max).pipe(z.string().min(1, { error: 'form.required' }))

/** A checkbox: present ("on") or absent. */
const checkbox = z
  .literal('on', { error: 'form.invalid' })
  .optional()
  .transform((value) => value === 'on')

/** An empty choice means "none" (no phase, no event, no link). */
const emptyAsNull = <T extends z.ZodType<string, string>>(schema: T) =>
  z
    .string()
    .optional()
    .transform((value) => value?.trim() || null)
    .pipe(schema.nullable())

export const itemFlagsFields = {
  phase: emptyAsNull(z.enum(onboardingPhases, { error: 'form.invalid' })),
  required: checkbox,
  valueMilestone: checkbox,
  eventKey: emptyAsNull(z.string().regex(eventKeyPattern, { error: 'form.eventKey' })),
  /** Left out by an older form: the item then keeps the mode its event key implies. */
  completeOn: z.enum(completeOnModes, { error: 'form.invalid' }).optional(),
  /** An article's key (its folder name); that it exists is checked against the database. */
  articleKey: emptyAsNull(
    z
      .string()
      .max(playbookLimits.keyMaxLength, { error: 'form.unknownArticle' })
      .regex(itemKeyPattern, { error: 'form.unknownArticle' }),
  ),
}

export const itemKeySchema = z
  .string({ error: 'form.required' })
  .trim()
  .min(1, { error: 'form.required' })
  .max(playbookLimits.keyMaxLength, { error: 'form.tooLong' })
  .regex(itemKeyPattern, { error: 'form.slug' })

/**
 * A step done by a product event needs the event; a step ticked by hand has none (the event
 * would complete it anyway). Whether a step done by reading has a link is checked where the
 * link is known: an item may keep a video or course link from its file.
 */
function completeOnAgreesWithEvent(
  flags: { completeOn?: CompleteOn; eventKey: string | null },
  context: z.RefinementCtx,
) {
  if (flags.completeOn === 'event' && !flags.eventKey)
    context.addIssue({ code: 'custom', path: ['completeOn'], message: 'form.completeOnEvent' })
  if (flags.completeOn === 'hand' && flags.eventKey)
    context.addIssue({ code: 'custom', path: ['completeOn'], message: 'form.completeOnHand' })
}

export const itemFlagsSchema = z
  .object({
    itemKey: z.string().max(playbookLimits.keyMaxLength),
    ...itemFlagsFields,
  })
  .superRefine(completeOnAgreesWithEvent)
export type ItemFlags = Omit<z.output<typeof itemFlagsSchema>, 'itemKey'>

/** A new item: its key, flags, and its text in the playbook's source language. */
export const newItemSchema = z
  .object({
    key: itemKeySchema,
    title: requiredText(playbookLimits.titleMaxLength),
    help: optionalText(playbookLimits.helpMaxLength),
    ...itemFlagsFields,
  })
  .superRefine(completeOnAgreesWithEvent)

export const scopeSchema = z.object({
  marketCode: emptyAsNull(z.string().max(20, { error: 'form.unknownMarket' })),
  tier: emptyAsNull(z.enum(tiers, { error: 'form.invalid' })),
})

/** Move, delete: which item, by its key; an unknown key is a 404. */
export const itemTargetSchema = z.object({ itemKey: z.string().max(playbookLimits.keyMaxLength) })
export const moveSchema = itemTargetSchema.extend({
  direction: z.enum(['up', 'down'], { error: 'form.invalid' }),
})

/** "Mark as up to date": the text's revision and the source revision the editor compared it with. */
export const markUpToDateSchema = z.object({
  itemKey: z.string().max(playbookLimits.keyMaxLength).optional(),
  expectedRevision: revisionNumber,
  sourceRevision: revisionNumber,
})

const nameTextSchema = z.object({
  name: requiredText(playbookLimits.nameMaxLength),
  description: optionalText(playbookLimits.descriptionMaxLength),
  expectedRevision: revisionNumber,
  translatedFrom: revisionNumber,
})
const itemTextSchema = z.object({
  title: requiredText(playbookLimits.titleMaxLength),
  help: optionalText(playbookLimits.helpMaxLength),
  expectedRevision: revisionNumber,
  translatedFrom: revisionNumber,
})

/** The names of an item's fields in the one-language form; also the keys of their errors. */
export const itemField = (key: string, field: 'title' | 'help' | 'expectedRevision' | 'translatedFrom') =>
  `item.${key}.${field}`

export type NameTextInput = z.output<typeof nameTextSchema>
export type ItemTextInput = z.output<typeof itemTextSchema> & { key: string }
export type TextsInput = { name: NameTextInput | null; items: ItemTextInput[] }

/**
 * The form that edits every text of a playbook in one language: the name (when its fields are
 * there) and each item listed in `itemKey`. A translation that does not exist yet and is left
 * blank stays missing (the source is never copied into it); anything else needs its title.
 * Errors are keyed by field name.
 */
export function parseTextsForm(
  form: FormData,
  options: { isSource: boolean },
): { success: true; data: TextsInput } | { success: false; fieldErrors: FieldErrors } {
  const value = (name: string) => {
    const v = form.get(name)
    return typeof v === 'string' ? v : undefined
  }
  const fieldErrors: FieldErrors = {}
  const leftBlank = (texts: (string | undefined)[], expectedRevision: string | undefined) =>
    !options.isSource && expectedRevision === '0' && texts.every((t) => !t?.trim())

  const collect = <S extends z.ZodType>(
    schema: S,
    raw: Record<string, string | undefined>,
    fieldName: (field: string) => string,
  ): z.output<S> | null => {
    const parsed = schema.safeParse(raw)
    if (parsed.success) return parsed.data
    for (const issue of parsed.error.issues) {
      const field = fieldName(String(issue.path[0] ?? 'form'))
      fieldErrors[field] ??= issue.message.startsWith('form.') ? issue.message : 'form.invalid'
    }
    return null
  }

  const rawName = {
    name: value('name'),
    description: value('description'),
    expectedRevision: value('expectedRevision'),
    translatedFrom: value('translatedFrom'),
  }
  // A form without the name's fields saves only the items it carries.
  const nameSubmitted = rawName.expectedRevision !== undefined
  const name =
    !nameSubmitted || leftBlank([rawName.name, rawName.description], rawName.expectedRevision)
      ? null
      : collect(nameTextSchema, rawName, (f) => f)

  const keys = [...new Set(form.getAll('itemKey').filter((k): k is string => typeof k === 'string'))]
  if (keys.length > 500) return { success: false, fieldErrors: { form: 'form.tooMany' } }
  const items: ItemTextInput[] = []
  for (const key of keys) {
    const raw = {
      title: value(itemField(key, 'title')),
      help: value(itemField(key, 'help')),
      expectedRevision: value(itemField(key, 'expectedRevision')),
      translatedFrom: value(itemField(key, 'translatedFrom')),
    }
    if (leftBlank([raw.title, raw.help], raw.expectedRevision)) continue
    const parsed = collect(itemTextSchema, raw, (f) => itemField(key, f as 'title'))
    if (parsed) items.push({ ...parsed, key })
  }
  if (Object.keys(fieldErrors).length > 0) return { success: false, fieldErrors }
  return { success: true, data: { name, items } }
}
