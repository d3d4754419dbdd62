import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { projectRoot } from './paths'

/** A translation straight from the locale files: tests assert what a person reads. */
export function tr(locale: string, key: string, values: Record<string, string | number> = {}) {
  const [namespace, path] = key.split(':') as [string, string]
  const resources = JSON.parse(
    readFileSync(join(projectRoot, 'locales', locale, `${namespace}.json`), 'utf8'),
  ) as Record<string, unknown>
  const value = path
    .split('.')
    .reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], resources)
  if (typeof value !== 'string') throw new Error(`No translation ${locale}/${key}`)
  return value.replace(/{{\s*(\w+)\s*}}/g, (_all, name: string) => String(values[name] ?? `{{${name}}}`))
}

/** The same text as React writes it into HTML. */
export function asHtml(text: string) {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#x27;')
}
