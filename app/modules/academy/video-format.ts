import { intlLocales, type Locale } from '~/modules/i18n/locales'

/** A duration as words in the reader's language: "1 minute, 30 seconds", "30 секунд". */
export function formatDuration(locale: Locale, totalSeconds: number) {
  const seconds = Math.max(0, Math.round(totalSeconds))
  const unit = (value: number, name: 'hour' | 'minute' | 'second') =>
    new Intl.NumberFormat(intlLocales[locale], { style: 'unit', unit: name, unitDisplay: 'long' }).format(
      value,
    )
  const parts = [
    Math.floor(seconds / 3600) > 0 ? unit(Math.floor(seconds / 3600), 'hour') : null,
    Math.floor(seconds / 60) % 60 > 0 ? unit(Math.floor(seconds / 60) % 60, 'minute') : null,
    seconds % 60 > 0 || seconds === 0 ? unit(seconds % 60, 'second') : null,
  ].filter((part): part is string => part !== null)
  return new Intl.ListFormat(intlLocales[locale], { style: 'long', type: 'unit' }).format(parts)
}

/** A position in a video as a player shows it: 0:06, 12:34, 1:02:03. */
export function formatClock(totalSeconds: number) {
  const seconds = Math.max(0, Math.floor(totalSeconds))
  const [h, m, s] = [Math.floor(seconds / 3600), Math.floor(seconds / 60) % 60, seconds % 60]
  const pad = (n: number) => String(n).padStart(2, '0')
  return h > 0 ? `${h}:${pad(m)}:${pad(s)}` : `${m}:${pad(s)}`
}

/** A language's name in the reader's language, lowercase where the language writes it so ("inglés", "английский"). */
export function languageName(locale: Locale, of: Locale) {
  return new Intl.DisplayNames([intlLocales[locale]], { type: 'language' }).of(of) ?? of
}

export function formatList(locale: Locale, items: string[]) {
  return new Intl.ListFormat(intlLocales[locale], { style: 'long', type: 'conjunction' }).format(items)
}
