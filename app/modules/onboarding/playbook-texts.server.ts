import { and, eq } from 'drizzle-orm'
import type { Locale } from '#db/schema/enums'
import * as schema from '#db/schema/index'
import type { Db } from '~/db-connection.server'
import { clock } from '~/modules/clock/clock'
import type { TextState } from './playbook-editor.schema'

/**
 * The translated texts of playbooks (a playbook's name, an item's title and help) and their
 * revision rule, shared by the import and the editors so the two can never disagree on what
 * "stale" means. Every function runs inside the caller's immediate transaction.
 */
const { checklistTranslations, checklistItemTranslations } = schema

export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0]

export type ChecklistText = { name: string; description: string }
export type ItemText = { title: string; help: string }
type TextByKind = { checklist: ChecklistText; item: ItemText }
/** Whose text it is: a playbook (`checklist`) or one of its items. */
export type TextKind = keyof TextByKind
export type TextOf<K extends TextKind> = TextByKind[K]

export type StoredText<K extends TextKind> = {
  locale: Locale
  revision: number
  sourceRevision: number
  text: TextByKind[K]
}
type Revisions = { revision: number; sourceRevision: number }

/** The two translation tables behind one interface, typed per kind. */
type TextTable<K extends TextKind> = {
  read: (tx: Tx, ownerId: number) => StoredText<K>[]
  insert: (tx: Tx, ownerId: number, locale: Locale, values: TextByKind[K] & Revisions) => void
  update: (tx: Tx, ownerId: number, locale: Locale, values: TextByKind[K] & Revisions) => void
  setSourceRevision: (tx: Tx, ownerId: number, locale: Locale, sourceRevision: number) => void
}

const tables: { [K in TextKind]: TextTable<K> } = {
  checklist: {
    read: (tx, ownerId) =>
      tx
        .select()
        .from(checklistTranslations)
        .where(eq(checklistTranslations.checklistId, ownerId))
        .all()
        .map((r) => ({
          locale: r.locale,
          revision: r.revision,
          sourceRevision: r.sourceRevision,
          text: { name: r.name, description: r.description },
        })),
    insert: (tx, ownerId, locale, values) =>
      tx
        .insert(checklistTranslations)
        .values({ checklistId: ownerId, locale, ...values })
        .run(),
    update: (tx, ownerId, locale, values) =>
      tx
        .update(checklistTranslations)
        .set({ ...values, updatedAt: clock.now() })
        .where(and(eq(checklistTranslations.checklistId, ownerId), eq(checklistTranslations.locale, locale)))
        .run(),
    setSourceRevision: (tx, ownerId, locale, sourceRevision) =>
      tx
        .update(checklistTranslations)
        .set({ sourceRevision })
        .where(and(eq(checklistTranslations.checklistId, ownerId), eq(checklistTranslations.locale, locale)))
        .run(),
  },
  item: {
    read: (tx, ownerId) =>
      tx
        .select()
        .from(checklistItemTranslations)
        .where(eq(checklistItemTranslations.itemId, ownerId))
        .all()
        .map((r) => ({
          locale: r.locale,
          revision: r.revision,
          sourceRevision: r.sourceRevision,
          text: { title: r.title, help: r.help },
        })),
    insert: (tx, ownerId, locale, values) =>
      tx
        .insert(checklistItemTranslations)
        .values({ itemId: ownerId, locale, ...values })
        .run(),
    update: (tx, ownerId, locale, values) =>
      tx
        .update(checklistItemTranslations)
        .set({ ...values, updatedAt: clock.now() })
        .where(
          and(eq(checklistItemTranslations.itemId, ownerId), eq(checklistItemTranslations.locale, locale)),
        )
        .run(),
    setSourceRevision: (tx, ownerId, locale, sourceRevision) =>
      tx
        .update(checklistItemTranslations)
        .set({ sourceRevision })
        .where(
          and(eq(checklistItemTranslations.itemId, ownerId), eq(checklistItemTranslations.locale, locale)),
        )
        .run(),
  },
}

/** One owner's texts by locale. */
export function readTexts<K extends TextKind>(
  tx: Tx,
  target: { kind: K; ownerId: number },
): Map<Locale, StoredText<K>> {
  const table: TextTable<K> = tables[target.kind]
  return new Map(table.read(tx, target.ownerId).map((row) => [row.locale, row]))
}

export const sameText = (stored: Record<string, string>, text: Record<string, string>) =>
  Object.entries(text).every(([k, v]) => stored[k] === v)

/**
 * The revision rule. A new text starts at revision 1; a changed one gets the next revision;
 * an unchanged one is left alone (so a translation nobody touched becomes stale when its
 * source moves on). The source locale's sourceRevision always equals its revision; a
 * translation records `translatedFrom`, the source revision it was written against.
 */
export function writeText<K extends TextKind>(
  tx: Tx,
  input: {
    kind: K
    ownerId: number
    locale: Locale
    isSource: boolean
    text: TextByKind[K]
    current: StoredText<K> | undefined
    translatedFrom: number
  },
): { changed: boolean; revision: number } {
  const table: TextTable<K> = tables[input.kind]
  const { current } = input
  if (!current) {
    table.insert(tx, input.ownerId, input.locale, {
      ...input.text,
      revision: 1,
      sourceRevision: input.isSource ? 1 : input.translatedFrom,
    })
    return { changed: true, revision: 1 }
  }
  if (sameText(current.text, input.text)) return { changed: false, revision: current.revision }
  const revision = current.revision + 1
  table.update(tx, input.ownerId, input.locale, {
    ...input.text,
    revision,
    sourceRevision: input.isSource ? revision : input.translatedFrom,
  })
  return { changed: true, revision }
}

/** Records that a translation says what the source's `sourceRevision` says; its text stays. */
export function markTextUpToDate<K extends TextKind>(
  tx: Tx,
  input: { kind: K; ownerId: number; locale: Locale; sourceRevision: number },
) {
  const table: TextTable<K> = tables[input.kind]
  table.setSourceRevision(tx, input.ownerId, input.locale, input.sourceRevision)
}

/** Stale when the text was written against an older revision of the source-locale text. */
export function textState(
  text: Pick<StoredText<TextKind>, 'sourceRevision'> | undefined,
  input: { sourceRevision: number; isSource: boolean },
): TextState {
  if (!text) return 'missing'
  if (!input.isSource && text.sourceRevision < input.sourceRevision) return 'stale'
  return 'upToDate'
}
