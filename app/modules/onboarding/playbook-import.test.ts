// @vitest-environment node
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createDb } from '~/db-connection.server'
import { migrateDatabase } from '../../../scripts/db-migrate'
import { importPlaybooks } from './playbook-import.server'

/**
 * The revision rules of the playbook import, pinned down before the editors share them:
 * a changed text gets a new revision, a translation changed with its source follows it,
 * one left as it was becomes stale.
 */
type TextRow = { locale: string; text: string; revision: number; sourceRevision: number }

let dir: string
let file: string
let handle: ReturnType<typeof createDb>

beforeEach(() => {
  const root = mkdtempSync(join(tmpdir(), 'hub-playbook-import-'))
  dir = join(root, 'checklists')
  mkdirSync(dir)
  file = join(root, 'hub.db')
  migrateDatabase(file)
  handle = createDb(file)
})
afterEach(() => handle.sqlite.close())

type Texts = Partial<Record<'en' | 'ru' | 'es' | 'pt', string>>

function writePlaybook(input: { name: Texts; items: { key: string; title: Texts; phase?: string }[] }) {
  const lines = [
    'sourceLocale: en',
    'tier: tech',
    'name:',
    ...Object.entries(input.name).map(([l, v]) => `  ${l}: "${v}"`),
    'items:',
  ]
  for (const item of input.items) {
    lines.push(
      `  - key: ${item.key}`,
      `    phase: ${item.phase ?? 'setup'}`,
      '    title:',
      ...Object.entries(item.title).map(([l, v]) => `      ${l}: "${v}"`),
    )
  }
  writeFileSync(join(dir, 'starter.yml'), `${lines.join('\n')}\n`)
}

const importNow = () => importPlaybooks(handle.db, dir)

const nameRows = () =>
  handle.sqlite
    .prepare(
      'select locale, name as text, revision, source_revision as sourceRevision from checklist_translations order by locale',
    )
    .all() as TextRow[]
const itemRows = (key: string) =>
  handle.sqlite
    .prepare(
      `select t.locale, t.title as text, t.revision, t.source_revision as sourceRevision
       from checklist_item_translations t join checklist_items i on i.id = t.item_id where i.key = ? order by t.locale`,
    )
    .all(key) as TextRow[]

const base = {
  name: { en: 'Starter', ru: 'Старт' },
  items: [
    { key: 'install-sdk', title: { en: 'Install the SDK', ru: 'Установите SDK' } },
    { key: 'first-install', title: { en: 'See your first install', ru: 'Первая установка' } },
  ],
}

describe('importing playbooks', () => {
  it('creates every text at revision 1, and changes nothing when the same file comes again', () => {
    writePlaybook(base)
    expect(importNow()).toMatchObject({ files: 1, created: 1, errors: [] })
    expect(nameRows()).toEqual([
      { locale: 'en', text: 'Starter', revision: 1, sourceRevision: 1 },
      { locale: 'ru', text: 'Старт', revision: 1, sourceRevision: 1 },
    ])
    expect(importNow()).toMatchObject({ unchanged: 1, updated: 0 })
    expect(itemRows('install-sdk')).toEqual([
      { locale: 'en', text: 'Install the SDK', revision: 1, sourceRevision: 1 },
      { locale: 'ru', text: 'Установите SDK', revision: 1, sourceRevision: 1 },
    ])
  })

  it('leaves a translation stale when only its source changes', () => {
    writePlaybook(base)
    importNow()
    writePlaybook({
      ...base,
      items: [{ key: 'install-sdk', title: { en: 'Install our SDK', ru: 'Установите SDK' } }, base.items[1]!],
    })
    expect(importNow()).toMatchObject({ updated: 1 })
    expect(itemRows('install-sdk')).toEqual([
      { locale: 'en', text: 'Install our SDK', revision: 2, sourceRevision: 2 },
      { locale: 'ru', text: 'Установите SDK', revision: 1, sourceRevision: 1 },
    ])
    expect(itemRows('first-install').map((r) => r.revision)).toEqual([1, 1])
  })

  it('takes a translation changed with its source as translated from the new source', () => {
    writePlaybook(base)
    importNow()
    writePlaybook({ ...base, name: { en: 'Starter kit', ru: 'Стартовый набор' } })
    importNow()
    expect(nameRows()).toEqual([
      { locale: 'en', text: 'Starter kit', revision: 2, sourceRevision: 2 },
      { locale: 'ru', text: 'Стартовый набор', revision: 2, sourceRevision: 2 },
    ])
  })

  it('points a translation changed alone, or added later, at the source revision of now', () => {
    writePlaybook(base)
    importNow()
    writePlaybook({ ...base, name: { en: 'Starter kit', ru: 'Старт' } })
    importNow()
    writePlaybook({ ...base, name: { en: 'Starter kit', ru: 'Стартовый набор', pt: 'Kit inicial' } })
    importNow()
    expect(nameRows()).toEqual([
      { locale: 'en', text: 'Starter kit', revision: 2, sourceRevision: 2 },
      { locale: 'pt', text: 'Kit inicial', revision: 1, sourceRevision: 2 },
      { locale: 'ru', text: 'Стартовый набор', revision: 2, sourceRevision: 2 },
    ])
  })

  it('stores an article, video or course link, and rejects a link of another kind', () => {
    const lines = (link: string) =>
      [
        'sourceLocale: en',
        'name:',
        '  en: "Links"',
        'items:',
        '  - key: linked',
        `    link: ${link}`,
        '    title:',
        '      en: "Linked"',
      ].join('\n')
    const linkOf = () =>
      handle.sqlite.prepare('select link_type as type, link_key as key from checklist_items').get()
    for (const [link, stored] of [
      ['{ article: verify-sdk-integration }', { type: 'article', key: 'verify-sdk-integration' }],
      ['{ video: install-the-sdk }', { type: 'video', key: 'install-the-sdk' }],
      ['{ course: platform-fundamentals }', { type: 'course', key: 'platform-fundamentals' }],
    ] as const) {
      writeFileSync(join(dir, 'starter.yml'), `${lines(link)}\n`)
      expect(importNow().errors).toEqual([])
      expect(linkOf()).toEqual(stored)
    }
    writeFileSync(join(dir, 'starter.yml'), `${lines('{ ticket: open-one }')}\n`)
    expect(importNow().errors).toEqual([
      { file: join(dir, 'starter.yml'), message: expect.stringContaining('items.0.link') },
    ])
  })

  it('reorders, updates flags and removes items that left the file', () => {
    writePlaybook(base)
    importNow()
    writePlaybook({ ...base, items: [{ ...base.items[1]!, phase: 'measure' }] })
    expect(importNow()).toMatchObject({ updated: 1 })
    const items = handle.sqlite
      .prepare('select key, position, phase from checklist_items order by position')
      .all()
    expect(items).toEqual([{ key: 'first-install', position: 0, phase: 'measure' }])
  })

  it('completes a step by reading only when its file says completeOn: read, and refuses it without a link', () => {
    const file = (completeOn: string, link = '    link: { article: verify-sdk-integration }') =>
      [
        'sourceLocale: en',
        'tier: tech',
        'name: { en: Starter }',
        'items:',
        '  - key: read-the-guide',
        `    completeOn: ${completeOn}`,
        link,
        '    title: { en: Read the guide }',
        '  - key: verify-integration',
        '    link: { article: verify-sdk-integration }',
        '    title: { en: Verify the integration }',
      ].join('\n')
    const completesOnRead = () =>
      handle.sqlite
        .prepare('select key, complete_on_read as onRead from checklist_items order by position')
        .all()
    writeFileSync(join(dir, 'starter.yml'), `${file('read')}\n`)
    expect(importNow().errors).toEqual([])
    expect(completesOnRead()).toEqual([
      { key: 'read-the-guide', onRead: 1 },
      { key: 'verify-integration', onRead: 0 },
    ])

    writeFileSync(join(dir, 'starter.yml'), `${file('read', '    phase: setup')}\n`)
    expect(importNow().errors).toEqual([
      { file: join(dir, 'starter.yml'), message: expect.stringContaining('items.read-the-guide.completeOn') },
    ])
    writeFileSync(join(dir, 'starter.yml'), `${file('event')}\n`)
    expect(importNow().errors).toEqual([
      { file: join(dir, 'starter.yml'), message: expect.stringContaining('"event" needs an event') },
    ])
    writeFileSync(join(dir, 'starter.yml'), `${file('hand')}\n`)
    expect(importNow().errors).toEqual([])
    expect(completesOnRead()).toEqual([
      { key: 'read-the-guide', onRead: 0 },
      { key: 'verify-integration', onRead: 0 },
    ])
  })
})
