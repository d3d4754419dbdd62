/**
 * When the disk or the database cannot take writes (full, read-only, failing), the portal keeps
 * reading: pages, search and downloads go on, and only what must be saved is refused with a
 * localized 503 ("try again shortly"). This module is the one place that knows what such a
 * failure looks like and whether writes are failing now, for /healthz.
 */

const storageErrorCodes =
  /^(ENOSPC|EDQUOT|EROFS|EACCES|EPERM|ENOTDIR|EIO|EFBIG|SQLITE_FULL|SQLITE_IOERR.*|SQLITE_READONLY.*|SQLITE_CANTOPEN.*)$/

/** The disk or the database could not take a write (full, read-only, failing, missing folder). */
export function isStorageError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code
  if (typeof code === 'string' && storageErrorCodes.test(code)) return true
  const cause = (error as { cause?: unknown } | null)?.cause
  return cause !== undefined && cause !== error && isStorageError(cause)
}

/** A failed write clears after this long without another: the disk was freed or remounted. */
const failingForMs = 60_000
let lastFailureAt: number | null = null

export function noteStorageFailure(error: unknown) {
  if (lastFailureAt === null || Date.now() - lastFailureAt > failingForMs)
    console.error('Storage refused a write; reads go on, writes answer 503:', error)
  lastFailureAt = Date.now()
}

/** When writes last failed, if within the last minute; null when they are believed to work. */
export function writesFailingSince(): Date | null {
  return lastFailureAt !== null && Date.now() - lastFailureAt <= failingForMs ? new Date(lastFailureAt) : null
}

/**
 * A write that reading a page does on the side (a page-view event, a search log, a session's
 * last-seen time). With a full disk it is dropped so the page is still served; any other error
 * is a bug and is thrown.
 */
export async function bestEffortWrite(write: () => Promise<unknown> | unknown) {
  try {
    await write()
  } catch (error) {
    if (!isStorageError(error)) throw error
    noteStorageFailure(error)
  }
}
