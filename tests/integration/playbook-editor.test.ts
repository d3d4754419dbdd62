import { beforeAll, describe, expect, inject, it } from 'vitest'
import { copyStarterPlaybook, createOnboardingCustomer } from '../factories/onboarding'
import { createUser, signedInClient, unique } from '../factories/people'
import { queryDb } from '../setup/db'
import { createClient, type Client } from '../setup/http'
import { asHtml, tr } from '../setup/i18n'

// Every test edits a copy of the starter mid-touch playbook of its own (copyStarterPlaybook):
// the starter playbooks, which other files' customers follow, are never changed.
const server = inject('server')
let editor: Client
let agent: Client

beforeAll(async () => {
  editor = await signedInClient(createUser({ role: 'editor' }))
  agent = await signedInClient(createUser({ role: 'agent' }))
})

type Playbook = { id: number; key: string }
type TextRow = { title: string; help: string; revision: number; source_revision: number }
type ItemRow = {
  id: number
  key: string
  position: number
  phase: string | null
  required: number
  value_milestone: number
  event_key: string | null
  link_key: string | null
}

/** A playbook of the test's own: a copy of the starter mid-touch playbook, in every language. */
const ownPlaybook = (): Playbook => copyStarterPlaybook({ fromTier: 'mid' })

const itemsOf = (checklistId: number) =>
  queryDb<ItemRow>(
    server.databaseFile,
    'select id, key, position, phase, required, value_milestone, event_key, link_key from checklist_items where checklist_id = ? order by position, id',
    checklistId,
  )

const textOf = (checklistId: number, itemKey: string, locale: string) =>
  queryDb<TextRow>(
    server.databaseFile,
    `select t.title, t.help, t.revision, t.source_revision from checklist_item_translations t
     join checklist_items i on i.id = t.item_id where i.checklist_id = ? and i.key = ? and t.locale = ?`,
    checklistId,
    itemKey,
    locale,
  )[0]

/** The matrix's row of one item under its playbook, as `locale → state`; null when not listed. */
async function itemStates(
  client: Client,
  playbook: Playbook,
  itemKey: string,
  query = `?open=${playbook.id}`,
) {
  const html = await (await client.get(`/en/staff/playbooks${query}`)).text()
  const body = new RegExp(
    `<tbody id="playbook-${playbook.id}" data-playbook="${playbook.key}">([\\s\\S]*?)</tbody>`,
  ).exec(html)?.[1]
  const row = body && new RegExp(`<tr data-item="${itemKey}"[^>]*>([\\s\\S]*?)</tr>`).exec(body)?.[1]
  if (!row) return null
  return Object.fromEntries(
    [...row.matchAll(/data-locale="(\w+)" data-state="(\w+)"/g)].map((m) => [m[1], m[2]]),
  )
}

/** The form fields that save one item's texts in one language. */
const itemForm = (
  key: string,
  text: { title: string; help: string; expectedRevision: number; translatedFrom: number },
) => ({
  intent: 'save',
  itemKey: key,
  [`item.${key}.title`]: text.title,
  [`item.${key}.help`]: text.help,
  [`item.${key}.expectedRevision`]: String(text.expectedRevision),
  [`item.${key}.translatedFrom`]: String(text.translatedFrom),
})

describe('translating a playbook', () => {
  /** A new copy, its first step and that step's English revision. */
  function fresh() {
    const playbook = ownPlaybook()
    const itemKey = itemsOf(playbook.id)[0]!.key
    return { playbook, itemKey, englishRevision: textOf(playbook.id, itemKey, 'en')!.revision }
  }

  /** A copy whose first step's English text was changed: the other languages are outdated. */
  async function withChangedEnglish() {
    const state = fresh()
    const source = textOf(state.playbook.id, state.itemKey, 'en')!
    const response = await editor.post(
      `/en/staff/playbooks/${state.playbook.id}/en`,
      itemForm(state.itemKey, {
        title: `${source.title} (updated)`,
        help: source.help,
        expectedRevision: state.englishRevision,
        translatedFrom: state.englishRevision,
      }),
    )
    expect(response.status).toBe(200)
    return state
  }

  /** ... and whose Russian text was then saved from the new English one. */
  async function withRussianSaved() {
    const state = await withChangedEnglish()
    const russian = textOf(state.playbook.id, state.itemKey, 'ru')!
    const response = await editor.post(
      `/ru/staff/playbooks/${state.playbook.id}/ru`,
      itemForm(state.itemKey, {
        title: `${russian.title} (обновлено)`,
        help: russian.help,
        expectedRevision: russian.revision,
        translatedFrom: state.englishRevision + 1,
      }),
    )
    expect(response.status).toBe(200)
    return state
  }

  it('shows every playbook in the matrix, up to date in every language at first', async () => {
    const { playbook, itemKey } = fresh()
    const page = await editor.get('/en/staff/playbooks')
    expect(page.status).toBe(200)
    const html = await page.text()
    expect(html).toContain(asHtml(tr('en', 'editor:playbooks.matrix.title')))
    expect(html).toContain(`data-playbook="${playbook.key}"`)
    expect(await itemStates(editor, playbook, itemKey)).toEqual({
      en: 'upToDate',
      ru: 'upToDate',
      es: 'upToDate',
      pt: 'upToDate',
    })
    // Item rows are shown on request only.
    expect(await itemStates(editor, playbook, itemKey, '')).toBeNull()
  })

  it('marks the other languages outdated when the English source changes', async () => {
    const { playbook, itemKey, englishRevision } = fresh()
    const source = textOf(playbook.id, itemKey, 'en')!
    const response = await editor.post(
      `/en/staff/playbooks/${playbook.id}/en`,
      itemForm(itemKey, {
        title: `${source.title} (updated)`,
        help: source.help,
        expectedRevision: englishRevision,
        translatedFrom: englishRevision,
      }),
    )
    expect(response.status).toBe(200)
    expect(await response.text()).toContain(
      asHtml(tr('en', 'editor:playbooks.edit.saved_one', { formatted: '1' })),
    )
    expect(textOf(playbook.id, itemKey, 'en')).toMatchObject({
      title: `${source.title} (updated)`,
      revision: englishRevision + 1,
      source_revision: englishRevision + 1,
    })
    expect(await itemStates(editor, playbook, itemKey, '?state=stale&locale=ru')).toEqual({
      en: 'upToDate',
      ru: 'stale',
      es: 'stale',
      pt: 'stale',
    })

    const russianPage = await (await editor.get(`/ru/staff/playbooks/${playbook.id}/ru`)).text()
    expect(russianPage).toContain(asHtml(tr('ru', 'editor:playbooks.edit.staleNotice')))
    expect(russianPage).toContain(asHtml(`${source.title} (updated)`))
  })

  it('clears the Russian flag when the Russian text is saved from the new source', async () => {
    const { playbook, itemKey, englishRevision } = await withChangedEnglish()
    const russian = textOf(playbook.id, itemKey, 'ru')!
    const response = await editor.post(
      `/ru/staff/playbooks/${playbook.id}/ru`,
      itemForm(itemKey, {
        title: `${russian.title} (обновлено)`,
        help: russian.help,
        expectedRevision: russian.revision,
        translatedFrom: englishRevision + 1,
      }),
    )
    expect(response.status).toBe(200)
    expect(textOf(playbook.id, itemKey, 'ru')).toMatchObject({
      title: `${russian.title} (обновлено)`,
      revision: russian.revision + 1,
      source_revision: englishRevision + 1,
    })
    expect(await itemStates(editor, playbook, itemKey)).toEqual({
      en: 'upToDate',
      ru: 'upToDate',
      es: 'stale',
      pt: 'stale',
    })
  })

  it('marks the Spanish text as up to date without changing it', async () => {
    const { playbook, itemKey, englishRevision } = await withRussianSaved()
    const spanish = textOf(playbook.id, itemKey, 'es')!
    const form = { intent: 'markUpToDate', itemKey, expectedRevision: String(spanish.revision) }
    // Compared with an older source than the current one: refused.
    const outdated = await editor.post(`/es/staff/playbooks/${playbook.id}/es`, {
      ...form,
      sourceRevision: String(englishRevision),
    })
    expect(outdated.status).toBe(409)
    expect(await outdated.text()).toContain(asHtml(tr('es', 'editor:playbooks.edit.markConflict')))
    expect(textOf(playbook.id, itemKey, 'es')).toEqual(spanish)

    const marked = await editor.post(`/es/staff/playbooks/${playbook.id}/es`, {
      ...form,
      sourceRevision: String(englishRevision + 1),
    })
    expect(marked.status).toBe(200)
    expect(await marked.text()).toContain(asHtml(tr('es', 'editor:playbooks.edit.markedUpToDate')))
    expect(textOf(playbook.id, itemKey, 'es')).toEqual({ ...spanish, source_revision: englishRevision + 1 })
    expect(await itemStates(editor, playbook, itemKey)).toEqual({
      en: 'upToDate',
      ru: 'upToDate',
      es: 'upToDate',
      pt: 'stale',
    })
    expect(await itemStates(editor, playbook, itemKey, '?state=stale&locale=es')).toBeNull()
  })

  it('refuses a save made from an older revision, keeps the stored text and shows the submitted one', async () => {
    const { playbook, itemKey, englishRevision } = await withChangedEnglish()
    const russian = textOf(playbook.id, itemKey, 'ru')!
    const base = {
      help: russian.help,
      expectedRevision: russian.revision,
      translatedFrom: englishRevision + 1,
    }
    const first = await editor.post(
      `/ru/staff/playbooks/${playbook.id}/ru`,
      itemForm(itemKey, { ...base, title: 'Первая правка' }),
    )
    expect(first.status).toBe(200)
    const second = await editor.post(
      `/ru/staff/playbooks/${playbook.id}/ru`,
      itemForm(itemKey, { ...base, title: 'Вторая правка <не потерять>' }),
    )
    expect(second.status).toBe(409)
    const html = await second.text()
    expect(html).toContain(asHtml(tr('ru', 'editor:playbooks.edit.conflict')))
    expect(html).toContain(
      asHtml(tr('ru', 'editor:playbooks.edit.conflictText', { revision: russian.revision + 1 })),
    )
    expect(html).toContain(asHtml('Вторая правка <не потерять>'))
    expect(textOf(playbook.id, itemKey, 'ru')).toMatchObject({
      title: 'Первая правка',
      revision: russian.revision + 1,
    })
  })

  it('validates texts with localized messages and saves nothing', async () => {
    const { playbook, itemKey, englishRevision } = await withChangedEnglish()
    const spanish = textOf(playbook.id, itemKey, 'es')!
    const base = {
      help: spanish.help,
      expectedRevision: spanish.revision,
      translatedFrom: englishRevision + 1,
    }
    const empty = await editor.post(
      `/es/staff/playbooks/${playbook.id}/es`,
      itemForm(itemKey, { ...base, title: '   ' }),
    )
    expect(empty.status).toBe(400)
    expect(await empty.text()).toContain(asHtml(tr('es', 'errors:form.required')))

    const huge = await editor.post(
      `/pt/staff/playbooks/${playbook.id}/es`,
      itemForm(itemKey, { ...base, title: 'a'.repeat(10_000) }),
    )
    expect(huge.status).toBe(400)
    expect(await huge.text()).toContain(asHtml(tr('pt', 'errors:form.tooLong')))
    expect(textOf(playbook.id, itemKey, 'es')).toEqual(spanish)
  })
})

describe('ordering and changing steps', () => {
  const financeTitle = () => `Invite your finance team ${unique('')}`

  /** A step added at the end of the playbook through the editor. */
  async function addFinanceStep(playbook: Playbook, article: string, title = financeTitle()) {
    const response = await editor.post(`/en/staff/playbooks/${playbook.id}`, {
      intent: 'add',
      key: 'invite-your-finance-team',
      title,
      help: 'They see invoices and usage.',
      phase: 'grow',
      valueMilestone: 'on',
      eventKey: 'finance_invited',
      articleKey: article,
    })
    expect(response.status).toBe(200)
    return response
  }

  const anyArticle = () =>
    queryDb<{ key: string }>(server.databaseFile, 'select key from articles order by id limit 1')[0]!.key

  /** Where each step's key first appears on the customer's onboarding page. */
  async function customerOrder(olga: Client) {
    const response = await olga.get('/ru/onboarding')
    expect(response.status).toBe(200)
    const html = await response.text()
    return (key: string) => html.indexOf(`id="item-${key}"`)
  }

  it('moves a step, and customers see the new order on /ru/onboarding', async () => {
    // Olga's account follows a playbook of its own.
    const { user, playbook } = createOnboardingCustomer({ market: 'EMEA', locale: 'ru' })
    const olga = await signedInClient(user)
    const items = itemsOf(playbook.id)
    // Two neighbours in the same phase: the customer page groups steps by phase.
    const index = items.findIndex((item, i) => i + 1 < items.length && items[i + 1]!.phase === item.phase)
    const [first, second] = [items[index]!, items[index + 1]!]
    const before = await customerOrder(olga)
    expect(before(first.key)).toBeGreaterThan(-1)
    expect(before(first.key)).toBeLessThan(before(second.key))

    const response = await editor.post(`/en/staff/playbooks/${playbook.id}`, {
      intent: 'move',
      itemKey: first.key,
      direction: 'down',
    })
    expect(response.status).toBe(200)
    const moved = itemsOf(playbook.id).map((i) => i.key)
    expect(moved.indexOf(second.key)).toBe(index)
    expect(moved.indexOf(first.key)).toBe(index + 1)
    // Positions are numbered afresh, without ties.
    expect(itemsOf(playbook.id).map((i) => i.position)).toEqual(items.map((_, i) => i))

    const after = await customerOrder(olga)
    expect(after(second.key)).toBeLessThan(after(first.key))

    // Up again: back where it was. The first step cannot go further up.
    expect(
      (
        await editor.post(`/en/staff/playbooks/${playbook.id}`, {
          intent: 'move',
          itemKey: first.key,
          direction: 'up',
        })
      ).status,
    ).toBe(200)
    expect(itemsOf(playbook.id).map((i) => i.key)).toEqual(items.map((i) => i.key))
    const top = await editor.post(`/en/staff/playbooks/${playbook.id}`, {
      intent: 'move',
      itemKey: items[0]!.key,
      direction: 'up',
    })
    expect(top.status).toBe(200)
    expect(await top.text()).toContain(asHtml(tr('en', 'editor:playbooks.detail.unchanged')))
  })

  it('adds a step at the end with its source text; the other languages are missing', async () => {
    const playbook = ownPlaybook()
    const article = anyArticle()
    const title = financeTitle()
    const response = await addFinanceStep(playbook, article, title)
    expect(await response.text()).toContain(
      asHtml(tr('en', 'editor:playbooks.detail.added', { item: 'invite-your-finance-team' })),
    )
    const added = itemsOf(playbook.id).at(-1)!
    expect(added).toMatchObject({
      key: 'invite-your-finance-team',
      phase: 'grow',
      required: 0,
      value_milestone: 1,
      event_key: 'finance_invited',
      link_key: article,
    })
    expect(textOf(playbook.id, added.key, 'en')).toMatchObject({
      title,
      revision: 1,
      source_revision: 1,
    })
    expect(await itemStates(editor, playbook, added.key)).toEqual({
      en: 'upToDate',
      ru: 'missing',
      es: 'missing',
      pt: 'missing',
    })

    // A translation left blank stays missing; a written one is up to date.
    const blank = await editor.post(
      `/pt/staff/playbooks/${playbook.id}/pt`,
      itemForm(added.key, { title: '', help: '', expectedRevision: 0, translatedFrom: 1 }),
    )
    expect(blank.status).toBe(200)
    expect(await blank.text()).toContain(asHtml(tr('pt', 'editor:edit.unchanged')))
    const written = await editor.post(
      `/pt/staff/playbooks/${playbook.id}/pt`,
      itemForm(added.key, {
        title: 'Convide sua equipe financeira',
        help: '',
        expectedRevision: 0,
        translatedFrom: 1,
      }),
    )
    expect(written.status).toBe(200)
    expect(textOf(playbook.id, added.key, 'pt')).toMatchObject({
      title: 'Convide sua equipe financeira',
      revision: 1,
      source_revision: 1,
    })
    expect(await itemStates(editor, playbook, added.key)).toEqual({
      en: 'upToDate',
      ru: 'missing',
      es: 'missing',
      pt: 'upToDate',
    })
  })

  it('edits a step’s flags', async () => {
    const playbook = ownPlaybook()
    await addFinanceStep(playbook, anyArticle())
    expect(itemsOf(playbook.id).at(-1)).toMatchObject({ key: 'invite-your-finance-team', value_milestone: 1 })
    const response = await editor.post(`/en/staff/playbooks/${playbook.id}`, {
      intent: 'flags',
      itemKey: 'invite-your-finance-team',
      phase: '',
      required: 'on',
      eventKey: '',
      articleKey: '',
    })
    expect(response.status).toBe(200)
    expect(itemsOf(playbook.id).at(-1)).toMatchObject({
      key: 'invite-your-finance-team',
      phase: null,
      required: 1,
      value_milestone: 0,
      event_key: null,
      link_key: null,
    })
  })

  it('sets how a step completes, shows it, and refuses a mode the step cannot meet', async () => {
    const playbook = ownPlaybook()
    const article = anyArticle()
    const page = `/en/staff/playbooks/${playbook.id}`
    const completeOnOf = (key: string) =>
      queryDb<{ complete_on_read: number; event_key: string | null }>(
        server.databaseFile,
        'select complete_on_read, event_key from checklist_items where checklist_id = ? and key = ?',
        playbook.id,
        key,
      )[0]
    /** The mode the step's form shows as chosen. */
    const chosenMode = (html: string, key: string) => {
      const select = new RegExp(
        `<li id="item-${key}"[\\s\\S]*?<select[^>]*name="completeOn"[^>]*>([\\s\\S]*?)</select>`,
      ).exec(html)?.[1]
      return select && /<option value="(\w+)" selected="">/.exec(select)?.[1]
    }
    const shownMode = async (path: string, key: string) =>
      chosenMode(await (await editor.get(path)).text(), key)

    const added = await editor.post(page, {
      intent: 'add',
      key: 'read-the-billing-guide',
      title: 'Read the billing guide',
      help: '',
      required: 'on',
      articleKey: article,
      completeOn: 'read',
    })
    expect(added.status).toBe(200)
    expect(completeOnOf('read-the-billing-guide')).toEqual({ complete_on_read: 1, event_key: null })
    expect(await shownMode(page, 'read-the-billing-guide')).toBe('read')
    expect(await (await editor.get(page)).text()).toContain(
      asHtml(tr('en', 'editor:playbooks.fields.completeOnModes.read')),
    )

    const toEvent = await editor.post(`/ru/staff/playbooks/${playbook.id}`, {
      intent: 'flags',
      itemKey: 'read-the-billing-guide',
      required: 'on',
      eventKey: 'billing_set_up',
      articleKey: article,
      completeOn: 'event',
    })
    expect(toEvent.status).toBe(200)
    expect(completeOnOf('read-the-billing-guide')).toEqual({
      complete_on_read: 0,
      event_key: 'billing_set_up',
    })
    expect(await shownMode(`/ru/staff/playbooks/${playbook.id}`, 'read-the-billing-guide')).toBe('event')

    const flags = { intent: 'flags', itemKey: 'read-the-billing-guide', required: 'on' }
    const refusals = [
      { lang: 'ru', form: { ...flags, completeOn: 'event', eventKey: '' }, error: 'completeOnEvent' },
      { lang: 'pt', form: { ...flags, completeOn: 'read', articleKey: '' }, error: 'completeOnRead' },
      {
        lang: 'es',
        form: { ...flags, completeOn: 'hand', eventKey: 'billing_set_up' },
        error: 'completeOnHand',
      },
      { lang: 'en', form: { ...flags, completeOn: 'whenever' }, error: 'invalid' },
    ]
    for (const { lang, form, error } of refusals) {
      const response = await editor.post(`/${lang}/staff/playbooks/${playbook.id}`, form)
      expect(response.status, error).toBe(400)
      const html = await response.text()
      expect(html, error).toContain(asHtml(tr(lang, `errors:form.${error}`)))
      expect(completeOnOf('read-the-billing-guide'), error).toEqual({
        complete_on_read: 0,
        event_key: 'billing_set_up',
      })
    }
    // What was chosen comes back with the error.
    const kept = await editor.post(page, { ...flags, completeOn: 'read', articleKey: '' })
    expect(chosenMode(await kept.text(), 'read-the-billing-guide')).toBe('read')
  })

  it('refuses bad keys, unknown articles and repeated keys with localized messages', async () => {
    const playbook = ownPlaybook()
    const before = itemsOf(playbook.id)
    const base = { intent: 'add', title: 'Título', help: '' }
    const badKey = await editor.post(`/es/staff/playbooks/${playbook.id}`, { ...base, key: 'Mal Clave!' })
    expect(badKey.status).toBe(400)
    expect(await badKey.text()).toContain(asHtml(tr('es', 'errors:form.slug')))

    const unknownArticle = await editor.post(`/es/staff/playbooks/${playbook.id}`, {
      ...base,
      key: 'nuevo-paso',
      articleKey: 'no-such-article-anywhere',
    })
    expect(unknownArticle.status).toBe(400)
    expect(await unknownArticle.text()).toContain(asHtml(tr('es', 'errors:form.unknownArticle')))

    const badEvent = await editor.post(`/ru/staff/playbooks/${playbook.id}`, {
      ...base,
      key: 'nuevo-paso',
      eventKey: 'Not An Event',
    })
    expect(badEvent.status).toBe(400)
    expect(await badEvent.text()).toContain(asHtml(tr('ru', 'errors:form.eventKey')))

    const repeated = await editor.post(`/pt/staff/playbooks/${playbook.id}`, { ...base, key: before[0]!.key })
    expect(repeated.status).toBe(409)
    expect(await repeated.text()).toContain(asHtml(tr('pt', 'errors:form.itemKeyTaken')))

    const noTitle = await editor.post(`/en/staff/playbooks/${playbook.id}`, {
      ...base,
      key: 'nuevo-paso',
      title: '',
    })
    expect(noTitle.status).toBe(400)
    expect(await noTitle.text()).toContain(asHtml(tr('en', 'errors:form.required')))

    const flagsWithUnknownArticle = await editor.post(`/en/staff/playbooks/${playbook.id}`, {
      intent: 'flags',
      itemKey: before[0]!.key,
      articleKey: 'no-such-article-anywhere',
    })
    expect(flagsWithUnknownArticle.status).toBe(400)
    expect(itemsOf(playbook.id)).toEqual(before)
  })

  it('deletes a step', async () => {
    const playbook = ownPlaybook()
    const title = financeTitle()
    await addFinanceStep(playbook, anyArticle(), title)
    const added = itemsOf(playbook.id).at(-1)!
    expect(added.key).toBe('invite-your-finance-team')
    const response = await editor.post(`/en/staff/playbooks/${playbook.id}`, {
      intent: 'delete',
      itemKey: 'invite-your-finance-team',
    })
    expect(response.status).toBe(200)
    expect(itemsOf(playbook.id).map((i) => i.key)).not.toContain('invite-your-finance-team')
    expect(
      queryDb(server.databaseFile, 'select * from checklist_item_translations where item_id = ?', added.id),
    ).toEqual([])
    expect(
      queryDb(server.databaseFile, 'select * from checklist_item_translations where title = ?', title),
    ).toEqual([])
  })
})

describe('scope', () => {
  it('sets the market and tier a playbook is for, and refuses an unknown market', async () => {
    // A copy of the mid-touch playbook, scoped to Brazil's mid-touch accounts for the length of
    // the test: scoped, it is the most specific playbook for them, so it goes back to no scope
    // at the end. Until then such an account sees the same steps under another name.
    const other = ownPlaybook()
    const response = await editor.post(`/en/staff/playbooks/${other.id}`, {
      intent: 'scope',
      marketCode: 'BR',
      tier: 'mid',
    })
    expect(response.status).toBe(200)
    expect(
      queryDb(
        server.databaseFile,
        'select m.code, c.tier from checklists c join markets m on m.id = c.market_id where c.id = ?',
        other.id,
      ),
    ).toEqual([{ code: 'BR', tier: 'mid' }])
    const unknown = await editor.post(`/en/staff/playbooks/${other.id}`, {
      intent: 'scope',
      marketCode: 'XX',
      tier: '',
    })
    expect(unknown.status).toBe(400)
    expect(await unknown.text()).toContain(asHtml(tr('en', 'errors:form.unknownMarket')))
    const cleared = await editor.post(`/en/staff/playbooks/${other.id}`, {
      intent: 'scope',
      marketCode: '',
      tier: '',
    })
    expect(cleared.status).toBe(200)
    expect(
      queryDb(server.databaseFile, 'select market_id, tier from checklists where id = ?', other.id),
    ).toEqual([{ market_id: null, tier: null }])
  })
})

describe('access and missing things', () => {
  it('lets agents read every page but change nothing', async () => {
    const playbook = ownPlaybook()
    const item = itemsOf(playbook.id)[0]!
    for (const path of [
      '/en/staff/playbooks',
      `/en/staff/playbooks/${playbook.id}`,
      `/en/staff/playbooks/${playbook.id}/ru`,
    ]) {
      expect((await agent.get(path)).status, path).toBe(200)
    }
    expect(await (await agent.get(`/en/staff/playbooks/${playbook.id}`)).text()).toContain(
      asHtml(tr('en', 'editor:playbooks.detail.readOnly')),
    )
    const before = { items: itemsOf(playbook.id), text: textOf(playbook.id, item.key, 'ru') }
    const detailChanges: Record<string, string>[] = [
      { intent: 'move', itemKey: item.key, direction: 'down' },
      { intent: 'delete', itemKey: item.key },
      { intent: 'flags', itemKey: item.key, required: 'on' },
      { intent: 'add', key: 'by-agent', title: 'Agent' },
      { intent: 'scope', marketCode: '', tier: '' },
    ]
    for (const form of detailChanges)
      expect((await agent.post(`/en/staff/playbooks/${playbook.id}`, form)).status, form.intent).toBe(403)
    const text = before.text!
    expect(
      (
        await agent.post(
          `/en/staff/playbooks/${playbook.id}/ru`,
          itemForm(item.key, {
            title: 'Agent',
            help: '',
            expectedRevision: text.revision,
            translatedFrom: 1,
          }),
        )
      ).status,
    ).toBe(403)
    expect(
      (
        await agent.post(`/en/staff/playbooks/${playbook.id}/ru`, {
          intent: 'markUpToDate',
          itemKey: item.key,
          expectedRevision: String(text.revision),
          sourceRevision: '1',
        })
      ).status,
    ).toBe(403)
    expect({ items: itemsOf(playbook.id), text: textOf(playbook.id, item.key, 'ru') }).toEqual(before)
  })

  it('refuses customers every page and change', async () => {
    const { user, playbook } = createOnboardingCustomer({ market: 'EMEA', locale: 'ru' })
    const olga = await signedInClient(user)
    for (const path of [
      '/ru/staff/playbooks',
      `/ru/staff/playbooks/${playbook.id}`,
      `/ru/staff/playbooks/${playbook.id}/ru`,
    ]) {
      expect((await olga.get(path)).status, path).toBe(403)
    }
    const items = itemsOf(playbook.id)
    expect(
      (
        await olga.post(`/ru/staff/playbooks/${playbook.id}`, {
          intent: 'delete',
          itemKey: items[0]!.key,
        })
      ).status,
    ).toBe(403)
    expect(itemsOf(playbook.id)).toEqual(items)
    expect((await createClient(server.url).get('/en/staff/playbooks')).status).toBe(302)
  })

  it('answers 404 for unknown playbooks, languages and steps', async () => {
    const playbook = ownPlaybook()
    for (const path of [
      '/en/staff/playbooks/999999',
      '/en/staff/playbooks/999999/en',
      `/en/staff/playbooks/${playbook.id}/xx`,
      '/en/staff/playbooks/abc',
    ]) {
      expect((await editor.get(path)).status, path).toBe(404)
    }
    expect(
      (await editor.post('/en/staff/playbooks/999999', { intent: 'move', itemKey: 'x', direction: 'up' }))
        .status,
    ).toBe(404)
    expect((await editor.post('/en/staff/playbooks/999999/ru', { intent: 'save' })).status).toBe(404)
    const unknownSteps: Record<string, string>[] = [
      { intent: 'move', itemKey: 'no-such-step', direction: 'up' },
      { intent: 'delete', itemKey: 'no-such-step' },
      { intent: 'flags', itemKey: 'no-such-step' },
    ]
    for (const form of unknownSteps) {
      expect((await editor.post(`/en/staff/playbooks/${playbook.id}`, form)).status, form.intent).toBe(404)
    }
    expect(
      (
        await editor.post(`/en/staff/playbooks/${playbook.id}/ru`, {
          intent: 'markUpToDate',
          itemKey: 'no-such-step',
          expectedRevision: '1',
          sourceRevision: '1',
        })
      ).status,
    ).toBe(404)
  })

  it('lists playbooks in the staff navigation', async () => {
    const html = await (await agent.get('/ru/staff')).text()
    expect(html).toContain('href="/ru/staff/playbooks"')
    expect(html).toContain(asHtml(tr('ru', 'staff:nav.playbooks')))
  })
})
