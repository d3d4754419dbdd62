import { describe, expect, it } from 'vitest'
import { csvResponse, toCsv } from './csv'

const bom = '\uFEFF'

/** The CSV without its BOM, split into records. */
const records = (csv: string) => csv.slice(bom.length).split('\r\n')

describe('toCsv', () => {
  it('starts with a UTF-8 BOM and ends every record with CRLF', () => {
    const csv = toCsv(['Conta', 'Dias'], [['Paulista Apps', 12]])
    expect(csv.startsWith(bom)).toBe(true)
    expect(csv.slice(bom.length)).toBe('"Conta","Dias"\r\n"Paulista Apps",12\r\n')
  })

  it('keeps Cyrillic and accents intact, encoded as UTF-8 after the BOM bytes', () => {
    const csv = toCsv(['Аккаунт'], [['Andes Logística']])
    const bytes = new TextEncoder().encode(csv)
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    expect(new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes)).toBe(csv)
    expect(records(csv)).toEqual(['"Аккаунт"', '"Andes Logística"', ''])
  })

  it.each([
    ['=HYPERLINK("http://evil.example","x")', `"'=HYPERLINK(""http://evil.example"",""x"")"`],
    ['+1+2', `"'+1+2"`],
    ['-2+3', `"'-2+3"`],
    ['@SUM(A1)', `"'@SUM(A1)"`],
    ['\t=1', `"'\t=1"`],
    ['\r=1', `"'\r=1"`],
    ['＝1+1', `"'＝1+1"`],
  ])('neutralizes the formula %j with a leading apostrophe', (cell, expected) => {
    expect(records(toCsv(['subject'], [[cell]]))[1]).toBe(expected)
  })

  it('neutralizes header cells too', () => {
    expect(records(toCsv(['=cmd()'], []))[0]).toBe(`"'=cmd()"`)
  })

  it('leaves numbers as numbers, negative ones included', () => {
    expect(records(toCsv(['delta', 'ratio'], [[-5, -0.25]]))[1]).toBe('-5,-0.25')
  })

  it('leaves text that merely contains a formula character alone', () => {
    expect(records(toCsv(['name'], [['a=b, c-d @e']]))[1]).toBe('"a=b, c-d @e"')
  })

  it('quotes commas, doubles quotes and keeps newlines inside one quoted cell', () => {
    const csv = toCsv(['a', 'b', 'c'], [['Harbor, Inc.', 'say "hi"', 'line 1\nline 2']])
    expect(csv.slice(bom.length)).toBe('"a","b","c"\r\n"Harbor, Inc.","say ""hi""","line 1\nline 2"\r\n')
  })

  it('keeps a semicolon inside its quoted cell, for Excel locales that split on it', () => {
    expect(records(toCsv(['x'], [['a;=1+1']]))[1]).toBe('"a;=1+1"')
  })

  it('writes null as an empty cell and an empty string as ""', () => {
    expect(records(toCsv(['a', 'b', 'c'], [[null, '', 0]]))[1]).toBe(',"",0')
  })
})

describe('csvResponse', () => {
  it('sends UTF-8 CSV as an attachment with the BOM bytes first', async () => {
    const response = csvResponse('ttv.csv', toCsv(['a'], [['b']]))
    expect(response.headers.get('Content-Type')).toBe('text/csv; charset=utf-8')
    expect(response.headers.get('Content-Disposition')).toBe(
      `attachment; filename="ttv.csv"; filename*=UTF-8''ttv.csv`,
    )
    expect(response.headers.get('Cache-Control')).toBe('private, no-store')
    const bytes = new Uint8Array(await response.arrayBuffer())
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
  })

  it('gives an accent-free ASCII fallback and the exact name in filename*', () => {
    expect(csvResponse('relatório de adoção.csv', '').headers.get('Content-Disposition')).toBe(
      `attachment; filename="relatorio de adocao.csv"; filename*=UTF-8''relat%C3%B3rio%20de%20ado%C3%A7%C3%A3o.csv`,
    )
  })

  it('replaces Cyrillic runs with one underscore in the fallback and percent-encodes filename*', () => {
    expect(csvResponse('отчёт-2026.csv', '').headers.get('Content-Disposition')).toBe(
      `attachment; filename="_-2026.csv"; filename*=UTF-8''%D0%BE%D1%82%D1%87%D1%91%D1%82-2026.csv`,
    )
  })

  it('keeps quotes, backslashes and slashes out of the fallback and encodes what RFC 5987 forbids', () => {
    const header = csvResponse(`a"b\\c/d (1)'*.csv`, '').headers.get('Content-Disposition')
    expect(header).toBe(
      `attachment; filename="a_b_c_d (1)'*.csv"; filename*=UTF-8''a%22b%5Cc%2Fd%20%281%29%27%2A.csv`,
    )
  })
})
