/** RFC 4180 as toCsv writes it: quoted text with doubled quotes, bare numbers, CRLF, a BOM. */
export function parseCsv(text: string) {
  const rows: string[][] = []
  for (const line of text.replace(/^\ufeff/, '').split('\r\n')) {
    if (line === '') continue
    const cells: string[] = []
    let index = 0
    while (index <= line.length) {
      if (line[index] === '"') {
        let value = ''
        index++
        while (index < line.length) {
          if (line[index] === '"' && line[index + 1] === '"') {
            value += '"'
            index += 2
          } else if (line[index] === '"') {
            index++
            break
          } else value += line[index++]
        }
        cells.push(value)
        index++ // the comma
      } else {
        const end = line.indexOf(',', index)
        cells.push(line.slice(index, end === -1 ? line.length : end))
        index = end === -1 ? line.length + 1 : end + 1
      }
    }
    rows.push(cells)
  }
  return rows
}
