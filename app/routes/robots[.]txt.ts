import { config } from '~/config.server'

/** Crawlers may read public pages; account, staff and API pages are not for them. */
export function loader() {
  const lines = [
    'User-agent: *',
    'Disallow: /api/',
    'Disallow: /*/staff',
    'Disallow: /*/account',
    'Disallow: /*/search',
    'Allow: /',
    `Sitemap: ${config().SITE_URL}/sitemap.xml`,
  ]
  return new Response(`${lines.join('\n')}\n`, {
    headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'public, max-age=3600' },
  })
}
