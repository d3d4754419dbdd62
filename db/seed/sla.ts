import { eq } from 'drizzle-orm'
import type { BetterSQLite3Database } from 'drizzle-orm/better-sqlite3'
import * as schema from '../schema/index'
import type { TicketPriority } from '../schema/tickets'

type Tx = Parameters<Parameters<BetterSQLite3Database<typeof schema>['transaction']>[0]>[0]

/**
 * The public holidays of 2026 on which each demo market's support is closed, in the market's
 * own language: the national days off of the United States (federal), Russia (the EMEA team
 * sits in Moscow, with the government's transfers of days off), Colombia (the LATAM team in
 * Bogotá, with the Emiliani law's Mondays) and Brazil (national holidays, without the optional
 * days such as Carnival).
 */
export const demoHolidays2026: Record<string, { date: string; name: string }[]> = {
  US: [
    { date: '2026-01-01', name: "New Year's Day" },
    { date: '2026-01-19', name: 'Martin Luther King Jr. Day' },
    { date: '2026-02-16', name: "Washington's Birthday" },
    { date: '2026-05-25', name: 'Memorial Day' },
    { date: '2026-06-19', name: 'Juneteenth National Independence Day' },
    { date: '2026-07-03', name: 'Independence Day (observed)' },
    { date: '2026-09-07', name: 'Labor Day' },
    { date: '2026-10-12', name: 'Columbus Day' },
    { date: '2026-11-11', name: 'Veterans Day' },
    { date: '2026-11-26', name: 'Thanksgiving Day' },
    { date: '2026-12-25', name: 'Christmas Day' },
  ],
  EMEA: [
    { date: '2026-01-01', name: 'Новогодние каникулы' },
    { date: '2026-01-02', name: 'Новогодние каникулы' },
    { date: '2026-01-05', name: 'Новогодние каникулы' },
    { date: '2026-01-06', name: 'Новогодние каникулы' },
    { date: '2026-01-07', name: 'Рождество Христово' },
    { date: '2026-01-08', name: 'Новогодние каникулы' },
    { date: '2026-01-09', name: 'Выходной, перенесённый с 3 января' },
    { date: '2026-02-23', name: 'День защитника Отечества' },
    { date: '2026-03-09', name: 'Международный женский день (перенос с 8 марта)' },
    { date: '2026-05-01', name: 'Праздник Весны и Труда' },
    { date: '2026-05-11', name: 'День Победы (перенос с 9 мая)' },
    { date: '2026-06-12', name: 'День России' },
    { date: '2026-11-04', name: 'День народного единства' },
    { date: '2026-12-31', name: 'Выходной, перенесённый с 4 января' },
  ],
  LATAM: [
    { date: '2026-01-01', name: 'Año Nuevo' },
    { date: '2026-01-12', name: 'Día de los Reyes Magos' },
    { date: '2026-03-23', name: 'Día de San José' },
    { date: '2026-04-02', name: 'Jueves Santo' },
    { date: '2026-04-03', name: 'Viernes Santo' },
    { date: '2026-05-01', name: 'Día del Trabajo' },
    { date: '2026-05-18', name: 'Día de la Ascensión' },
    { date: '2026-06-08', name: 'Corpus Christi' },
    { date: '2026-06-15', name: 'Sagrado Corazón' },
    { date: '2026-06-29', name: 'San Pedro y San Pablo' },
    { date: '2026-07-20', name: 'Día de la Independencia' },
    { date: '2026-08-07', name: 'Batalla de Boyacá' },
    { date: '2026-08-17', name: 'La Asunción de la Virgen' },
    { date: '2026-10-12', name: 'Día de la Raza' },
    { date: '2026-11-02', name: 'Día de Todos los Santos' },
    { date: '2026-11-16', name: 'Independencia de Cartagena' },
    { date: '2026-12-08', name: 'Día de la Inmaculada Concepción' },
    { date: '2026-12-25', name: 'Navidad' },
  ],
  BR: [
    { date: '2026-01-01', name: 'Confraternização Universal' },
    { date: '2026-04-03', name: 'Paixão de Cristo' },
    { date: '2026-04-21', name: 'Tiradentes' },
    { date: '2026-05-01', name: 'Dia do Trabalho' },
    { date: '2026-09-07', name: 'Independência do Brasil' },
    { date: '2026-10-12', name: 'Nossa Senhora Aparecida' },
    { date: '2026-11-02', name: 'Finados' },
    { date: '2026-11-15', name: 'Proclamação da República' },
    { date: '2026-11-20', name: 'Dia Nacional de Zumbi e da Consciência Negra' },
    { date: '2026-12-25', name: 'Natal' },
  ],
}

/**
 * The demo's targets for priorities other than normal, as shares of the tier's normal targets
 * (the migration keeps the normal ones a database already has): urgent gets a quarter.
 */
const priorityShare: Record<Exclude<TicketPriority, 'normal'>, number> = {
  low: 2,
  high: 0.5,
  urgent: 0.25,
}

export function seedSlaPolicies(tx: Tx, input: { markets: { id: number; code: string }[]; at: Date }) {
  for (const market of input.markets) {
    const holidays = demoHolidays2026[market.code] ?? []
    if (holidays.length === 0) continue
    tx.insert(schema.marketHolidays)
      .values(holidays.map((h) => ({ ...h, marketId: market.id, createdAt: input.at })))
      .onConflictDoNothing()
      .run()
  }
  const normal = tx.select().from(schema.slaTargets).where(eq(schema.slaTargets.priority, 'normal')).all()
  for (const target of normal) {
    for (const [priority, share] of Object.entries(priorityShare) as [TicketPriority, number][]) {
      tx.insert(schema.slaTargets)
        .values({
          tier: target.tier,
          priority,
          // Whole quarter hours, as the settings form takes them.
          firstResponseMinutes: Math.max(15, Math.round((target.firstResponseMinutes * share) / 15) * 15),
          resolutionMinutes: Math.max(15, Math.round((target.resolutionMinutes * share) / 15) * 15),
          updatedAt: input.at,
        })
        .onConflictDoNothing()
        .run()
    }
  }
}
