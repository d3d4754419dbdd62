import { render, screen } from '@testing-library/react'
import { I18nextProvider } from 'react-i18next'
import { describe, expect, it } from 'vitest'
import '~/modules/i18n/i18n.server'
import { i18nFor } from '~/modules/i18n/i18n'
import { Field } from './field'

describe('Field', () => {
  it('labels the input and announces its error in the page language', () => {
    render(
      <I18nextProvider i18n={i18nFor('es')}>
        <Field label="Correo" name="email" error="form.email" />
      </I18nextProvider>,
    )
    const input = screen.getByLabelText('Correo')
    expect(input.getAttribute('aria-invalid')).toBe('true')
    const error = document.getElementById(input.getAttribute('aria-describedby')!)
    expect(error?.textContent).toBe(i18nFor('es').t('errors:form.email'))
    expect(error?.textContent).not.toBe(i18nFor('en').t('errors:form.email'))
  })

  it('is valid and undescribed without an error', () => {
    render(
      <I18nextProvider i18n={i18nFor('en')}>
        <Field label="Name" name="name" />
      </I18nextProvider>,
    )
    const input = screen.getByLabelText('Name')
    expect(input.hasAttribute('aria-invalid')).toBe(false)
    expect(input.hasAttribute('aria-describedby')).toBe(false)
  })
})
