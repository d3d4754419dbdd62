import { and, asc, eq, max } from 'drizzle-orm'
import { locales, type Locale, type Tier } from '#db/schema/enums'
import { db, schema } from '~/db.server'
import type {
  ItemFlags,
  ItemTextInput,
  NameTextInput,
  PlaybookMatrixFilters,
  TextState,
  TextsInput,
} from './playbook-editor.schema'
import { completeOnOf } from './playbook-editor.schema'
import {
  markTextUpToDate,
  readTexts,
  sameText,
  textState,
  writeText,
  type ItemText,
  type TextKind,
  type TextOf,
  type Tx,
} from './playbook-texts.server'

/**
 * The editors' side of onboarding playbooks: the translation matrix, one playbook's items
 * and scope, and its texts in one language. Reads are awaited queries; every write is one
 * immediate transaction of synchronous statements that reads what it checks, so two editors
 * can never interleave between a check and a write.
 */
const { articles, checklists, checklistTranslations, checklistItems, checklistItemTranslations, markets } =
  schema

const immediate = { behavior: 'immediate' } as const

type Revisions = { locale: Locale; revision: number; sourceRevision: number }

/** Each locale's state of one owner's texts. */
function statesOf(texts: Map<Locale, Revisions>, sourceLocale: Locale): Record<Locale, TextState> {
  const sourceRevision = texts.get(sourceLocale)?.revision ?? 1
  return Object.fromEntries(
    locales.map((l) => [l, textState(texts.get(l), { sourceRevision, isSource: l === sourceLocale })]),
  ) as Record<Locale, TextState>
}

/** Rows grouped by their owner, then by locale. */
function groupByOwner<T extends { locale: Locale }>(rows: T[], ownerOf: (row: T) => number) {
  const groups = new Map<number, Map<Locale, T>>()
  for (const row of rows) {
    const owner = ownerOf(row)
    if (!groups.has(owner)) groups.set(owner, new Map())
    groups.get(owner)!.set(row.locale, row)
  }
  return groups
}

/** The text in the reader's language, else in the source language; null when neither exists. */
function textIn<T>(texts: Map<Locale, T> | undefined, locale: Locale, sourceLocale: Locale) {
  const own = texts?.get(locale)
  if (own) return { text: own, locale }
  const source = texts?.get(sourceLocale)
  return source ? { text: source, locale: sourceLocale } : null
}

/** What needs work first: a missing text over a stale one over one that is up to date. */
const statePriority: Record<TextState, number> = { missing: 0, stale: 1, upToDate: 2 }

/** A playbook's state in one locale over its name and every item, with how many texts need work. */
function summarize(states: TextState[]) {
  const missing = states.filter((s) => s === 'missing').length
  const stale = states.filter((s) => s === 'stale').length
  const state = states.reduce<TextState>(
    (worst, s) => (statePriority[s] < statePriority[worst] ? s : worst),
    'upToDate',
  )
  return { state, missing, stale, total: states.length }
}

const matchesFilter = (states: Record<Locale, TextState>, filters: PlaybookMatrixFilters) =>
  !filters.state ||
  (filters.locale
    ? states[filters.locale] === filters.state
    : locales.some((l) => states[l] === filters.state))

async function loadPlaybookTexts() {
  return Promise.all([
    db
      .select({
        id: checklists.id,
        key: checklists.key,
        sourceLocale: checklists.sourceLocale,
        tier: checklists.tier,
        marketCode: markets.code,
        marketName: markets.name,
      })
      .from(checklists)
      .leftJoin(markets, eq(markets.id, checklists.marketId))
      .orderBy(asc(checklists.key)),
    db
      .select({
        checklistId: checklistTranslations.checklistId,
        locale: checklistTranslations.locale,
        name: checklistTranslations.name,
        revision: checklistTranslations.revision,
        sourceRevision: checklistTranslations.sourceRevision,
      })
      .from(checklistTranslations),
    db
      .select({ id: checklistItems.id, checklistId: checklistItems.checklistId, key: checklistItems.key })
      .from(checklistItems)
      .orderBy(asc(checklistItems.position), asc(checklistItems.id)),
    db
      .select({
        itemId: checklistItemTranslations.itemId,
        locale: checklistItemTranslations.locale,
        title: checklistItemTranslations.title,
        revision: checklistItemTranslations.revision,
        sourceRevision: checklistItemTranslations.sourceRevision,
      })
      .from(checklistItemTranslations),
  ])
}

/**
 * Every playbook against every locale. A playbook's cell sums up its name and all its items;
 * its item rows show when the playbook is open, or, with a state filter, the items that match.
 */
export async function listPlaybookMatrix({
  locale,
  filters,
  open,
}: {
  locale: Locale
  filters: PlaybookMatrixFilters
  open: number[]
}) {
  const [playbooks, names, items, itemTexts] = await loadPlaybookTexts()
  const namesByPlaybook = groupByOwner(names, (n) => n.checklistId)
  const textsByItem = groupByOwner(itemTexts, (t) => t.itemId)
  const rows = playbooks.map((playbook) => {
    const nameTexts = namesByPlaybook.get(playbook.id) ?? new Map()
    const nameStates = statesOf(nameTexts, playbook.sourceLocale)
    const itemRows = items
      .filter((i) => i.checklistId === playbook.id)
      .map((item) => {
        const texts = textsByItem.get(item.id) ?? new Map()
        const title = textIn(texts, locale, playbook.sourceLocale)
        return {
          key: item.key,
          title: title?.text.title ?? item.key,
          titleLocale: title?.locale ?? playbook.sourceLocale,
          states: statesOf(texts, playbook.sourceLocale),
        }
      })
    const cells = Object.fromEntries(
      locales.map((l) => [l, summarize([nameStates[l], ...itemRows.map((i) => i.states[l])])]),
    ) as Record<Locale, ReturnType<typeof summarize>>
    const name = textIn(nameTexts, locale, playbook.sourceLocale)
    return {
      id: playbook.id,
      key: playbook.key,
      sourceLocale: playbook.sourceLocale,
      tier: playbook.tier,
      market: playbook.marketCode
        ? { code: playbook.marketCode, name: playbook.marketName ?? playbook.marketCode }
        : null,
      name: name?.text.name ?? playbook.key,
      nameLocale: name?.locale ?? playbook.sourceLocale,
      nameStates,
      itemCount: itemRows.length,
      items: itemRows,
      cells,
    }
  })
  const filtered = rows
    .filter(
      (row) =>
        matchesFilter(row.nameStates, filters) || row.items.some((i) => matchesFilter(i.states, filters)),
    )
    .map((row) => {
      const isOpen = open.includes(row.id)
      const shownItems = filters.state
        ? row.items.filter((i) => matchesFilter(i.states, filters))
        : isOpen
          ? row.items
          : []
      const showName = filters.state ? matchesFilter(row.nameStates, filters) : isOpen
      return { ...row, isOpen, items: shownItems, showName }
    })
  return { rows: filtered, total: rows.length }
}

export type PlaybookMatrixRow = Awaited<ReturnType<typeof listPlaybookMatrix>>['rows'][number]

async function findPlaybook(checklistId: number) {
  return (
    (await db
      .select({
        id: checklists.id,
        key: checklists.key,
        sourceLocale: checklists.sourceLocale,
        tier: checklists.tier,
        marketCode: markets.code,
        marketName: markets.name,
      })
      .from(checklists)
      .leftJoin(markets, eq(markets.id, checklists.marketId))
      .where(eq(checklists.id, checklistId))
      .get()) ?? null
  )
}

async function playbookItems(checklistId: number) {
  return db
    .select()
    .from(checklistItems)
    .where(eq(checklistItems.checklistId, checklistId))
    .orderBy(asc(checklistItems.position), asc(checklistItems.id))
}

/** Every stored text of one playbook: its name in each locale, and each item's texts by item id. */
async function playbookTexts(checklistId: number) {
  const [names, itemTexts] = await Promise.all([
    db.select().from(checklistTranslations).where(eq(checklistTranslations.checklistId, checklistId)),
    db
      .select({
        itemId: checklistItemTranslations.itemId,
        locale: checklistItemTranslations.locale,
        title: checklistItemTranslations.title,
        help: checklistItemTranslations.help,
        revision: checklistItemTranslations.revision,
        sourceRevision: checklistItemTranslations.sourceRevision,
      })
      .from(checklistItemTranslations)
      .innerJoin(checklistItems, eq(checklistItems.id, checklistItemTranslations.itemId))
      .where(eq(checklistItems.checklistId, checklistId)),
  ])
  return {
    names: new Map(names.map((n) => [n.locale, n])),
    itemTexts: groupByOwner(itemTexts, (t) => t.itemId),
  }
}

/** One playbook for its editing page: scope, items in order with their flags and states. Null when unknown. */
export async function getPlaybookForEditing({
  checklistId,
  locale,
}: {
  checklistId: number
  locale: Locale
}) {
  const playbook = await findPlaybook(checklistId)
  if (!playbook) return null
  const [items, { names, itemTexts }, marketOptions] = await Promise.all([
    playbookItems(checklistId),
    playbookTexts(checklistId),
    db.select({ code: markets.code, name: markets.name }).from(markets).orderBy(asc(markets.code)),
  ])
  const name = textIn(names, locale, playbook.sourceLocale)
  return {
    playbook: {
      ...playbook,
      name: name?.text.name ?? playbook.key,
      nameLocale: name?.locale ?? playbook.sourceLocale,
      description: name?.text.description ?? '',
      nameStates: statesOf(names, playbook.sourceLocale),
    },
    items: items.map((item) => {
      const texts = itemTexts.get(item.id) ?? new Map()
      const title = textIn(texts, locale, playbook.sourceLocale)
      return {
        key: item.key,
        phase: item.phase,
        required: item.required,
        valueMilestone: item.valueMilestone,
        eventKey: item.eventKey,
        completeOn: completeOnOf(item),
        articleKey: item.linkType === 'article' ? item.linkKey : null,
        title: title?.text.title ?? item.key,
        titleLocale: title?.locale ?? playbook.sourceLocale,
        states: statesOf(texts, playbook.sourceLocale),
      }
    }),
    markets: marketOptions,
  }
}

/** One text beside its source, for the one-language page. */
function textEntry<T extends Revisions>(
  texts: Map<Locale, T> | undefined,
  locale: Locale,
  sourceLocale: Locale,
) {
  const source = texts?.get(sourceLocale) ?? null
  const own = texts?.get(locale) ?? null
  const sourceRevision = source?.revision ?? 1
  return {
    source,
    own,
    sourceRevision,
    state: textState(own ?? undefined, { sourceRevision, isSource: locale === sourceLocale }),
  }
}

/** Every text of a playbook in `editLocale` beside the source-locale text. Null when unknown. */
export async function getPlaybookTexts({
  checklistId,
  locale,
  editLocale,
}: {
  checklistId: number
  locale: Locale
  editLocale: Locale
}) {
  const playbook = await findPlaybook(checklistId)
  if (!playbook) return null
  const [items, { names, itemTexts }] = await Promise.all([
    playbookItems(checklistId),
    playbookTexts(checklistId),
  ])
  const heading = textIn(names, locale, playbook.sourceLocale)
  const pick = <T extends { revision: number; sourceRevision: number }>(row: T | null) =>
    row && { revision: row.revision, sourceRevision: row.sourceRevision }
  const name = textEntry(names, editLocale, playbook.sourceLocale)
  return {
    playbook: {
      id: playbook.id,
      key: playbook.key,
      sourceLocale: playbook.sourceLocale,
      name: heading?.text.name ?? playbook.key,
      nameLocale: heading?.locale ?? playbook.sourceLocale,
    },
    isSource: editLocale === playbook.sourceLocale,
    name: {
      state: name.state,
      sourceRevision: name.sourceRevision,
      source: name.source && {
        name: name.source.name,
        description: name.source.description,
        ...pick(name.source),
      },
      own: name.own && { name: name.own.name, description: name.own.description, ...pick(name.own) },
    },
    items: items.map((item) => {
      const entry = textEntry(itemTexts.get(item.id), editLocale, playbook.sourceLocale)
      return {
        key: item.key,
        phase: item.phase,
        state: entry.state,
        sourceRevision: entry.sourceRevision,
        source: entry.source && { title: entry.source.title, help: entry.source.help, ...pick(entry.source) },
        own: entry.own && { title: entry.own.title, help: entry.own.help, ...pick(entry.own) },
      }
    }),
  }
}

export type PlaybookTexts = NonNullable<Awaited<ReturnType<typeof getPlaybookTexts>>>

function findChecklist(tx: Tx, checklistId: number) {
  return tx.select().from(checklists).where(eq(checklists.id, checklistId)).get()
}

function findItem(tx: Tx, checklistId: number, key: string) {
  return tx
    .select()
    .from(checklistItems)
    .where(and(eq(checklistItems.checklistId, checklistId), eq(checklistItems.key, key)))
    .get()
}

const articleExists = (tx: Tx, key: string) =>
  !!tx.select({ id: articles.id }).from(articles).where(eq(articles.key, key)).get()

/**
 * The item columns the flags set; only articles can be linked from the editor for now. A form
 * without `completeOn` keeps whether reading completes the item.
 */
function itemValues(flags: ItemFlags, current?: { completeOnRead: boolean }) {
  return {
    phase: flags.phase,
    required: flags.required,
    valueMilestone: flags.valueMilestone,
    eventKey: flags.eventKey,
    completeOnRead: flags.completeOn ? flags.completeOn === 'read' : (current?.completeOnRead ?? false),
    linkType: flags.articleKey ? ('article' as const) : null,
    linkKey: flags.articleKey,
  }
}

/**
 * Which accounts follow the playbook: a market (null for every market) and a tier (null for
 * every tier). Accounts pick the most specific match, so this can move accounts between playbooks.
 */
export function updatePlaybookScope({
  checklistId,
  marketCode,
  tier,
}: {
  checklistId: number
  marketCode: string | null
  tier: Tier | null
}) {
  return db.transaction((tx) => {
    const checklist = findChecklist(tx, checklistId)
    if (!checklist) return 'not-found' as const
    const market = marketCode
      ? tx.select({ id: markets.id }).from(markets).where(eq(markets.code, marketCode)).get()
      : null
    if (marketCode && !market) return 'unknown-market' as const
    const marketId = market?.id ?? null
    if (checklist.marketId === marketId && checklist.tier === tier) return 'unchanged' as const
    tx.update(checklists).set({ marketId, tier }).where(eq(checklists.id, checklistId)).run()
    return 'updated' as const
  }, immediate)
}

/** A new item at the end of the playbook, with its text in the playbook's source language. */
export function addPlaybookItem({
  checklistId,
  key,
  text,
  flags,
}: {
  checklistId: number
  key: string
  text: ItemText
  flags: ItemFlags
}) {
  return db.transaction((tx) => {
    const checklist = findChecklist(tx, checklistId)
    if (!checklist) return 'not-found' as const
    if (findItem(tx, checklistId, key)) return 'key-taken' as const
    if (flags.articleKey && !articleExists(tx, flags.articleKey)) return 'unknown-article' as const
    if (flags.completeOn === 'read' && !flags.articleKey) return 'read-without-link' as const
    const last = tx
      .select({ position: max(checklistItems.position) })
      .from(checklistItems)
      .where(eq(checklistItems.checklistId, checklistId))
      .get()
    const position = last?.position === null || last?.position === undefined ? 0 : last.position + 1
    const item = tx
      .insert(checklistItems)
      .values({ checklistId, key, position, ...itemValues(flags) })
      .returning({ id: checklistItems.id })
      .get()
    writeText(tx, {
      kind: 'item',
      ownerId: item.id,
      locale: checklist.sourceLocale,
      isSource: true,
      text,
      current: undefined,
      translatedFrom: 1,
    })
    return 'created' as const
  }, immediate)
}

/** Phase, required, value milestone, event, linked article and how it completes, of one item. */
export function updateItemFlags({
  checklistId,
  itemKey,
  flags,
}: {
  checklistId: number
  itemKey: string
  flags: ItemFlags
}) {
  return db.transaction((tx) => {
    const item = findItem(tx, checklistId, itemKey)
    if (!item) return 'not-found' as const
    if (
      flags.articleKey &&
      (item.linkType !== 'article' || flags.articleKey !== item.linkKey) &&
      !articleExists(tx, flags.articleKey)
    )
      return 'unknown-article' as const
    // The editor links articles only: a video or course link (from the files) stays unless an article replaces it.
    const keepsLink = !flags.articleKey && (item.linkType === 'video' || item.linkType === 'course')
    const values = keepsLink
      ? { ...itemValues(flags, item), linkType: item.linkType, linkKey: item.linkKey }
      : itemValues(flags, item)
    // Opening the link is what completes a step done by reading: without a link it never would.
    if (values.completeOnRead && !values.linkKey) return 'read-without-link' as const
    const changed = (Object.keys(values) as (keyof typeof values)[]).some((k) => item[k] !== values[k])
    if (!changed) return 'unchanged' as const
    tx.update(checklistItems).set(values).where(eq(checklistItems.id, item.id)).run()
    return 'updated' as const
  }, immediate)
}

/** Swaps an item with its neighbour and numbers every position afresh (imports may leave gaps or ties). */
export function moveItem({
  checklistId,
  itemKey,
  direction,
}: {
  checklistId: number
  itemKey: string
  direction: 'up' | 'down'
}) {
  return db.transaction((tx) => {
    const items = tx
      .select({ id: checklistItems.id, key: checklistItems.key, position: checklistItems.position })
      .from(checklistItems)
      .where(eq(checklistItems.checklistId, checklistId))
      .orderBy(asc(checklistItems.position), asc(checklistItems.id))
      .all()
    const index = items.findIndex((i) => i.key === itemKey)
    if (index === -1) return 'not-found' as const
    const target = direction === 'up' ? index - 1 : index + 1
    if (target < 0 || target >= items.length) return 'unchanged' as const
    const order = [...items]
    ;[order[index], order[target]] = [order[target]!, order[index]!]
    order.forEach((item, position) => {
      if (item.position !== position)
        tx.update(checklistItems).set({ position }).where(eq(checklistItems.id, item.id)).run()
    })
    return 'moved' as const
  }, immediate)
}

/**
 * Removes an item and its texts. Progress is kept per account and item key, so an account's
 * record returns if an item with the same key is added again.
 */
export function deleteItem({ checklistId, itemKey }: { checklistId: number; itemKey: string }) {
  return db.transaction((tx) => {
    const removed = tx
      .delete(checklistItems)
      .where(and(eq(checklistItems.checklistId, checklistId), eq(checklistItems.key, itemKey)))
      .returning({ id: checklistItems.id })
      .all()
    return removed.length > 0 ? ('deleted' as const) : ('not-found' as const)
  }, immediate)
}

/** A text someone else saved after the editor opened the page: `key` is null for the playbook's name. */
export type TextConflict = { key: string | null; revision: number }

type PlannedText = { conflict: TextConflict } | { write: () => boolean }

/**
 * Checks one submitted text against what is stored and prepares its write. A save made from an
 * older revision is a conflict, unless it would store exactly what is there already.
 */
function planText<K extends TextKind>(
  tx: Tx,
  input: {
    kind: K
    ownerId: number
    key: string | null
    locale: Locale
    sourceLocale: Locale
    text: TextOf<K>
    expectedRevision: number
    translatedFrom: number
  },
): PlannedText {
  const stored = readTexts(tx, { kind: input.kind, ownerId: input.ownerId })
  const current = stored.get(input.locale)
  if (
    (current?.revision ?? 0) !== input.expectedRevision &&
    !(current && sameText(current.text, input.text))
  ) {
    return { conflict: { key: input.key, revision: current?.revision ?? 0 } }
  }
  const sourceRevision = stored.get(input.sourceLocale)?.revision ?? 1
  const isSource = input.locale === input.sourceLocale
  // A translator who worked from an older source than today's leaves the text stale, honestly.
  const translatedFrom = Math.max(1, Math.min(input.translatedFrom, sourceRevision))
  return {
    write: () =>
      writeText(tx, {
        kind: input.kind,
        ownerId: input.ownerId,
        locale: input.locale,
        isSource,
        text: input.text,
        current,
        translatedFrom,
      }).changed,
  }
}

export type SaveTextsResult =
  | { outcome: 'not-found' }
  | { outcome: 'conflict'; conflicts: TextConflict[] }
  | { outcome: 'saved' | 'unchanged'; changed: number }

/**
 * Saves the playbook's name and its items' texts in one locale, with the shared revision rule:
 * a changed source text gets a new revision (so its translations become stale); a translation
 * records the source revision it was written from. All or nothing: any conflict writes nothing.
 * An item deleted meanwhile is a conflict too, so the editor keeps their text.
 */
export function savePlaybookTexts({
  checklistId,
  locale,
  texts,
}: {
  checklistId: number
  locale: Locale
  texts: TextsInput
}): SaveTextsResult {
  return db.transaction((tx): SaveTextsResult => {
    const checklist = findChecklist(tx, checklistId)
    if (!checklist) return { outcome: 'not-found' }
    const common = { locale, sourceLocale: checklist.sourceLocale }
    const plans: PlannedText[] = []
    if (texts.name) plans.push(planName(tx, { ...common, ownerId: checklist.id, input: texts.name }))
    for (const item of texts.items) {
      const row = findItem(tx, checklistId, item.key)
      plans.push(
        row
          ? planItem(tx, { ...common, ownerId: row.id, input: item })
          : { conflict: { key: item.key, revision: 0 } },
      )
    }
    const conflicts = plans.flatMap((p) => ('conflict' in p ? [p.conflict] : []))
    if (conflicts.length > 0) return { outcome: 'conflict', conflicts }
    const changed = plans.filter((p) => 'write' in p && p.write()).length
    return { outcome: changed > 0 ? 'saved' : 'unchanged', changed }
  }, immediate)
}

type PlanArgs<I> = { ownerId: number; locale: Locale; sourceLocale: Locale; input: I }

const planName = (tx: Tx, { input, ...rest }: PlanArgs<NameTextInput>) =>
  planText(tx, {
    ...rest,
    kind: 'checklist',
    key: null,
    text: { name: input.name, description: input.description },
    expectedRevision: input.expectedRevision,
    translatedFrom: input.translatedFrom,
  })

const planItem = (tx: Tx, { input, ...rest }: PlanArgs<ItemTextInput>) =>
  planText(tx, {
    ...rest,
    kind: 'item',
    key: input.key,
    text: { title: input.title, help: input.help },
    expectedRevision: input.expectedRevision,
    translatedFrom: input.translatedFrom,
  })

/**
 * Records that a translation already says what the source says, without changing its text. The
 * form carries both revisions the editor compared: if either moved on since, it is a conflict.
 */
export function markPlaybookTextUpToDate({
  checklistId,
  locale,
  itemKey,
  expectedRevision,
  sourceRevision,
}: {
  checklistId: number
  locale: Locale
  itemKey: string | null
  expectedRevision: number
  sourceRevision: number
}) {
  return db.transaction((tx) => {
    const checklist = findChecklist(tx, checklistId)
    if (!checklist) return 'not-found' as const
    if (locale === checklist.sourceLocale) return 'is-source' as const
    const item = itemKey ? findItem(tx, checklistId, itemKey) : undefined
    if (itemKey && !item) return 'not-found' as const
    const target = item
      ? ({ kind: 'item', ownerId: item.id } as const)
      : ({ kind: 'checklist', ownerId: checklist.id } as const)
    const stored = readTexts(tx, target)
    const current = stored.get(locale)
    if (!current) return 'not-found' as const
    const currentSource = stored.get(checklist.sourceLocale)?.revision ?? 1
    if (current.revision !== expectedRevision || currentSource !== sourceRevision) return 'conflict' as const
    markTextUpToDate(tx, { ...target, locale, sourceRevision })
    return 'updated' as const
  }, immediate)
}
