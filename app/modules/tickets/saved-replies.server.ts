import { and, asc, eq, inArray } from 'drizzle-orm'
import type { Locale } from '#db/schema/enums'
import { db, schema } from '~/db.server'
import { clock } from '~/modules/clock/clock'
import type { SavedReplyInput } from './saved-replies.schema'

const { savedReplies, savedReplyTranslations } = schema

/** Every saved reply with the languages it has, for the management page. */
export async function listSavedReplies() {
  const [replies, translations] = await Promise.all([
    db.select().from(savedReplies).orderBy(asc(savedReplies.key)),
    db.select().from(savedReplyTranslations),
  ])
  return replies.map((reply) => {
    const own = translations.filter((t) => t.replyId === reply.id)
    return {
      id: reply.id,
      key: reply.key,
      translations: Object.fromEntries(
        own.map((t) => [t.locale, { title: t.title, body: t.body }]),
      ) as Partial<Record<Locale, { title: string; body: string }>>,
    }
  })
}

/**
 * The saved replies as they go into a ticket written in `locale`: that language's variant, or
 * the English one marked as a fallback so the agent knows to translate before sending.
 */
export async function savedRepliesForLocale({ locale }: { locale: Locale }) {
  const rows = await db
    .select({
      id: savedReplies.id,
      key: savedReplies.key,
      locale: savedReplyTranslations.locale,
      title: savedReplyTranslations.title,
      body: savedReplyTranslations.body,
    })
    .from(savedReplies)
    .innerJoin(savedReplyTranslations, eq(savedReplyTranslations.replyId, savedReplies.id))
    .where(inArray(savedReplyTranslations.locale, [...new Set<Locale>([locale, 'en'])]))
  const byId = new Map<number, { id: number; title: string; body: string; fallback: boolean; key: string }>()
  for (const row of rows) {
    const current = byId.get(row.id)
    if (row.locale === locale)
      byId.set(row.id, { id: row.id, key: row.key, title: row.title, body: row.body, fallback: false })
    else if (!current)
      byId.set(row.id, {
        id: row.id,
        key: row.key,
        title: row.title,
        body: row.body,
        fallback: locale !== 'en',
      })
  }
  return [...byId.values()].sort((a, b) => a.title.localeCompare(b.title, locale))
}

export async function findSavedReplyForLocale({ id, locale }: { id: number; locale: Locale }) {
  return (await savedRepliesForLocale({ locale })).find((r) => r.id === id) ?? null
}

function keyFrom(title: string) {
  return (
    title
      .normalize('NFD')
      .replace(/\p{M}/gu, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 60) || 'reply'
  )
}

/**
 * Creates a saved reply, or replaces the languages of an existing one (a language left empty
 * is removed and falls back to English). The key is made from the English title once and
 * kept, so renaming a reply does not change what refers to it. Null when `id` is unknown.
 */
export function saveSavedReply(input: { id?: number; translations: SavedReplyInput }) {
  return db.transaction(
    (tx) => {
      let replyId = input.id
      if (replyId === undefined) {
        const english = input.translations.find((t) => t.locale === 'en')!
        const base = keyFrom(english.title)
        let key = base
        for (
          let n = 2;
          tx.select({ id: savedReplies.id }).from(savedReplies).where(eq(savedReplies.key, key)).get();
          n++
        )
          key = `${base}-${n}`
        replyId = tx.insert(savedReplies).values({ key }).returning({ id: savedReplies.id }).get().id
      } else {
        const updated = tx
          .update(savedReplies)
          .set({ updatedAt: clock.now() })
          .where(eq(savedReplies.id, replyId))
          .returning({ id: savedReplies.id })
          .all()
        if (updated.length === 0) return null
        tx.delete(savedReplyTranslations).where(eq(savedReplyTranslations.replyId, replyId)).run()
      }
      for (const translation of input.translations)
        tx.insert(savedReplyTranslations)
          .values({ replyId, ...translation })
          .run()
      return replyId
    },
    { behavior: 'immediate' },
  )
}

export async function deleteSavedReply({ id }: { id: number }) {
  const removed = await db
    .delete(savedReplies)
    .where(and(eq(savedReplies.id, id)))
    .returning({ id: savedReplies.id })
  return removed.length > 0
}
