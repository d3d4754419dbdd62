import { normalizeText } from './lunr.server'

/**
 * The platforms our articles are about, with the names readers type for them (in any of our
 * languages). A query naming one prefers the articles about it: see `rankDocuments`.
 */
export const platforms = {
  ios: ['ios', 'iphone', 'ipad', 'айос'],
  android: ['android', 'андроид'],
  unity: ['unity', 'юнити'],
  'react-native': ['react native', 'reactnative'],
  flutter: ['flutter', 'флаттер'],
  unreal: ['unreal'],
  cordova: ['cordova'],
  xamarin: ['xamarin'],
} as const

export type Platform = keyof typeof platforms

const entries = Object.entries(platforms) as [Platform, readonly string[]][]

/** The platforms a text names, by whole words ("iOS" in "iOS SDK", not in "bios"). */
export function platformsNamed(text: string): Platform[] {
  const words = ` ${normalizeText(text)
    .split(/[^\p{L}\p{N}]+/u)
    .join(' ')} `
  return entries.filter(([, names]) => names.some((name) => words.includes(` ${name} `))).map(([p]) => p)
}

/**
 * The platforms a document is about: those its title names; for a title that names none, the
 * one platform of its tags (an article tagged both iOS and Android is about neither alone).
 */
export function platformsOfDocument(doc: { title: string; tags: string[] }): Platform[] {
  const inTitle = platformsNamed(doc.title)
  if (inTitle.length > 0) return inTitle
  const inTags = platformsNamed(doc.tags.join(' , '))
  return inTags.length === 1 ? inTags : []
}
