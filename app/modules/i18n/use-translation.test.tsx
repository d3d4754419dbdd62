import { render, screen } from '@testing-library/react'
import { I18nextProvider } from 'react-i18next'
import { describe, expect, it } from 'vitest'
import '~/modules/i18n/i18n.server'
import { i18nFor } from '~/modules/i18n/i18n'
import { useTranslation } from './use-translation'

function Texts() {
  const { t, i18n } = useTranslation(['onboarding', 'common'])
  return (
    <ul>
      <li>{i18n.language}</li>
      <li>{t('title')}</li>
      <li>{t('title')}</li>
      <li>{t('common:brand')}</li>
      <li>{t('summary.targetDays', { count: 3 })}</li>
      <li>{t('summary.targetDays', { count: 5 })}</li>
    </ul>
  )
}

const shown = () => screen.getAllByRole('listitem').map((item) => item.textContent)

const expected = (locale: 'ru' | 'es') => {
  const t = i18nFor(locale).getFixedT(null, ['onboarding', 'common'])
  return [
    locale,
    t('title'),
    t('title'),
    t('common:brand'),
    t('summary.targetDays', { count: 3 }),
    t('summary.targetDays', { count: 5 }),
  ]
}

describe('useTranslation', () => {
  it('answers as i18next does, in the language of the nearest provider, plurals included', () => {
    // The same namespaces in two languages in turn: nothing leaks between their translators.
    for (const locale of ['ru', 'es'] as const) {
      const { unmount } = render(
        <I18nextProvider i18n={i18nFor(locale)}>
          <Texts />
        </I18nextProvider>,
      )
      expect(shown()).toEqual(expected(locale))
      expect(shown()[4]).not.toBe(shown()[5])
      unmount()
    }
    expect(expected('es')[1]).not.toBe(expected('ru')[1])
  })
})
