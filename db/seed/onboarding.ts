import { asc, eq, isNull } from 'drizzle-orm'
import type { BetterSQLite3Database } from 'drizzle-orm/better-sqlite3'
import type { Tier } from '../schema/enums'
import * as schema from '../schema/index'
import { portalAdoption } from './portal-adoption'
import type { createRandom } from './random'

type Tx = Parameters<Parameters<BetterSQLite3Database<typeof schema>['transaction']>[0]>[0]
type Random = ReturnType<typeof createRandom>

export type SeededAccount = {
  id: number
  tier: Tier
  t0: Date | null
  userIds: number[]
  isDemo: boolean
  locale: schema.Locale
  ownerId: number | null
  marketCode: string
}

const dayMs = 24 * 3600 * 1000

/** Median days to value without the portal: a CSM walks high-touch accounts through faster. */
const unaidedTtvDays: Record<Tier, number> = { high: 30, mid: 36, tech: 40 }
/** High-touch accounts lean on their CSM more than on the portal. */
const portalLean: Record<Tier, number> = { high: 0.6, mid: 0.85, tech: 1 }
/** How much each article read in the first two weeks shortens the way to value (a factor per read). */
const perEarlyRead = Math.exp(-0.11)

/**
 * Onboarding histories simulated from portal use, not painted on: an account that starts after
 * the launch may take to the portal (the chance follows its market's adoption curve and its
 * tier), and each article its people read in the first two weeks shortens its time to value, with
 * noise; so later cohorts reach value sooner because more of them use self-service. Some are
 * still on the way (censored), some stalled, some never started. The demo logins' accounts are
 * mid-way, with the value milestone still ahead, so a visitor can tick items off.
 */
export function seedOnboardingHistories(
  tx: Tx,
  input: { random: Random; today: number; launch: number; accounts: SeededAccount[] },
) {
  const { random, today, launch } = input
  const playbooks = tx.select().from(schema.checklists).where(isNull(schema.checklists.marketId)).all()
  const itemsOf = new Map(
    playbooks.map((p) => [
      p.tier,
      tx
        .select()
        .from(schema.checklistItems)
        .where(eq(schema.checklistItems.checklistId, p.id))
        .orderBy(asc(schema.checklistItems.position))
        .all(),
    ]),
  )
  const articleIds = tx
    .select({ id: schema.articles.id })
    .from(schema.articles)
    .all()
    .map((a) => a.id)

  for (const account of input.accounts) {
    const items = itemsOf.get(account.tier) ?? []
    if (!account.t0 || items.length === 0) continue
    const t0 = account.t0.getTime()
    const at = (days: number) => new Date(t0 + days * dayMs + random.int(1, 8) * 3600 * 1000)
    // The first day of onboarding on which the portal was open (0 when it opened before T0).
    const portalFromDay = Math.max(0, Math.ceil((launch - t0) / dayMs))
    const adoption = portalAdoption(account.marketCode, Math.max(t0, launch), launch)
    const portalUser =
      account.isDemo ||
      (portalFromDay <= 13 && articleIds.length > 0 && random.chance(adoption * portalLean[account.tier]))
    const earlyReads = portalUser ? random.int(1, 6) : 0
    const milestoneIndex = Math.max(
      0,
      items.findIndex((i) => i.valueMilestone),
    )
    // One in ten stalls, whatever it reads.
    const stalled = !account.isDemo && random.chance(0.1)
    const ttv = account.isDemo
      ? 60
      : stalled
        ? Infinity
        : Math.max(
            2,
            Math.round(random.logNormal(unaidedTtvDays[account.tier] * perEarlyRead ** earlyReads, 0.45)),
          )
    const person = () => (account.userIds.length ? random.pick(account.userIds) : null)

    // A stalled account moves at an ordinary pace through the first steps, then stops.
    const pace = Number.isFinite(ttv) ? ttv : random.int(25, 60)
    let day = 0
    items.forEach((item, index) => {
      if (index < milestoneIndex)
        day = Math.min(pace - 1, day + random.int(1, Math.max(1, Math.floor(pace / (milestoneIndex + 1)))))
      else if (index === milestoneIndex) day = ttv
      else day += random.int(2, 9)
      if (account.isDemo && index >= 3) return
      if (!item.required && random.chance(0.5)) return
      const doneAt = at(day)
      if (!Number.isFinite(day) || doneAt.getTime() > today) return
      // Non-users' first two weeks of progress comes from the product, not from the portal, and
      // before the launch there was no portal to tick anything in.
      const byPerson = (portalUser || day >= 14) && doneAt.getTime() >= launch
      const userId = byPerson ? person() : null
      tx.insert(schema.accountItemProgress)
        .values({
          accountId: account.id,
          itemKey: item.key,
          doneAt,
          doneById: userId,
          source: byPerson ? 'person' : 'product',
        })
        .run()
      if (byPerson)
        tx.insert(schema.events)
          .values({
            type: 'checklist',
            userId,
            accountId: account.id,
            ref: `done:${item.key}`,
            locale: account.locale,
            occurredAt: doneAt,
          })
          .run()
    })

    if (portalUser && articleIds.length) {
      for (let n = earlyReads; n > 0; n--) {
        const occurredAt = at(random.int(Math.min(portalFromDay, 13), 13))
        if (occurredAt.getTime() > today) continue
        tx.insert(schema.events)
          .values({
            type: 'article',
            userId: person(),
            accountId: account.id,
            ref: String(random.pick(articleIds)),
            locale: account.locale,
            occurredAt,
          })
          .run()
      }
    }
  }
}

/** Shared plans as customers and their CSMs write them, in the account's language. */
const taskTemplates: Record<schema.Locale, { title: string; side: 'customer' | 'vendor'; item?: string }[]> =
  {
    en: [
      { title: 'Share the app token with the mobile team', side: 'customer', item: 'install-sdk' },
      { title: 'Review the event list with our analyst', side: 'vendor', item: 'track-events' },
      {
        title: 'Send us the list of ad networks you buy from',
        side: 'customer',
        item: 'connect-ad-networks',
      },
      {
        title: 'Check that test installs show up in the dashboard',
        side: 'customer',
        item: 'verify-integration',
      },
      {
        title: 'Prepare the first attribution link for the spring campaign',
        side: 'vendor',
        item: 'create-attribution-link',
      },
    ],
    ru: [
      { title: 'Передать токен приложения мобильной команде', side: 'customer', item: 'install-sdk' },
      { title: 'Разобрать список событий с нашим аналитиком', side: 'vendor', item: 'track-events' },
      {
        title: 'Прислать список рекламных сетей, с которыми вы работаете',
        side: 'customer',
        item: 'connect-ad-networks',
      },
      {
        title: 'Проверить, что тестовые установки видны в дашборде',
        side: 'customer',
        item: 'verify-integration',
      },
      {
        title: 'Подготовить первую трекинговую ссылку для весенней кампании',
        side: 'vendor',
        item: 'create-attribution-link',
      },
    ],
    es: [
      { title: 'Compartir el token de la app con el equipo móvil', side: 'customer', item: 'install-sdk' },
      { title: 'Revisar la lista de eventos con nuestro analista', side: 'vendor', item: 'track-events' },
      {
        title: 'Enviarnos la lista de redes publicitarias con las que trabajan',
        side: 'customer',
        item: 'connect-ad-networks',
      },
      {
        title: 'Comprobar que las instalaciones de prueba aparecen en el dashboard',
        side: 'customer',
        item: 'verify-integration',
      },
      {
        title: 'Preparar el primer enlace de atribución para la campaña de primavera',
        side: 'vendor',
        item: 'create-attribution-link',
      },
    ],
    pt: [
      { title: 'Enviar o token do app para o time mobile', side: 'customer', item: 'install-sdk' },
      { title: 'Revisar a lista de eventos com o nosso analista', side: 'vendor', item: 'track-events' },
      {
        title: 'Mandar a lista de redes de anúncios com que vocês trabalham',
        side: 'customer',
        item: 'connect-ad-networks',
      },
      {
        title: 'Conferir se as instalações de teste aparecem no painel',
        side: 'customer',
        item: 'verify-integration',
      },
      {
        title: 'Preparar o primeiro link de atribuição da campanha de outono',
        side: 'vendor',
        item: 'create-attribution-link',
      },
    ],
  }

/**
 * A shared task plan for the demo logins' accounts and for about a third of the others, with
 * some work done, some in progress and some overdue, so the plan and the tracker look lived in.
 */
export function seedTaskPlans(tx: Tx, input: { random: Random; today: number; accounts: SeededAccount[] }) {
  const { random, today } = input
  const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10)
  for (const account of input.accounts) {
    if (!account.t0 || !(account.isDemo || random.chance(0.35))) continue
    const t0 = account.t0.getTime()
    const templates = taskTemplates[account.locale]
    const count = account.isDemo ? 3 : random.int(2, templates.length)
    templates.slice(0, count).forEach((template, index) => {
      const createdAt = new Date(Math.min(today, t0 + index * 2 * dayMs + 3600_000))
      const dueOn = isoDay(t0 + (7 + index * 7) * dayMs)
      const assigneeId =
        template.side === 'customer'
          ? (account.userIds[index % Math.max(1, account.userIds.length)] ?? null)
          : account.ownerId
      // The demo logins' accounts keep their tasks open, so a visitor can move them forward.
      const status = account.isDemo
        ? index === 0
          ? 'in_progress'
          : 'todo'
        : random.pick(['done', 'done', 'in_progress', 'todo', 'blocked'] as const)
      const [task] = tx
        .insert(schema.tasks)
        .values({
          accountId: account.id,
          title: template.title,
          ownerSide: template.side,
          assigneeId,
          dueOn,
          status,
          checklistItemKey: template.item ?? null,
          createdById: account.userIds[0] ?? null,
          createdAt,
          updatedAt: createdAt,
          doneAt: status === 'done' ? new Date(Math.min(today, t0 + (5 + index * 7) * dayMs)) : null,
        })
        .returning()
        .all()
      tx.insert(schema.taskActivity)
        .values({ taskId: task!.id, actorId: account.userIds[0] ?? null, change: 'created', at: createdAt })
        .run()
    })
  }
}
