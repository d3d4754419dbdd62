import { render, screen, within } from '@testing-library/react'
import { renderToStaticMarkup } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import { SurvivalChart, type SurvivalChartProps } from './survival-chart'

const props: SurvivalChartProps = {
  title: 'Доля аккаунтов, получивших ценность',
  description: 'Медиана: 12 дней у пользователей портала, 30 дней у остальных.',
  xLabel: 'Дни с начала онбординга',
  yLabel: 'Доля аккаунтов',
  locale: 'ru',
  series: [
    {
      label: 'Пользователи портала',
      points: [
        { time: 0, value: 0 },
        { time: 5, value: 0.3 },
        { time: 12, value: 0.55 },
        { time: 40, value: 0.8 },
      ],
      censoredTimes: [20, 40],
    },
    {
      label: 'Остальные',
      points: [
        { time: 0, value: 0 },
        { time: 10, value: 0.2 },
        { time: 30, value: 0.5 },
        { time: 60, value: 0.6 },
      ],
    },
  ],
}

describe('SurvivalChart', () => {
  it('is an image named by its title and described by its description', () => {
    render(<SurvivalChart {...props} />)
    const chart = screen.getByRole('img', { name: props.title, description: props.description })
    expect(chart.tagName.toLowerCase()).toBe('svg')
    // Browsers name the figure from its figcaption (HTML-AAM); jsdom's role queries do not.
    expect(screen.getByRole('figure').querySelector('figcaption')?.textContent).toBe(props.title)
  })

  it('lists every series in an HTML legend', () => {
    render(<SurvivalChart {...props} />)
    const legend = screen.getByRole('list')
    expect(
      within(legend)
        .getAllByRole('listitem')
        .map((item) => item.textContent),
    ).toEqual(['Пользователи портала', 'Остальные'])
  })

  it('draws one step line per series, each with its own style', () => {
    const { container } = render(<SurvivalChart {...props} />)
    const lines = [...container.querySelectorAll('svg[role="img"] path.survival-chart__line')]
    expect(lines).toHaveLength(2)
    for (const line of lines) expect(line.getAttribute('d')).toMatch(/^M[\d.]+,[\d.]+(L[\d.]+,[\d.]+)+$/)
    const styles = lines.map((line) => line.parentElement?.getAttribute('class'))
    expect(new Set(styles).size).toBe(2)
    const swatchStyles = [...container.querySelectorAll('.survival-chart__legend-item')].map((item) =>
      item.getAttribute('class')?.replace('survival-chart__legend-item ', ''),
    )
    expect(swatchStyles).toEqual(styles)
  })

  it('labels the axes in the page locale', () => {
    const { container } = render(<SurvivalChart {...props} />)
    const labels = [...container.querySelectorAll('.survival-chart__tick-label')].map(
      (label) => label.textContent,
    )
    expect(labels).toContain(new Intl.NumberFormat('ru-RU', { style: 'percent' }).format(0.4))
    expect(labels).toContain('60')
    expect(screen.getByText(props.xLabel)).toBeTruthy()
  })

  it('cuts the curves at xMax and marks censored accounts inside it', () => {
    const { container } = render(<SurvivalChart {...props} xMax={30} />)
    const labels = [...container.querySelectorAll('.survival-chart__axis--x .survival-chart__tick-label')]
    expect(labels.at(-1)?.textContent).toBe('30')
    expect(container.querySelectorAll('.survival-chart__censor')).toHaveLength(1)
  })

  it('renders on the server to markup that needs no script', () => {
    const html = renderToStaticMarkup(<SurvivalChart {...props} />)
    expect(html).toContain('<figcaption class="survival-chart__title">')
    expect(html).not.toContain('<script')
  })
})
