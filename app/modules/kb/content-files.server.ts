import { posix } from 'node:path'
import matter from 'gray-matter'
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml'
import { z } from 'zod'
import { articleVisibilities, translationStatuses } from '#db/schema/kb'
import { locales, type Locale } from '~/modules/i18n/locales'

export const slugPattern = /^[a-z0-9]+(?:-[a-z0-9]+)*$/
export const maxBodyBytes = 2 * 1024 * 1024

/** Text of any length from elsewhere, cut to what the portal keeps rather than refused. */
const cutText = (max: number) =>
  z.union([z.string(), z.number()]).transform((value) => String(value).trim().slice(0, max))

/**
 * A slug from another tool, such as Docusaurus's `/docs/getting-started`: its last path
 * segment when that is a slug; otherwise none, and the folder's name is used.
 */
const lenientSlug = z.unknown().transform((value) => {
  const last = String(value ?? '')
    .trim()
    .replace(/\/+$/, '')
    .split('/')
    .pop()!
    .toLowerCase()
  return slugPattern.test(last) && last.length <= 120 ? last : undefined
})

/** A category as other tools write it: a name, or a list whose first name counts. */
function categoryName(value: unknown): string | undefined {
  const first = Array.isArray(value) ? value[0] : value
  if (typeof first !== 'string' && typeof first !== 'number') return undefined
  return String(first).trim() || undefined
}

const frontMatterSchema = z.object({
  title: cutText(200).optional(),
  summary: cutText(500).optional(),
  category: z.unknown().transform(categoryName).optional(),
  // Hugo and Jekyll list a page's categories; the first one is its category here.
  categories: z.unknown().transform(categoryName).optional(),
  tags: z
    .union([z.array(z.union([z.string(), z.number()])), z.string()])
    .transform((tags) =>
      (typeof tags === 'string' ? tags.split(',') : tags)
        .map((t) => String(t).trim().toLowerCase())
        .filter(Boolean),
    )
    .optional(),
  order: z.coerce.number().int().optional(),
  visibility: z.enum(articleVisibilities).optional(),
  slug: lenientSlug.optional(),
  status: z.enum(translationStatuses).optional(),
  // Hugo and Jekyll mark unfinished pages so; they import as drafts.
  draft: z.boolean().optional(),
})

export type ArticleFile = {
  title: string
  summary: string
  category: string | null
  tags: string[]
  order: number | null
  visibility: (typeof articleVisibilities)[number] | null
  slug: string | null
  status: (typeof translationStatuses)[number]
  body: string
}

/**
 * Reads a Markdown file written anywhere: a BOM, CRLF line endings, an indented front-matter
 * fence, unknown keys and template shortcodes are all fine. A missing title comes from the
 * first heading (which then leaves the body), else from the folder's slug.
 */
export function parseArticleFile(
  raw: string,
  folderSlug: string,
): { ok: true; file: ArticleFile } | { ok: false; error: string } {
  if (Buffer.byteLength(raw) > maxBodyBytes)
    return { ok: false, error: `larger than ${maxBodyBytes / 1024 / 1024} MB` }
  let text = raw.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n')
  const fence = /^([ \t]+)---[ \t]*\n([\s\S]*?)\n[ \t]*---[ \t]*(\n|$)/.exec(text)
  if (fence) {
    const indent = fence[1]!
    const inner = fence[2]!
      .split('\n')
      .map((line) => (line.startsWith(indent) ? line.slice(indent.length) : line.trimStart()))
    text = `---\n${inner.join('\n')}\n---\n${text.slice(fence[0].length)}`
  }
  let parsed: matter.GrayMatterFile<string>
  try {
    // An empty options object keeps gray-matter from caching by content across calls.
    parsed = matter(text, {})
  } catch (error) {
    return { ok: false, error: `front matter is not valid YAML (${(error as Error).message.split('\n')[0]})` }
  }
  const data = frontMatterSchema.safeParse(parsed.data ?? {})
  if (!data.success) {
    const issue = data.error.issues[0]!
    return { ok: false, error: `front matter "${issue.path.join('.')}": ${issue.message}` }
  }
  let body = parsed.content.replace(/^\s*\n/, '').replace(/\s+$/, '')
  let title = data.data.title
  if (!title) {
    const heading = /^#[ \t]+(.+?)[ \t#]*$/m.exec(body)
    if (heading && body.slice(0, heading.index).trim() === '') {
      title = heading[1]!.trim()
      body = body.slice(heading.index + heading[0].length).replace(/^\s*\n/, '')
    } else {
      title = folderSlug.replace(/-/g, ' ').replace(/^./, (c) => c.toUpperCase())
    }
  }
  return {
    ok: true,
    file: {
      title,
      summary: data.data.summary ?? '',
      category: data.data.category ?? data.data.categories ?? null,
      tags: data.data.tags ?? [],
      order: data.data.order ?? null,
      visibility: data.data.visibility ?? null,
      slug: data.data.slug ?? null,
      status: data.data.status ?? (data.data.draft ? 'draft' : 'published'),
      body,
    },
  }
}

/** The file content:export writes; parseArticleFile reads it back to the same values. */
export function serializeArticleFile(input: {
  title: string
  summary: string
  category: string
  tags: string[]
  order: number
  visibility: string
  slug: string
  folderSlug: string
  status: string
  body: string
}) {
  const frontMatter: Record<string, unknown> = { title: input.title }
  if (input.summary) frontMatter.summary = input.summary
  frontMatter.category = input.category
  if (input.tags.length) frontMatter.tags = input.tags
  frontMatter.order = input.order
  frontMatter.visibility = input.visibility
  if (input.slug !== input.folderSlug) frontMatter.slug = input.slug
  if (input.status !== 'published') frontMatter.status = input.status
  return `---\n${stringifyYaml(frontMatter, { lineWidth: 0 })}---\n\n${input.body}\n`
}

const categoryFileSchema = z.array(
  z.object({
    key: z.string().regex(slugPattern),
    position: z.coerce.number().int().default(0),
    title: z.partialRecord(z.enum(locales), z.string().trim().min(1)),
    description: z.partialRecord(z.enum(locales), z.string().trim()).default({}),
  }),
)

export type CategoryFile = z.infer<typeof categoryFileSchema>[number]

export function parseCategoriesFile(
  raw: string,
): { ok: true; categories: CategoryFile[] } | { ok: false; error: string } {
  try {
    const result = categoryFileSchema.safeParse(parseYaml(raw.replace(/^\uFEFF/, '')))
    if (!result.success)
      return {
        ok: false,
        error: `${result.error.issues[0]!.path.join('.')}: ${result.error.issues[0]!.message}`,
      }
    return { ok: true, categories: result.data }
  } catch (error) {
    return { ok: false, error: (error as Error).message.split('\n')[0]! }
  }
}

export function serializeCategoriesFile(
  rows: {
    key: string
    position: number
    title: Partial<Record<Locale, string>>
    description: Partial<Record<Locale, string>>
  }[],
) {
  return stringifyYaml(rows, { lineWidth: 0 })
}

/**
 * Links between imported files, as documentation written elsewhere has them
 * (`[Setup](../setup/en.md#ios)`, `(../setup/)`, `(../setup)`), become the portal's URLs:
 * `/<locale>/kb/<slug>` in the language of the linking file, with the anchor kept. `slugOf`
 * gives a folder's slug in a locale, or null when the folder is not imported; such links, and
 * links that are absolute, external or to an anchor, stay as written. Code is left alone.
 */
export function rewriteRelativeLinks(
  body: string,
  { folder, locale, slugOf }: { folder: string; locale: Locale; slugOf: (folder: string) => string | null },
) {
  const rewrite = (target: string) => {
    if (/^(?:[a-z][a-z0-9+.-]*:|\/|#)/i.test(target)) return null
    const [path, anchor] = target.split(/(?=#)/, 2) as [string, string | undefined]
    const resolved = posix.normalize(posix.join(folder, decodeURI(path)))
    const match =
      /^([a-z0-9]+(?:-[a-z0-9]+)*)(?:\/(?:index\.md|(?:en|ru|es|pt)\.md)?)?$/.exec(
        resolved.replace(/\/$/, '/'),
      ) ?? /^([a-z0-9]+(?:-[a-z0-9]+)*)\.md$/.exec(resolved)
    const slug = match && slugOf(match[1]!)
    return slug ? `/${locale}/kb/${slug}${anchor ?? ''}` : null
  }
  // Outside fenced and inline code: `[text](target "title")` and reference definitions `[id]: target`.
  return body
    .split(/(^```[\s\S]*?^```|`[^`\n]*`)/m)
    .map((part, i) =>
      i % 2 === 1
        ? part
        : part
            .replace(/(?<!!)(\[[^\]\n]*\]\()([^)\s]+)((?:\s+"[^"]*")?\))/g, (all, open, target, close) => {
              const url = rewrite(target)
              return url ? `${open}${url}${close}` : all
            })
            .replace(/^(\s{0,3}\[[^\]\n]+\]:\s*)(\S+)/gm, (all, open, target) => {
              const url = rewrite(target)
              return url ? `${open}${url}` : all
            }),
    )
    .join('')
}
