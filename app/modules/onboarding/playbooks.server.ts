import { and, asc, eq, inArray, sql } from 'drizzle-orm'
import type { Locale } from '#db/schema/enums'
import { db, preparedOnce, schema } from '~/db.server'
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

const playbookScopes = preparedOnce(() =>
  db
    .select({ id: checklists.id, marketId: checklists.marketId, tier: checklists.tier })
    .from(checklists)
    .prepare(),
)

export async function listPlaybookScopes() {
  return playbookScopes().all()
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
  const query = playbookQueries()
  const checklist = await query.checklist.execute({ checklistId })
  if (!checklist) return null
  const names = query.names.all({ checklistId })
  const items = query.items.all({ checklistId })
  const texts = query.itemTexts.all({ checklistId })
  const keysOf = (type: string) =>
    items.filter((i) => i.linkType === type && i.linkKey).map((i) => i.linkKey!)
  const article = linksByKey(keysOf('article'), query.articleTitles.all({ checklistId }), locale, (row) => ({
    type: 'article',
    href: `/${locale}/kb/${row.slug}`,
  }))
  const video = linksByKey(keysOf('video'), query.videoTitles.all({ checklistId }), locale, (row) => ({
    type: 'video',
    href: `/${locale}/videos/${row.key}`,
  }))
  const course = linksByKey(keysOf('course'), query.courseTitles.all({ checklistId }), locale, (row) => ({
    type: 'course',
    href: `/${locale}/academy/${row.key}`,
  }))
  const links = { article, video, course }
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

/**
 * What a playbook page asks for, prepared once (see preparedOnce): the playbook, its names, items
 * and item texts, and the published titles of what its items link to, all by `checklistId`.
 */
const playbookQueries = preparedOnce(() => {
  const checklistId = sql.placeholder('checklistId')
  const linkedKeys = (type: 'article' | 'video' | 'course') =>
    db
      .select({ key: checklistItems.linkKey })
      .from(checklistItems)
      .where(and(eq(checklistItems.checklistId, checklistId), eq(checklistItems.linkType, type)))
  return {
    checklist: db.query.checklists.findFirst({ where: eq(checklists.id, checklistId) }).prepare(),
    names: db
      .select()
      .from(checklistTranslations)
      .where(eq(checklistTranslations.checklistId, checklistId))
      .prepare(),
    items: db
      .select()
      .from(checklistItems)
      .where(eq(checklistItems.checklistId, checklistId))
      .orderBy(asc(checklistItems.position), asc(checklistItems.id))
      .prepare(),
    itemTexts: db
      .select()
      .from(checklistItemTranslations)
      .where(
        inArray(
          checklistItemTranslations.itemId,
          db
            .select({ id: checklistItems.id })
            .from(checklistItems)
            .where(eq(checklistItems.checklistId, checklistId)),
        ),
      )
      .prepare(),
    articleTitles: db
      .select({
        key: articles.key,
        sourceLocale: articles.sourceLocale,
        locale: articleTranslations.locale,
        slug: articleTranslations.slug,
        title: articleTranslations.title,
      })
      .from(articles)
      .innerJoin(articleTranslations, eq(articleTranslations.articleId, articles.id))
      .where(and(inArray(articles.key, linkedKeys('article')), eq(articleTranslations.status, 'published')))
      .prepare(),
    videoTitles: db
      .select({
        key: videos.key,
        sourceLocale: videos.sourceLocale,
        locale: videoTranslations.locale,
        title: videoTranslations.title,
      })
      .from(videos)
      .innerJoin(videoTranslations, eq(videoTranslations.videoId, videos.id))
      .where(and(inArray(videos.key, linkedKeys('video')), eq(videoTranslations.status, 'published')))
      .prepare(),
    courseTitles: db
      .select({
        key: courses.key,
        sourceLocale: courses.sourceLocale,
        locale: courseTranslations.locale,
        title: courseTranslations.title,
      })
      .from(courses)
      .innerJoin(courseTranslations, eq(courseTranslations.courseId, courses.id))
      .where(and(inArray(courses.key, linkedKeys('course')), eq(courseTranslations.status, 'published')))
      .prepare(),
  }
})

type TitleRow = { key: string; sourceLocale: Locale; locale: Locale; title: string }

/**
 * Linked things by key, each with its published text in `locale` (else the source's, and an
 * article then opens with a notice). A thing that is not there, or has no published text, gives
 * no link.
 */
function linksByKey<Row extends TitleRow>(
  keys: string[],
  rows: Row[],
  locale: Locale,
  link: (row: Row) => { type: 'article' | 'video' | 'course'; href: string },
) {
  const links = new Map<string, { type: 'article' | 'video' | 'course'; href: string; title: string }>()
  for (const key of keys) {
    const own = rows.filter((r) => r.key === key)
    const found = own.length ? pickTranslation(own, locale, own[0]!.sourceLocale) : null
    if (found) links.set(key, { ...link(found), title: found.title })
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
