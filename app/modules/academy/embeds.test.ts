import { describe, expect, it } from 'vitest'
import { embedUrl, isValidProviderId, parseEmbedInput } from './embeds'

describe('parseEmbedInput', () => {
  it.each([
    ['https://www.youtube.com/watch?v=dQw4w9WgXcQ', 'youtube', 'dQw4w9WgXcQ'],
    ['https://youtube.com/watch?v=dQw4w9WgXcQ', 'youtube', 'dQw4w9WgXcQ'],
    ['https://youtu.be/a_b-c1234XY', 'youtube', 'a_b-c1234XY'],
    ['  https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ  ', 'youtube', 'dQw4w9WgXcQ'],
    ['https://vimeo.com/76979871', 'vimeo', '76979871'],
    ['https://player.vimeo.com/video/76979871', 'vimeo', '76979871'],
  ])('accepts %s', (input, provider, providerId) => {
    expect(parseEmbedInput(input)).toEqual({ provider, providerId })
  })

  it.each([
    ['look-alike host', 'https://youtube.com.evil.example/watch?v=dQw4w9WgXcQ'],
    ['prefixed host', 'https://evil-youtube.com/watch?v=dQw4w9WgXcQ'],
    ['subdomain of another host', 'https://www.youtube.com.evil.example/embed/dQw4w9WgXcQ'],
    ['vimeo look-alike', 'https://vimeo.com.evil.example/76979871'],
    ['player look-alike', 'https://player.vimeo.co/video/76979871'],
    ['http', 'http://www.youtube.com/watch?v=dQw4w9WgXcQ'],
    ['protocol-relative', '//www.youtube.com/watch?v=dQw4w9WgXcQ'],
    ['javascript', 'javascript:alert(1)//https://youtu.be/dQw4w9WgXcQ'],
    ['data', 'data:text/html,<iframe src="https://youtu.be/dQw4w9WgXcQ">'],
    ['userinfo', 'https://youtube.com@evil.example/watch?v=dQw4w9WgXcQ'],
    ['userinfo before the real host', 'https://evil.example@youtu.be/dQw4w9WgXcQ'],
    ['port', 'https://youtu.be:443/dQw4w9WgXcQ'],
    ['extra parameter', 'https://www.youtube.com/watch?v=dQw4w9WgXcQ&autoplay=1'],
    ['parameter first', 'https://www.youtube.com/watch?list=x&v=dQw4w9WgXcQ'],
    ['query on short link', 'https://youtu.be/dQw4w9WgXcQ?t=10'],
    ['fragment', 'https://vimeo.com/76979871#t=10'],
    ['short id', 'https://youtu.be/dQw4w9WgXc'],
    ['long id', 'https://youtu.be/dQw4w9WgXcQQ'],
    ['id with a quote', 'https://youtu.be/dQw4w9WgX"Q'],
    ['vimeo letters', 'https://vimeo.com/abc'],
    ['iframe markup', '<iframe src="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"></iframe>'],
    ['encoded slash', 'https://youtu.be/%2FdQw4w9WgXc'],
    ['backslash', 'https://youtu.be\\@evil.example/dQw4w9WgXcQ'],
    ['uppercase scheme trick', 'HTTPS://evil.example/?https://youtu.be/dQw4w9WgXcQ'],
    ['empty', ''],
  ])('rejects %s', (_name, input) => {
    expect(parseEmbedInput(input)).toBeNull()
  })
})

describe('isValidProviderId', () => {
  it('knows each provider’s id shape and nothing else', () => {
    expect(isValidProviderId('youtube', 'dQw4w9WgXcQ')).toBe(true)
    expect(isValidProviderId('youtube', '76979871')).toBe(false)
    expect(isValidProviderId('vimeo', '76979871')).toBe(true)
    expect(isValidProviderId('vimeo', 'dQw4w9WgXcQ')).toBe(false)
    expect(isValidProviderId('dailymotion', 'x7tgad0')).toBe(false)
    expect(isValidProviderId('toString', 'x')).toBe(false)
  })
})

describe('embedUrl', () => {
  it('rebuilds the URL from a fixed template', () => {
    expect(embedUrl({ provider: 'youtube', providerId: 'dQw4w9WgXcQ' })).toBe(
      'https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ',
    )
    expect(embedUrl({ provider: 'vimeo', providerId: '76979871' })).toBe(
      'https://player.vimeo.com/video/76979871',
    )
  })

  it('refuses a stored id that is not valid', () => {
    expect(() => embedUrl({ provider: 'youtube', providerId: '../../evil' })).toThrow()
  })
})
