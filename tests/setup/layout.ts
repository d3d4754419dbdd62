import type { Page } from 'playwright-core'
import { expect } from 'vitest'

/** The narrow phone the layout check uses: an iPhone 12–15 in portrait. */
export const phoneViewport = { width: 390, height: 844 }
/** The most common laptop screen: wide tables (the support queue) must fit it without scrolling. */
export const laptopViewport = { width: 1366, height: 768 }

/** Radio buttons and checkboxes: a box a finger can hit, not a bar stretched over the row. */
export const choiceWidth = { min: 12, max: 32 }
/** A text field narrower than this cannot show a typed e-mail address or a search. */
export const minTextInputWidth = 100

type LayoutReport = {
  viewportWidth: number
  scrollWidth: number
  clientWidth: number
  /** Elements whose right edge passes the viewport's, outermost first. */
  overflowing: string[]
  /** Form controls of a width out of bounds, with the width they have. */
  badControls: string[]
}

/**
 * Checks the page as it is laid out at a 390 px wide viewport, or the one given (the viewport
 * is set for the check and put back after it): nothing makes the page scroll sideways, every radio button and
 * checkbox keeps a box's width, every text field is wide enough to use and no wider than the
 * screen. axe cannot see any of this: a stretched radio is still a labelled radio. The failure
 * names the elements at fault.
 */
export async function expectSaneLayout(page: Page, viewport = phoneViewport) {
  const before = page.viewportSize()
  if (before?.width !== viewport.width) await page.setViewportSize(viewport)
  try {
    // Two frames: the resize is laid out and painted before anything is measured.
    await page.evaluate(
      () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))),
    )
    const report = await page.evaluate(measureLayout, {
      choice: choiceWidth,
      minText: minTextInputWidth,
    })
    expect(
      report.scrollWidth,
      `${page.url()} scrolls sideways at ${report.viewportWidth} px: the document is ${report.scrollWidth} px wide, the viewport ${report.clientWidth} px. Too wide:\n${report.overflowing.join('\n')}`,
    ).toBeLessThanOrEqual(report.clientWidth)
    expect(
      report.badControls,
      `${page.url()} at ${report.viewportWidth} px has form controls of a wrong width`,
    ).toEqual([])
  } finally {
    if (before && before.width !== viewport.width) await page.setViewportSize(before)
  }
}

/** Runs in the page: everything a test needs to say what is wrong, as plain data. */
function measureLayout(limits: { choice: { min: number; max: number }; minText: number }): LayoutReport {
  const root = document.documentElement
  const clientWidth = root.clientWidth

  const describe = (element: Element) => {
    const parts = [element.tagName.toLowerCase()]
    if (element.id) parts.push(`#${element.id}`)
    const classes = [...element.classList].slice(0, 3)
    if (classes.length) parts.push(`.${classes.join('.')}`)
    const type = element.getAttribute('type')
    if (element.tagName === 'INPUT' && type) parts.push(`[type=${type}]`)
    const name = element.getAttribute('name')
    if (name) parts.push(`[name=${name}]`)
    const text = (element.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 40)
    return text ? `${parts.join('')} “${text}”` : parts.join('')
  }

  const visible = (element: Element) => {
    const box = element.getBoundingClientRect()
    const style = getComputedStyle(element)
    return box.width > 0 && box.height > 0 && style.visibility !== 'hidden' && style.display !== 'none'
  }

  /** An ancestor that clips or scrolls its content keeps it from widening the page. */
  const clipped = (element: Element) => {
    for (let node = element.parentElement; node && node !== root; node = node.parentElement) {
      const overflowX = getComputedStyle(node).overflowX
      if (overflowX !== 'visible') return true
    }
    return false
  }

  const overflowing: string[] = []
  const reported = new Set<Element>()
  for (const element of document.body.querySelectorAll('*')) {
    if (!visible(element)) continue
    const box = element.getBoundingClientRect()
    // Half a pixel of rounding is not a scroll bar.
    if (box.right <= clientWidth + 0.5 && box.left >= -0.5) continue
    if (clipped(element)) continue
    // The outermost element at fault is the one to name; its children overflow with it.
    let ancestor = element.parentElement
    let inside = false
    for (; ancestor; ancestor = ancestor.parentElement) if (reported.has(ancestor)) inside = true
    reported.add(element)
    if (inside) continue
    overflowing.push(
      `  ${describe(element)}: ${Math.round(box.left)}–${Math.round(box.right)} px (width ${Math.round(box.width)})`,
    )
  }

  const badControls: string[] = []
  const textTypes = new Set(['text', 'email', 'password', 'search', 'url', 'tel', 'number', ''])
  for (const input of document.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>('input, textarea')) {
    if (!visible(input)) continue
    const width = input.getBoundingClientRect().width
    const type =
      input instanceof HTMLInputElement ? (input.getAttribute('type') ?? '').toLowerCase() : 'textarea'
    if (type === 'radio' || type === 'checkbox') {
      if (width < limits.choice.min || width > limits.choice.max)
        badControls.push(
          `${describe(input)} is ${Math.round(width)} px wide (a ${type} should be ${limits.choice.min}–${limits.choice.max} px)`,
        )
    } else if (textTypes.has(type) || type === 'textarea') {
      if (width < limits.minText || width > clientWidth)
        badControls.push(
          `${describe(input)} is ${Math.round(width)} px wide (a text field should be ${limits.minText}–${clientWidth} px)`,
        )
    }
  }

  return {
    viewportWidth: window.innerWidth,
    scrollWidth: root.scrollWidth,
    clientWidth,
    overflowing,
    badControls,
  }
}

/**
 * Checks that the columns named by these header texts are wholly in view at the page's
 * viewport, and that the table they are in does not scroll sideways inside its frame: a
 * column reached only by scrolling a `.table-wrap` is not visible either.
 */
export async function expectColumnsInView(page: Page, headers: string[]) {
  const report = await page.evaluate((names) => {
    const cells = [...document.querySelectorAll('th')]
    return names.map((name) => {
      const cell = cells.find((th) => (th.textContent ?? '').trim() === name)
      if (!cell) return { name, found: false, right: 0, tableScrolls: false }
      const frame = cell.closest('.table-wrap') ?? cell.closest('table')!
      return {
        name,
        found: true,
        right: Math.round(cell.getBoundingClientRect().right),
        tableScrolls: frame.scrollWidth > frame.clientWidth,
      }
    })
  }, headers)
  const width = page.viewportSize()?.width ?? 0
  for (const column of report) {
    expect(column.found, `${page.url()}: no column headed “${column.name}”`).toBe(true)
    expect(
      column.right,
      `${page.url()}: column “${column.name}” ends at ${column.right} px`,
    ).toBeLessThanOrEqual(width)
    expect(column.tableScrolls, `${page.url()}: the table of “${column.name}” scrolls sideways`).toBe(false)
  }
}
