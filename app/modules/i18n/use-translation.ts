import type { i18n, Namespace, TFunction } from 'i18next'
import { useContext } from 'react'
// The type only: this module replaces the hook itself.
// eslint-disable-next-line no-restricted-imports
import { getI18n, I18nContext, type useTranslation as useReactI18nextTranslation } from 'react-i18next'

type AnyT = (key: unknown, options?: unknown) => unknown

/** Per instance, one translator per namespace list (the list's text is the key). */
const translators = new WeakMap<i18n, Map<string, AnyT>>()

/**
 * A namespace list's `t`, made once: i18next's own spreads every option of the instance into
 * each call, so a lookup with no options (a label, a heading) is kept after its first answer.
 * Safe because an instance never changes language (one per locale, see i18n.ts) and its texts
 * never change after loading.
 */
function translatorFor(instance: i18n, namespaces: string | readonly string[] | undefined) {
  const key =
    namespaces === undefined ? '' : typeof namespaces === 'string' ? namespaces : namespaces.join(',')
  let byNamespaces = translators.get(instance)
  if (!byNamespaces) translators.set(instance, (byNamespaces = new Map()))
  let translator = byNamespaces.get(key)
  if (!translator) {
    const fixed = instance.getFixedT(null, (namespaces ?? null) as Namespace | null) as AnyT
    const plain = new Map<string, unknown>()
    translator = (text, options) => {
      if (options !== undefined || typeof text !== 'string') return fixed(text, options)
      let translated = plain.get(text)
      if (translated === undefined) plain.set(text, (translated = fixed(text)))
      return translated
    }
    byNamespaces.set(key, translator)
  }
  return translator
}

/**
 * react-i18next's `useTranslation`, cheap enough to call in every list row. Theirs copies the
 * whole i18n instance into a new wrapper and builds a new `t` on each call, about a sixth of a
 * signed-in page's server time; this one only looks up the translator made once above. The
 * instance comes from the nearest I18nextProvider, as with theirs.
 */
export const useTranslation = ((namespaces?: string | readonly string[]) => {
  const instance = useContext(I18nContext)?.i18n ?? getI18n()
  const t = translatorFor(instance, namespaces) as unknown as TFunction
  return { t, i18n: instance, ready: true }
}) as unknown as typeof useReactI18nextTranslation
