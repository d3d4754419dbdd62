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

describe('useTranslation', () => {
  it('answers as i18next does, in the language of the nearest provider, plurals included', () => {
    const { unmount } = render(
      <I18nextProvider i18n={i18nFor('ru')}>
        <Texts />
      </I18nextProvider>,
    )
    const ru = i18nFor('ru').getFixedT(null, ['onboarding', 'common'])
    expect(shown()).toEqual([
      'ru',
      ru('title'),
      ru('title'),
      ru('common:brand'),
      ru('summary.targetDays', { count: 3 }),
      ru('summary.targetDays', { count: 5 }),
    ])
    expect(shown()[4]).not.toBe(shown()[5])
    unmount()

    // The same namespaces in another language keep their own texts: nothing leaks between instances.
    render(
      <I18nextProvider i18n={i18nFor('es')}>
        <Texts />
      </I18nextProvider>,
    )
    const es = i18nFor('es').getFixedT(null, ['onboarding', 'common'])
    expect(shown()).toEqual([
      'es',
      es('title'),
      es('title'),
      es('common:brand'),
      es('summary.targetDays', { count: 3 }),
      es('summary.targetDays', { count: 5 }),
    ])
    expect(es('title')).not.toBe(ru('title'))
  })
})
