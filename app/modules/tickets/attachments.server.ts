import { randomBytes } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { mkdir, rename, stat, unlink, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import type { ReadableStream as NodeReadableStream } from 'node:stream/web'
import { createReadableStreamFromReadable } from '@remix-run/node'
import busboy from 'busboy'
import { and, eq, sum } from 'drizzle-orm'
import { fileTypeFromBuffer } from 'file-type'
import { config } from '~/config.server'
import { db, schema } from '~/db.server'
import { readForm } from '~/modules/http/forms'
import { isStorageError, noteStorageFailure } from '~/modules/storage/storage.server'
import {
  attachmentLimits,
  binaryAttachmentTypes,
  cleanFileName,
  contentDisposition,
  downloadName,
  extensionOf,
  isPlainText,
  pendingSuffix,
  textAttachmentTypes,
  uploadsDirIn,
} from './attachments'

const { ticketAttachments, ticketMessages, ticketEvents } = schema

export type UploadedFile = { name: string; bytes: Buffer }
export type CheckedFile = { originalName: string; contentType: string; bytes: Buffer }

/** Why an upload was refused: an i18n key of `errors` and the status that goes with it. */
export type UploadProblem = {
  error:
    'form.fileTooLarge' | 'form.ticketFilesTooLarge' | 'form.tooManyFiles' | 'form.fileType' | 'form.tooLong'
  status: 400 | 413
}

export function uploadsDir() {
  return uploadsDirIn(config().DATA_DIR)
}

/**
 * Browsers send `"`, CR and LF of a file name as %22, %0D and %0A (HTML's multipart encoding);
 * the parser leaves them so. Line breaks are dropped later with the other control characters.
 */
function unescapeFileName(name: string) {
  return name.replace(/%22/g, '"').replace(/%0[ad]/gi, '')
}

/**
 * A ticket form with its files (`attachments`). Multipart bodies are read part by part with a
 * limit for each, so a too-large file is answered with a message beside the form (413) and the
 * text typed so far is kept; the HTTP server already capped the whole body (scripts/serve.ts).
 * A form without files may also arrive URL-encoded. A broken body is a 400.
 *
 * busboy reads the parts: it follows RFC 7578, where Remix's parser threw on a file name with
 * `=` or `;` in it (`invoice=march.png`) and so lost the whole ticket the customer had typed.
 */
export async function readTicketForm({
  request,
}: {
  request: Request
}): Promise<{ form: FormData; files: UploadedFile[]; problem: UploadProblem | null }> {
  const contentType = request.headers.get('Content-Type') ?? ''
  if (!contentType.toLowerCase().startsWith('multipart/form-data') || !request.body)
    return { form: await readForm(request), files: [], problem: null }
  const form = new FormData()
  const files: UploadedFile[] = []
  let accepted = 0
  let problem: UploadProblem | null = null
  let parser: busboy.Busboy
  try {
    parser = busboy({
      headers: { 'content-type': contentType },
      defParamCharset: 'utf8',
      limits: {
        fieldSize: attachmentLimits.textFieldBytes,
        fileSize: attachmentLimits.fileBytes,
        fields: 100,
      },
    })
  } catch {
    throw new Response('Bad Request', { status: 400 })
  }
  parser.on('field', (name, value, info) => {
    if (info.valueTruncated) problem ??= { error: 'form.tooLong', status: 413 }
    else form.append(name, value)
  })
  parser.on('file', (name, stream, info) => {
    // An empty file input still sends a part, with no name and no bytes.
    const filename = info.filename
    if (name !== 'attachments' || !filename) return stream.resume()
    // Counted as parts start: a file's bytes may still be arriving when the next part begins.
    accepted += 1
    if (accepted > attachmentLimits.filesPerMessage) {
      problem ??= { error: 'form.tooManyFiles', status: 400 }
      return stream.resume()
    }
    const chunks: Buffer[] = []
    stream.on('data', (chunk: Buffer) => chunks.push(chunk))
    stream.on('end', () => {
      if (stream.truncated) problem = { error: 'form.fileTooLarge', status: 413 }
      else files.push({ name: unescapeFileName(filename), bytes: Buffer.concat(chunks) })
    })
  })
  try {
    await pipeline(Readable.fromWeb(request.body as NodeReadableStream), parser)
  } catch {
    throw new Response('Bad Request', { status: 400 })
  }
  return { form, files, problem }
}

/** The type of a file from its bytes; the name counts only for plain text, which has no signature. */
export async function detectAttachmentType({ name, bytes }: UploadedFile): Promise<string | null> {
  const detected = await fileTypeFromBuffer(bytes)
  if (detected) return binaryAttachmentTypes[detected.mime] ? detected.mime : null
  const textType = textAttachmentTypes[extensionOf(name)]
  return textType && isPlainText(bytes) ? textType : null
}

/** Every file checked before anything is saved: one refused file refuses the whole message. */
export async function checkAttachments({
  files,
}: {
  files: UploadedFile[]
}): Promise<{ files: CheckedFile[] } | { problem: UploadProblem }> {
  const checked: CheckedFile[] = []
  for (const file of files) {
    const contentType = await detectAttachmentType(file)
    if (!contentType) return { problem: { error: 'form.fileType', status: 400 } }
    checked.push({ originalName: cleanFileName(file.name), contentType, bytes: file.bytes })
  }
  if (checked.reduce((total, f) => total + f.bytes.byteLength, 0) > attachmentLimits.ticketBytes)
    return { problem: { error: 'form.ticketFilesTooLarge', status: 413 } }
  return { files: checked }
}

/** Bytes already attached to a ticket, so a form can refuse a reply that would pass the ticket's limit. */
export async function attachedBytes({ ticketId }: { ticketId: number }) {
  const [row] = await db
    .select({ total: sum(ticketAttachments.size) })
    .from(ticketAttachments)
    .where(eq(ticketAttachments.ticketId, ticketId))
  return Number(row?.total ?? 0)
}

export type StoredFile = CheckedFile & { storedName: string }
type Tx = Parameters<Parameters<typeof db.transaction>[0]>[0]

/**
 * Writes checked files to disk under random pending names, then runs `save`: the one
 * transaction that records the message and, through recordAttachments, its files; only then
 * are the files renamed to their stored names. When `save` throws or saves nothing (null),
 * the files are removed again, and a disk that fails (full, unwritable) fails before anything
 * is saved: never a ticket or a reply without its files, nor files without rows. A crash
 * between the commit and the rename leaves pending files that sweepUploads settles at start.
 */
export async function saveWithFiles<T>(
  files: CheckedFile[],
  save: (stored: StoredFile[]) => T | null,
): Promise<T | null> {
  const written: string[] = []
  const stored: StoredFile[] = []
  let saved: T | null
  try {
    if (files.length > 0) await mkdir(uploadsDir(), { recursive: true })
    for (const file of files) {
      const storedName = randomBytes(16).toString('hex')
      await writeFile(join(uploadsDir(), storedName + pendingSuffix), file.bytes, { flag: 'wx', mode: 0o600 })
      written.push(storedName + pendingSuffix)
      stored.push({ ...file, storedName })
    }
    saved = save(stored)
  } catch (error) {
    await removeFiles(written)
    if (!isStorageError(error)) throw error
    noteStorageFailure(error)
    throw new StorageFailed('Storage failed', { cause: error })
  }
  if (saved === null) {
    await removeFiles(written)
    return null
  }
  // Committed: from here the files are the message's. A rename that fails now is settled by
  // sweepUploads at the next start, never undone.
  for (const file of stored) {
    const final = join(uploadsDir(), file.storedName)
    await rename(final + pendingSuffix, final).catch((error: unknown) =>
      console.error(`Could not settle the uploaded file ${file.storedName}:`, error),
    )
  }
  return saved
}

/**
 * The disk or the database could not take the write (full, read-only, missing folder). The
 * form is answered with a message and the text the person typed, never with a 500.
 */
export class StorageFailed extends Error {}

/** Thrown inside a writing transaction when a message's files would pass the ticket's total. */
export class FilesTooLarge extends Error {}

/** Whether files of this size still fit the ticket's total, read inside the writing transaction. */
export function filesFit(tx: Tx, { ticketId, files }: { ticketId: number; files: CheckedFile[] }) {
  if (files.length === 0) return true
  const before = Number(
    tx
      .select({ total: sum(ticketAttachments.size) })
      .from(ticketAttachments)
      .where(eq(ticketAttachments.ticketId, ticketId))
      .get()?.total ?? 0,
  )
  const adding = files.reduce((total, f) => total + f.bytes.byteLength, 0)
  return before + adding <= attachmentLimits.ticketBytes
}

/** The rows and audit lines of a message's stored files, inside the caller's transaction. */
export function recordAttachments(
  tx: Tx,
  input: { ticketId: number; messageId: number; uploaderId: number; files: StoredFile[]; at: Date },
) {
  for (const file of input.files) {
    tx.insert(ticketAttachments)
      .values({
        ticketId: input.ticketId,
        messageId: input.messageId,
        storedName: file.storedName,
        originalName: file.originalName,
        contentType: file.contentType,
        size: file.bytes.byteLength,
        uploadedById: input.uploaderId,
        createdAt: input.at,
      })
      .run()
    tx.insert(ticketEvents)
      .values({
        ticketId: input.ticketId,
        actorId: input.uploaderId,
        change: 'attachment',
        toValue: file.originalName,
        at: input.at,
      })
      .run()
  }
}

async function removeFiles(names: string[]) {
  await Promise.all(names.map((name) => unlink(join(uploadsDir(), name)).catch(() => undefined)))
}

/**
 * An attachment of a ticket the caller already found within their scope. For customers
 * (`includeInternal: false`) only files of messages they can read: attachments of internal
 * notes (or of no message) are never theirs.
 */
export async function findAttachment({
  ticketId,
  attachmentId,
  includeInternal,
}: {
  ticketId: number
  attachmentId: number
  includeInternal: boolean
}) {
  const [row] = await db
    .select({
      storedName: ticketAttachments.storedName,
      originalName: ticketAttachments.originalName,
      contentType: ticketAttachments.contentType,
      size: ticketAttachments.size,
    })
    .from(ticketAttachments)
    .innerJoin(ticketMessages, eq(ticketMessages.id, ticketAttachments.messageId))
    .where(
      and(
        eq(ticketAttachments.id, attachmentId),
        eq(ticketAttachments.ticketId, ticketId),
        includeInternal ? undefined : eq(ticketMessages.internal, false),
      ),
    )
  return row ?? null
}

/**
 * The download: always `attachment` under a safe name, never sniffed, never cached by shared
 * caches, and with a CSP that would sandbox it even if a browser ignored all of that.
 */
export async function attachmentResponse(attachment: {
  storedName: string
  originalName: string
  contentType: string
}) {
  const path = join(uploadsDir(), attachment.storedName)
  const size = await stat(path).then(
    (s) => s.size,
    () => null,
  )
  if (size === null) throw new Response('Not found', { status: 404 })
  const type = attachment.contentType.startsWith('text/')
    ? `${attachment.contentType}; charset=utf-8`
    : attachment.contentType
  return new Response(createReadableStreamFromReadable(createReadStream(path)), {
    headers: {
      'Content-Type': type,
      'Content-Length': String(size),
      'Content-Disposition': contentDisposition(downloadName(attachment)),
      'X-Content-Type-Options': 'nosniff',
      'Content-Security-Policy': "default-src 'none'; sandbox",
      'Cache-Control': 'private, no-store',
    },
  })
}
