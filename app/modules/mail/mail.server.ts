import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import nodemailer, { type Transporter } from 'nodemailer'
import PostalMime from 'postal-mime'
import { config } from '~/config.server'

export type Mail = { to: string; subject: string; text: string; html?: string }

function outboxDir() {
  return join(config().DATA_DIR, 'outbox')
}

let transport: Transporter | undefined

/**
 * With SMTP_URL mail goes out over SMTP; without it each message is written to
 * data/outbox/ as an .eml file, which admins can read in the staff area.
 */
function getTransport() {
  transport ??= config().SMTP_URL
    ? nodemailer.createTransport(config().SMTP_URL)
    : nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' })
  return transport
}

export async function sendMail(mail: Mail) {
  const info = await getTransport().sendMail({ from: config().MAIL_FROM, ...mail })
  if (!config().SMTP_URL) {
    const message = (info as { message: Buffer }).message
    await mkdir(outboxDir(), { recursive: true })
    const name = `${new Date().toISOString().replace(/[:.]/g, '-')}-${info.messageId.replace(/[^\w.-]/g, '')}.eml`
    await writeFile(join(outboxDir(), name), message)
  }
  return info.messageId
}

export type OutboxEntry = { file: string; to: string; subject: string; date: Date }

const outboxFileName = /^[\w.-]+\.eml$/

/** The newest messages in the outbox. */
export async function listOutbox(limit = 100): Promise<OutboxEntry[]> {
  let names: string[]
  try {
    names = (await readdir(outboxDir())).filter((n) => outboxFileName.test(n))
  } catch {
    return []
  }
  names.sort().reverse()
  return Promise.all(
    names.slice(0, limit).map(async (file) => {
      const path = join(outboxDir(), file)
      const [email, info] = await Promise.all([PostalMime.parse(await readFile(path)), stat(path)])
      return {
        file,
        to: (email.to ?? []).map((a) => a.address ?? a.name).join(', '),
        subject: email.subject ?? '',
        date: info.mtime,
      }
    }),
  )
}

/** One outbox message, by a name listOutbox returned (never a path). */
export async function readOutboxMessage(file: string) {
  if (!outboxFileName.test(file)) return null
  try {
    const email = await PostalMime.parse(await readFile(join(outboxDir(), file)))
    return {
      to: (email.to ?? []).map((a) => a.address ?? a.name).join(', '),
      subject: email.subject ?? '',
      date: email.date ?? null,
      text: email.text ?? '',
    }
  } catch {
    return null
  }
}
