import { getUser } from '~/modules/auth/session.server'
import { anonymous, type Viewer } from './visibility'

/** Who is reading: the signed-in person, or an anonymous visitor. */
export async function getViewer(request: Request): Promise<Viewer> {
  const user = await getUser(request)
  return user ? { userId: user.id, accountId: user.accountId, role: user.role } : anonymous
}
