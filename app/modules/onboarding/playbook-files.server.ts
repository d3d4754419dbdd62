import { parse as parseYaml } from 'yaml'
import { z } from 'zod'
import { locales, tiers } from '#db/schema/enums'
import { onboardingPhases, type ItemLinkType } from '#db/schema/onboarding'
import { completeOnModes, eventKeyPattern, itemKeyPattern, playbookLimits } from './playbook-editor.schema'

// The same limits and patterns as the editors' forms, so a file and the editor accept the same playbooks.

const key = z.string().regex(itemKeyPattern, 'must be lowercase letters, digits and hyphens')
const texts = (max: number) => z.partialRecord(z.enum(locales), z.string().trim().max(max))

const itemSchema = z.object({
  key,
  phase: z.enum(onboardingPhases).nullish(),
  required: z.boolean().default(true),
  milestone: z.boolean().default(false),
  event: z.string().regex(eventKeyPattern, 'must be 1–64 lowercase letters, digits, _ . or -').nullish(),
  // How the step gets done. Opening its link completes it only with `read`; without it a step
  // with an event waits for the event, any other for a person's tick.
  completeOn: z.enum(completeOnModes).nullish(),
  // What the item points to: a knowledge-base article, an academy video or an academy course, by key.
  link: z
    .union(
      [
        z.object({ article: key }).strict(),
        z.object({ video: key }).strict(),
        z.object({ course: key }).strict(),
      ],
      {
        error: 'a link is one of { article: key }, { video: key } or { course: key }',
      },
    )
    .nullish(),
  title: texts(playbookLimits.titleMaxLength),
  help: texts(playbookLimits.helpMaxLength).default({}),
})

/** content/checklists/<key>.yml: a playbook with every language's texts side by side. */
const playbookFileSchema = z.object({
  sourceLocale: z.enum(locales).default('en'),
  tier: z.enum(tiers).nullish(),
  market: z.string().trim().min(1).nullish(),
  name: texts(playbookLimits.nameMaxLength),
  description: texts(playbookLimits.descriptionMaxLength).default({}),
  items: z.array(itemSchema).min(1).max(100),
})

export type PlaybookFile = z.infer<typeof playbookFileSchema>

/** An item's link as the columns store it. */
export function itemLink(link: PlaybookFile['items'][number]['link']): {
  linkType: ItemLinkType | null
  linkKey: string | null
} {
  if (!link) return { linkType: null, linkKey: null }
  if ('video' in link) return { linkType: 'video', linkKey: link.video }
  if ('course' in link) return { linkType: 'course', linkKey: link.course }
  return { linkType: 'article', linkKey: link.article }
}

export function parsePlaybookFile(
  raw: string,
): { ok: true; playbook: PlaybookFile } | { ok: false; error: string } {
  try {
    const result = playbookFileSchema.safeParse(parseYaml(raw.replace(/^\uFEFF/, '')))
    if (!result.success) {
      const issue = result.error.issues[0]!
      return { ok: false, error: `${issue.path.join('.') || 'file'}: ${issue.message}` }
    }
    const playbook = result.data
    const source = playbook.sourceLocale
    if (!playbook.name[source])
      return { ok: false, error: `name.${source}: the source language needs a name` }
    const missing = playbook.items.find((item) => !item.title[source])
    if (missing)
      return { ok: false, error: `items.${missing.key}.title.${source}: the source language needs a title` }
    const unreadable = playbook.items.find((item) => item.completeOn === 'read' && !item.link)
    if (unreadable)
      return { ok: false, error: `items.${unreadable.key}.completeOn: "read" needs a link to read` }
    const eventless = playbook.items.find((item) => item.completeOn === 'event' && !item.event)
    if (eventless) return { ok: false, error: `items.${eventless.key}.completeOn: "event" needs an event` }
    const keys = playbook.items.map((item) => item.key)
    const repeated = keys.find((k, i) => keys.indexOf(k) !== i)
    if (repeated) return { ok: false, error: `items: the key "${repeated}" appears twice` }
    return { ok: true, playbook }
  } catch (error) {
    return { ok: false, error: (error as Error).message.split('\n')[0]! }
  }
}
