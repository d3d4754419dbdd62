import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import type { Locale } from '#db/schema/enums'
import { createAccount, createUser, unique, type MarketCode } from '../factories/people'
import { browserLocales, failedResourceStatus, useBrowser, waitForHydration } from '../setup/browser'
import { demoPassword } from '../setup/http'
import { tr } from '../setup/i18n'

// These and the demo customers' home (home.test.ts) are the only browser
// tests that sign in through the form.
const browser = useBrowser()

/** Each language, the language the switcher takes its customer to, and the account's market. */
const customers = [
  { lang: 'en', switchTo: 'ru', market: 'US' },
  { lang: 'ru', switchTo: 'es', market: 'EMEA' },
  { lang: 'es', switchTo: 'pt', market: 'LATAM' },
  { lang: 'pt', switchTo: 'en', market: 'BR' },
] as const

/** A customer of a new account of the language's market, named in its language. */
const accountNames: Record<Locale, string> = {
  en: 'Harbor Fitness',
  ru: 'Волга Геймс',
  es: 'Andes Logística',
  pt: 'Paulista Apps',
}
function newCustomer(lang: Locale, market: MarketCode) {
  const account = createAccount({ market, locale: lang, name: unique(accountNames[lang]) })
  return createUser({ locale: lang, account })
}

const languageNames: Record<string, string> = {
  en: 'EN English',
  ru: 'RU Русский',
  es: 'ES Español',
  pt: 'PT Português',
}

const pathOf = (page: Page) => new URL(page.url()).pathname
const htmlLang = (page: Page) => page.locator('html').getAttribute('lang')
const heading = (page: Page) => page.getByRole('heading', { level: 1 })
const header = (page: Page) => page.getByRole('banner')

/** Waits for the page's h1 to read exactly `text` (client navigations render after the URL changes). */
async function expectHeading(page: Page, text: string) {
  await page.getByRole('heading', { level: 1, name: text, exact: true }).waitFor()
  expect(await heading(page).textContent()).toBe(text)
}

async function expectPath(page: Page, path: string) {
  await page.waitForURL((url) => url.pathname === path)
  expect(pathOf(page)).toBe(path)
}

async function fillSignInForm(page: Page, lang: string, email: string, password: string) {
  await page.getByLabel(tr(lang, 'auth:fields.email'), { exact: true }).fill(email)
  await page.getByLabel(tr(lang, 'auth:fields.password'), { exact: true }).fill(password)
}

describe('sign-in in every language', () => {
  for (const customer of customers) {
    const { lang, switchTo } = customer
    it(`${lang}: from / to the account, switches to ${switchTo}, signs out`, async () => {
      const person = newCustomer(lang, customer.market)
      const accountName = person.account!.name
      const page = await browser.newPage({ locale: browserLocales[lang]! })

      // `/` follows Accept-Language.
      await page.goto('/')
      await expectPath(page, `/${lang}`)
      expect(await htmlLang(page)).toBe(lang)
      // A click while React is still hydrating the page makes it throw (#345).
      await waitForHydration(page)

      await header(page)
        .getByRole('link', { name: tr(lang, 'common:signIn'), exact: true })
        .click()
      await expectPath(page, `/${lang}/login`)
      await expectHeading(page, tr(lang, 'auth:login.title'))
      await waitForHydration(page, 'main form button[type=submit]')
      await fillSignInForm(page, lang, person.email, demoPassword)
      await page.getByRole('button', { name: tr(lang, 'auth:login.submit'), exact: true }).click()

      // Sign-in lands on the person's own home; the navigation leads on to the account.
      await expectPath(page, `/${lang}`)
      await expectHeading(page, tr(lang, 'common:home.personal.title', { name: person.name }))
      await waitForHydration(page)
      await header(page)
        .getByRole('link', { name: tr(lang, 'common:nav.account'), exact: true })
        .click()
      await expectPath(page, `/${lang}/account`)
      await expectHeading(page, tr(lang, 'account:title'))
      await page.getByRole('heading', { level: 2, name: accountName, exact: true }).waitFor()

      // The switcher keeps the page and changes the language of everything on it.
      const switcher = header(page).getByRole('group', { name: tr(lang, 'common:language.label') })
      await expect(
        switcher.getByRole('button', { name: languageNames[lang] }).getAttribute('aria-pressed'),
      ).resolves.toBe('true')
      await switcher.getByRole('button', { name: languageNames[switchTo], exact: true }).click()
      await expectPath(page, `/${switchTo}/account`)
      await page.waitForFunction((l) => document.documentElement.lang === l, switchTo)
      await expectHeading(page, tr(switchTo, 'account:title'))
      await page.getByRole('heading', { level: 2, name: accountName, exact: true }).waitFor()
      const newSwitcher = header(page).getByRole('group', { name: tr(switchTo, 'common:language.label') })
      await expect(
        newSwitcher.getByRole('button', { name: languageNames[switchTo] }).getAttribute('aria-pressed'),
      ).resolves.toBe('true')
      await expect(
        newSwitcher.getByRole('button', { name: languageNames[lang] }).getAttribute('aria-pressed'),
      ).resolves.toBe('false')

      await header(page)
        .getByRole('button', { name: tr(switchTo, 'common:signOut'), exact: true })
        .click()
      await expectPath(page, `/${switchTo}`)
      await header(page)
        .getByRole('link', { name: tr(switchTo, 'common:signIn'), exact: true })
        .waitFor()
      expect(
        await header(page)
          .getByRole('button', { name: tr(switchTo, 'common:signOut') })
          .count(),
      ).toBe(0)
      expect(await htmlLang(page)).toBe(switchTo)
    })
  }
})

describe('without JavaScript', () => {
  it('signs in and out in Spanish with the plain forms', async () => {
    const maria = newCustomer('es', 'LATAM')
    const page = await browser.newPage({ locale: browserLocales.es!, javaScriptEnabled: false })
    await page.goto('/es/login')
    await fillSignInForm(page, 'es', maria.email, demoPassword)
    await page.getByRole('button', { name: tr('es', 'auth:login.submit'), exact: true }).click()

    await expectPath(page, '/es')
    await expectHeading(page, tr('es', 'common:home.personal.title', { name: maria.name }))
    await page.goto('/es/account')
    await expectHeading(page, tr('es', 'account:title'))
    await page.getByRole('heading', { level: 2, name: maria.account!.name, exact: true }).waitFor()

    await header(page)
      .getByRole('button', { name: tr('es', 'common:signOut'), exact: true })
      .click()
    await expectPath(page, '/es')
    await header(page)
      .getByRole('link', { name: tr('es', 'common:signIn'), exact: true })
      .waitFor()
    // The session is over: the account page asks to sign in again.
    await page.goto('/es/account')
    await expectPath(page, '/es/login')
  })
})

describe('errors and the keyboard', () => {
  it('shows the localized error for a wrong password, and works with the keyboard alone (pt)', async () => {
    // The refused sign-in is a 401 response (of /pt/login.data), which Chromium logs as a failed resource.
    browser.allowProblems(failedResourceStatus(401, '/pt/login.data'))
    const joao = newCustomer('pt', 'BR')
    const page = await browser.newPage({ locale: browserLocales.pt! })
    await page.goto('/pt/login')
    await waitForHydration(page, 'main form button[type=submit]')

    const focused = () =>
      page.evaluate(() => {
        const el = document.activeElement as HTMLElement | null
        const label = el?.id ? document.querySelector(`label[for="${CSS.escape(el.id)}"]`)?.textContent : null
        return {
          tag: el?.tagName.toLowerCase(),
          name: el?.getAttribute('name'),
          label: label ?? el?.textContent?.trim(),
        }
      })

    // The first stop is the skip link; Tab then walks the page in order up to the email field.
    await page.keyboard.press('Tab')
    expect((await focused()).label).toBe(tr('pt', 'common:skipToContent'))
    const emailLabel = tr('pt', 'auth:fields.email')
    for (let i = 0; i < 20 && (await focused()).label !== emailLabel; i++) await page.keyboard.press('Tab')
    expect(await focused()).toMatchObject({ tag: 'input', name: 'email', label: emailLabel })
    await page.keyboard.type(joao.email)
    await page.keyboard.press('Tab')
    expect(await focused()).toMatchObject({
      tag: 'input',
      name: 'password',
      label: tr('pt', 'auth:fields.password'),
    })
    await page.keyboard.type('not-the-password-1')
    await page.keyboard.press('Enter')

    const alert = page.getByRole('alert')
    await alert.waitFor()
    expect(await alert.textContent()).toBe(tr('pt', 'errors:auth.invalidCredentials'))
    expect(pathOf(page)).toBe('/pt/login')
    // The email typed is kept.
    expect(await page.getByLabel(emailLabel, { exact: true }).inputValue()).toBe(joao.email)

    // Still with the keyboard only: focus stayed in the password field; correct it, press Enter.
    expect((await focused()).name).toBe('password')
    await page.keyboard.press('ControlOrMeta+A')
    await page.keyboard.type(demoPassword)
    await page.keyboard.press('Enter')
    await expectPath(page, '/pt')
    await expectHeading(page, tr('pt', 'common:home.personal.title', { name: joao.name }))
  })
})
