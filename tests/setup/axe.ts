import { AxeBuilder } from '@axe-core/playwright'
import type { Page } from 'playwright-core'
import { expect } from 'vitest'
import { waitForHydration } from './browser'

/** WCAG 2.1 A and AA, the level the portal promises (app/styles/app.css). */
const wcagTags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']

/** Runs axe on the page as it is now and fails on any serious or critical violation. */
export async function expectNoSeriousViolations(page: Page) {
  // Legacy mode runs axe in the page itself instead of opening a helper page for the final
  // step: twice as fast; the only frames the portal shows are embedded video players, which are not ours to check.
  const results = await new AxeBuilder({ page }).withTags(wcagTags).setLegacyMode(true).analyze()
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
  const report = serious
    .map((v) => {
      const nodes = v.nodes.map(
        (n) =>
          `    ${n.target.join(' ')}${n.failureSummary ? `\n      ${n.failureSummary.replace(/\n/g, '\n      ')}` : ''}`,
      )
      return `- ${v.id} (${v.impact}): ${v.help}\n  ${v.helpUrl}\n${nodes.join('\n')}`
    })
    .join('\n')
  expect(
    serious.map((v) => v.id),
    `axe found serious or critical violations on ${page.url()}:\n${report}`,
  ).toEqual([])
}

/** Opens a page and waits until React has hydrated it, so axe checks what people get. */
export async function open(page: Page, path: string) {
  await page.goto(path)
  await waitForHydration(page)
}
