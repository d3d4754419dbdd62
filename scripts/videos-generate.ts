/**
 * Regenerates the starter videos of content/videos: `npx tsx scripts/videos-generate.ts [key…]`.
 *
 * Needs ffmpeg with libvpx-vp9 and libfreetype (Debian: `apt-get install ffmpeg`) and the DejaVu
 * fonts. CI has no ffmpeg, so the generated files are committed; run this only after changing a slide.
 * Each video is five slides of six seconds drawn with drawbox/drawtext: shapes, numbers and product
 * names only, so one file serves every language; the words live in the captions (<lang>.vtt), timed
 * to the slides (slide n runs from 6·(n−1) to 6·n seconds). Output: video.webm (VP9, no audio,
 * 640×360, 10 fps) and poster.jpg in each video's folder.
 *
 * The poster carries no words at all, not even product names: it shows in every language and
 * the page writes the localized title beside it. It is a gradient in the video's own colour
 * with the Orbit mark and the shapes of one slide. `--posters` redraws only the posters.
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

type Shape =
  | { box: [x: number, y: number, w: number, h: number, color: string] }
  | { text: [x: number, y: number, size: number, color: string, value: string] }
type Slide = Shape[]

const slideSeconds = 6
const font = '/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf'
const mono = '/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf'
const ink = 'white'
const accent = '0x38bdf8'
const good = '0x4ade80'
const muted = '0x94a3b8'
const panel = '0x1e293b'

const title = (name: string, subtitle: string): Slide => [
  { box: [270, 70, 100, 100, accent] },
  { box: [295, 95, 50, 50, '0x0f172a'] },
  { text: [-1, 200, 44, ink, name] },
  { text: [-1, 262, 26, accent, subtitle] },
]

const tile = (x: number, y: number, label: string, value: string): Shape[] => [
  { box: [x, y, 180, 80, panel] },
  { text: [x + 12, y + 12, 16, muted, label] },
  { text: [x + 12, y + 40, 26, ink, value] },
]

const bars = (values: number[], color: string, x0 = 80, base = 300): Shape[] =>
  values.map((v, i) => ({ box: [x0 + i * 40, base - v, 28, v, color] }))

const row = (y: number, cells: string[], color = ink): Shape[] => [
  { box: [60, y, 520, 40, panel] },
  ...cells.map((cell, i): Shape => ({ text: [75 + i * 170, y + 10, 18, color, cell] })),
]

const window = (y: number, from: number, to: number, color: string, label: string): Shape[] => [
  { box: [from, y, to - from, 34, color] },
  { text: [from + 10, y + 7, 18, '0x0f172a', label] },
]

const slides: Record<string, Slide[]> = {
  'dashboard-tour': [
    title('Orbit', 'Overview'),
    [
      ...tile(30, 60, 'Installs', '12 480'),
      ...tile(230, 60, 'Sessions', '86 210'),
      ...tile(430, 60, 'Revenue', '$9 870'),
      ...tile(30, 170, 'ARPU', '$0.79'),
      ...tile(230, 170, 'ROAS', '142%'),
      ...tile(430, 170, 'Day 1', '38%'),
    ],
    [
      { box: [60, 50, 520, 270, panel] },
      ...bars([60, 90, 80, 120, 150, 130, 170, 190, 160, 210, 230, 200], accent),
    ],
    [
      ...row(60, ['Media source', 'Installs', 'ROAS'], muted),
      ...row(110, ['meta', '5 120', '156%']),
      ...row(160, ['unity_int', '3 980', '131%']),
      ...row(210, ['q3_push', '1 870', '118%']),
      ...row(260, ['Organic', '1 510', '—']),
    ],
    [
      { box: [40, 60, 560, 56, panel] },
      { box: [55, 72, 110, 32, accent] },
      { text: [68, 78, 18, '0x0f172a', 'App'] },
      { box: [180, 72, 130, 32, accent] },
      { text: [193, 78, 18, '0x0f172a', 'Country'] },
      { box: [325, 72, 130, 32, accent] },
      { text: [338, 78, 18, '0x0f172a', 'Platform'] },
      { box: [470, 72, 115, 32, muted] },
      { text: [483, 78, 18, '0x0f172a', 'Reset'] },
      { text: [60, 160, 30, ink, '7d   30d   UTC+0'] },
      { text: [60, 220, 30, good, 'iOS + Android'] },
    ],
  ],
  'install-the-sdk': [
    title('Orbit SDK', '5.2'),
    [
      { text: [40, 40, 30, accent, 'iOS 13+'] },
      { box: [40, 100, 560, 70, panel] },
      { text: [60, 122, 20, ink, 'sdk.orbit.example/ios/OrbitSDK.git'] },
      { box: [40, 200, 560, 70, panel] },
      { text: [60, 222, 20, ink, "pod 'OrbitSDK', '~> 5.2'"] },
    ],
    [
      { text: [40, 40, 30, good, 'Android 5.0+'] },
      { box: [40, 110, 560, 90, panel] },
      { text: [55, 140, 18, ink, 'implementation("com.orbit.sdk:orbit-android:5.2.0")'] },
      { box: [40, 230, 560, 60, panel] },
      { text: [55, 250, 18, muted, 'installreferrer:2.2'] },
    ],
    [
      { box: [40, 70, 560, 60, panel] },
      { text: [60, 88, 22, ink, 'Orbit.start(appToken: "…")'] },
      { box: [40, 170, 560, 60, panel] },
      { text: [60, 188, 22, ink, 'Orbit.start(this, "…")'] },
      { text: [60, 270, 22, muted, 'Settings → Apps → App token'] },
    ],
    [
      { box: [70, 70, 200, 220, panel] },
      { box: [95, 95, 150, 110, accent] },
      { text: [130, 230, 22, ink, 'Test'] },
      { text: [300, 150, 40, ink, '→'] },
      { box: [370, 110, 200, 140, panel] },
      { text: [390, 135, 26, good, '✓ install'] },
      { text: [390, 185, 26, good, '✓ session'] },
    ],
  ],
  'tracking-links': [
    title('Orbit', 'Attribution → Links'),
    [
      { box: [30, 110, 580, 70, panel] },
      { text: [45, 132, 20, ink, 'go.orbit.example/fitquest/spring-sale'] },
      { box: [45, 200, 150, 8, accent] },
      { box: [215, 200, 110, 8, good] },
      { box: [340, 200, 150, 8, '0xfbbf24'] },
    ],
    [
      { box: [40, 60, 560, 240, panel] },
      { text: [60, 90, 22, accent, 'media_source='] },
      { text: [260, 90, 22, ink, 'unity_int'] },
      { text: [60, 150, 22, accent, 'campaign='] },
      { text: [260, 150, 22, ink, 'spring_sale'] },
      { text: [60, 210, 22, accent, 'channel='] },
      { text: [260, 210, 22, ink, 'qr'] },
    ],
    [
      { box: [60, 60, 240, 240, ink] },
      ...[0, 1, 2, 3, 4, 5].flatMap((r) =>
        [0, 1, 2, 3, 4, 5]
          .filter((c) => (r * 7 + c * 3) % 4 !== 0)
          .map((c): Shape => ({ box: [80 + c * 34, 80 + r * 34, 30, 30, '0x0f172a'] })),
      ),
      { box: [340, 140, 260, 60, panel] },
      { text: [355, 158, 20, ink, 'go.orbit.example/k7d2pq'] },
    ],
    [
      { box: [40, 150, 130, 60, accent] },
      { text: [62, 168, 22, '0x0f172a', 'click'] },
      { text: [190, 160, 30, ink, '→'] },
      { box: [240, 60, 360, 60, panel] },
      { text: [255, 78, 20, ink, 'iOS → App Store'] },
      { box: [240, 150, 360, 60, panel] },
      { text: [255, 168, 20, ink, 'Android → Google Play'] },
      { box: [240, 240, 360, 60, panel] },
      { text: [255, 258, 20, ink, 'Desktop → Web'] },
    ],
  ],
  'attribution-windows': [
    title('Orbit', 'Attribution windows'),
    [
      { box: [40, 250, 560, 4, ink] },
      ...window(150, 180, 600, accent, '7d'),
      { box: [300, 210, 16, 40, '0xfbbf24'] },
      { box: [580, 200, 20, 50, good] },
      { text: [570, 270, 18, good, 'install'] },
    ],
    [
      { box: [40, 250, 560, 4, ink] },
      ...window(150, 460, 600, '0xc084fc', '24h'),
      { box: [500, 210, 16, 40, '0xc084fc'] },
      { box: [580, 200, 20, 50, good] },
      { text: [570, 270, 18, good, 'install'] },
    ],
    [
      { box: [40, 250, 560, 4, ink] },
      { box: [180, 210, 16, 40, muted] },
      { box: [380, 200, 20, 50, accent] },
      { text: [350, 150, 26, accent, '✓'] },
      { box: [480, 210, 16, 40, '0xc084fc'] },
      { box: [580, 200, 20, 50, good] },
    ],
    [
      ...row(60, ['Click', '7d', '1–30d']),
      ...row(110, ['View', '24h', '1h–7d']),
      ...row(160, ['Reinstall', '90d', '7–365d']),
      ...row(210, ['Re-engage', '30d', '1–90d']),
    ],
  ],
}

/** Per video: its colour and the slide whose shapes (without their text) illustrate the poster. */
const posters: Record<string, { tint: [number, number, number]; slide: number }> = {
  'dashboard-tour': { tint: [29, 78, 216], slide: 2 },
  'install-the-sdk': { tint: [4, 120, 87], slide: 4 },
  'tracking-links': { tint: [109, 40, 217], slide: 3 },
  'attribution-windows': { tint: [180, 83, 9], slide: 1 },
}

/** A diagonal gradient from the slides' background to the tint, as a geq filter. */
function gradient([r, g, b]: [number, number, number]) {
  const base = [15, 23, 42]
  const channel = (from: number, to: number) => `${from}+(${to - from})*(X/W+Y/H)/2`
  return `format=rgb24,geq=r='${channel(base[0]!, r)}':g='${channel(base[1]!, g)}':b='${channel(base[2]!, b)}'`
}

export function generatePoster(key: string, outDir: string) {
  const deck = slides[key]
  const poster = posters[key]
  if (!deck || !poster) throw new Error(`No poster for ${key}`)
  const shapes = deck[poster.slide]!.filter((shape) => 'box' in shape)
  // The Orbit mark of the title slide, small in the top right corner, clear of every slide's shapes.
  const mark: Slide = [{ box: [588, 16, 36, 36, accent] }, { box: [597, 25, 18, 18, '0x0f172a'] }]
  const boxes = [...mark, ...shapes].map((shape) => {
    const [x, y, w, h, color] = (shape as Extract<Shape, { box: unknown }>).box
    return `drawbox=x=${x}:y=${y}:w=${w}:h=${h}:color=${color}@0.9:t=fill`
  })
  run([
    '-f',
    'lavfi',
    '-i',
    'color=c=0x0f172a:s=640x360:d=1',
    '-vf',
    [gradient(poster.tint), ...boxes].join(','),
    '-frames:v',
    '1',
    '-q:v',
    '5',
    join(outDir, 'poster.jpg'),
  ])
  return statSync(join(outDir, 'poster.jpg')).size
}

function drawFilters(slide: Slide, from: number, to: number, dir: string, counter: { n: number }): string[] {
  const enable = `enable='between(t,${from},${to})'`
  return slide.map((shape) => {
    if ('box' in shape) {
      const [x, y, w, h, color] = shape.box
      return `drawbox=x=${x}:y=${y}:w=${w}:h=${h}:color=${color}:t=fill:${enable}`
    }
    const [x, y, size, color, value] = shape.text
    // Text goes through a file: nothing in it needs filter-graph escaping.
    const file = join(dir, `t${counter.n++}.txt`)
    writeFileSync(file, value)
    const isCode = /[("']/.test(value) || value.includes('.example')
    return `drawtext=fontfile=${isCode ? mono : font}:textfile=${file}:expansion=none:fontsize=${size}:fontcolor=${color}:x=${x < 0 ? '(w-text_w)/2' : x}:y=${y}:${enable}`
  })
}

function run(args: string[]) {
  const result = spawnSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', ...args], {
    stdio: 'inherit',
  })
  if (result.status !== 0) throw new Error(`ffmpeg failed: ${args.join(' ')}`)
}

export function generateVideo(key: string, outDir: string) {
  const deck = slides[key]
  if (!deck) throw new Error(`No slides for ${key}`)
  const tmp = mkdtempSync(join(tmpdir(), 'videos-'))
  try {
    const counter = { n: 0 }
    const total = deck.length * slideSeconds
    const filters = deck.flatMap((slide, i) => {
      const from = i * slideSeconds
      const badge: Slide = [{ text: [590, 330, 16, muted, `${i + 1}/${deck.length}`] }]
      return drawFilters([...slide, ...badge], from, from + slideSeconds - 0.001, tmp, counter)
    })
    const script = join(tmp, 'filters.txt')
    writeFileSync(script, filters.join(',\n'))
    const video = join(outDir, 'video.webm')
    run([
      '-f',
      'lavfi',
      '-i',
      `color=c=0x0f172a:s=640x360:r=10:d=${total}`,
      '-filter_script:v',
      script,
      '-c:v',
      'libvpx-vp9',
      '-b:v',
      '0',
      '-crf',
      '45',
      '-row-mt',
      '1',
      '-g',
      '50',
      '-an',
      video,
    ])
    generatePoster(key, outDir)
    return { key, bytes: statSync(video).size, seconds: total }
  } finally {
    rmSync(tmp, { recursive: true, force: true })
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const root = fileURLToPath(new URL('../content/videos', import.meta.url))
  const postersOnly = process.argv.includes('--posters')
  const named = process.argv.slice(2).filter((arg) => arg !== '--posters')
  const keys = named.length ? named : Object.keys(slides)
  for (const key of keys) {
    if (postersOnly) {
      console.log(`${key}: poster, ${Math.round(generatePoster(key, join(root, key)) / 1024)} KB`)
      continue
    }
    const { bytes, seconds } = generateVideo(key, join(root, key))
    console.log(`${key}: ${seconds} s, ${Math.round(bytes / 1024)} KB`)
  }
}
