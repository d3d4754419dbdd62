import { randomBytes } from 'node:crypto'
import { createCookie, data } from '@remix-run/node'
import { and, eq, sql } from 'drizzle-orm'
import type { Tier } from '#db/schema/enums'
import type { FeedbackKind } from '#db/schema/feedback'
import { config } from '~/config.server'
import { db, schema } from '~/db.server'
import { clock } from '~/modules/clock/clock'
import type { Locale } from '~/modules/i18n/locales'
import { feedbackFormSchema } from './feedback.schema'

/**
 * "Did this help?" at the end of an article, a video or a course: one rule for all three.
 * Each person (or anonymous browser) has one answer per piece of content; answering again
 * replaces it. The account's market and service level are kept with the answer, as they were.
 */

/** Who answers: the signed-in person, or an anonymous browser through its own cookie. */
type Answerer = { userId: number | null; accountId: number | null }

/** Anonymous readers answer once per browser, through this id. */
const visitorCookie = createCookie('hub_visitor', {
  httpOnly: true,
  sameSite: 'lax',
  path: '/',
  secure: config().secureCookies,
  maxAge: 365 * 24 * 3600,
})

/** The respondent key of the request, or null for a browser that never answered anything. */
async function knownRespondent(request: Request, userId: number | null) {
  if (userId) return `user:${userId}`
  const existing: unknown = await visitorCookie.parse(request.headers.get('Cookie'))
  return typeof existing === 'string' && /^[\w-]{16,64}$/.test(existing) ? `visitor:${existing}` : null
}

/**
 * The respondent key of an answer, and the cookie to set when an anonymous browser answers for
 * the first time (only answering hands out the cookie, never reading a page).
 */
export async function respondentOf(request: Request, userId: number | null) {
  const known = await knownRespondent(request, userId)
  if (known) return { respondent: known, setCookie: null }
  const id = randomBytes(16).toString('base64url')
  return { respondent: `visitor:${id}`, setCookie: await visitorCookie.serialize(id) }
}

export async function recordFeedback(input: {
  kind: FeedbackKind
  contentId: number
  respondent: string
  answerer: Answerer
  locale: Locale
  helpful: boolean
  reason: string | null
}) {
  let marketCode: string | null = null
  let tier: Tier | null = null
  if (input.answerer.accountId) {
    const account = await db
      .select({
        marketCode: schema.markets.code,
        tier: sql<Tier>`coalesce(${schema.accounts.tierOverride}, ${schema.accounts.derivedTier})`,
      })
      .from(schema.accounts)
      .innerJoin(schema.markets, eq(schema.markets.id, schema.accounts.marketId))
      .where(eq(schema.accounts.id, input.answerer.accountId))
      .get()
    marketCode = account?.marketCode ?? null
    tier = account?.tier ?? null
  }
  const values = {
    kind: input.kind,
    contentId: input.contentId,
    respondent: input.respondent,
    userId: input.answerer.userId,
    accountId: input.answerer.accountId,
    marketCode,
    tier,
    locale: input.locale,
    helpful: input.helpful,
    reason: input.reason,
  }
  const { contentFeedback } = schema
  await db
    .insert(contentFeedback)
    .values(values)
    .onConflictDoUpdate({
      target: [contentFeedback.kind, contentFeedback.contentId, contentFeedback.respondent],
      set: { ...values, createdAt: clock.now() },
    })
}

/** The answer this respondent gave about this content, or null. */
export async function findFeedback(input: { kind: FeedbackKind; contentId: number; respondent: string }) {
  const { contentFeedback } = schema
  return (
    (await db.query.contentFeedback.findFirst({
      where: and(
        eq(contentFeedback.kind, input.kind),
        eq(contentFeedback.contentId, input.contentId),
        eq(contentFeedback.respondent, input.respondent),
      ),
      columns: { helpful: true },
    })) ?? null
  )
}

/** How many said yes and no about one piece of content: what staff see beside it. */
export async function feedbackTally(input: { kind: FeedbackKind; contentId: number }) {
  const { contentFeedback } = schema
  const row = await db
    .select({
      yes: sql<number>`coalesce(sum(${contentFeedback.helpful}), 0)`,
      no: sql<number>`coalesce(sum(not ${contentFeedback.helpful}), 0)`,
    })
    .from(contentFeedback)
    .where(and(eq(contentFeedback.kind, input.kind), eq(contentFeedback.contentId, input.contentId)))
    .get()
  return { yes: row?.yes ?? 0, no: row?.no ?? 0 }
}

/** The answer of whoever asks for the page; an anonymous browser that never answered has none. */
export async function feedbackOf(
  request: Request,
  answerer: Answerer,
  content: { kind: FeedbackKind; contentId: number },
) {
  const respondent = await knownRespondent(request, answerer.userId)
  return respondent ? findFeedback({ ...content, respondent }) : null
}

/**
 * The action half of the form: records the posted answer (a bad form is a 400 and saves
 * nothing) and hands an anonymous browser its cookie the first time it answers.
 */
export async function saveFeedbackForm(input: {
  request: Request
  form: FormData
  kind: FeedbackKind
  contentId: number
  answerer: Answerer
  locale: Locale
}) {
  const parsed = feedbackFormSchema.safeParse(Object.fromEntries(input.form))
  if (!parsed.success) return data({ saved: false }, 400)
  const { respondent, setCookie } = await respondentOf(input.request, input.answerer.userId)
  await recordFeedback({
    kind: input.kind,
    contentId: input.contentId,
    respondent,
    answerer: input.answerer,
    locale: input.locale,
    helpful: parsed.data.helpful === 'yes',
    reason: parsed.data.reason || null,
  })
  return data({ saved: true }, setCookie ? { headers: { 'Set-Cookie': setCookie } } : undefined)
}
