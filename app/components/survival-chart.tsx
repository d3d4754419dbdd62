import { scaleLinear, type ScaleLinear } from 'd3-scale'
import { curveStepAfter, line } from 'd3-shape'
import { useId } from 'react'
import { intlLocales, type Locale } from '~/modules/i18n/locales'

export type SurvivalChartPoint = {
  time: number
  /** A share in [0, 1], drawn as a percentage. */
  value: number
}

export type SurvivalChartSeries = {
  label: string
  /** Step points in time order; the value holds until the next point. */
  points: SurvivalChartPoint[]
  /** Times at which accounts left follow-up without the event, marked with a small tick. */
  censoredTimes?: number[]
}

export type SurvivalChartProps = {
  /** Every text is passed in already translated: the chart writes none of its own. */
  title: string
  description: string
  series: SurvivalChartSeries[]
  xLabel: string
  yLabel: string
  /** Ends the time axis here (e.g. 90 days); by default it ends at the last point, rounded up. */
  xMax?: number
  locale: Locale
}

/** SVG user units; the CSS scales the chart to its container. */
const width = 640
const height = 360
const margin = { top: 16, right: 24, bottom: 56, left: 64 }
const plotBottom = height - margin.bottom
const plotRight = width - margin.right

/** survival-chart.css defines this many colour and dash pairs; further series reuse them. */
const seriesStyleCount = 6
const censorMarkHalfHeight = 4

/**
 * A step chart of cumulative shares over time (Kaplan–Meier 1 − S(t)), rendered as plain
 * SVG on the server, so it reads without JavaScript. Series differ in dash pattern as well
 * as colour, and the legend is HTML text.
 */
export function SurvivalChart({
  title,
  description,
  series,
  xLabel,
  yLabel,
  xMax,
  locale,
}: SurvivalChartProps) {
  const id = useId()
  const titleId = `${id}-title`
  const descriptionId = `${id}-description`
  const x = timeScale(series, xMax)
  const y = scaleLinear().domain([0, 1]).range([plotBottom, margin.top])
  const timeEnd = x.domain()[1] ?? 0
  const formatTime = new Intl.NumberFormat(intlLocales[locale], { maximumFractionDigits: 1 })
  const formatPercent = new Intl.NumberFormat(intlLocales[locale], {
    style: 'percent',
    maximumFractionDigits: 0,
  })
  const stepPath = line<SurvivalChartPoint>()
    .x((point) => x(point.time))
    .y((point) => y(point.value))
    .curve(curveStepAfter)

  return (
    <figure className="survival-chart">
      <figcaption className="survival-chart__title">{title}</figcaption>
      <svg
        className="survival-chart__svg"
        viewBox={`0 0 ${width} ${height}`}
        role="img"
        aria-labelledby={titleId}
        aria-describedby={descriptionId}
      >
        <title id={titleId}>{title}</title>
        <desc id={descriptionId}>{description}</desc>
        <g className="survival-chart__axis survival-chart__axis--y">
          {y.ticks(5).map((tick) => (
            <g key={tick} transform={`translate(0,${y(tick)})`}>
              <line className="survival-chart__grid" x1={margin.left} x2={plotRight} />
              <text className="survival-chart__tick-label" x={margin.left - 8} dy="0.32em" textAnchor="end">
                {formatPercent.format(tick)}
              </text>
            </g>
          ))}
          <text
            className="survival-chart__axis-label"
            transform={`translate(16,${(margin.top + plotBottom) / 2}) rotate(-90)`}
            textAnchor="middle"
          >
            {yLabel}
          </text>
        </g>
        <g className="survival-chart__axis survival-chart__axis--x">
          <line
            className="survival-chart__baseline"
            x1={margin.left}
            x2={plotRight}
            y1={plotBottom}
            y2={plotBottom}
          />
          {x.ticks(6).map((tick) => (
            <g key={tick} transform={`translate(${x(tick)},${plotBottom})`}>
              <line className="survival-chart__tick" y2={6} />
              <text className="survival-chart__tick-label" y={20} textAnchor="middle">
                {formatTime.format(tick)}
              </text>
            </g>
          ))}
          <text
            className="survival-chart__axis-label"
            x={(margin.left + plotRight) / 2}
            y={height - 12}
            textAnchor="middle"
          >
            {xLabel}
          </text>
        </g>
        {series.map((entry, index) => {
          const points = clipToTime(entry.points, timeEnd)
          const marks = censorMarks(entry.censoredTimes ?? [], points, timeEnd, x, y)
          return (
            <g key={index} className={seriesClassName(index)}>
              <path className="survival-chart__line" d={stepPath(points) ?? ''} />
              {marks && <path className="survival-chart__censor" d={marks} />}
            </g>
          )
        })}
      </svg>
      <ul className="survival-chart__legend">
        {series.map((entry, index) => (
          <li key={index} className={`survival-chart__legend-item ${seriesClassName(index)}`}>
            <svg className="survival-chart__swatch" viewBox="0 0 32 12" aria-hidden="true" focusable="false">
              <line className="survival-chart__swatch-line" x1={0} y1={6} x2={32} y2={6} />
            </svg>
            {entry.label}
          </li>
        ))}
      </ul>
    </figure>
  )
}

function seriesClassName(index: number) {
  return `survival-chart__series survival-chart__series--${index % seriesStyleCount}`
}

/** An explicit end is kept exactly; otherwise the axis rounds up past the last point. */
function timeScale(series: SurvivalChartSeries[], xMax: number | undefined) {
  const range = [margin.left, plotRight]
  if (xMax !== undefined) return scaleLinear().domain([0, xMax]).range(range)
  const lastTime = Math.max(0, ...series.flatMap((entry) => entry.points.map((point) => point.time)))
  // A domain of [0, 0] (no data, or everything on day 0) would put every point at NaN.
  return scaleLinear()
    .domain([0, Math.max(1, lastTime)])
    .range(range)
    .nice()
}

/** Cuts a step series at `end`, carrying the level reached there to the edge of the plot. */
function clipToTime(points: SurvivalChartPoint[], end: number) {
  const inside = points.filter((point) => point.time <= end)
  const last = inside.at(-1)
  const goesBeyond = points.some((point) => point.time > end)
  return last && goesBeyond && last.time < end ? [...inside, { time: end, value: last.value }] : inside
}

/** The step's level at `time`: the value of the last point at or before it. */
function valueAt(points: SurvivalChartPoint[], time: number) {
  return points.findLast((point) => point.time <= time)?.value
}

function censorMarks(
  times: number[],
  points: SurvivalChartPoint[],
  end: number,
  x: ScaleLinear<number, number>,
  y: ScaleLinear<number, number>,
) {
  return times
    .filter((time) => time <= end)
    .flatMap((time) => {
      const value = valueAt(points, time)
      if (value === undefined) return []
      return [`M${x(time)},${y(value) - censorMarkHalfHeight}v${censorMarkHalfHeight * 2}`]
    })
    .join('')
}
