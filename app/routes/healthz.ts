import { sql } from 'drizzle-orm'
import { db } from '~/db.server'
import { writesFailingSince } from '~/modules/storage/storage.server'

/**
 * Liveness and readiness: 200 while the database answers reads. When storage refused a write
 * in the last minute the portal still serves readers, so it stays 200 and says
 * `database: "read-only"` with the time writes started failing, for monitoring to alert on.
 */
export async function loader() {
  const headers = { 'Cache-Control': 'no-store' }
  try {
    const row = await db.get<{ ok: number }>(sql`select 1 as ok`)
    if (row?.ok !== 1) throw new Error('unexpected answer')
  } catch {
    return Response.json({ status: 'error', database: 'unavailable' }, { status: 503, headers })
  }
  const failingSince = writesFailingSince()
  if (failingSince)
    return Response.json(
      { status: 'degraded', database: 'read-only', writesFailingSince: failingSince.toISOString() },
      { headers },
    )
  return Response.json({ status: 'ok', database: 'ok' }, { headers })
}
