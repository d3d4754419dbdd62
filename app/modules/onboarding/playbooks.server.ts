import { and, asc, eq, inArray } from 'drizzle-orm'
import type { Locale } from '#db/schema/enums'
import { db, schema } from '~/db.server'
import { choosePlaybook, type AccountForPlaybook } from './playbook-choice'

export { choosePlaybook }

const {
  accounts,
  checklists,
  checklistTranslations,
  checklistItems,
  checklistItemTranslations,
  articles,
  articleTranslations,
} = schema
const { videos, videoTranslations, courses, courseTranslations } = schema

export async function listPlaybookScopes() {
  return db
    .select({ id: checklists.id, marketId: checklists.marketId, tier: checklists.tier })
    .from(checklists)
}

export async function playbookIdFor(account: AccountForPlaybook) {
  return choosePlaybook(account, account.checklistId ? [] : await listPlaybookScopes())
}

/** Picks the translation in `locale`, or the source text marked as a fallback. */
function pickTranslation<T extends { locale: Locale }>(rows: T[], locale: Locale, sourceLocale: Locale) {
  const own = rows.find((r) => r.locale === locale)
  if (own) return { ...own, fallback: false }
  const source = rows.find((r) => r.locale === sourceLocale) ?? rows[0]
  return source ? { ...source, fallback: true } : null
}

/** A playbook with its items in one language, each linked thing resolved to a reader's URL. */
export async function getPlaybook({ checklistId, locale }: { checklistId: number; locale: Locale }) {
  const checklist = await db.query.checklists.findFirst({ where: eq(checklists.id, checklistId) })
  if (!checklist) return null
  const names = await db
    .select()
    .from(checklistTranslations)
    .where(eq(checklistTranslations.checklistId, checklistId))
  const items = await db
    .select()
    .from(checklistItems)
    .where(eq(checklistItems.checklistId, checklistId))
    .orderBy(asc(checklistItems.position), asc(checklistItems.id))
  const texts = items.length
    ? await db
        .select()
        .from(checklistItemTranslations)
        .where(
          inArray(
            checklistItemTranslations.itemId,
            items.map((i) => i.id),
          ),
        )
    : []
  const keysOf = (type: string) =>
    items.filter((i) => i.linkType === type && i.linkKey).map((i) => i.linkKey!)
  const [articleLinked, videoLinked, courseLinked] = await Promise.all([
    articleLinks(keysOf('article'), locale),
    academyLinks({ type: 'video', keys: keysOf('video'), locale }),
    academyLinks({ type: 'course', keys: keysOf('course'), locale }),
  ])
  const links = { article: articleLinked, video: videoLinked, course: courseLinked }
  const name = pickTranslation(names, locale, checklist.sourceLocale)
  return {
    id: checklist.id,
    key: checklist.key,
    name: name?.name ?? checklist.key,
    description: name?.description ?? '',
    locale: name?.locale ?? checklist.sourceLocale,
    items: items.map((item) => {
      const text = pickTranslation(
        texts.filter((t) => t.itemId === item.id),
        locale,
        checklist.sourceLocale,
      )
      return {
        key: item.key,
        phase: item.phase,
        required: item.required,
        valueMilestone: item.valueMilestone,
        eventKey: item.eventKey,
        completeOnRead: item.completeOnRead,
        title: text?.title ?? item.key,
        help: text?.help ?? '',
        /** The language the text is in; differs from the page's when it is a fallback. */
        locale: text?.locale ?? checklist.sourceLocale,
        link: item.linkType && item.linkKey ? (links[item.linkType].get(item.linkKey) ?? null) : null,
      }
    }),
  }
}

export type Playbook = NonNullable<Awaited<ReturnType<typeof getPlaybook>>>
export type PlaybookItem = Playbook['items'][number]

/** Linked articles by key, with the reader's slug (or the source's, which opens with a notice). */
async function articleLinks(keys: string[], locale: Locale) {
  if (keys.length === 0) return new Map<string, { type: 'article'; href: string; title: string }>()
  const rows = await db
    .select({
      key: articles.key,
      sourceLocale: articles.sourceLocale,
      locale: articleTranslations.locale,
      slug: articleTranslations.slug,
      title: articleTranslations.title,
    })
    .from(articles)
    .innerJoin(articleTranslations, eq(articleTranslations.articleId, articles.id))
    .where(and(inArray(articles.key, keys), eq(articleTranslations.status, 'published')))
  const links = new Map<string, { type: 'article'; href: string; title: string }>()
  for (const key of keys) {
    const found = pickTranslation(
      rows.filter((r) => r.key === key),
      locale,
      rows.find((r) => r.key === key)?.sourceLocale ?? 'en',
    )
    if (found) links.set(key, { type: 'article', href: `/${locale}/kb/${found.slug}`, title: found.title })
  }
  return links
}

type AcademyLink = { type: 'video' | 'course'; href: string; title: string }

/**
 * Linked academy videos or courses by key, with their published title in `locale` (else the
 * source's). A video or course that is not there, or has no published text, gives no link.
 */
async function academyLinks(input: { type: 'video' | 'course'; keys: string[]; locale: Locale }) {
  const links = new Map<string, AcademyLink>()
  if (input.keys.length === 0) return links
  const rows =
    input.type === 'video'
      ? await db
          .select({
            key: videos.key,
            sourceLocale: videos.sourceLocale,
            locale: videoTranslations.locale,
            title: videoTranslations.title,
          })
          .from(videos)
          .innerJoin(videoTranslations, eq(videoTranslations.videoId, videos.id))
          .where(and(inArray(videos.key, input.keys), eq(videoTranslations.status, 'published')))
      : await db
          .select({
            key: courses.key,
            sourceLocale: courses.sourceLocale,
            locale: courseTranslations.locale,
            title: courseTranslations.title,
          })
          .from(courses)
          .innerJoin(courseTranslations, eq(courseTranslations.courseId, courses.id))
          .where(and(inArray(courses.key, input.keys), eq(courseTranslations.status, 'published')))
  const path = input.type === 'video' ? 'videos' : 'academy'
  for (const key of input.keys) {
    const own = rows.filter((r) => r.key === key)
    const found = own.length ? pickTranslation(own, input.locale, own[0]!.sourceLocale) : null
    if (found)
      links.set(key, { type: input.type, href: `/${input.locale}/${path}/${key}`, title: found.title })
  }
  return links
}

/** Every playbook with its name in `locale`, for staff to choose from. */
export async function listPlaybooks({ locale }: { locale: Locale }) {
  const rows = await db.select().from(checklists).orderBy(asc(checklists.key))
  const names = await db.select().from(checklistTranslations)
  return rows.map((c) => ({
    id: c.id,
    key: c.key,
    tier: c.tier,
    marketId: c.marketId,
    name:
      pickTranslation(
        names.filter((n) => n.checklistId === c.id),
        locale,
        c.sourceLocale,
      )?.name ?? c.key,
  }))
}

/** Staff switch an account's playbook; null goes back to the one its market and tier pick. */
export async function setAccountPlaybook({
  accountId,
  checklistId,
}: {
  accountId: number
  checklistId: number | null
}) {
  if (
    checklistId !== null &&
    !(await db.query.checklists.findFirst({ where: eq(checklists.id, checklistId), columns: { id: true } }))
  )
    return false
  await db.update(accounts).set({ checklistId }).where(eq(accounts.id, accountId))
  return true
}
