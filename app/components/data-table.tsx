import type { ReactNode } from 'react'

/** One column of a `DataTable`: its header and how a row fills its cell. */
export type Column<Row> = {
  /** The column's React key. */
  key: string
  header: ReactNode
  /** Figures: aligned to the right so digits line up. */
  numeric?: boolean
  /** The cell that names the row (a week, a market): a row header for screen readers. */
  rowHeader?: boolean
  cell: (row: Row) => ReactNode
}

/**
 * A table described by its columns: every cockpit table (and any other) gets the same markup,
 * `scope` on every header and the same numeric alignment, instead of each writing it out.
 */
export function DataTable<Row>({
  caption,
  columns,
  rows,
  rowKey,
}: {
  caption?: ReactNode
  columns: NoInfer<Column<Row>>[]
  rows: readonly Row[]
  rowKey: (row: Row) => string
}) {
  const numeric = (column: Column<Row>) => (column.numeric ? 'numeric' : undefined)
  return (
    <table className="compact">
      {caption ? <caption>{caption}</caption> : null}
      <thead>
        <tr>
          {columns.map((column) => (
            <th key={column.key} scope="col" className={numeric(column)}>
              {column.header}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={rowKey(row)}>
            {columns.map((column) =>
              column.rowHeader ? (
                <th key={column.key} scope="row" className={numeric(column)}>
                  {column.cell(row)}
                </th>
              ) : (
                <td key={column.key} className={numeric(column)}>
                  {column.cell(row)}
                </td>
              ),
            )}
          </tr>
        ))}
      </tbody>
    </table>
  )
}
