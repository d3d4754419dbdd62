import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { runImport } from '../../scripts/content-import'
import { migrateDatabase } from '../../scripts/db-migrate'
import { projectRoot, testTmp } from '../setup/paths'

// No server here: the commands work on a database file of their own, one per test, so the
// tests can run in any order.

type Workspace = { dir: string; docs: string; env: Record<string, string> }

function cli(
  workspace: Workspace,
  script: 'content-import' | 'content-export' | 'db-migrate',
  ...args: string[]
) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', `scripts/${script}.ts`, ...args], {
    cwd: projectRoot,
    env: { PATH: process.env.PATH ?? '', ...workspace.env, NODE_ENV: 'test' },
    encoding: 'utf8',
  })
  return { status: result.status, out: `${result.stdout}${result.stderr}` }
}

function write(path: string, content: string) {
  mkdirSync(join(path, '..'), { recursive: true })
  writeFileSync(path, content)
}

const rows = (workspace: Workspace, sql: string) => {
  const db = new Database(workspace.env.DATABASE_URL!, { readonly: true })
  try {
    return db.prepare(sql).all() as Record<string, unknown>[]
  } finally {
    db.close()
  }
}

const categories = `- key: guides\n  position: 1\n  title: { en: Guides, ru: Руководства, es: Guías, pt: Guias }\n`

/** A migrated, empty database and a folder of real-world files, seven good and four bad. */
function workspace(): Workspace {
  const dir = mkdtempSync(join(testTmp(), 'import-'))
  const env = { DATABASE_URL: join(dir, 'hub.db'), DATA_DIR: dir }
  migrateDatabase(env.DATABASE_URL)
  const docs = join(dir, 'docs')
  write(join(docs, 'categories.yml'), categories)
  write(
    join(docs, 'crlf-bom', 'en.md'),
    '\uFEFF---\r\ntitle: Windows file\r\ncategory: guides\r\n---\r\n\r\nLine one\r\nLine two\r\n',
  )
  write(
    join(docs, 'indented', 'en.md'),
    '   ---\n   title: Indented fence\n   category: guides\n   ---\nBody here.\n',
  )
  write(
    join(docs, 'no-title', 'en.md'),
    '---\ncategory: guides\nfavourite_colour: blue\n---\n# Heading as title\n\nText with {{< ref "other.md" >}} and {% include note %} left alone.\n',
  )
  write(join(docs, 'no-title-no-heading', 'es.md'), '---\ncategory: guides\n---\nSolo texto.\n')
  write(
    join(docs, 'big', 'en.md'),
    `---\ntitle: Big one\ncategory: guides\n---\n${'A long paragraph of documentation text. '.repeat(12_000)}\n`,
  )
  write(
    join(docs, 'translated', 'en.md'),
    '---\ntitle: Source\ncategory: guides\ntags: [one, two]\n---\nSource text.\n',
  )
  write(join(docs, 'translated', 'ru.md'), '---\ntitle: Перевод\ncategory: guides\n---\nТекст перевода.\n')
  write(join(docs, 'broken-yaml', 'en.md'), '---\ntitle: "unclosed\ncategory: guides\n---\nx\n')
  write(join(docs, 'unknown-category', 'en.md'), '---\ntitle: Lost\ncategory: nowhere\n---\nx\n')
  write(join(docs, 'wrong-name', 'de.md'), '---\ntitle: Deutsch\ncategory: guides\n---\nx\n')
  write(join(docs, 'Bad Folder', 'en.md'), '---\ntitle: Bad folder\ncategory: guides\n---\nx\n')
  return { dir, docs, env }
}

/** A workspace whose files were imported once already (in-process, as `npm start` does). */
function imported() {
  const w = workspace()
  const report = runImport(w.docs, w.env.DATABASE_URL, { quiet: true })
  expect(report.created).toBe(7)
  return w
}

let untouched: Workspace | undefined
/**
 * One imported workspace for the tests that only import the same files again and must find
 * nothing to change (so they can share it in any order); a test that changes files takes its own.
 */
const importedOnce = () => (untouched ??= imported())

describe('npm run content:import', () => {
  it('migrates a new database', () => {
    const dir = mkdtempSync(join(testTmp(), 'migrate-'))
    const w = { dir, docs: dir, env: { DATABASE_URL: join(dir, 'hub.db'), DATA_DIR: dir } }
    expect(cli(w, 'db-migrate').status).toBe(0)
    expect(rows(w, 'select count(*) as n from articles')).toEqual([{ n: 0 }])
  })

  it('imports real-world files, reports each bad file on one line and goes on', () => {
    const w = workspace()
    const { status, out } = cli(w, 'content-import', '--dir', w.docs)
    expect(status).toBe(0)
    const errorLines = out.split('\n').filter((l) => l.startsWith('✗'))
    expect(errorLines).toHaveLength(4)
    expect(errorLines.find((l) => l.includes('broken-yaml'))).toMatch(/front matter is not valid YAML/)
    expect(errorLines.find((l) => l.includes('unknown-category'))).toMatch(/unknown category "nowhere"/)
    expect(errorLines.find((l) => l.includes('de.md'))).toMatch(/not <lang>\.md/)
    expect(errorLines.find((l) => l.includes('Bad Folder'))).toMatch(/not a slug/)
    expect(out).toMatch(/7 new, 0 updated, 0 unchanged, 4 with errors/)

    const byKey = Object.fromEntries(
      rows(
        w,
        'select a.key, t.locale, t.title, t.body, t.tags from article_translations t join articles a on a.id = t.article_id',
      ).map((r) => [`${r.key}/${r.locale}`, r]),
    )
    expect(byKey['crlf-bom/en']).toMatchObject({ title: 'Windows file', body: 'Line one\nLine two' })
    expect(byKey['indented/en']).toMatchObject({ title: 'Indented fence', body: 'Body here.' })
    expect(byKey['no-title/en']!.title).toBe('Heading as title')
    expect(byKey['no-title/en']!.body).toBe(
      'Text with {{< ref "other.md" >}} and {% include note %} left alone.',
    )
    expect(byKey['no-title-no-heading/es']!.title).toBe('No title no heading')
    expect(String(byKey['big/en']!.body).length).toBeGreaterThan(400_000)
    expect(byKey['translated/en']!.tags).toBe('["one","two"]')
  })

  it('changes nothing when run again on the same files', () => {
    const w = importedOnce()
    const before = rows(w, 'select id, revision, updated_at from article_translations order by id')
    const { status, out } = cli(w, 'content-import', '--dir', w.docs)
    expect(status).toBe(0)
    expect(out).toMatch(/0 new, 0 updated, 7 unchanged/)
    expect(rows(w, 'select id, revision, updated_at from article_translations order by id')).toEqual(before)
  })

  it('gives changed text a new revision and leaves its translation stale', () => {
    const w = imported()
    write(
      join(w.docs, 'translated', 'en.md'),
      '---\ntitle: Source\ncategory: guides\ntags: [one, two]\n---\nSource text, revised.\n',
    )
    expect(cli(w, 'content-import', '--dir', w.docs).out).toMatch(/0 new, 1 updated, 6 unchanged/)
    const [en, ru] = rows(
      w,
      "select t.locale, t.revision, t.source_revision from article_translations t join articles a on a.id = t.article_id where a.key = 'translated' order by t.locale",
    ).sort((a, b) => String(a.locale).localeCompare(String(b.locale)))
    expect(en).toMatchObject({ revision: 2, source_revision: 2 })
    expect(ru).toMatchObject({ revision: 1, source_revision: 1 })
    expect(rows(w, 'select count(*) as n from article_revisions')[0]!.n).toBe(8)
  })

  it('exports the same layout, which imports back without a change', () => {
    const w = importedOnce()
    const out = join(w.dir, 'exported')
    expect(cli(w, 'content-export', '--dir', out).status).toBe(0)
    expect(readdirSync(out).sort()).toEqual([
      'big',
      'categories.yml',
      'crlf-bom',
      'indented',
      'no-title',
      'no-title-no-heading',
      'translated',
    ])
    expect(readFileSync(join(out, 'translated', 'ru.md'), 'utf8')).toContain('title: Перевод')
    const before = rows(w, 'select id, revision, updated_at from article_translations order by id')
    expect(cli(w, 'content-import', '--dir', out).out).toMatch(/0 new, 0 updated, 7 unchanged, 0 with errors/)
    expect(rows(w, 'select id, revision, updated_at from article_translations order by id')).toEqual(before)
  })

  it('exits non-zero only when nothing could be imported', () => {
    const w = workspace()
    const empty = join(w.dir, 'only-bad')
    write(join(empty, 'bad', 'en.md'), '---\ntitle: [\n---\n')
    expect(cli(w, 'content-import', '--dir', empty).status).toBe(1)
    expect(cli(w, 'content-import', '--dir', join(w.dir, 'missing-folder')).status).toBe(1)
    expect(rows(w, 'select count(*) as n from articles')).toEqual([{ n: 0 }])
  })
})
