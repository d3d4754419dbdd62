import { eq, inArray } from 'drizzle-orm'
import type { BetterSQLite3Database } from 'drizzle-orm/better-sqlite3'
import { addBusinessMinutes, type BusinessHours } from '../../app/modules/tickets/business-hours'
import type { Locale, Tier } from '../schema/enums'
import * as schema from '../schema/index'
import {
  ticketNumberStart,
  type TicketCategory,
  type TicketChange,
  type TicketChannel,
  type TicketStatus,
} from '../schema/tickets'
import type { SeededAccount } from './onboarding'
import { portalAdoption } from './portal-adoption'
import type { createRandom } from './random'

type Tx = Parameters<Parameters<BetterSQLite3Database<typeof schema>['transaction']>[0]>[0]
type Random = ReturnType<typeof createRandom>

const dayMs = 24 * 3600 * 1000
const minuteMs = 60_000

type Text = { subject: string; body: string }

/** What customers write, per language and category: two of each so the queue does not look cloned. */
const customerTexts: Record<Locale, Record<TicketCategory, Text[]>> = {
  en: {
    how_to: [
      {
        subject: 'How do I create a tracking link for a new campaign?',
        body: 'Hi, we are launching a spring campaign next week. Where do I create the tracking link, and can I reuse the one from last month?',
      },
      {
        subject: 'Adding a colleague to our account',
        body: 'Hello, how can I give our new marketing manager access to the dashboard? She should only see reports.',
      },
    ],
    technical: [
      {
        subject: 'Installs not showing in the dashboard',
        body: 'Since yesterday no installs appear in the dashboard although the app is live. The SDK is version 4.2. Could you check?',
      },
      {
        subject: 'SDK crashes on Android 14',
        body: 'Our Android app crashes at start after updating the SDK. Stack trace attached in the next message.',
      },
    ],
    billing: [
      {
        subject: 'Invoice shows the wrong company name',
        body: 'Our last invoice still shows our old company name. Can you reissue it with the new one?',
      },
      {
        subject: 'Question about the annual plan',
        body: 'We would like to move to the annual plan. Is the discount applied from the next invoice?',
      },
    ],
    feature_request: [
      {
        subject: 'Export reports to Google Sheets',
        body: 'It would save us a lot of time if reports could be exported straight to Google Sheets every Monday.',
      },
      {
        subject: 'Dark mode for the dashboard',
        body: 'Our team works late; a dark mode would be very welcome.',
      },
    ],
    other: [
      {
        subject: 'Meeting with our account manager',
        body: 'Could we schedule a call with our account manager next week to review the setup?',
      },
      {
        subject: 'Security questionnaire',
        body: 'Our legal team needs your security questionnaire filled in. Who should we send it to?',
      },
    ],
  },
  ru: {
    how_to: [
      {
        subject: 'Как создать ссылку отслеживания для новой кампании?',
        body: 'Здравствуйте! На следующей неделе запускаем весеннюю кампанию. Где создать ссылку отслеживания и можно ли использовать ссылку с прошлого месяца?',
      },
      {
        subject: 'Как добавить коллегу в аккаунт',
        body: 'Добрый день! Как дать доступ к дашборду нашему новому маркетологу? Ей нужны только отчёты.',
      },
    ],
    technical: [
      {
        subject: 'Установки не отображаются в дашборде',
        body: 'Со вчерашнего дня установки не появляются в дашборде, хотя приложение опубликовано. Версия SDK 4.2. Проверьте, пожалуйста.',
      },
      {
        subject: 'SDK падает на Android 14',
        body: 'После обновления SDK приложение на Android падает при запуске. Стек вызовов пришлю следующим сообщением.',
      },
    ],
    billing: [
      {
        subject: 'В счёте неверное название компании',
        body: 'В последнем счёте указано старое название нашей компании. Можно перевыставить счёт с новым?',
      },
      {
        subject: 'Вопрос о годовом тарифе',
        body: 'Хотим перейти на годовой тариф. Скидка начнёт действовать со следующего счёта?',
      },
    ],
    feature_request: [
      {
        subject: 'Выгрузка отчётов в Google Таблицы',
        body: 'Было бы очень удобно, если бы отчёты каждый понедельник сами выгружались в Google Таблицы.',
      },
      {
        subject: 'Тёмная тема для дашборда',
        body: 'Наша команда часто работает вечером, тёмная тема очень пригодилась бы.',
      },
    ],
    other: [
      {
        subject: 'Встреча с менеджером аккаунта',
        body: 'Можно назначить созвон с нашим менеджером на следующей неделе, чтобы проверить настройку?',
      },
      {
        subject: 'Анкета по безопасности',
        body: 'Нашим юристам нужна заполненная анкета по информационной безопасности. Кому её отправить?',
      },
    ],
  },
  es: {
    how_to: [
      {
        subject: '¿Cómo creo un enlace de seguimiento para una campaña nueva?',
        body: 'Hola, la próxima semana lanzamos la campaña de primavera. ¿Dónde creo el enlace de seguimiento? ¿Puedo reutilizar el del mes pasado?',
      },
      {
        subject: 'Agregar a un colega a nuestra cuenta',
        body: 'Hola, ¿cómo le doy acceso al panel a nuestra nueva gerente de marketing? Solo debería ver los reportes.',
      },
    ],
    technical: [
      {
        subject: 'Las instalaciones no aparecen en el panel',
        body: 'Desde ayer no aparecen instalaciones en el panel, aunque la app está publicada. Usamos el SDK 4.2. ¿Pueden revisarlo?',
      },
      {
        subject: 'El SDK falla en Android 14',
        body: 'Después de actualizar el SDK, nuestra app de Android se cierra al iniciar. Les envío el registro del error en el próximo mensaje.',
      },
    ],
    billing: [
      {
        subject: 'La factura tiene mal el nombre de la empresa',
        body: 'Nuestra última factura todavía tiene el nombre anterior de la empresa. ¿Pueden emitirla de nuevo con el nombre nuevo?',
      },
      {
        subject: 'Consulta sobre el plan anual',
        body: 'Queremos pasar al plan anual. ¿El descuento se aplica desde la próxima factura?',
      },
    ],
    feature_request: [
      {
        subject: 'Exportar reportes a Google Sheets',
        body: 'Nos ahorraría mucho tiempo poder exportar los reportes directamente a Google Sheets cada lunes.',
      },
      {
        subject: 'Modo oscuro en el panel',
        body: 'Nuestro equipo trabaja hasta tarde; un modo oscuro sería muy bienvenido.',
      },
    ],
    other: [
      {
        subject: 'Reunión con nuestro gerente de cuenta',
        body: '¿Podemos agendar una llamada con nuestro gerente de cuenta la próxima semana para revisar la configuración?',
      },
      {
        subject: 'Cuestionario de seguridad',
        body: 'Nuestro equipo legal necesita que completen su cuestionario de seguridad. ¿A quién se lo enviamos?',
      },
    ],
  },
  pt: {
    how_to: [
      {
        subject: 'Como crio um link de rastreamento para uma campanha nova?',
        body: 'Oi, vamos lançar a campanha de primavera semana que vem. Onde crio o link de rastreamento? Dá para reaproveitar o do mês passado?',
      },
      {
        subject: 'Adicionar uma colega à nossa conta',
        body: 'Olá, como dou acesso ao painel para a nossa nova gerente de marketing? Ela só precisa ver os relatórios.',
      },
    ],
    technical: [
      {
        subject: 'Instalações não aparecem no painel',
        body: 'Desde ontem nenhuma instalação aparece no painel, mas o app está no ar. Usamos o SDK 4.2. Vocês podem verificar?',
      },
      {
        subject: 'SDK travando no Android 14',
        body: 'Depois de atualizar o SDK, nosso app Android fecha ao abrir. Mando o log do erro na próxima mensagem.',
      },
    ],
    billing: [
      {
        subject: 'Nota fiscal com o nome da empresa errado',
        body: 'A última nota fiscal ainda saiu com o nome antigo da empresa. Vocês conseguem emitir de novo com o nome novo?',
      },
      {
        subject: 'Dúvida sobre o plano anual',
        body: 'Queremos mudar para o plano anual. O desconto já vale a partir da próxima fatura?',
      },
    ],
    feature_request: [
      {
        subject: 'Exportar relatórios para o Google Planilhas',
        body: 'Ajudaria muito se os relatórios fossem exportados direto para o Google Planilhas toda segunda-feira.',
      },
      {
        subject: 'Modo escuro no painel',
        body: 'Nossa equipe trabalha até tarde; um modo escuro seria ótimo.',
      },
    ],
    other: [
      {
        subject: 'Reunião com o nosso gerente de conta',
        body: 'Podemos marcar uma ligação com o nosso gerente de conta semana que vem para revisar a configuração?',
      },
      {
        subject: 'Questionário de segurança',
        body: 'Nosso jurídico precisa do questionário de segurança preenchido. Para quem enviamos?',
      },
    ],
  },
}

/** What the team answers, in the ticket's language. */
const staffTexts: Record<Locale, { first: string[]; followUp: string; closing: string[] }> = {
  en: {
    first: [
      'Thanks for writing! I am looking into it and will get back to you today.',
      'Thank you for the details. Could you send us your app ID and the time you last saw it working?',
    ],
    followUp: 'Thanks, that helps. We found the cause and applied a fix on our side; please check again.',
    closing: [
      'Glad it works now! I am marking this as solved; just reply if anything comes up.',
      'Done: the change is in place. I am closing this ticket, but you can reopen it any time.',
    ],
  },
  ru: {
    first: [
      'Спасибо за обращение! Уже разбираюсь и вернусь с ответом сегодня.',
      'Спасибо за подробности. Пришлите, пожалуйста, ID приложения и время, когда всё последний раз работало.',
    ],
    followUp:
      'Спасибо, это помогло. Мы нашли причину и исправили её на нашей стороне, проверьте, пожалуйста.',
    closing: [
      'Рады, что всё заработало! Отмечаю обращение как решённое; если что-то появится, просто ответьте.',
      'Готово, изменения внесены. Закрываю обращение, но его всегда можно открыть снова.',
    ],
  },
  es: {
    first: [
      '¡Gracias por escribirnos! Ya lo estoy revisando y te respondo hoy mismo.',
      'Gracias por los detalles. ¿Nos puedes enviar el ID de la app y la última vez que funcionó bien?',
    ],
    followUp:
      'Gracias, eso ayuda. Encontramos la causa y la corregimos de nuestro lado; por favor, revisa de nuevo.',
    closing: [
      '¡Qué bueno que ya funciona! Marco el ticket como resuelto; si surge algo, solo responde.',
      'Listo, el cambio ya está aplicado. Cierro el ticket, pero puedes reabrirlo cuando quieras.',
    ],
  },
  pt: {
    first: [
      'Obrigado por escrever! Já estou verificando e retorno ainda hoje.',
      'Obrigado pelos detalhes. Você pode mandar o ID do app e quando foi a última vez que funcionou?',
    ],
    followUp:
      'Valeu, isso ajudou. Encontramos a causa e corrigimos do nosso lado; confere de novo, por favor.',
    closing: [
      'Que bom que funcionou! Vou marcar como resolvido; se precisar de algo, é só responder.',
      'Pronto, a alteração já foi feita. Estou fechando o chamado, mas você pode reabrir quando quiser.',
    ],
  },
}

const customerFollowUps: Record<Locale, string> = {
  en: 'Here is the app ID: com.example.app. It last worked on Monday morning.',
  ru: 'ID приложения: com.example.app. Последний раз всё работало в понедельник утром.',
  es: 'El ID de la app es com.example.app. Funcionó bien por última vez el lunes en la mañana.',
  pt: 'O ID do app é com.example.app. Funcionou pela última vez na segunda de manhã.',
}

/** Notes among staff are written in the team's working language. */
const internalNotes = [
  'Checked the logs: the SDK key was rotated on their side. Waiting for their reply before escalating.',
  'Billing confirmed the change; invoice will be reissued within two days.',
  'Same issue as last month with this account. Looping in the CSM.',
  'Engineering ticket filed; workaround shared in the reply.',
]

const categoryWeights: [TicketCategory, number][] = [
  ['how_to', 0.45],
  ['technical', 0.25],
  ['billing', 0.12],
  ['feature_request', 0.1],
  ['other', 0.08],
]

/** The messengers each market used before the portal: the channel-share story of the demo. */
const messengersByMarket: Record<string, TicketChannel[]> = {
  US: ['email', 'email', 'phone', 'chat'],
  EMEA: ['telegram', 'telegram', 'email', 'phone'],
  LATAM: ['whatsapp', 'whatsapp', 'email', 'phone'],
  BR: ['whatsapp', 'whatsapp', 'email', 'phone'],
}

const ticketsPerAccount: Record<Tier, [number, number]> = { high: [3, 9], mid: [1, 6], tech: [0, 4] }

function pickWeighted<T>(random: Random, options: [T, number][]): T {
  let roll = random.next()
  for (const [value, weight] of options) {
    if (roll < weight) return value
    roll -= weight
  }
  return options[options.length - 1]![0]
}

type Message = { authorId: number | null; body: string; internal: boolean; at: Date }
type Event = {
  actorId: number | null
  change: TicketChange
  from?: string | null
  to?: string | null
  at: Date
}

type Spec = {
  accountId: number
  requesterId: number
  subject: string
  category: TicketCategory
  channel: TicketChannel
  locale: Locale
  tier: Tier
  status: TicketStatus
  assigneeId: number | null
  createdById: number
  createdAt: Date
  firstResponseDueAt: Date | null
  resolutionDueAt: Date | null
  firstResponseAt: Date | null
  solvedAt: Date | null
  closedAt: Date | null
  messages: Message[]
  events: Event[]
  rating: { rating: number; comment: string } | null
}

type Context = {
  random: Random
  today: number
  /** When the portal opened: no ticket comes through it before. */
  launch: number
  hours: BusinessHours
  targets: { firstResponseMinutes: number; resolutionMinutes: number }
}

/**
 * One ticket's life: opened, answered (late now and then), maybe a follow-up and an internal
 * note, then solved and closed if it is old enough. `age` is how many days ago it was opened.
 */
function ticketLife(
  ctx: Context,
  input: {
    account: { id: number; tier: Tier; marketCode: string }
    requester: { id: number; locale: Locale }
    assigneeId: number | null
    age: number
    agentId: number
    /** The channel, whatever the market's pace would draw (the draw is made either way). */
    channel?: TicketChannel
  },
): Spec {
  const { random, today, hours, targets } = ctx
  // A time of working hours on the day `age` days back; a ticket of today is no later than the
  // seed's now, so no timestamp of the demo lies in the future.
  const createdAt = new Date(
    Math.min(today, today - input.age * dayMs + random.int(8 * 60, 20 * 60) * minuteMs),
  )
  const portalShare = portalAdoption(input.account.marketCode, createdAt.getTime(), ctx.launch)
  const drawn: TicketChannel = random.chance(portalShare)
    ? 'portal'
    : random.pick(messengersByMarket[input.account.marketCode] ?? ['email'])
  const channel = input.channel ?? drawn
  const category = pickWeighted(random, categoryWeights)
  const text = random.pick(customerTexts[input.requester.locale][category])
  const staffText = staffTexts[input.requester.locale]
  const late = random.chance(0.04)
  const after = (minutes: number, target: number) =>
    addBusinessMinutes(createdAt, Math.max(5, Math.round(minutes > 0 ? minutes : target * 0.5)), hours)
  const firstResponseDueAt = addBusinessMinutes(createdAt, targets.firstResponseMinutes, hours)
  const resolutionDueAt = addBusinessMinutes(createdAt, targets.resolutionMinutes, hours)
  const staffId = input.assigneeId ?? input.agentId
  const logged = channel !== 'portal'
  const spec: Spec = {
    accountId: input.account.id,
    requesterId: input.requester.id,
    subject: text.subject,
    category,
    channel,
    locale: input.requester.locale,
    tier: input.account.tier,
    status: 'new',
    assigneeId: input.assigneeId,
    createdById: logged ? staffId : input.requester.id,
    createdAt,
    firstResponseDueAt,
    resolutionDueAt,
    firstResponseAt: null,
    solvedAt: null,
    closedAt: null,
    messages: [
      { authorId: logged ? staffId : input.requester.id, body: text.body, internal: false, at: createdAt },
    ],
    events: [
      { actorId: logged ? staffId : input.requester.id, change: 'created', to: channel, at: createdAt },
    ],
    rating: null,
  }
  const now = today
  // Tickets of the last two days may still wait for their first answer.
  if (input.age < 2 && random.chance(0.6)) return spec

  const firstAt = after(
    late
      ? targets.firstResponseMinutes * (1.2 + random.next() * 2)
      : targets.firstResponseMinutes * (0.1 + random.next() * 0.8),
    targets.firstResponseMinutes,
  )
  if (!firstAt || firstAt.getTime() > now) return spec
  if (input.assigneeId)
    spec.events.push({
      actorId: input.agentId,
      change: 'assignee',
      to: String(input.assigneeId),
      at: new Date(createdAt.getTime() + minuteMs),
    })
  spec.firstResponseAt = firstAt
  spec.messages.push({ authorId: staffId, body: random.pick(staffText.first), internal: false, at: firstAt })
  spec.events.push(
    { actorId: staffId, change: 'reply', at: firstAt },
    { actorId: staffId, change: 'status', from: 'new', to: 'pending', at: firstAt },
  )
  spec.status = 'pending'

  let cursor = firstAt.getTime()
  if (random.chance(0.25)) {
    const noteAt = new Date(cursor + random.int(10, 90) * minuteMs)
    if (noteAt.getTime() < now) {
      spec.messages.push({ authorId: staffId, body: random.pick(internalNotes), internal: true, at: noteAt })
      spec.events.push({ actorId: staffId, change: 'note', at: noteAt })
      cursor = noteAt.getTime()
    }
  }
  if (random.chance(0.4)) {
    const followAt = new Date(cursor + random.int(1, 20) * 3600_000)
    if (followAt.getTime() > now) return spec
    spec.messages.push({
      authorId: input.requester.id,
      body: customerFollowUps[input.requester.locale],
      internal: false,
      at: followAt,
    })
    spec.events.push(
      { actorId: input.requester.id, change: 'reply', at: followAt },
      { actorId: input.requester.id, change: 'status', from: 'pending', to: 'open', at: followAt },
    )
    spec.status = 'open'
    const answerAt = new Date(followAt.getTime() + random.int(1, 6) * 3600_000)
    if (answerAt.getTime() > now) return spec
    spec.messages.push({ authorId: staffId, body: staffText.followUp, internal: false, at: answerAt })
    spec.events.push(
      { actorId: staffId, change: 'reply', at: answerAt },
      { actorId: staffId, change: 'status', from: 'open', to: 'pending', at: answerAt },
    )
    spec.status = 'pending'
    cursor = answerAt.getTime()
  }

  const resolveLate = random.chance(0.04)
  const solvedAt = after(
    resolveLate
      ? targets.resolutionMinutes * (1.1 + random.next())
      : targets.resolutionMinutes * (0.2 + random.next() * 0.7),
    targets.resolutionMinutes,
  )
  if (!solvedAt || solvedAt.getTime() > now || input.age < 3) return spec
  const solvedTime = new Date(Math.max(solvedAt.getTime(), cursor + 30 * minuteMs))
  if (solvedTime.getTime() > now) return spec
  spec.messages.push({
    authorId: staffId,
    body: random.pick(staffText.closing),
    internal: false,
    at: solvedTime,
  })
  spec.events.push(
    { actorId: staffId, change: 'reply', at: solvedTime },
    { actorId: staffId, change: 'status', from: spec.status, to: 'solved', at: solvedTime },
  )
  spec.status = 'solved'
  spec.solvedAt = solvedTime
  if (random.chance(0.55)) {
    const rating = pickWeighted(random, [
      [5, 0.5],
      [4, 0.25],
      [3, 0.12],
      [2, 0.07],
      [1, 0.06],
    ])
    const ratedAt = new Date(solvedTime.getTime() + random.int(1, 48) * 3600_000)
    if (ratedAt.getTime() < now) {
      spec.rating = { rating, comment: '' }
      spec.events.push({ actorId: input.requester.id, change: 'rating', to: String(rating), at: ratedAt })
    }
  }
  // Solved tickets close by themselves after a week.
  const closedAt = new Date(solvedTime.getTime() + 7 * dayMs)
  if (closedAt.getTime() < now) {
    spec.events.push({ actorId: null, change: 'status', from: 'solved', to: 'closed', at: closedAt })
    spec.status = 'closed'
    spec.closedAt = closedAt
  }
  return spec
}

/** The demo's ticket waiting for a rating: solved, not yet closed by the week's timeout, unrated. */
function keepSolvedUnrated(spec: Spec): Spec {
  if (spec.status === 'closed') {
    spec.events = spec.events.filter((e) => !(e.change === 'status' && e.to === 'closed'))
    spec.status = 'solved'
    spec.closedAt = null
  }
  spec.rating = null
  spec.events = spec.events.filter((e) => e.change !== 'rating')
  return spec
}

function insertSpecs(tx: Tx, specs: Spec[]) {
  specs.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime())
  specs.forEach((spec, index) => {
    const last = spec.messages[spec.messages.length - 1]!.at
    const updatedAt = new Date(Math.max(last.getTime(), spec.closedAt?.getTime() ?? 0))
    const ticket = tx
      .insert(schema.tickets)
      .values({
        number: ticketNumberStart + index,
        accountId: spec.accountId,
        requesterId: spec.requesterId,
        subject: spec.subject,
        category: spec.category,
        status: spec.status,
        channel: spec.channel,
        locale: spec.locale,
        tier: spec.tier,
        assigneeId: spec.assigneeId,
        firstResponseDueAt: spec.firstResponseDueAt,
        resolutionDueAt: spec.resolutionDueAt,
        firstResponseAt: spec.firstResponseAt,
        solvedAt: spec.solvedAt,
        closedAt: spec.closedAt,
        createdById: spec.createdById,
        createdAt: spec.createdAt,
        updatedAt,
      })
      .returning({ id: schema.tickets.id })
      .get()
    for (const m of spec.messages)
      tx.insert(schema.ticketMessages)
        .values({
          ticketId: ticket.id,
          authorId: m.authorId,
          body: m.body,
          internal: m.internal,
          createdAt: m.at,
        })
        .run()
    for (const e of spec.events.sort((a, b) => a.at.getTime() - b.at.getTime())) {
      tx.insert(schema.ticketEvents)
        .values({
          ticketId: ticket.id,
          actorId: e.actorId,
          change: e.change,
          fromValue: e.from ?? null,
          toValue: e.to ?? null,
          at: e.at,
        })
        .run()
    }
    // The rating's time is when it was given (its audit line), not the ticket's last change:
    // CSAT is reported by the month of the rating.
    const ratedAt = spec.events.find((e) => e.change === 'rating')?.at
    if (spec.rating)
      tx.insert(schema.ticketRatings)
        .values({
          ticketId: ticket.id,
          userId: spec.requesterId,
          ...spec.rating,
          createdAt: ratedAt ?? updatedAt,
        })
        .run()
  })
}

/** Saved replies in the four languages; one is English only, to show the fallback. */
const demoSavedReplies: { key: string; translations: Partial<Record<Locale, Text>> }[] = [
  {
    key: 'first-steps',
    translations: {
      en: {
        subject: 'Welcome and first steps',
        body: 'Thanks for reaching out! The fastest way to get started is the onboarding checklist in the portal: each step links to a short article.',
      },
      ru: {
        subject: 'Приветствие и первые шаги',
        body: 'Спасибо, что написали! Быстрее всего начать с чек-листа онбординга на портале: к каждому шагу есть короткая статья.',
      },
      es: {
        subject: 'Bienvenida y primeros pasos',
        body: '¡Gracias por escribirnos! La forma más rápida de empezar es la lista de onboarding del portal: cada paso tiene un artículo breve.',
      },
      pt: {
        subject: 'Boas-vindas e primeiros passos',
        body: 'Obrigado pelo contato! O jeito mais rápido de começar é a lista de onboarding do portal: cada etapa tem um artigo curto.',
      },
    },
  },
  {
    key: 'reset-password',
    translations: {
      en: {
        subject: 'Password reset',
        body: 'You can reset your password from the sign-in page with "Forgot your password?". The link in the email is valid for one hour.',
      },
      ru: {
        subject: 'Сброс пароля',
        body: 'Сбросить пароль можно на странице входа по ссылке «Забыли пароль?». Ссылка в письме действует один час.',
      },
      es: {
        subject: 'Restablecer la contraseña',
        body: 'Puedes restablecer tu contraseña desde la página de inicio de sesión con "¿Olvidaste tu contraseña?". El enlace del correo vale por una hora.',
      },
      pt: {
        subject: 'Redefinir a senha',
        body: 'Você pode redefinir a senha na página de login, em "Esqueceu a senha?". O link do e-mail vale por uma hora.',
      },
    },
  },
  {
    key: 'sdk-logs',
    translations: {
      en: {
        subject: 'Ask for SDK logs',
        body: 'Could you turn on verbose logging in the SDK, reproduce the problem once and send us the log? That lets us see exactly where it stops.',
      },
      ru: {
        subject: 'Запросить логи SDK',
        body: 'Включите, пожалуйста, подробное логирование в SDK, воспроизведите проблему один раз и пришлите нам лог: так мы увидим, где именно всё останавливается.',
      },
      es: {
        subject: 'Pedir registros del SDK',
        body: '¿Puedes activar el registro detallado en el SDK, reproducir el problema una vez y enviarnos el registro? Así vemos exactamente dónde se detiene.',
      },
    },
  },
  {
    key: 'billing-handover',
    translations: {
      en: {
        subject: 'Handed over to billing',
        body: 'I have passed this to our billing team; they will answer you here within one business day.',
      },
    },
  },
]

function seedSavedReplies(tx: Tx, at: Date) {
  tx.delete(schema.savedReplies)
    .where(
      inArray(
        schema.savedReplies.key,
        demoSavedReplies.map((r) => r.key),
      ),
    )
    .run()
  for (const reply of demoSavedReplies) {
    const { id } = tx
      .insert(schema.savedReplies)
      .values({ key: reply.key, createdAt: at, updatedAt: at })
      .returning({ id: schema.savedReplies.id })
      .get()
    for (const [locale, text] of Object.entries(reply.translations)) {
      tx.insert(schema.savedReplyTranslations)
        .values({ replyId: id, locale: locale as Locale, title: text.subject, body: text.body })
        .run()
    }
  }
}

/**
 * A year of tickets across accounts, channels, categories, tiers and languages: messengers and
 * email before the portal's launch, then more and more through the portal at each market's pace
 * (portal-adoption.ts); replies, internal notes, a few breaches, ratings.
 * Each demo login gets two or three tickets in their language, one solved and not yet rated.
 * Deterministic: every draw comes from `random`, every date from `today`.
 */
export function seedTickets(
  tx: Tx,
  input: { random: Random; today: number; launch: number; accounts: SeededAccount[] },
) {
  const { random, today, launch } = input
  const accountRows = tx
    .select({
      id: schema.accounts.id,
      createdAt: schema.accounts.createdAt,
      marketCode: schema.markets.code,
      marketId: schema.markets.id,
      timezone: schema.markets.timezone,
      opens: schema.markets.supportOpens,
      closes: schema.markets.supportCloses,
      days: schema.markets.supportDays,
    })
    .from(schema.accounts)
    .innerJoin(schema.markets, eq(schema.markets.id, schema.accounts.marketId))
    .all()
  const facts = new Map(accountRows.map((a) => [a.id, a]))
  // The demo's tickets are all of normal priority.
  const targets = new Map(
    tx
      .select()
      .from(schema.slaTargets)
      .where(eq(schema.slaTargets.priority, 'normal'))
      .all()
      .map((t) => [t.tier, t]),
  )
  const holidays = new Map<number, string[]>()
  for (const h of tx.select().from(schema.marketHolidays).all())
    holidays.set(h.marketId, [...(holidays.get(h.marketId) ?? []), h.date])
  const people = new Map(
    tx
      .select({
        id: schema.users.id,
        locale: schema.users.locale,
        role: schema.users.role,
        email: schema.users.email,
      })
      .from(schema.users)
      .all()
      .map((u) => [u.id, u]),
  )
  const agents = [...people.values()].filter((u) => u.role === 'agent').map((u) => u.id)
  const demoAgent = [...people.values()].find((u) => u.email === 'agent@hub.example')?.id ?? agents[0]!
  seedSavedReplies(tx, new Date(today - 200 * dayMs))

  const specs: Spec[] = []
  for (const account of input.accounts) {
    const fact = facts.get(account.id)
    const target = targets.get(account.tier)
    if (!fact || !target || account.userIds.length === 0) continue
    const ctx: Context = {
      random,
      today,
      launch,
      hours: {
        timezone: fact.timezone,
        opens: fact.opens,
        closes: fact.closes,
        days: fact.days,
        holidays: holidays.get(fact.marketId) ?? [],
      },
      targets: target,
    }
    const accountInfo = { id: account.id, tier: account.tier, marketCode: fact.marketCode }
    const ageLimit = Math.max(0, Math.min(365, Math.floor((today - fact.createdAt.getTime()) / dayMs)))
    if (account.isDemo) {
      const requester = { id: account.userIds[0]!, locale: account.locale }
      // Solved ten days ago and not rated: the customer can rate it.
      const solved = keepSolvedUnrated(
        ticketLife(
          { ...ctx, random: { ...random, chance: () => false } },
          { account: accountInfo, requester, assigneeId: demoAgent, age: 9, agentId: demoAgent },
        ),
      )
      // The demo logins opened their recent tickets themselves, in the portal a visitor signs into.
      specs.push(
        solved,
        ticketLife(ctx, {
          account: accountInfo,
          requester,
          assigneeId: demoAgent,
          age: 3,
          agentId: demoAgent,
          channel: 'portal',
        }),
      )
      if (account.tier !== 'tech')
        specs.push(
          ticketLife(ctx, {
            account: accountInfo,
            requester,
            assigneeId: null,
            age: 0,
            agentId: demoAgent,
            channel: 'portal',
          }),
        )
      continue
    }
    const [min, max] = ticketsPerAccount[account.tier]
    for (let n = random.int(min, max); n > 0; n--) {
      const requesterId = random.pick(account.userIds)
      const requester = { id: requesterId, locale: people.get(requesterId)?.locale ?? account.locale }
      const age = random.int(0, ageLimit)
      const assigneeId = age < 1 && random.chance(0.5) ? null : (account.ownerId ?? random.pick(agents))
      specs.push(
        ticketLife(ctx, { account: accountInfo, requester, assigneeId, age, agentId: random.pick(agents) }),
      )
    }
  }
  insertSpecs(tx, specs)
}
