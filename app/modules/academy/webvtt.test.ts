import { describe, expect, it } from 'vitest'
import { parseWebVtt, stripCueTags, transcriptFromWebVtt } from './webvtt'

describe('parseWebVtt', () => {
  it('reads cues with identifiers, settings, notes, styles, a BOM and CRLF', () => {
    const text = [
      '\uFEFFWEBVTT - Orbit dashboard',
      'Kind: captions',
      'Language: en',
      '',
      'NOTE written by the content team',
      'across two lines',
      '',
      'STYLE',
      '::cue { color: white }',
      '',
      'intro',
      '00:00.000 --> 00:04.500 line:90% align:center',
      '<v Guide>Welcome to <b>Orbit</b></v>',
      'and its dashboard &amp; reports',
      '',
      '00:01:02.250 --> 01:00:00.000',
      'Hours &lt;are&gt; optional',
      '',
    ].join('\r\n')
    expect(parseWebVtt(text)).toEqual({
      ok: true,
      cues: [
        { start: 0, end: 4.5, text: 'Welcome to Orbit and its dashboard & reports' },
        { start: 62.25, end: 3600, text: 'Hours <are> optional' },
      ],
    })
  })

  it('accepts a header with nothing after it', () => {
    expect(parseWebVtt('WEBVTT\n')).toEqual({ ok: true, cues: [] })
  })

  it.each([
    ['empty', '  \n\n', 'empty', 1],
    ['header', 'WEBVTTX\n\n00:00.000 --> 00:01.000\nHi', 'header', 1],
    ['header', '00:00.000 --> 00:01.000\nHi', 'header', 1],
    ['timing', 'WEBVTT\n\n00:00.000 -> 00:01.000\nHi', 'timing', 3],
    ['timing', 'WEBVTT\n\nid\n00:00 --> 00:01.000\nHi', 'timing', 4],
    ['timing', 'WEBVTT\n\n00:61.000 --> 01:02.000\nHi', 'timing', 3],
    ['timing', 'WEBVTT\n\nonly an identifier', 'timing', 3],
    ['endBeforeStart', 'WEBVTT\n\n00:05.000 --> 00:05.000\nHi', 'endBeforeStart', 3],
    ['order', 'WEBVTT\n\n00:05.000 --> 00:06.000\nB\n\n00:01.000 --> 00:02.000\nA', 'order', 6],
  ])('reports %s with its line', (_name, text, code, line) => {
    expect(parseWebVtt(text)).toEqual({ ok: false, error: { code, line } })
  })

  it('refuses very large input', () => {
    expect(parseWebVtt('WEBVTT\n\n' + 'x'.repeat(300_000))).toMatchObject({
      ok: false,
      error: { code: 'tooLarge' },
    })
  })
})

describe('transcript', () => {
  it('strips markup and keeps only cues with text', () => {
    expect(stripCueTags('<c.yellow>Tap</c> <00:00:01.000><i>Create link</i>')).toBe('Tap Create link')
    expect(transcriptFromWebVtt('WEBVTT\n\n00:00.000 --> 00:01.000\n\n00:01.000 --> 00:02.000\nSDK')).toEqual(
      [{ start: 1, end: 2, text: 'SDK' }],
    )
    expect(transcriptFromWebVtt('not captions')).toEqual([])
  })
})
