export type RangeRequest =
  { kind: 'full' } | { kind: 'partial'; start: number; end: number } | { kind: 'unsatisfiable' }

/**
 * Reads a `Range: bytes=…` header (RFC 9110 §14) for a resource of `size` bytes. A header
 * that is not a byte range is ignored (the full body), and so are several ranges: a player asks
 * for one, and answering only the first of several would be a wrong answer to the others. A
 * range starting past the end is unsatisfiable (416).
 */
export function parseRange(header: string | null, size: number): RangeRequest {
  if (!header) return { kind: 'full' }
  const match = /^bytes=\s*(.+)$/i.exec(header.trim())
  if (!match) return { kind: 'full' }
  const ranges = match[1]!.split(',')
  if (ranges.length > 1) return { kind: 'full' }
  const parts = /^(\d*)-(\d*)$/.exec(ranges[0]!.trim())
  if (!parts || (parts[1] === '' && parts[2] === '')) return { kind: 'full' }
  const [, from, to] = parts
  if (from === '') {
    // A suffix: the last N bytes.
    const length = Number(to)
    if (length === 0 || size === 0) return { kind: 'unsatisfiable' }
    return { kind: 'partial', start: Math.max(0, size - length), end: size - 1 }
  }
  const start = Number(from)
  const end = to === '' ? size - 1 : Math.min(Number(to), size - 1)
  if (to !== '' && Number(to) < start) return { kind: 'full' }
  if (start >= size) return { kind: 'unsatisfiable' }
  return { kind: 'partial', start, end }
}
