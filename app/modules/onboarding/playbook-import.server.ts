import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { and, eq, notInArray } from 'drizzle-orm'
import { locales, type Locale } from '#db/schema/enums'
import * as schema from '#db/schema/index'
import type { Db } from '~/db-connection.server'
import { itemLink, parsePlaybookFile, type PlaybookFile } from './playbook-files.server'
import { readTexts, writeText, type TextKind, type TextOf, type Tx } from './playbook-texts.server'

const { checklists, checklistItems, markets } = schema

export type PlaybookImportReport = {
  files: number
  created: number
  updated: number
  unchanged: number
  errors: { file: string; message: string }[]
}

/**
 * Imports `<dir>/<key>.yml`. Idempotent: an unchanged file changes nothing. A text that
 * changes gets a new revision; a translation that changes in the same import as its source
 * is taken as translated from the new source, one left as it was becomes stale.
 */
export function importPlaybooks(db: Db, dir: string): PlaybookImportReport {
  const report: PlaybookImportReport = { files: 0, created: 0, updated: 0, unchanged: 0, errors: [] }
  for (const name of readdirSync(dir)
    .filter((n) => n.endsWith('.yml'))
    .sort()) {
    const file = join(dir, name)
    report.files++
    const key = name.replace(/\.yml$/, '')
    const parsed = parsePlaybookFile(readFileSync(file, 'utf8'))
    if (!parsed.ok) {
      report.errors.push({ file, message: parsed.error })
      continue
    }
    const market = parsed.playbook.market
      ? db.select({ id: markets.id }).from(markets).where(eq(markets.code, parsed.playbook.market)).get()
      : null
    if (parsed.playbook.market && !market) {
      report.errors.push({ file, message: `market: no market with the code "${parsed.playbook.market}"` })
      continue
    }
    const outcome = db.transaction(
      (tx) => writePlaybook(tx, { key, marketId: market?.id ?? null, playbook: parsed.playbook }),
      { behavior: 'immediate' },
    )
    report[outcome]++
  }
  return report
}

function writePlaybook(
  tx: Tx,
  input: { key: string; marketId: number | null; playbook: PlaybookFile },
): 'created' | 'updated' | 'unchanged' {
  const { playbook } = input
  const fields = {
    marketId: input.marketId,
    tier: playbook.tier ?? null,
    sourceLocale: playbook.sourceLocale,
  }
  const found = tx.select().from(checklists).where(eq(checklists.key, input.key)).get()
  const checklist =
    found ??
    tx
      .insert(checklists)
      .values({ key: input.key, ...fields })
      .returning()
      .get()
  let changed = false
  if (
    found &&
    (found.marketId !== fields.marketId ||
      found.tier !== fields.tier ||
      found.sourceLocale !== fields.sourceLocale)
  ) {
    tx.update(checklists).set(fields).where(eq(checklists.id, found.id)).run()
    changed = true
  }

  const nameTexts = Object.fromEntries(
    locales
      .filter((l) => playbook.name[l])
      .map((l) => [l, { name: playbook.name[l]!, description: playbook.description[l] ?? '' }]),
  )
  changed =
    writeTexts(tx, {
      kind: 'checklist',
      ownerId: checklist.id,
      sourceLocale: playbook.sourceLocale,
      texts: nameTexts,
    }) || changed

  playbook.items.forEach((item, position) => {
    const values = {
      position,
      phase: item.phase ?? null,
      required: item.required,
      valueMilestone: item.milestone,
      eventKey: item.event ?? null,
      completeOnRead: item.completeOn === 'read',
      ...itemLink(item.link),
    }
    let row = tx
      .select()
      .from(checklistItems)
      .where(and(eq(checklistItems.checklistId, checklist.id), eq(checklistItems.key, item.key)))
      .get()
    if (!row) {
      row = tx
        .insert(checklistItems)
        .values({ checklistId: checklist.id, key: item.key, ...values })
        .returning()
        .get()
      changed = true
    } else if (Object.entries(values).some(([k, v]) => row![k as keyof typeof values] !== v)) {
      tx.update(checklistItems).set(values).where(eq(checklistItems.id, row.id)).run()
      changed = true
    }
    const itemTexts = Object.fromEntries(
      locales
        .filter((l) => item.title[l])
        .map((l) => [l, { title: item.title[l]!, help: item.help[l] ?? '' }]),
    )
    changed =
      writeTexts(tx, {
        kind: 'item',
        ownerId: row.id,
        sourceLocale: playbook.sourceLocale,
        texts: itemTexts,
      }) || changed
  })

  const keys = playbook.items.map((i) => i.key)
  const removed = tx
    .delete(checklistItems)
    .where(and(eq(checklistItems.checklistId, checklist.id), notInArray(checklistItems.key, keys)))
    .returning()
    .all()
  changed = changed || removed.length > 0
  return !found ? 'created' : changed ? 'updated' : 'unchanged'
}

/**
 * Writes one owner's texts in every language with the shared revision rule. The source goes
 * first, so translations changed alongside it point at its new revision and the ones left as
 * they were become stale. True when anything changed.
 */
function writeTexts<K extends TextKind>(
  tx: Tx,
  input: { kind: K; ownerId: number; sourceLocale: Locale; texts: Partial<Record<Locale, TextOf<K>>> },
) {
  const existing = readTexts(tx, { kind: input.kind, ownerId: input.ownerId })
  const order = [input.sourceLocale, ...locales.filter((l) => l !== input.sourceLocale)]
  let sourceRevision = existing.get(input.sourceLocale)?.revision ?? 1
  let changed = false
  for (const locale of order) {
    const text = input.texts[locale]
    if (!text) continue
    const isSource = locale === input.sourceLocale
    const written = writeText(tx, {
      kind: input.kind,
      ownerId: input.ownerId,
      locale,
      isSource,
      text,
      current: existing.get(locale),
      translatedFrom: sourceRevision,
    })
    if (isSource) sourceRevision = written.revision
    changed = written.changed || changed
  }
  return changed
}
