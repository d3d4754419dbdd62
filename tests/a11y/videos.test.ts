import { afterAll, beforeAll, describe, it } from 'vitest'
import { expectNoSeriousViolations, open, signInAs } from '../setup/axe'
import { browserLocales, useBrowser } from '../setup/browser'
import { startServer, type TestServer } from '../setup/server'

let server: TestServer

beforeAll(async () => {
  server = await startServer()
})
afterAll(async () => {
  await server?.stop()
})

const browser = useBrowser({ baseURL: () => server.url })

describe.each(['en', 'ru'] as const)('%s videos', (lang) => {
  it('the library and the player meet WCAG 2.1 AA, for visitors and signed-in customers', async () => {
    const page = await browser.newPage({ locale: browserLocales[lang]! })
    await open(page, `/${lang}/videos`)
    await expectNoSeriousViolations(page)
    await open(page, `/${lang}/videos/install-the-sdk`)
    await expectNoSeriousViolations(page)

    await signInAs(page, lang, lang === 'en' ? 'emma@harbor.example' : 'olga@volga.example')
    await open(page, `/${lang}/videos`)
    await expectNoSeriousViolations(page)
    await open(page, `/${lang}/videos/attribution-windows`)
    await expectNoSeriousViolations(page)
  })
})
