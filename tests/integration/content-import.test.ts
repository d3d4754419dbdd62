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
  write(join(docs, 'no-category', 'pt.md'), '---\ntitle: Sem categoria\n---\nTexto.\n')
  write(join(docs, 'wrong-name', 'de.md'), '---\ntitle: Deutsch\ncategory: guides\n---\nx\n')
  write(join(docs, 'Bad Folder', 'en.md'), '---\ntitle: Bad folder\ncategory: guides\n---\nx\n')
  return { dir, docs, env }
}

/** A workspace whose files were imported once already (in-process, as `npm start` does). */
function imported() {
  const w = workspace()
  const report = runImport(w.docs, w.env.DATABASE_URL, { quiet: true })
  expect(report.created).toBe(9)
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
    expect(errorLines).toHaveLength(3)
    expect(errorLines.find((l) => l.includes('broken-yaml'))).toMatch(/front matter is not valid YAML/)
    expect(errorLines.find((l) => l.includes('de.md'))).toMatch(/not <lang>\.md/)
    expect(errorLines.find((l) => l.includes('Bad Folder'))).toMatch(/not a slug/)
    expect(out).toMatch(/9 new, 0 updated, 0 unchanged, 3 with errors/)
    expect(out).toMatch(/2 articles without a known category went to "Imported"/)

    // A missing or unknown category is no error: the article goes to "Imported", named in every language.
    expect(
      rows(
        w,
        "select a.key from articles a join kb_categories c on c.id = a.category_id where c.key = 'imported' order by a.key",
      ).map((r) => r.key),
    ).toEqual(['no-category', 'unknown-category'])
    expect(
      rows(
        w,
        "select t.locale, t.title from kb_category_translations t join kb_categories c on c.id = t.category_id where c.key = 'imported' order by t.locale",
      ),
    ).toEqual([
      { locale: 'en', title: 'Imported' },
      { locale: 'es', title: 'Importados' },
      { locale: 'pt', title: 'Importados' },
      { locale: 'ru', title: 'Импортированные' },
    ])

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
    expect(out).toMatch(/0 new, 0 updated, 9 unchanged/)
    expect(rows(w, 'select id, revision, updated_at from article_translations order by id')).toEqual(before)
  })

  it('gives changed text a new revision and leaves its translation stale', () => {
    const w = imported()
    write(
      join(w.docs, 'translated', 'en.md'),
      '---\ntitle: Source\ncategory: guides\ntags: [one, two]\n---\nSource text, revised.\n',
    )
    expect(cli(w, 'content-import', '--dir', w.docs).out).toMatch(/0 new, 1 updated, 8 unchanged/)
    const [en, ru] = rows(
      w,
      "select t.locale, t.revision, t.source_revision from article_translations t join articles a on a.id = t.article_id where a.key = 'translated' order by t.locale",
    ).sort((a, b) => String(a.locale).localeCompare(String(b.locale)))
    expect(en).toMatchObject({ revision: 2, source_revision: 2 })
    expect(ru).toMatchObject({ revision: 1, source_revision: 1 })
    expect(rows(w, 'select count(*) as n from article_revisions')[0]!.n).toBe(10)
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
      'no-category',
      'no-title',
      'no-title-no-heading',
      'translated',
      'unknown-category',
    ])
    expect(readFileSync(join(out, 'translated', 'ru.md'), 'utf8')).toContain('title: Перевод')
    const before = rows(w, 'select id, revision, updated_at from article_translations order by id')
    expect(cli(w, 'content-import', '--dir', out).out).toMatch(/0 new, 0 updated, 9 unchanged, 0 with errors/)
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

/**
 * Documentation written for other tools, as teams bring it over: no category, their own keys,
 * shortcodes and admonitions. Hand-written samples of three styles, each in four languages,
 * repeated under many folders.
 */
const samples = {
  hugo: (n: number, lang: string) =>
    `---\ntitle: "Hugo page ${n} (${lang})"\ndate: 2024-03-0${(n % 9) + 1}T10:00:00Z\nweight: ${n}\ndraft: false\ndescription: Configure the thing number ${n}.\ntoc: true\n---\n\n{{< figure src="/img/setup.png" title="Setup" >}}\n\nRead {{< ref "other-page.md" >}} first.\n\n{{% notice warning %}}\nBack up before you start.\n{{% /notice %}}\n\n## Steps\n\n1. Open **Settings**.\n2. Click *Save*.\n`,
  docusaurus: (n: number, lang: string) =>
    `---\nid: doc-${n}\nslug: /docs/guides/doc-${n}\nsidebar_label: Doc ${n}\nsidebar_position: ${n}\ntags: [guide, sdk]\nkeywords:\n  - install\n  - setup\n---\n\n# Docusaurus doc ${n} ${lang}\n\n:::tip My tip\nUse the CLI.\n:::\n\nimport Tabs from '@theme/Tabs';\n\n<Tabs>\n  <TabItem value="npm">npm install</TabItem>\n</Tabs>\n\n{% include snippet.md %}\n`,
  github: (n: number, lang: string) =>
    `\uFEFF# GitHub README ${n} ${lang}\r\n\r\nSee [the other page](../github-${(n % 20) + 1}/${lang}.md) and the [API](https://example.com/api).\r\n\r\n\`\`\`bash\r\nnpm install ${'x'.repeat(n % 5)}\r\n\`\`\`\r\n\r\n> **Note**\r\n> Works on Linux.\r\n`,
}

describe('a help center moved from other tools', () => {
  it('imports a few hundred Hugo, Docusaurus and GitHub files without a category, with zero errors', () => {
    const w = workspace()
    const folder = join(w.dir, 'elsewhere')
    for (const [style, sample] of Object.entries(samples))
      for (let n = 1; n <= 25; n++)
        for (const lang of ['en', 'ru', 'es', 'pt'])
          write(join(folder, `${style}-${n}`, `${lang}.md`), sample(n, lang))
    const { status, out } = cli(w, 'content-import', '--dir', folder)
    expect(out).toMatch(/300 files: 300 new, 0 updated, 0 unchanged, 0 with errors/)
    expect(out).toMatch(/75 articles without a known category went to "Imported"/)
    expect(status).toBe(0)

    const imported = rows(
      w,
      "select a.key, t.locale, t.slug, t.title, t.body, t.tags, t.status from article_translations t join articles a on a.id = t.article_id where a.key like 'hugo-%' or a.key like 'docusaurus-%' or a.key like 'github-%'",
    )
    expect(imported).toHaveLength(300)
    const byKey = Object.fromEntries(imported.map((r) => [`${r.key}/${r.locale}`, r]))
    expect(byKey['hugo-3/ru']).toMatchObject({ title: 'Hugo page 3 (ru)', status: 'published' })
    // Shortcodes stay as inert text for editors to replace.
    expect(String(byKey['hugo-3/en']!.body)).toContain('{{< ref "other-page.md" >}}')
    // Docusaurus: the last segment of its slug path, its tags, the heading as title.
    expect(byKey['docusaurus-7/es']).toMatchObject({ slug: 'doc-7', title: 'Docusaurus doc 7 es' })
    expect(byKey['docusaurus-7/es']!.tags).toBe('["guide","sdk"]')
    expect(byKey['github-12/pt']).toMatchObject({ slug: 'github-12', title: 'GitHub README 12 pt' })
    expect(String(byKey['github-12/pt']!.body)).not.toContain('\r')
    // Links between the imported files point to the portal; external ones stay.
    expect(String(byKey['github-12/pt']!.body)).toContain('[the other page](/pt/kb/github-13)')
    expect(String(byKey['github-12/pt']!.body)).toContain('(https://example.com/api)')
  })

  it('creates the categories the files name when asked to, and puts each article in its own', () => {
    const w = workspace()
    // The categories of the first import (guides) exist, as they would in a running help center.
    expect(cli(w, 'content-import', '--dir', w.docs).status).toBe(0)
    const folder = join(w.dir, 'named-categories')
    write(join(folder, 'hugo-categories', 'en.md'), '---\ntitle: Hugo\ncategories: [Release Notes]\n---\nx\n')
    write(join(folder, 'jekyll-category', 'en.md'), '---\ntitle: Jekyll\ncategory: Troubleshooting\n---\ny\n')
    write(join(folder, 'known-by-name', 'en.md'), '---\ntitle: Known\ncategory: Guides\n---\nz\n')
    write(join(folder, 'drafted', 'en.md'), '---\ntitle: Not yet\ndraft: true\n---\nw\n')
    const { out } = cli(w, 'content-import', '--dir', folder, '--create-categories')
    expect(out).toMatch(/4 new, 0 updated, 0 unchanged, 0 with errors/)
    expect(out).toMatch(/2 categories created/)
    const placed = rows(
      w,
      "select a.key, c.key as category, t.status from articles a join kb_categories c on c.id = a.category_id join article_translations t on t.article_id = a.id where a.key in ('hugo-categories', 'jekyll-category', 'known-by-name', 'drafted') order by a.key",
    )
    expect(placed).toEqual([
      { key: 'drafted', category: 'imported', status: 'draft' },
      { key: 'hugo-categories', category: 'release-notes', status: 'published' },
      { key: 'jekyll-category', category: 'troubleshooting', status: 'published' },
      { key: 'known-by-name', category: 'guides', status: 'published' },
    ])
    expect(
      rows(
        w,
        "select t.title from kb_category_translations t join kb_categories c on c.id = t.category_id where c.key = 'release-notes' and t.locale = 'ru'",
      ),
    ).toEqual([{ title: 'Release Notes' }])
  })

  it('leaves an article where an editor moved it when its file names no known category', () => {
    const w = workspace()
    expect(cli(w, 'content-import', '--dir', w.docs).status).toBe(0)
    const db = new Database(w.env.DATABASE_URL!)
    db.prepare(
      "update articles set category_id = (select id from kb_categories where key = 'guides') where key = 'no-category'",
    ).run()
    db.close()
    expect(cli(w, 'content-import', '--dir', w.docs).status).toBe(0)
    expect(
      rows(
        w,
        "select c.key from articles a join kb_categories c on c.id = a.category_id where a.key = 'no-category'",
      ),
    ).toEqual([{ key: 'guides' }])
  })
})
