import { stringify } from 'csv-stringify/sync'

export type CsvCell = string | number | null

/**
 * CSV for people who open it in Excel:
 * - a UTF-8 BOM, without which Excel reads the file in the system code page and garbles
 *   Cyrillic and accented names;
 * - CRLF line ends (RFC 4180);
 * - formula injection neutralized as OWASP advises ("CSV Injection"): a text cell starting
 *   with `=`, `+`, `-`, `@`, tab or carriage return (or their full-width forms, which
 *   Apple Numbers folds) gets a leading apostrophe, so a customer-written ticket subject
 *   cannot run as a formula on a staff machine. Numbers stay numbers: −5 is not text.
 *   Pass numbers as numbers; a string such as "-5" is treated as text and prefixed.
 * - every text cell quoted: Excel in the ru, es and pt locales splits on `;`, and an
 *   unquoted `a;=cmd()` would otherwise start a new cell with a formula.
 * Null is an empty cell; an empty string is `""`.
 */
export function toCsv(header: string[], rows: CsvCell[][]): string {
  return stringify([header, ...rows], {
    bom: true,
    record_delimiter: 'windows',
    escape_formulas: true,
    quoted_string: true,
  })
}

/** A download of `body` as `filename`, whatever script or accents the name is in. */
export function csvResponse(filename: string, body: string): Response {
  return new Response(body, {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': contentDisposition(filename),
      // Exports hold account data: no shared cache may keep a copy.
      'Cache-Control': 'private, no-store',
    },
  })
}

/**
 * RFC 6266: `filename` is an ASCII fallback for old clients, `filename*` (RFC 5987) the
 * real UTF-8 name, which every current browser prefers. A name that has no ASCII form worth
 * keeping (Cyrillic becomes `_`) can bring a fallback of its own.
 */
export function contentDisposition(filename: string, fallback = asciiFallback(filename)) {
  return `attachment; filename="${asciiFallback(fallback)}"; filename*=UTF-8''${encodeRfc5987(filename)}`
}

/**
 * Accents are dropped (`relatório` → `relatorio`); any other non-ASCII run, and the
 * characters that would break the quoted string or name a path, become one `_`.
 */
function asciiFallback(filename: string) {
  return filename
    .normalize('NFKD')
    .replace(/\p{Mn}/gu, '')
    .replace(/[^\x20-\x7e]+|["\\/]/g, '_')
}

/** encodeURIComponent leaves `'()*` alone, but RFC 5987 does not allow them unencoded. */
function encodeRfc5987(value: string) {
  return encodeURIComponent(value).replace(
    /['()*]/g,
    (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`,
  )
}
