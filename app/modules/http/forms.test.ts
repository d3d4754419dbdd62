import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { marketSettingsSchema } from '~/modules/accounts/accounts.schema'
import { fields, parseForm } from './forms'

const form = (entries: [string, string][]) => {
  const data = new FormData()
  for (const [k, v] of entries) data.append(k, v)
  return data
}

describe('parseForm', () => {
  it('returns i18n keys, never zod wording', () => {
    const result = parseForm(
      form([['email', 'not-an-email']]),
      z.object({ email: fields.email, password: fields.password }),
    )
    expect(result).toEqual({
      success: false,
      fieldErrors: { email: 'form.email', password: 'form.required' },
    })
  })

  it('normalises emails and names', () => {
    const result = parseForm(
      form([
        ['email', '  Emma@Harbor.Example '],
        ['name', '  Zoe\u200b \u202eEvil'],
      ]),
      z.object({ email: fields.email, name: fields.name }),
    )
    expect(result).toEqual({ success: true, data: { email: 'emma@harbor.example', name: 'Zoe Evil' } })
  })

  it('reads repeated fields as lists and validates market settings across fields', () => {
    const result = parseForm(
      form([
        ['name', 'Brasil'],
        ['defaultLocale', 'pt'],
        ['currency', 'BRL'],
        ['highTouchMinArr', '10 000'],
        ['midTouchMinArr', '20.000,50'],
        ['channels', 'email'],
        ['channels', 'whatsapp'],
        ['timezone', 'America/Sao_Paulo'],
        ['supportOpens', '18:00'],
        ['supportCloses', '08:00'],
        ['supportDays', '1'],
      ]),
      marketSettingsSchema,
      { arrays: ['channels', 'supportDays'] },
    )
    expect(result).toEqual({
      success: false,
      fieldErrors: { highTouchMinArr: 'form.highAboveMid', supportCloses: 'form.closesAfterOpens' },
    })
  })

  it('rejects unknown time zones and channels', () => {
    const result = parseForm(
      form([
        ['timezone', 'Mars/Olympus'],
        ['channels', 'pigeon'],
      ]),
      marketSettingsSchema,
      { arrays: ['channels', 'supportDays'] },
    )
    expect(result).toMatchObject({
      success: false,
      fieldErrors: { timezone: 'form.timezone', channels: 'form.invalid', supportDays: 'form.chooseOne' },
    })
  })
})

describe('parseMajorUnits', async () => {
  const { parseMajorUnits } = await import('~/modules/accounts/accounts.schema')
  it.each([
    ['12000', 12_000_00],
    ['12,000.50', 12_000_50],
    ['12.000,50', 12_000_50],
    ['12 000,5', 12_000_50],
    ['12\u00a0000', 12_000_00],
    ['12,000', 12_000_00],
    ['0', 0],
  ])('reads %j as %d minor units', (input, expected) => {
    expect(parseMajorUnits(input)).toBe(expected)
  })

  it.each(['', 'abc', '-5', '1e6', '12.000.000,5555', '12,5,', '1,23,456', '9'.repeat(20)])(
    'refuses %j',
    (input) => {
      expect(parseMajorUnits(input)).toBeNull()
    },
  )
})
