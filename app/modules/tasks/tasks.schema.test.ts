import { describe, expect, it } from 'vitest'
import { parseForm } from '~/modules/http/forms'
import { isCalendarDay, isOverdue, todayUtc } from './task-dates'
import { parseTaskFilters, taskInputSchema } from './tasks.schema'

const form = (fields: Record<string, string>) => {
  const data = new FormData()
  for (const [key, value] of Object.entries(fields)) data.append(key, value)
  return data
}

const valid = {
  title: 'Connect the ad networks',
  description: '',
  ownerSide: 'customer',
  status: 'todo',
  assigneeId: '',
  dueOn: '',
  checklistItemKey: '',
  ticketNumber: '',
}

describe('task form', () => {
  it('reads empty optional fields as not set', () => {
    expect(parseForm(form(valid), taskInputSchema)).toEqual({
      success: true,
      data: {
        title: 'Connect the ad networks',
        description: '',
        ownerSide: 'customer',
        status: 'todo',
        assigneeId: null,
        dueOn: null,
        checklistItemKey: null,
        ticketNumber: null,
      },
    })
  })

  it('keeps line breaks in a description and drops characters that disguise text', () => {
    const result = parseForm(
      form({
        ...valid,
        title: '  Pay \u202einvoice\u200b ',
        description: 'First\r\nSecond\u0007',
        assigneeId: '12',
        dueOn: '2026-03-31',
        ticketNumber: '1042',
      }),
      taskInputSchema,
    )
    expect(result).toMatchObject({
      success: true,
      data: {
        title: 'Pay invoice',
        description: 'First\nSecond',
        assigneeId: 12,
        dueOn: '2026-03-31',
        ticketNumber: 1042,
      },
    })
  })

  it('answers with error keys of the errors namespace', () => {
    const result = parseForm(
      form({
        title: ' ',
        description: 'x'.repeat(5001),
        ownerSide: 'partner',
        status: 'someday',
        assigneeId: 'emma',
        dueOn: '2026-02-30',
        checklistItemKey: '',
        ticketNumber: '#1042',
      }),
      taskInputSchema,
    )
    expect(result).toEqual({
      success: false,
      fieldErrors: {
        title: 'form.required',
        description: 'form.tooLong',
        ownerSide: 'form.invalid',
        status: 'form.invalid',
        assigneeId: 'form.invalid',
        dueOn: 'form.date',
        ticketNumber: 'form.invalid',
      },
    })
  })

  it('refuses a title over 200 characters and a missing one', () => {
    expect(parseForm(form({ ...valid, title: 'x'.repeat(201) }), taskInputSchema)).toMatchObject({
      fieldErrors: { title: 'form.tooLong' },
    })
    const { title: _title, ...withoutTitle } = valid
    expect(parseForm(form(withoutTitle), taskInputSchema)).toMatchObject({
      fieldErrors: { title: 'form.required' },
    })
  })
})

describe('task filters', () => {
  it('reads the query string and ignores values that are not ours', () => {
    expect(
      parseTaskFilters(new URLSearchParams('status=blocked&ownerSide=vendor&assignee=me&overdue=1')),
    ).toEqual({
      status: 'blocked',
      ownerSide: 'vendor',
      assignee: 'me',
      overdue: true,
    })
    expect(
      parseTaskFilters(new URLSearchParams('status=someday&ownerSide=&assignee=42&overdue=yes')),
    ).toEqual({
      status: null,
      ownerSide: null,
      assignee: null,
      overdue: false,
    })
  })
})

describe('due dates', () => {
  it('accepts only real calendar days', () => {
    expect(isCalendarDay('2028-02-29')).toBe(true)
    for (const day of ['2026-02-29', '2026-13-01', '2026-1-5', '31.03.2026', '2026-03-31T00:00'])
      expect(isCalendarDay(day), day).toBe(false)
  })

  it('counts a task overdue from the day after its due day until it is done', () => {
    const today = todayUtc(new Date('2026-03-10T23:30:00Z'))
    expect(today).toBe('2026-03-10')
    expect(isOverdue({ dueOn: '2026-03-09', status: 'todo' }, today)).toBe(true)
    expect(isOverdue({ dueOn: '2026-03-10', status: 'blocked' }, today)).toBe(false)
    expect(isOverdue({ dueOn: '2026-03-09', status: 'done' }, today)).toBe(false)
    expect(isOverdue({ dueOn: null, status: 'todo' }, today)).toBe(false)
  })
})
