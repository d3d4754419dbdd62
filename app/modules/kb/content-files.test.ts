// @vitest-environment node
import { describe, expect, it } from 'vitest'
import { parseArticleFile, rewriteRelativeLinks } from './content-files.server'

describe('links between imported files', () => {
  const imported: Record<string, string> = { setup: 'setup', billing: 'facturacion' }
  const rewrite = (body: string) =>
    rewriteRelativeLinks(body, {
      folder: 'guide',
      locale: 'es',
      slugOf: (folder) => imported[folder] ?? null,
    })

  it('become the portal’s URLs in the language of the linking file, anchors kept', () => {
    expect(rewrite('See [setup](../setup/en.md#ios), [here](../setup/) and [there](../setup).')).toBe(
      'See [setup](/es/kb/setup#ios), [here](/es/kb/setup) and [there](/es/kb/setup).',
    )
    expect(rewrite('[Pay](../billing/index.md "Billing")')).toBe('[Pay](/es/kb/facturacion "Billing")')
    expect(rewrite('[ref]: ../billing/es.md')).toBe('[ref]: /es/kb/facturacion')
  })

  it('stay as written when external, absolute, an anchor, an image, in code, or not imported', () => {
    const untouched = [
      '[site](https://example.com/setup)',
      '[abs](/docs/setup)',
      '[top](#intro)',
      '![diagram](../setup/diagram.png)',
      '[other](../elsewhere/en.md)',
      '`[code](../setup/en.md)`',
      '```\n[code](../setup/en.md)\n```',
      'mail [me](mailto:a@b.c)',
    ]
    for (const body of untouched) expect(rewrite(body)).toBe(body)
  })
})

describe('front matter written for other tools', () => {
  it('reads Hugo categories and drafts, a Docusaurus slug path, and cuts an overlong title', () => {
    const hugo = parseArticleFile('---\ntitle: A\ncategories: [Guides, Other]\ndraft: true\n---\nx', 'a')
    expect(hugo).toMatchObject({ ok: true, file: { category: 'Guides', status: 'draft' } })
    const docusaurus = parseArticleFile('---\nslug: /docs/guides/Set-Up\n---\n# T\nx', 'b')
    expect(docusaurus).toMatchObject({ ok: true, file: { slug: 'set-up', title: 'T' } })
    const long = parseArticleFile(`---\ntitle: ${'x'.repeat(300)}\n---\nx`, 'c')
    expect(long).toMatchObject({ ok: true, file: { title: 'x'.repeat(200) } })
    const odd = parseArticleFile('---\nslug: "%%%"\ncategory: [1]\n---\nx', 'd')
    expect(odd).toMatchObject({ ok: true, file: { slug: null, category: '1' } })
  })
})
