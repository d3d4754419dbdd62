/**
 * `as const` tuples drive both the SQLite columns and the zod schemas,
 * so a value can never be valid in one and not the other.
 */
export const locales = ['en', 'ru', 'es', 'pt'] as const
export type Locale = (typeof locales)[number]

export const roles = ['customer', 'agent', 'editor', 'admin'] as const
export type Role = (typeof roles)[number]

export const tiers = ['high', 'mid', 'tech'] as const
export type Tier = (typeof tiers)[number]

export const currencies = ['USD', 'EUR', 'BRL', 'MXN', 'GBP'] as const
export type Currency = (typeof currencies)[number]

/** Channels a market may use to notify its customers. */
export const channels = ['email', 'portal', 'whatsapp', 'telegram', 'sms'] as const
export type Channel = (typeof channels)[number]

export const weekdays = [1, 2, 3, 4, 5, 6, 7] as const

export const eventTypes = [
  'login',
  'page',
  'article',
  'video',
  'lesson',
  'checklist',
  'search',
  'ticket',
  /** A customer opened the new-ticket form. */
  'ticket_form',
  /** A customer opened an article the new-ticket form suggested. */
  'suggestion',
  /** Someone opened a suggested article while writing a ticket and left without sending it. */
  'deflection',
  'product',
] as const
export type EventType = (typeof eventTypes)[number]
