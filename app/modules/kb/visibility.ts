import type { Role } from '#db/schema/enums'
import type { ArticleVisibility } from '#db/schema/kb'

export type Viewer = { userId: number | null; accountId: number | null; role: Role | null }

export const anonymous: Viewer = { userId: null, accountId: null, role: null }

/**
 * Who may read what, in one place for pages, search, sitemap and data requests alike:
 * public for everyone, customers for anyone signed in, internal for staff.
 */
export function visibleTo(viewer: Pick<Viewer, 'role'>): ArticleVisibility[] {
  if (!viewer.role) return ['public']
  if (viewer.role === 'customer') return ['public', 'customers']
  return ['public', 'customers', 'internal']
}
