/** A caption cue as the transcript and the editors need it: times in seconds and plain text. */
export type Cue = { start: number; end: number; text: string }

/** Error codes, not messages: the editor shows `videos:webvtt.<code>` in the reader's language. */
export const webVttErrorCodes = ['empty', 'tooLarge', 'header', 'timing', 'endBeforeStart', 'order'] as const
export type WebVttErrorCode = (typeof webVttErrorCodes)[number]

export type WebVttResult =
  { ok: true; cues: Cue[] } | { ok: false; error: { code: WebVttErrorCode; line: number } }

/** Captions of a few minutes weigh a few kilobytes; this leaves room and keeps a paste from filling the database. */
export const maxWebVttLength = 200_000

const timestamp = /^(?:(\d{2,}):)?([0-5]\d):([0-5]\d)\.(\d{3})$/
const timingLine = /^(\S+)[ \t]+-->[ \t]+(\S+)(?:[ \t].*)?$/

function parseTimestamp(value: string): number | null {
  const match = timestamp.exec(value)
  if (!match) return null
  const [, hours, minutes, seconds, millis] = match
  return Number(hours ?? 0) * 3600 + Number(minutes) * 60 + Number(seconds) + Number(millis) / 1000
}

const entities: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  nbsp: '\u00a0',
  lrm: '\u200e',
  rlm: '\u200f',
  quot: '"',
  apos: "'",
}

/** A cue's payload without its markup (`<v Ann>`, `<c.x>`, `<b>`, inner timestamps) and with entities decoded. */
export function stripCueTags(payload: string): string {
  return payload
    .replace(/<[^>]*>/g, '')
    .replace(/&(amp|lt|gt|nbsp|lrm|rlm|quot|apos);/g, (_, name: string) => entities[name] ?? '')
    .replace(/[ \t]*\n[ \t]*/g, ' ')
    .trim()
}

/**
 * Parses WebVTT text (https://www.w3.org/TR/webvtt1/) into cues, tolerating what real files carry:
 * a BOM, CRLF or CR line endings, header metadata, cue identifiers, cue settings, NOTE, STYLE and REGION blocks.
 * It is strict where a player would silently drop captions: the header, timestamps, end after start, cues in order.
 */
export function parseWebVtt(input: string): WebVttResult {
  if (input.length > maxWebVttLength) return { ok: false, error: { code: 'tooLarge', line: 1 } }
  const lines = input
    .replace(/^\uFEFF/, '')
    .replace(/\r\n?/g, '\n')
    .split('\n')
  if (lines.every((line) => line.trim() === '')) return { ok: false, error: { code: 'empty', line: 1 } }
  if (!/^WEBVTT(?:[ \t].*)?$/.test(lines[0] ?? '')) return { ok: false, error: { code: 'header', line: 1 } }

  const cues: Cue[] = []
  let index = 1
  // Header metadata runs until the first blank line.
  while (index < lines.length && lines[index]!.trim() !== '') index++

  while (index < lines.length) {
    while (index < lines.length && lines[index]!.trim() === '') index++
    if (index >= lines.length) break
    const blockStart = index
    const block: string[] = []
    while (index < lines.length && lines[index]!.trim() !== '') block.push(lines[index++]!)

    const first = block[0]!
    if (/^(NOTE|STYLE|REGION)(?:[ \t]|$)/.test(first) && !first.includes('-->')) continue

    const timingIndex = first.includes('-->') ? 0 : 1
    const timing = block[timingIndex]
    // A block whose second line is no timing either is reported at its first line: that is where the mistake usually is.
    const line = timing?.includes('-->') ? blockStart + timingIndex + 1 : blockStart + 1
    const match = timing === undefined ? null : timingLine.exec(timing.trim())
    if (!match) return { ok: false, error: { code: 'timing', line } }
    const start = parseTimestamp(match[1]!)
    const end = parseTimestamp(match[2]!)
    if (start === null || end === null) return { ok: false, error: { code: 'timing', line } }
    if (end <= start) return { ok: false, error: { code: 'endBeforeStart', line } }
    const previous = cues.at(-1)
    if (previous && start < previous.start) return { ok: false, error: { code: 'order', line } }
    cues.push({ start, end, text: stripCueTags(block.slice(timingIndex + 1).join('\n')) })
  }
  return { ok: true, cues }
}

/** The transcript: cues with text, in order; invalid captions give no transcript rather than an error page. */
export function transcriptFromWebVtt(input: string): Cue[] {
  const result = parseWebVtt(input)
  return result.ok ? result.cues.filter((cue) => cue.text !== '') : []
}
