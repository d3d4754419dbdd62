import { matchPath, matchRoutes, type AgnosticRouteObject } from '@remix-run/router'
import { describe, expect, it } from 'vitest'

/**
 * patches/@remix-run+router+*.patch keeps each route array's ranked branches and each pattern's
 * regular expression after their first use. The same arrays must keep matching as before.
 */
const routes: AgnosticRouteObject[] = [
  {
    id: 'root',
    path: '/',
    children: [
      { id: 'home', index: true },
      {
        id: 'lang',
        path: ':lang',
        children: [
          { id: 'lang-index', index: true },
          { id: 'ticket', path: 'tickets/:number' },
          { id: 'new-ticket', path: 'tickets/new' },
          { id: 'article', path: 'kb/:slug' },
          { id: 'missing', path: '*' },
        ],
      },
    ],
  },
]

const ids = (path: string) => matchRoutes(routes, path)?.map((m) => m.route.id)

describe('route matching with the memo patch', () => {
  it('matches the same arrays again and again, static segments before dynamic ones', () => {
    for (let round = 0; round < 2; round++) {
      expect(ids('/ru/tickets/new')).toEqual(['root', 'lang', 'new-ticket'])
      expect(ids('/ru/tickets/42')).toEqual(['root', 'lang', 'ticket'])
      expect(matchRoutes(routes, '/es/kb/instalar-sdk')?.at(-1)?.params).toEqual({
        lang: 'es',
        slug: 'instalar-sdk',
      })
      expect(ids('/pt/no/such/page')).toEqual(['root', 'lang', 'missing'])
      expect(ids('/')).toEqual(['root', 'home'])
    }
  })

  it('decodes the path once, for every branch it tries', () => {
    expect(matchRoutes(routes, '/ru/kb/%D1%81%D0%B4%D0%BA')?.at(-1)?.params.slug).toBe('сдк')
  })

  it('keeps case sensitivity and end apart for the same pattern', () => {
    expect(matchPath({ path: '/Tickets', caseSensitive: true, end: true }, '/tickets')).toBeNull()
    expect(matchPath({ path: '/Tickets', caseSensitive: false, end: true }, '/tickets')).not.toBeNull()
    expect(matchPath({ path: '/tickets', end: true }, '/tickets/7')).toBeNull()
    expect(matchPath({ path: '/tickets', end: false }, '/tickets/7')?.pathnameBase).toBe('/tickets')
  })

  it('ranks an array once, at its first use: a route added to it later is not seen', () => {
    // The server never changes a route array after making it (lazy route discovery is off),
    // which is what makes keeping its branches safe. This also shows the patch is applied.
    const growing: AgnosticRouteObject[] = [{ id: 'a', path: '/a' }]
    expect(matchRoutes(growing, '/b')).toBeNull()
    growing.push({ id: 'b', path: '/b' })
    expect(matchRoutes(growing, '/b')).toBeNull()
    expect(matchRoutes([...growing], '/b')?.[0]?.route.id).toBe('b')
  })
})
