import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import PostalMime from 'postal-mime'

/** The messages the server wrote to its outbox (no SMTP_URL), oldest first. */
export async function readOutbox(dataDir: string) {
  let names: string[] = []
  try {
    names = readdirSync(join(dataDir, 'outbox'))
      .filter((n) => n.endsWith('.eml'))
      .sort()
  } catch {
    return []
  }
  return Promise.all(
    names.map(async (name) => {
      const email = await PostalMime.parse(readFileSync(join(dataDir, 'outbox', name)))
      return {
        to: email.to?.map((a) => a.address).join(', ') ?? '',
        subject: email.subject ?? '',
        text: email.text ?? '',
      }
    }),
  )
}

export function firstLink(text: string) {
  return /https?:\/\/\S+/.exec(text)?.[0] ?? null
}
