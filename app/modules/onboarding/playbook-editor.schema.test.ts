import { describe, expect, it } from 'vitest'
import { itemField, newItemSchema, parseTextsForm } from './playbook-editor.schema'

function form(fields: Record<string, string | string[]>) {
  const data = new FormData()
  for (const [key, value] of Object.entries(fields)) for (const v of [value].flat()) data.append(key, v)
  return data
}

const item = (
  key: string,
  text: { title: string; help?: string; expectedRevision: string; translatedFrom?: string },
) => ({
  [itemField(key, 'title')]: text.title,
  [itemField(key, 'help')]: text.help ?? '',
  [itemField(key, 'expectedRevision')]: text.expectedRevision,
  [itemField(key, 'translatedFrom')]: text.translatedFrom ?? '1',
})

describe('the one-language texts form', () => {
  it('leaves a blank, not yet translated step missing instead of failing or copying the source', () => {
    const parsed = parseTextsForm(
      form({
        itemKey: ['install-sdk', 'first-install'],
        ...item('install-sdk', { title: '', expectedRevision: '0' }),
        ...item('first-install', { title: ' Установите ', expectedRevision: '0' }),
      }),
      { isSource: false },
    )
    expect(parsed).toEqual({
      success: true,
      data: {
        name: null,
        items: [
          { key: 'first-install', title: 'Установите', help: '', expectedRevision: 0, translatedFrom: 1 },
        ],
      },
    })
  })

  it('needs a title for the source and for a translation that exists, with the error on that field', () => {
    const fields = {
      itemKey: 'install-sdk',
      ...item('install-sdk', { title: '  ', help: 'Help', expectedRevision: '0' }),
    }
    expect(parseTextsForm(form(fields), { isSource: true })).toEqual({
      success: false,
      fieldErrors: { 'item.install-sdk.title': 'form.required' },
    })
    const emptied = { itemKey: 'install-sdk', ...item('install-sdk', { title: '', expectedRevision: '3' }) }
    expect(parseTextsForm(form(emptied), { isSource: false })).toEqual({
      success: false,
      fieldErrors: { 'item.install-sdk.title': 'form.required' },
    })
  })

  it('refuses texts over the limits of the playbook files, and normalizes line endings', () => {
    const long = parseTextsForm(
      form({
        itemKey: 'a',
        ...item('a', { title: 'x'.repeat(201), help: 'y'.repeat(2001), expectedRevision: '1' }),
      }),
      { isSource: true },
    )
    expect(long).toEqual({
      success: false,
      fieldErrors: { 'item.a.title': 'form.tooLong', 'item.a.help': 'form.tooLong' },
    })
    const name = parseTextsForm(
      form({
        name: 'Starter',
        description: 'Line one\r\nLine two\r\n',
        expectedRevision: '2',
        translatedFrom: '2',
      }),
      { isSource: true },
    )
    expect(name).toEqual({
      success: true,
      data: {
        name: { name: 'Starter', description: 'Line one\nLine two', expectedRevision: 2, translatedFrom: 2 },
        items: [],
      },
    })
  })
})

describe('a new step', () => {
  it('takes a kebab-case key and treats empty choices as none', () => {
    expect(
      newItemSchema.parse({
        key: 'install-sdk',
        title: 'Install',
        phase: '',
        eventKey: '',
        articleKey: '',
        required: 'on',
      }),
    ).toEqual({
      key: 'install-sdk',
      title: 'Install',
      help: '',
      phase: null,
      required: true,
      valueMilestone: false,
      eventKey: null,
      articleKey: null,
    })
  })

  it('names each bad field with a message key', () => {
    const result = newItemSchema.safeParse({
      key: 'Install SDK',
      title: 'Install',
      phase: 'later',
      eventKey: 'Not Valid',
      articleKey: 'No Such/Article',
    })
    expect(result.success).toBe(false)
    const messages = Object.fromEntries(result.error!.issues.map((i) => [i.path[0], i.message]))
    expect(messages).toEqual({
      key: 'form.slug',
      phase: 'form.invalid',
      eventKey: 'form.eventKey',
      articleKey: 'form.unknownArticle',
    })
  })
})
