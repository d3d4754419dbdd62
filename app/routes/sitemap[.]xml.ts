import { config } from '~/config.server'
import { listCourseUrls } from '~/modules/academy/courses.server'
import { listVideoUrls } from '~/modules/academy/videos.server'
import { locales } from '~/modules/i18n/locales'
import { listPublicArticleUrls } from '~/modules/kb/kb.server'

const escape = (value: string) => value.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`)

/** Public pages, public articles, videos and courses in each published language, with their alternates. */
export async function loader() {
  const site = config().SITE_URL
  const rows = await listPublicArticleUrls()
  const byArticle = new Map<number, typeof rows>()
  for (const row of rows) byArticle.set(row.articleId, [...(byArticle.get(row.articleId) ?? []), row])
  const entry = (loc: string, alternates: { locale: string; path: string }[], lastmod?: Date) =>
    `<url><loc>${escape(site + loc)}</loc>${lastmod ? `<lastmod>${lastmod.toISOString().slice(0, 10)}</lastmod>` : ''}${alternates
      .map((a) => `<xhtml:link rel="alternate" hreflang="${a.locale}" href="${escape(site + a.path)}"/>`)
      .join('')}</url>`
  const sections = ['', '/kb', '/videos', '/academy'].flatMap((section) => {
    const alternates = locales.map((l) => ({ locale: l, path: `/${l}${section}` }))
    return alternates.map((a) => entry(a.path, alternates))
  })
  const articles = [...byArticle.values()].flatMap((translations) => {
    const alternates = translations.map((t) => ({ locale: t.locale, path: `/${t.locale}/kb/${t.slug}` }))
    return translations.map((t) => entry(`/${t.locale}/kb/${t.slug}`, alternates, t.updatedAt))
  })
  const byKey = (
    rows: { key: string; locale: string; updatedAt: Date }[],
    path: (r: { key: string; locale: string }) => string,
  ) =>
    rows.map((row) => {
      const alternates = rows
        .filter((r) => r.key === row.key)
        .map((r) => ({ locale: r.locale, path: path(r) }))
      return entry(path(row), alternates, row.updatedAt)
    })
  const videoPages = byKey(await listVideoUrls(), (r) => `/${r.locale}/videos/${r.key}`)
  const coursePages = byKey(await listCourseUrls(), (r) => `/${r.locale}/academy/${r.key}`)
  const xml = `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">\n${[
    ...sections,
    ...articles,
    ...videoPages,
    ...coursePages,
  ].join('\n')}\n</urlset>\n`
  return new Response(xml, {
    headers: { 'Content-Type': 'application/xml; charset=utf-8', 'Cache-Control': 'public, max-age=3600' },
  })
}
