import type { Element, Root as HastRoot } from 'hast'
import { toString } from 'hast-util-to-string'
import type { Blockquote, Paragraph, Root as MdastRoot } from 'mdast'
import rehypeAutolinkHeadings from 'rehype-autolink-headings'
import rehypeSanitize, { defaultSchema, type Options as SanitizeSchema } from 'rehype-sanitize'
import rehypeSlug from 'rehype-slug'
import rehypeStringify from 'rehype-stringify'
import remarkGfm from 'remark-gfm'
import remarkParse from 'remark-parse'
import remarkRehype from 'remark-rehype'
import { unified } from 'unified'
import { visit } from 'unist-util-visit'

export const calloutKinds = ['note', 'tip', 'important', 'warning', 'caution'] as const
export type CalloutKind = (typeof calloutKinds)[number]

/** A section of the table of contents: an h2 with the h3 headings under it as `children`. */
export type TocEntry = { id: string; text: string; children: TocEntry[] }
export type RenderedArticle = { html: string; toc: TocEntry[]; text: string }

/**
 * GitHub alerts (`> [!NOTE]`) become callouts with a title in the reader's language. The
 * library that does this writes English titles, so this small plugin does it instead.
 */
function remarkCallouts(titles: Record<CalloutKind, string>) {
  return (tree: MdastRoot) => {
    visit(tree, 'blockquote', (node: Blockquote) => {
      const first = node.children[0] as Paragraph | undefined
      const lead = first?.type === 'paragraph' ? first.children[0] : undefined
      if (lead?.type !== 'text') return
      const match = /^\[!(NOTE|TIP|IMPORTANT|WARNING|CAUTION)\][ \t]*\n?/i.exec(lead.value)
      if (!match) return
      const kind = match[1]!.toLowerCase() as CalloutKind
      lead.value = lead.value.slice(match[0].length)
      if (!lead.value) first!.children.shift()
      if (first!.children.length === 0) node.children.shift()
      node.data = { hName: 'aside', hProperties: { className: ['callout', `callout-${kind}`] } }
      node.children.unshift({
        type: 'paragraph',
        data: { hProperties: { className: ['callout-title'] } },
        children: [{ type: 'strong', children: [{ type: 'text', value: titles[kind] }] }],
      })
    })
  }
}

/** What sanitizing keeps: GitHub's rules, plus the callouts' classes and code languages. */
const schema: SanitizeSchema = {
  ...defaultSchema,
  tagNames: [...(defaultSchema.tagNames ?? []), 'aside'],
  attributes: {
    ...defaultSchema.attributes,
    aside: [['className', 'callout', ...calloutKinds.map((k) => `callout-${k}`)]],
    p: [...(defaultSchema.attributes?.p ?? []), ['className', 'callout-title']],
    code: [...(defaultSchema.attributes?.code ?? []), ['className', /^language-[\w+-]+$/]],
  },
}

/**
 * The h2 and h3 headings as nested lists: an h3 belongs to the h2 above it, so a numbered list
 * counts sections (1, 2, 3) and not every heading. An h3 before any h2 stands on its own.
 */
function collectToc(toc: TocEntry[]) {
  return (tree: HastRoot) => {
    let section: TocEntry | undefined
    visit(tree, 'element', (node: Element) => {
      if ((node.tagName !== 'h2' && node.tagName !== 'h3') || typeof node.properties.id !== 'string') return
      const entry: TocEntry = { id: node.properties.id, text: toString(node).trim(), children: [] }
      if (node.tagName === 'h3' && section) section.children.push(entry)
      else toc.push(entry)
      if (node.tagName === 'h2') section = entry
    })
  }
}

/** `../other-article` in a content file points at that article in the reader's language. */
function articleLinks(locale: string) {
  return (tree: HastRoot) => {
    visit(tree, 'element', (node: Element) => {
      const href = node.tagName === 'a' ? node.properties.href : undefined
      const match = typeof href === 'string' ? /^\.\.\/([a-z0-9][a-z0-9-]*)\/?(#[\w-]*)?$/.exec(href) : null
      if (match) node.properties.href = `/${locale}/kb/${match[1]}${match[2] ?? ''}`
    })
  }
}

/**
 * A code block scrolls sideways inside its box rather than wrapping; a box that scrolls must
 * take keyboard focus, or a keyboard cannot reach its right end (WCAG 2.1.1).
 */
function focusableCodeBlocks() {
  return (tree: HastRoot) => {
    visit(tree, 'element', (node: Element) => {
      if (node.tagName === 'pre') node.properties.tabIndex = 0
    })
  }
}

/**
 * Markdown to safe HTML. Raw HTML in the source is dropped (never passed through), then the
 * tree is sanitized; ids and heading anchors are added after sanitizing, by our own code.
 */
export function renderMarkdown(
  markdown: string,
  locale: string,
  calloutTitles: Record<CalloutKind, string>,
): RenderedArticle {
  try {
    return renderSafely(markdown, locale, calloutTitles)
  } catch {
    // Pathological input (thousands of nested quotes or lists) can exhaust the parser's stack:
    // such a text is shown as plain text rather than failing the page.
    const escaped = markdown.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`)
    return { html: `<pre class="unrendered">${escaped}</pre>`, toc: [], text: plainText(markdown) }
  }
}

function renderSafely(
  markdown: string,
  locale: string,
  calloutTitles: Record<CalloutKind, string>,
): RenderedArticle {
  const toc: TocEntry[] = []
  const file = unified()
    .use(remarkParse)
    .use(remarkGfm)
    .use(remarkCallouts, calloutTitles)
    .use(remarkRehype)
    .use(rehypeSanitize, schema)
    .use(articleLinks, locale)
    .use(focusableCodeBlocks)
    .use(rehypeSlug)
    .use(rehypeAutolinkHeadings, { behavior: 'wrap' })
    .use(collectToc, toc)
    .use(rehypeStringify)
    .processSync(markdown)
  return { html: String(file), toc, text: plainText(markdown) }
}

/** Markdown reduced to words, for search and snippets. */
export function plainText(markdown: string) {
  return markdown
    .replace(/```[\s\S]*?```/g, ' ')
    .replace(/`([^`]*)`/g, '$1')
    .replace(/!\[[^\]]*\]\([^)]*\)/g, ' ')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/^>\s*\[![A-Z]+\]/gim, '')
    .replace(/[#>*_~|-]{1,}/g, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
}
