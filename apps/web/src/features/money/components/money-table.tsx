import type { Key, ReactNode } from 'react';
import './money.css';

export type MoneyColumn<Row> = {
  /** Column name; also the label each cell shows above its value when the table stacks on a phone. */
  header: string;
  cell: (row: Row) => ReactNode;
  isRowHeader?: boolean;
  isAmount?: boolean;
  /** Shown visually hidden in the header (an actions column). */
  isHeaderHidden?: boolean;
};

type MoneyTableProps<Row> = {
  caption: string;
  columns: readonly MoneyColumn<Row>[];
  rows: readonly Row[];
  rowKey: (row: Row) => Key;
  /** Below 40rem each row becomes a card (few columns); otherwise the table scrolls inside its box. */
  stackOnPhones?: boolean;
  footer?: ReactNode;
  maxHeight?: string;
};

/** A table of money: amounts right-aligned in tabular figures; on a phone it stacks or scrolls in its own box. */
export const MoneyTable = <Row,>({
  caption,
  columns,
  rows,
  rowKey,
  stackOnPhones = false,
  footer,
  maxHeight,
}: MoneyTableProps<Row>) => (
  <div
    className={`table-wrap${stackOnPhones ? ' stack-table' : ''}`}
    style={maxHeight ? { maxHeight, overflowY: 'auto' } : undefined}
  >
    <table className="money-table">
      <caption className="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          {columns.map((column) => (
            <th key={column.header} scope="col" className={column.isAmount ? 'amount' : undefined}>
              {column.isHeaderHidden ? <span className="visually-hidden">{column.header}</span> : column.header}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={rowKey(row)}>
            {columns.map((column) =>
              column.isRowHeader ? (
                <th key={column.header} scope="row">
                  {column.cell(row)}
                </th>
              ) : (
                <td
                  key={column.header}
                  className={column.isAmount ? 'amount' : undefined}
                  data-label={column.isHeaderHidden ? undefined : column.header}
                >
                  {column.cell(row)}
                </td>
              ),
            )}
          </tr>
        ))}
      </tbody>
      {footer ? <tfoot>{footer}</tfoot> : null}
    </table>
  </div>
);
