import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs'

/**
 * What a PDF says, read back with PDF.js (Mozilla's reader, not our writer): the text of each
 * page, lines ended where PDF.js ends them, and the fonts embedded in the file. Text can only
 * be read back when the font maps its glyphs to Unicode, so a missing letter shows here.
 */
export async function readPdf(bytes: Uint8Array) {
  const doc = await getDocument({ data: new Uint8Array(bytes), verbosity: 0 }).promise
  try {
    const pages: string[] = []
    for (let number = 1; number <= doc.numPages; number++) {
      const content = await (await doc.getPage(number)).getTextContent()
      pages.push(
        content.items.map((item) => ('str' in item ? item.str + (item.hasEOL ? '\n' : '') : '')).join(''),
      )
    }
    const info = { ...(await doc.getMetadata()).info } as Record<string, unknown>
    return { pages, text: pages.join('\n'), info, embeddedFonts: embeddedFontNames(bytes) }
  } finally {
    await doc.destroy()
  }
}

/** Font dictionaries are plain objects in the file (only streams are compressed): subset names like `ABCDEF+NotoSans-Bold`. */
function embeddedFontNames(bytes: Uint8Array) {
  const raw = Buffer.from(bytes).toString('latin1')
  const withFile = raw.includes('/FontFile2')
  return withFile ? [...new Set([...raw.matchAll(/\/BaseFont \/([A-Z]{6}\+[\w-]+)/g)].map((m) => m[1]!))] : []
}
