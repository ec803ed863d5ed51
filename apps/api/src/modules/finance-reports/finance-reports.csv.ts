import type { CashFlow, ProfitAndLossReport } from '@aiceo/shared/finance-reports';
import { minorDigits } from '@aiceo/shared/money';

// The reports as CSV for spreadsheets: amounts in major units with a decimal point (exact, from
// the minor units), text cells guarded against formula injection.

const FORMULA_START = /^[=+\-@\t\r]/;

const textCell = (value: string): string => {
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

/** Minor units as an exact decimal string: -123456 EUR -> "-1234.56". */
export const majorAmount = (amountMinor: number, currency: string): string => {
  const digits = minorDigits(currency);
  const sign = amountMinor < 0 ? '-' : '';
  const whole = String(Math.abs(amountMinor)).padStart(digits + 1, '0');
  return digits === 0 ? `${sign}${whole}` : `${sign}${whole.slice(0, -digits)}.${whole.slice(-digits)}`;
};

type Cell = { text: string } | { amountMinor: number; currency?: string } | { number: number | null };
const line = (cells: Cell[], currency: string): string =>
  `${cells
    .map((cell) =>
      'text' in cell
        ? textCell(cell.text)
        : 'amountMinor' in cell
          ? majorAmount(cell.amountMinor, cell.currency ?? currency)
          : cell.number === null
            ? ''
            : String(cell.number),
    )
    .join(',')}\r\n`;

const text = (value: string): Cell => ({ text: value });
const amount = (amountMinor: number): Cell => ({ amountMinor });

/** Section, line and amount rows, then the totals, the previous period and the change. */
export const profitAndLossCsv = (report: ProfitAndLossReport): string => {
  const { currency } = report;
  const row = (section: string, name: string, value: number) =>
    line([text(section), text(name), amount(value), text(currency)], currency);
  return [
    line([text('Section'), text('Line'), text('Amount'), text('Currency')], currency),
    line([text('Period'), text(`${report.from} to ${report.to}`), text(''), text(currency)], currency),
    ...report.income.map((l) => row('Income', l.name, l.amountMinor)),
    row('Income', 'Uncategorised money in', report.uncategorisedInMinor),
    row('Total', 'Income', report.incomeMinor),
    ...report.expenses.map((l) => row('Expenses', l.name, l.amountMinor)),
    row('Expenses', 'Uncategorised money out', report.uncategorisedOutMinor),
    row('Total', 'Expenses', report.expenseMinor),
    row('Total', 'Net profit', report.netMinor),
    line([text('Total'), text('Margin %'), { number: report.marginPercent }, text('')], currency),
    row('Previous period', `Income ${report.previous.from} to ${report.previous.to}`, report.previous.incomeMinor),
    row('Previous period', 'Expenses', report.previous.expenseMinor),
    row('Previous period', 'Net profit', report.previous.netMinor),
    row('Change', 'Income', report.change.incomeMinor),
    row('Change', 'Expenses', report.change.expenseMinor),
    row('Change', 'Net profit', report.change.netMinor),
  ].join('');
};

/** One row per period: in, out, net, the total balance and each account's balance. */
export const cashFlowCsv = (report: CashFlow): string => {
  const { currency } = report;
  const currencyOf = new Map(report.accounts.map((a) => [a.id, a.currency]));
  const header = [
    'Period start',
    'Period end',
    'In',
    'Out',
    'Net',
    'Balance',
    ...report.accounts.map((a) => `${a.name} (${a.currency})`),
  ].map(text);
  const rows = report.periods.map((p) =>
    line(
      [
        text(p.periodStart),
        text(p.periodEnd),
        amount(p.inMinor),
        amount(p.outMinor),
        amount(p.netMinor),
        amount(p.balanceMinor),
        // Each account's balance in its own currency's digits.
        ...p.accounts.map((a) => ({ amountMinor: a.balanceMinor, currency: currencyOf.get(a.accountId) ?? currency })),
      ],
      currency,
    ),
  );
  return [line(header, currency), ...rows].join('');
};
