import { sql } from 'drizzle-orm'
import { db } from '~/db.server'

/** Liveness and readiness: answers 200 only when the database answers. */
export async function loader() {
  try {
    const row = await db.get<{ ok: number }>(sql`select 1 as ok`)
    if (row?.ok !== 1) throw new Error('unexpected answer')
    return Response.json({ status: 'ok', database: 'ok' }, { headers: { 'Cache-Control': 'no-store' } })
  } catch {
    return Response.json(
      { status: 'error', database: 'unavailable' },
      { status: 503, headers: { 'Cache-Control': 'no-store' } },
    )
  }
}
