import { sql } from 'drizzle-orm'
import type { BetterSQLite3Database } from 'drizzle-orm/better-sqlite3'
import { deriveTier } from '../../app/modules/accounts/tier'
import type { Currency, Locale } from '../schema/enums'
import * as schema from '../schema/index'
import { portalLaunchMonthKey } from '../schema/meta'
import { seedAcademyHistories } from './academy'
import { seedAnalytics } from './analytics'
import { seedOnboardingHistories, seedTaskPlans, type SeededAccount } from './onboarding'
import { portalLaunch } from './portal-adoption'
import { createRandom } from './random'
import { seedSlaPolicies } from './sla'
import { seedTickets } from './tickets'

type Db = BetterSQLite3Database<typeof schema>

export const demoPassword = 'hub-demo-2026'

export const demoLogins = [
  {
    email: 'emma@harbor.example',
    name: 'Emma Walker',
    locale: 'en',
    account: 'Harbor Fitness',
    role: 'customer',
  },
  {
    email: 'olga@volga.example',
    name: 'Ольга Смирнова',
    locale: 'ru',
    account: 'Volga Games',
    role: 'customer',
  },
  {
    email: 'maria@andes.example',
    name: 'María Fernández',
    locale: 'es',
    account: 'Andes Logística',
    role: 'customer',
  },
  {
    email: 'joao@paulista.example',
    name: 'João Oliveira',
    locale: 'pt',
    account: 'Paulista Apps',
    role: 'customer',
  },
  { email: 'agent@hub.example', name: 'Alex Morgan', locale: 'en', account: null, role: 'agent' },
  { email: 'editor@hub.example', name: 'Eva Lindqvist', locale: 'en', account: null, role: 'editor' },
  { email: 'admin@hub.example', name: 'Adrian Costa', locale: 'en', account: null, role: 'admin' },
] as const

const dayMs = 24 * 3600 * 1000

const marketRows = [
  {
    code: 'US',
    name: 'United States',
    defaultLocale: 'en',
    currency: 'USD',
    highTouchMinArr: 50_000_00,
    midTouchMinArr: 12_000_00,
    channels: ['email', 'portal'],
    timezone: 'America/New_York',
    supportOpens: '09:00',
    supportCloses: '18:00',
    supportDays: [1, 2, 3, 4, 5],
  },
  {
    code: 'EMEA',
    name: 'Europe, Middle East and Africa',
    defaultLocale: 'ru',
    currency: 'EUR',
    highTouchMinArr: 45_000_00,
    midTouchMinArr: 10_000_00,
    channels: ['email', 'portal', 'telegram'],
    timezone: 'Europe/Moscow',
    supportOpens: '09:00',
    supportCloses: '19:00',
    supportDays: [1, 2, 3, 4, 5],
  },
  {
    code: 'LATAM',
    name: 'Latin America',
    defaultLocale: 'es',
    currency: 'USD',
    highTouchMinArr: 30_000_00,
    midTouchMinArr: 6_000_00,
    channels: ['email', 'portal', 'whatsapp'],
    timezone: 'America/Bogota',
    supportOpens: '08:00',
    supportCloses: '18:00',
    supportDays: [1, 2, 3, 4, 5, 6],
  },
  {
    code: 'BR',
    name: 'Brazil',
    defaultLocale: 'pt',
    currency: 'BRL',
    highTouchMinArr: 180_000_00,
    midTouchMinArr: 35_000_00,
    channels: ['email', 'portal', 'whatsapp'],
    timezone: 'America/Sao_Paulo',
    supportOpens: '08:00',
    supportCloses: '18:00',
    supportDays: [1, 2, 3, 4, 5],
  },
] as const

/** Per market: how many accounts, their languages and currencies, and names to combine. */
const marketPeople: Record<
  string,
  {
    accounts: number
    locales: Locale[]
    currency: Currency
    first: string[]
    last: string[]
    nouns: string[]
    adjectives: string[]
    domain: string
  }
> = {
  US: {
    accounts: 110,
    locales: ['en', 'en', 'en', 'es'],
    currency: 'USD',
    first: [
      'James',
      'Olivia',
      'Liam',
      'Ava',
      'Noah',
      'Sophia',
      'Ethan',
      'Mia',
      'Lucas',
      'Chloe',
      'Mason',
      'Grace',
    ],
    last: ['Miller', 'Johnson', 'Brooks', 'Carter', 'Reed', 'Hayes', 'Turner', 'Parker', 'Bennett', 'Foster'],
    nouns: [
      'Fitness',
      'Labs',
      'Studios',
      'Health',
      'Commerce',
      'Media',
      'Travel',
      'Games',
      'Finance',
      'Kitchen',
    ],
    adjectives: [
      'Harbor',
      'Summit',
      'Bluebird',
      'Pioneer',
      'Maple',
      'Lakeside',
      'Copper',
      'Northwind',
      'Redwood',
      'Beacon',
      'Granite',
      'Canyon',
    ],
    domain: 'us.example',
  },
  EMEA: {
    accounts: 80,
    locales: ['ru', 'ru', 'ru', 'en'],
    currency: 'EUR',
    first: ['Анна', 'Дмитрий', 'Елена', 'Иван', 'Мария', 'Сергей', 'Наталья', 'Алексей', 'Татьяна', 'Павел'],
    last: ['Иванов', 'Кузнецов', 'Попов', 'Соколов', 'Лебедев', 'Новиков', 'Морозов', 'Волков'],
    nouns: ['Games', 'Soft', 'Mobile', 'Media', 'Market', 'Bank', 'Delivery', 'Studio', 'Apps', 'Cloud'],
    adjectives: ['Volga', 'Neva', 'Ural', 'Baikal', 'Sever', 'Aurora', 'Kama', 'Altai', 'Ladoga', 'Onega'],
    domain: 'emea.example',
  },
  LATAM: {
    accounts: 70,
    locales: ['es', 'es', 'es', 'en'],
    currency: 'USD',
    first: [
      'Sofía',
      'Mateo',
      'Valentina',
      'Santiago',
      'Camila',
      'Diego',
      'Lucía',
      'Andrés',
      'Isabela',
      'Javier',
    ],
    last: [
      'García',
      'Rodríguez',
      'López',
      'Martínez',
      'Gómez',
      'Díaz',
      'Torres',
      'Ramírez',
      'Vargas',
      'Castro',
    ],
    nouns: [
      'Logística',
      'Pagos',
      'Viajes',
      'Salud',
      'Juegos',
      'Mercado',
      'Educación',
      'Finanzas',
      'Móvil',
      'Comida',
    ],
    adjectives: [
      'Andes',
      'Pacífico',
      'Caribe',
      'Sierra',
      'Cóndor',
      'Austral',
      'Maya',
      'Inca',
      'Selva',
      'Patagonia',
    ],
    domain: 'latam.example',
  },
  BR: {
    accounts: 70,
    locales: ['pt', 'pt', 'pt', 'pt', 'en'],
    currency: 'BRL',
    first: [
      'Ana',
      'Pedro',
      'Beatriz',
      'Lucas',
      'Juliana',
      'Gabriel',
      'Fernanda',
      'Rafael',
      'Camila',
      'Thiago',
    ],
    last: [
      'Silva',
      'Santos',
      'Souza',
      'Costa',
      'Pereira',
      'Almeida',
      'Ferreira',
      'Ribeiro',
      'Carvalho',
      'Gomes',
    ],
    nouns: [
      'Apps',
      'Pagamentos',
      'Delivery',
      'Saúde',
      'Jogos',
      'Educação',
      'Varejo',
      'Mobilidade',
      'Finanças',
      'Viagens',
    ],
    adjectives: [
      'Paulista',
      'Carioca',
      'Ipanema',
      'Cerrado',
      'Amazônia',
      'Pampa',
      'Sertão',
      'Atlântico',
      'Guanabara',
      'Tietê',
    ],
    domain: 'br.example',
  },
}

/** Median ARR in the account's currency (major units): most accounts are small. */
const medianArr: Record<Currency, number> = { USD: 9_000, EUR: 8_000, BRL: 40_000, MXN: 150_000, GBP: 7_000 }

function slugify(value: string) {
  return value
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
}

const cyrillicToLatin: Record<string, string> = {
  а: 'a',
  б: 'b',
  в: 'v',
  г: 'g',
  д: 'd',
  е: 'e',
  ж: 'zh',
  з: 'z',
  и: 'i',
  й: 'y',
  к: 'k',
  л: 'l',
  м: 'm',
  н: 'n',
  о: 'o',
  п: 'p',
  р: 'r',
  с: 's',
  т: 't',
  у: 'u',
  ф: 'f',
  х: 'kh',
  ц: 'ts',
  ч: 'ch',
  ш: 'sh',
  щ: 'sch',
  ы: 'y',
  э: 'e',
  ю: 'yu',
  я: 'ya',
  ь: '',
  ъ: '',
}
const latin = (value: string) => [...value.toLowerCase()].map((c) => cyrillicToLatin[c] ?? c).join('')

/** Russian surnames agree with the person: Анна Иванова, Иван Иванов. */
function fullName(first: string, last: string) {
  const russianWoman = /[а-я]$/.test(last) && /[ая]$/.test(first)
  return `${first} ${russianWoman && /(ов|ев|ин)$/.test(last) ? `${last}а` : last}`
}

/**
 * Writes the demo: markets, a few hundred accounts with a year of history across markets,
 * tiers and locales, their people, and the demo logins of docs/design.md. Deterministic for a
 * given `today`: every date is counted back from it.
 */
export function seedDemo(db: Db, input: { passwordHash: string; today: Date }) {
  const random = createRandom(20261123)
  const today = Date.UTC(input.today.getUTCFullYear(), input.today.getUTCMonth(), input.today.getUTCDate())
  // An hour of the working day `days` back; on the seed's day itself no later than its start, so
  // no timestamp of the demo lies in the future (the random draw is made either way, so the rest
  // of the demo stays the same).
  const daysAgo = (days: number) =>
    new Date(Math.min(today, today - days * dayMs + random.int(8, 18) * 3600 * 1000))

  db.transaction(
    (tx) => {
      tx.insert(schema.appMeta)
        .values({ key: 'database_kind', value: 'demo' })
        .onConflictDoUpdate({ target: schema.appMeta.key, set: { value: 'demo' } })
        .run()
      const portalLaunchedAt = portalLaunch(today)
      const launchMonth = new Date(portalLaunchedAt).toISOString().slice(0, 7)
      tx.insert(schema.appMeta)
        .values({ key: portalLaunchMonthKey, value: launchMonth })
        .onConflictDoUpdate({ target: schema.appMeta.key, set: { value: launchMonth } })
        .run()
      // Every timestamp is counted from `today`, none from the clock, so the demo is deterministic.
      const launch = new Date(today - 400 * dayMs)
      const markets = tx
        .insert(schema.markets)
        .values(
          marketRows.map((m) => ({
            ...m,
            channels: [...m.channels],
            supportDays: [...m.supportDays],
            createdAt: launch,
            updatedAt: launch,
          })),
        )
        .returning()
        .all()
      const marketByCode = new Map(markets.map((m) => [m.code, m]))
      seedSlaPolicies(tx, { markets, at: launch })

      const staff = demoLogins.filter((d) => d.account === null)
      const csmNames = ['Priya Shah', 'Дарья Орлова', 'Carlos Mendoza', 'Rita Albuquerque']
      const staffRows = tx
        .insert(schema.users)
        .values([
          ...staff.map((s) => ({
            email: s.email,
            name: s.name,
            role: s.role,
            locale: s.locale,
            passwordHash: input.passwordHash,
            createdAt: launch,
            updatedAt: launch,
          })),
          ...csmNames.map((name, i) => ({
            email: `csm${i + 1}@hub.example`,
            name,
            role: 'agent' as const,
            locale: (['en', 'ru', 'es', 'pt'] as const)[i]!,
            passwordHash: input.passwordHash,
            createdAt: launch,
            updatedAt: launch,
          })),
        ])
        .returning()
        .all()
      const csmByMarket: Record<string, number> = {
        US: staffRows.find((u) => u.email === 'csm1@hub.example')!.id,
        EMEA: staffRows.find((u) => u.email === 'csm2@hub.example')!.id,
        LATAM: staffRows.find((u) => u.email === 'csm3@hub.example')!.id,
        BR: staffRows.find((u) => u.email === 'csm4@hub.example')!.id,
      }

      const seeded: SeededAccount[] = []
      const usedNames = new Set<string>()
      const usedEmails = new Set<string>(staffRows.map((u) => u.email))
      let externalNumber = 1000

      for (const [code, people] of Object.entries(marketPeople)) {
        const market = marketByCode.get(code)!
        const demoCustomer = demoLogins.find(
          (d) => d.role === 'customer' && d.locale === market.defaultLocale,
        )!
        for (let index = 0; index < people.accounts; index++) {
          const isDemo = index === 0
          let name: string = isDemo ? (demoCustomer.account ?? '') : ''
          while (!name || usedNames.has(name))
            name = `${random.pick(people.adjectives)} ${random.pick(people.nouns)}${usedNames.has(name) ? ` ${random.int(2, 99)}` : ''}`
          usedNames.add(name)
          const locale = isDemo ? demoCustomer.locale : random.pick(people.locales)
          const currency = random.chance(0.85) ? people.currency : 'USD'
          const arrMinor = Math.round(random.logNormal(medianArr[currency], 1.0)) * 100
          const derivedTier = deriveTier({ arrMinor, currency }, market)
          // A year of signups; about one account in twelve has not started onboarding yet.
          const createdDaysAgo = isDemo ? 45 : random.int(5, 365)
          const startedDaysAgo =
            isDemo || random.chance(0.92) ? Math.max(0, createdDaysAgo - random.int(0, 10)) : null
          const [account] = tx
            .insert(schema.accounts)
            .values({
              name,
              externalId: `ACC-${externalNumber++}`,
              marketId: market.id,
              locale,
              arrMinor,
              currency,
              derivedTier,
              onboardingStartedAt: startedDaysAgo === null ? null : daysAgo(startedDaysAgo),
              ownerId: derivedTier === 'tech' ? null : csmByMarket[code],
              createdAt: daysAgo(createdDaysAgo),
              updatedAt: daysAgo(createdDaysAgo),
            })
            .returning()
            .all()

          // ARR history: one snapshot per month since the account started, drifting a little.
          let arr = arrMinor
          const months = Math.min(12, Math.floor(createdDaysAgo / 30) + 1)
          for (let m = 0; m < months; m++) {
            const date = new Date(today)
            date.setUTCMonth(date.getUTCMonth() - m, 1)
            tx.insert(schema.arrSnapshots)
              .values({
                accountId: account!.id,
                month: date.toISOString().slice(0, 7),
                arrMinor: arr,
                currency,
              })
              .run()
            arr = Math.max(0, Math.round(arr * (1 - (random.next() - 0.45) * 0.08)))
          }

          const seededAccount: SeededAccount = {
            id: account!.id,
            tier: derivedTier,
            t0: account!.onboardingStartedAt,
            userIds: [],
            isDemo,
            locale,
            ownerId: account!.ownerId,
            marketCode: code,
          }
          seeded.push(seededAccount)
          const memberCount = isDemo ? 3 : random.int(1, 4)
          for (let m = 0; m < memberCount; m++) {
            const isDemoUser = isDemo && m === 0
            const personName = isDemoUser
              ? demoCustomer.name
              : fullName(random.pick(people.first), random.pick(people.last))
            let email = isDemoUser
              ? demoCustomer.email
              : `${slugify(latin(personName)).replace(/-/g, '.')}@${slugify(name)}.${people.domain}`
            while (usedEmails.has(email)) email = email.replace('@', `${random.int(2, 9)}@`)
            usedEmails.add(email)
            const [user] = tx
              .insert(schema.users)
              .values({
                email,
                name: personName,
                role: 'customer',
                accountId: account!.id,
                isAccountAdmin: m === 0,
                locale: isDemoUser ? demoCustomer.locale : locale,
                passwordHash: input.passwordHash,
                createdAt: daysAgo(Math.max(0, createdDaysAgo - m * 3)),
                updatedAt: daysAgo(Math.max(0, createdDaysAgo - m * 3)),
              })
              .returning()
              .all()
            seededAccount.userIds.push(user!.id)
            // Sign-ins spread over the account's life, denser at the start of onboarding.
            const logins = random.int(1, 14)
            for (let l = 0; l < logins; l++) {
              const ago = Math.max(0, createdDaysAgo - Math.floor(random.next() ** 2 * createdDaysAgo))
              tx.insert(schema.events)
                .values({
                  type: 'login',
                  userId: user!.id,
                  accountId: account!.id,
                  locale: user!.locale,
                  occurredAt: daysAgo(ago),
                })
                .run()
            }
          }
        }
      }
      const story = { today, launch: portalLaunchedAt, accounts: seeded }
      seedOnboardingHistories(tx, { random, ...story })
      seedTaskPlans(tx, { random, today, accounts: seeded })
      seedTickets(tx, { random, ...story })
      seedAcademyHistories(tx, { random, ...story })
      seedAnalytics(tx, story)
    },
    { behavior: 'immediate' },
  )
}

/** True when the database holds nobody yet: the only state the demo may be written into. */
export function isEmpty(db: Db) {
  const row = db.get<{ n: number }>(sql`select count(*) as n from users`)
  return (row?.n ?? 0) === 0
}

/** The demo seed only ever writes into an empty database or one that already is the demo. */
export function databaseKind(db: Db) {
  const row = db.get<{ value: string } | undefined>(
    sql`select value from app_meta where key = 'database_kind'`,
  )
  return row?.value ?? null
}
