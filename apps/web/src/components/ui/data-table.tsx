import type { AriaAttributes, ComponentPropsWithoutRef, CSSProperties, Key, ReactNode } from 'react';

export type DataTableColumn<Row> = {
  header: ReactNode;
  cell: (row: Row, index: number) => ReactNode;
  /** The cell that names the row: rendered as `<th scope="row">`, so assistive tech reads it as the row header. */
  isRowHeader?: boolean;
  /** On the body cells; a function when it depends on the row (e.g. negative amounts). */
  className?: string | ((row: Row) => string | undefined);
  headerClassName?: string;
  /** Set on sortable columns; the header content then holds the sort button. */
  sort?: AriaAttributes['aria-sort'];
};

/** Attributes of a body `<tr>`, including `data-*` hooks for styling and tests. */
export type DataTableRowAttributes = ComponentPropsWithoutRef<'tr'> & {
  [attribute: `data-${string}`]: string | undefined;
};

/** Every table needs an accessible name: a (visually hidden) caption, a label, or the id of a visible heading. */
type TableName =
  | { caption: string; ariaLabel?: never; labelledBy?: never }
  | { ariaLabel: string; caption?: never; labelledBy?: never }
  | { labelledBy: string; caption?: never; ariaLabel?: never };

/** Rows with an `id` are keyed by it; anything else says how to key its rows. */
type RowKey<Row> = [Row] extends [{ id: string }]
  ? { rowKey?: (row: Row, index: number) => Key }
  : { rowKey: (row: Row, index: number) => Key };

export type DataTableProps<Row> = TableName &
  RowKey<Row> & {
    columns: readonly DataTableColumn<Row>[];
    rows: readonly Row[];
    className?: string;
    /** Shown instead of the table when there are no rows; without it an empty table is rendered. */
    empty?: ReactNode;
    rowProps?: (row: Row) => DataTableRowAttributes;
    wrapStyle?: CSSProperties;
  };

const keyById = (row: unknown): Key => (row as { id: string }).id;

/** The app's table shell: a scrolling wrapper, column headers with scope, one row per item. */
export const DataTable = <Row,>(props: DataTableProps<Row>) => {
  const { columns, rows, className, empty, rowProps, wrapStyle, caption, ariaLabel, labelledBy } = props;
  if (rows.length === 0 && empty !== undefined) return <>{empty}</>;
  const rowKey = props.rowKey ?? keyById;
  return (
    <div className="table-wrap" style={wrapStyle}>
      <table className={className} aria-label={ariaLabel} aria-labelledby={labelledBy}>
        {caption ? <caption className="visually-hidden">{caption}</caption> : null}
        <thead>
          <tr>
            {columns.map((column, index) => (
              <th key={index} scope="col" className={column.headerClassName} aria-sort={column.sort}>
                {column.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row, rowIndex) => (
            <tr key={rowKey(row, rowIndex)} {...rowProps?.(row)}>
              {columns.map((column, index) => {
                const cellClassName = typeof column.className === 'function' ? column.className(row) : column.className;
                const content = column.cell(row, rowIndex);
                return column.isRowHeader ? (
                  <th key={index} scope="row" className={cellClassName}>
                    {content}
                  </th>
                ) : (
                  <td key={index} className={cellClassName}>
                    {content}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
};

/** Header of an actions column: named for screen readers, blank on screen. */
export const actionsHeader = <span className="visually-hidden">Actions</span>;
