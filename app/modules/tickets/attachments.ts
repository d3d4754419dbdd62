import { cleanLine } from '~/modules/http/text'

/**
 * Attachment rules shared by the server (limits, names, download headers) and the forms
 * (the hint under the file field). No server-only imports: scripts/serve.ts and the UI read
 * the same numbers, so the hint never promises more than the server accepts.
 */
const mebibyte = 1024 * 1024

export const attachmentLimits = {
  /** Largest single file. */
  fileBytes: 10 * mebibyte,
  /** All files of one ticket together, every message included. */
  ticketBytes: 25 * mebibyte,
  /** Files in one message (the new ticket or one reply). */
  filesPerMessage: 5,
  /** Largest text field inside a multipart body; the zod schemas refuse far less than this. */
  textFieldBytes: 256 * 1024,
}

/**
 * Hard cap of an upload request at the HTTP server: no message can carry more than a
 * ticket may hold, plus room for the text fields and the multipart framing.
 */
export const maxUploadRequestBytes = attachmentLimits.ticketBytes + mebibyte

/** Where ticket files live, under the data folder: named by the server, never by the uploader. */
export const uploadsDirIn = (dataDir: string) => `${dataDir}/uploads/tickets`

/** A file on its way in: written under this suffix, renamed to its stored name after the commit. */
export const pendingSuffix = '.pending'

/** The pages that accept attachments, with their single-fetch `.data` twins. */
const uploadPath = /^\/(?:en|ru|es|pt)\/tickets\/(?:new|[1-9]\d{0,8})(?:\.data)?\/?$/

/** A multipart POST to a ticket page: the only request allowed past the 1 MiB body limit. */
export function isAttachmentUpload(input: { method: string; path: string; contentType: string | undefined }) {
  return (
    input.method === 'POST' &&
    (input.contentType ?? '').toLowerCase().startsWith('multipart/form-data') &&
    uploadPath.test(input.path)
  )
}

/**
 * What may be attached, by type detected from the bytes, with the extensions a download of
 * that type may keep. SVG and HTML are not here: they could run script if ever shown inline.
 */
export const binaryAttachmentTypes: Record<string, readonly string[]> = {
  'image/png': ['png'],
  'image/jpeg': ['jpg', 'jpeg'],
  'image/gif': ['gif'],
  'image/webp': ['webp'],
  'application/pdf': ['pdf'],
  'application/zip': ['zip'],
}

/** Plain text has no signature to detect: its extension decides, once the bytes prove it is text. */
export const textAttachmentTypes: Record<string, string> = {
  txt: 'text/plain',
  log: 'text/plain',
  csv: 'text/csv',
}

/** For the form: what the file picker offers first (the server checks the bytes anyway). */
export const attachmentAccept = '.png,.jpg,.jpeg,.gif,.webp,.pdf,.txt,.csv,.log,.zip'

export function extensionOf(name: string) {
  const match = /\.([a-z0-9]{1,10})$/i.exec(name)
  return match ? match[1]!.toLowerCase() : ''
}

/** A file name as people will see and download it: no path, no invisible characters, not too long. */
export function cleanFileName(raw: string) {
  const base = raw.split(/[/\\]/).pop() ?? ''
  const cleaned = cleanLine(base).replace(/^[.\s]+/, '')
  if (!cleaned) return 'attachment'
  if (cleaned.length <= 150) return cleaned
  const ext = extensionOf(cleaned)
  return ext ? `${cleaned.slice(0, 140)}.${ext}` : cleaned.slice(0, 150)
}

/**
 * The name a download is saved under: the original, with the extension of the detected type
 * added when the original's does not match (a PDF named `invoice.html` saves as
 * `invoice.html.pdf`, so the saved file never opens as a web page).
 */
export function downloadName(input: { originalName: string; contentType: string }) {
  const ext = extensionOf(input.originalName)
  const allowed =
    binaryAttachmentTypes[input.contentType] ??
    Object.keys(textAttachmentTypes).filter((e) => textAttachmentTypes[e] === input.contentType)
  if (allowed.length === 0 || allowed.includes(ext)) return input.originalName
  return `${input.originalName}.${allowed[0]}`
}

/**
 * `attachment` with an ASCII fallback name and the exact UTF-8 name (RFC 6266 / RFC 5987), so
 * no name can break out of the header or make the browser show the file inline.
 */
export function contentDisposition(name: string) {
  const fallback =
    name
      .normalize('NFKD')
      .replace(/[^\x20-\x7e]/g, '')
      .replace(/["\\%;]/g, '_')
      .trim() || 'attachment'
  const encoded = encodeURIComponent(name).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  )
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`
}

/** UTF-8 text without NULs or other binary control characters (tabs, line and form feeds allowed). */
export function isPlainText(bytes: Uint8Array) {
  let text: string
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    return false
  }
  return !/[\u0000-\u0008\u000b\u000e-\u001f\u007f]/.test(text)
}
