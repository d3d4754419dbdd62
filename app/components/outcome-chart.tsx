import { scaleBand, scaleLinear } from 'd3-scale'
import { line } from 'd3-shape'
import { useId } from 'react'

/**
 * The cockpit's charts: bars (stacked or not) and lines over weeks or months, rendered as plain
 * SVG on the server, so they read without JavaScript. Every text arrives translated and every
 * number formatted; the chart's table beside it is the accessible equivalent, the SVG carries a
 * title and a description. Series differ in pattern or dash as well as colour.
 */

export type ChartSeries = {
  label: string
  /** One value per x label; null where there is nothing to show (a gap, not a zero). */
  values: (number | null)[]
}

type Common = {
  title: string
  description: string
  xLabels: string[]
  series: ChartSeries[]
  /** Formats a value of the y axis (a percentage, minutes, days). */
  formatY: (value: number) => string
  /** The top of the y axis; by default the largest value, rounded up. */
  yMax?: number
  yLabel: string
}

const width = 720
const height = 320
const margin = { top: 20, right: 24, bottom: 56, left: 64 }
const plotBottom = height - margin.bottom
const plotRight = width - margin.right
const styleCount = 6

/** At most about ten labels under the x axis; the table holds all of them. */
function everyNth(count: number) {
  return Math.max(1, Math.ceil(count / 10))
}

/**
 * An x label broken into lines at spaces so that neighbours never overlap ("Персональное
 * сопровождение" under a narrow bar group); about 7 px per character at the tick size, at
 * most three lines, which the bottom margin holds.
 */
function labelLines(label: string, slotPixels: number) {
  const maxChars = Math.max(4, Math.floor(slotPixels / 7))
  const lines: string[] = []
  for (const word of label.split(' ')) {
    const last = lines.at(-1)
    if (last !== undefined && `${last} ${word}`.length <= maxChars)
      lines[lines.length - 1] = `${last} ${word}`
    else lines.push(word)
  }
  return lines.length > 3 ? [...lines.slice(0, 2), lines.slice(2).join(' ')] : lines
}

function yScale(series: ChartSeries[], yMax: number | undefined, extra: number[] = []) {
  const top =
    yMax ?? Math.max(1, ...extra, ...series.flatMap((s) => s.values.filter((v): v is number => v !== null)))
  return scaleLinear().domain([0, top]).range([plotBottom, margin.top]).nice()
}

function Frame({
  title,
  description,
  xLabels,
  y,
  x,
  formatY,
  yLabel,
  children,
  legend,
}: {
  title: string
  description: string
  xLabels: string[]
  y: ReturnType<typeof scaleLinear<number, number>>
  x: (index: number) => number
  formatY: (value: number) => string
  yLabel: string
  children: React.ReactNode
  legend: { label: string; kind: 'bar' | 'line' | 'goal' | 'marker'; index: number }[]
}) {
  const id = useId()
  const step = everyNth(xLabels.length)
  return (
    <figure className="outcome-chart">
      <svg
        className="outcome-chart__svg"
        viewBox={`0 0 ${width} ${height}`}
        role="img"
        aria-labelledby={`${id}-title`}
        aria-describedby={`${id}-desc`}
      >
        <title id={`${id}-title`}>{title}</title>
        <desc id={`${id}-desc`}>{description}</desc>
        {y.ticks(5).map((tick) => (
          <g key={tick} transform={`translate(0,${y(tick)})`}>
            <line className="outcome-chart__grid" x1={margin.left} x2={plotRight} />
            <text className="outcome-chart__tick" x={margin.left - 8} dy="0.32em" textAnchor="end">
              {formatY(tick)}
            </text>
          </g>
        ))}
        <text
          className="outcome-chart__axis-label"
          transform={`translate(16,${(margin.top + plotBottom) / 2}) rotate(-90)`}
          textAnchor="middle"
        >
          {yLabel}
        </text>
        <line
          className="outcome-chart__baseline"
          x1={margin.left}
          x2={plotRight}
          y1={plotBottom}
          y2={plotBottom}
        />
        {xLabels.map((label, index) =>
          index % step === 0 ? (
            <text
              key={label}
              className="outcome-chart__tick"
              x={x(index)}
              y={plotBottom + 18}
              textAnchor="middle"
            >
              {labelLines(label, ((plotRight - margin.left) / xLabels.length) * step).map((line, n) => (
                <tspan key={n} x={x(index)} dy={n === 0 ? 0 : '1.1em'}>
                  {line}
                </tspan>
              ))}
            </text>
          ) : null,
        )}
        {children}
      </svg>
      <ul className="outcome-chart__legend">
        {legend.map((entry) => (
          <li
            key={`${entry.kind}-${entry.index}`}
            className={`outcome-chart__legend-item ${seriesClass(entry.index)}`}
          >
            <svg className="outcome-chart__swatch" viewBox="0 0 32 12" aria-hidden="true" focusable="false">
              {entry.kind === 'bar' ? (
                <rect className="outcome-chart__bar" x={8} y={0} width={16} height={12} />
              ) : (
                <line
                  className={`outcome-chart__${entry.kind === 'line' ? 'line' : entry.kind}`}
                  x1={0}
                  y1={6}
                  x2={32}
                  y2={6}
                />
              )}
            </svg>
            {entry.label}
          </li>
        ))}
      </ul>
    </figure>
  )
}

function seriesClass(index: number) {
  return `outcome-chart__series--${index % styleCount}`
}

/**
 * Bars per x label; with `stacked`, the series pile up (shares of one whole). A goal line and
 * labelled vertical markers (e.g. "portal share passed 90% here") are optional.
 */
export function BarChart({
  stacked,
  goal,
  markers = [],
  ...props
}: Common & {
  stacked?: boolean
  goal?: { value: number; label: string }
  markers?: { index: number; label: string }[]
}) {
  const { xLabels, series } = props
  const band = scaleBand<number>()
    .domain(xLabels.map((_, i) => i))
    .range([margin.left, plotRight])
    .padding(0.2)
  const totals = xLabels.map((_, i) => series.reduce((sum, s) => sum + (s.values[i] ?? 0), 0))
  const y = yScale(series, props.yMax, stacked ? totals : [])
  const inner = stacked ? band.bandwidth() : band.bandwidth() / Math.max(1, series.length)
  return (
    <Frame
      {...props}
      y={y}
      x={(i) => (band(i) ?? 0) + band.bandwidth() / 2}
      legend={[
        ...series.map((s, index) => ({ label: s.label, kind: 'bar' as const, index })),
        ...(goal ? [{ label: goal.label, kind: 'goal' as const, index: 0 }] : []),
        ...(markers.length ? [{ label: markers[0]!.label, kind: 'marker' as const, index: 0 }] : []),
      ]}
    >
      {xLabels.map((_, i) => {
        let base = 0
        return series.map((s, index) => {
          const value = s.values[i]
          if (value === null || value === undefined || value === 0) return null
          const x0 = (band(i) ?? 0) + (stacked ? 0 : index * inner)
          const top = y(stacked ? base + value : value)
          const bottom = y(stacked ? base : 0)
          if (stacked) base += value
          return (
            <rect
              key={`${i}-${index}`}
              className={`outcome-chart__bar ${seriesClass(index)}`}
              x={x0}
              y={top}
              width={inner}
              height={Math.max(0, bottom - top)}
            />
          )
        })
      })}
      {goal && (
        <line
          className="outcome-chart__goal"
          x1={margin.left}
          x2={plotRight}
          y1={y(goal.value)}
          y2={y(goal.value)}
        />
      )}
      {markers.map((marker) => {
        const x = (band(marker.index) ?? 0) + band.bandwidth() / 2
        return (
          <line
            key={`${marker.index}-${marker.label}`}
            className="outcome-chart__marker"
            x1={x}
            x2={x}
            y1={margin.top}
            y2={plotBottom}
          />
        )
      })}
    </Frame>
  )
}

/**
 * Lines per series over the x labels; `intervals` draws a whisker (e.g. a 95% CI) per point and
 * `markers` a labelled vertical line (e.g. "the portal launched this month").
 */
export function LineChart({
  intervals,
  markers = [],
  ...props
}: Common & {
  intervals?: { low: number | null; high: number | null }[]
  markers?: { index: number; label: string }[]
}) {
  const { xLabels, series } = props
  const point = scaleBand<number>()
    .domain(xLabels.map((_, i) => i))
    .range([margin.left, plotRight])
    .padding(0.5)
  const x = (i: number) => (point(i) ?? 0) + point.bandwidth() / 2
  const extra = (intervals ?? []).flatMap((i) => [i.low ?? 0, i.high ?? 0])
  const y = yScale(series, props.yMax, extra)
  const path = line<number | null>()
    .defined((v) => v !== null)
    .x((_, i) => x(i))
    .y((v) => y(v ?? 0))
  return (
    <Frame
      {...props}
      y={y}
      x={x}
      legend={[
        ...series.map((s, index) => ({ label: s.label, kind: 'line' as const, index })),
        ...markers.map((marker, index) => ({ label: marker.label, kind: 'marker' as const, index })),
      ]}
    >
      {markers.map((marker) => (
        <line
          key={`${marker.index}-${marker.label}`}
          className="outcome-chart__marker"
          x1={x(marker.index)}
          x2={x(marker.index)}
          y1={margin.top}
          y2={plotBottom}
        />
      ))}
      {intervals?.map((interval, i) => {
        if (interval.low === null && interval.high === null) return null
        const top = interval.high === null ? margin.top : y(interval.high)
        const bottom = interval.low === null ? plotBottom : y(interval.low)
        return (
          <line
            key={`interval-${i}`}
            className={`outcome-chart__interval ${interval.high === null ? 'outcome-chart__interval--open' : ''}`}
            x1={x(i)}
            x2={x(i)}
            y1={top}
            y2={bottom}
          />
        )
      })}
      {series.map((s, index) => (
        <g key={index} className={seriesClass(index)}>
          <path className="outcome-chart__line" d={path(s.values) ?? ''} />
          {s.values.map((v, i) =>
            v === null ? null : <circle key={i} className="outcome-chart__dot" cx={x(i)} cy={y(v)} r={3} />,
          )}
        </g>
      ))}
    </Frame>
  )
}
