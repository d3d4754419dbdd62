// @vitest-environment node
import { describe, expect, it } from 'vitest'
import { renderMarkdown } from './markdown.server'

const titles = { note: 'Nota', tip: 'Dica', important: 'Importante', warning: 'Atenção', caution: 'Cuidado' }
const render = (markdown: string) => renderMarkdown(markdown, 'pt', titles).html

describe('renderMarkdown', () => {
  it.each([
    ['a script tag', '<script>alert(1)</script>'],
    ['an event handler', '<img src="x" onerror="alert(1)">'],
    ['a javascript: link', '[click](javascript:alert(1))'],
    [
      'a javascript: link in mixed case and entities',
      '[click](JaVaScRiPt:alert(1)) [x](jav&#x09;ascript:alert(1)) [y](&#106;avascript:alert(1))',
    ],
    ['an SVG with a script', '<svg><script>alert(1)</script><a xlink:href="javascript:alert(1)">x</a></svg>'],
    ['a mutation trick', '<noscript><p title="</noscript><img src=x onerror=alert(1)>">'],
    [
      'an iframe and a style',
      '<iframe src="https://evil.example"></iframe><style>body{display:none}</style>',
    ],
    ['a data: URL', '[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)'],
    ['an autolink', '<javascript:alert(1)>'],
  ])('renders %s inert', (_name, markdown) => {
    const html = render(markdown)
    expect(html).not.toMatch(/<script|<iframe|<style|<svg|onerror=|href="\s*(javascript|data):/i)
  })

  it('keeps tables, code, links, headings with anchors and callouts', () => {
    const html = render(
      [
        '## Passo um',
        '',
        '| a | b |',
        '|---|---|',
        '| 1 | 2 |',
        '',
        '```swift',
        'let x = "<b>"',
        '```',
        '',
        '[site](https://orbit.example) [outro](../deep-linking#teste)',
        '',
        '> [!WARNING]',
        '> Cuidado **aqui**',
      ].join('\n'),
    )
    expect(html).toContain('<h2 id="passo-um"><a href="#passo-um">Passo um</a></h2>')
    expect(html).toContain('<table>')
    // Focusable: the block scrolls sideways and a keyboard must reach its end.
    expect(html).toContain('<pre tabindex="0"><code class="language-swift">let x = "&#x3C;b>"')
    expect(html).toContain('<a href="https://orbit.example">site</a>')
    expect(html).toContain('<a href="/pt/kb/deep-linking#teste">outro</a>')
    expect(html).toMatch(
      /<aside class="callout callout-warning">\s*<p class="callout-title"><strong>Atenção<\/strong><\/p>/,
    )
  })

  it('nests each h3 under the h2 above it in the table of contents, and leaves h4 out', () => {
    const { toc } = renderMarkdown(
      '### Antes\n\n## Um\n\n## Dois\n\n### Dois A\n\n#### Fundo\n\n### Dois B\n\n## Três',
      'pt',
      titles,
    )
    expect(toc).toEqual([
      { id: 'antes', text: 'Antes', children: [] },
      { id: 'um', text: 'Um', children: [] },
      {
        id: 'dois',
        text: 'Dois',
        children: [
          { id: 'dois-a', text: 'Dois A', children: [] },
          { id: 'dois-b', text: 'Dois B', children: [] },
        ],
      },
      { id: 'três', text: 'Três', children: [] },
    ])
  })

  it('survives broken Markdown and odd Unicode', { timeout: 30_000 }, () => {
    for (const markdown of [
      '[unclosed](',
      '```\nno end',
      '| a |\n|--',
      '\u0000\u202e\ud800',
      '#'.repeat(10_000),
      '>'.repeat(5000),
    ]) {
      expect(render(markdown)).not.toMatch(/<script/)
    }
  })
})
