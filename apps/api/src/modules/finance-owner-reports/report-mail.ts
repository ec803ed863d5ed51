import type { PnlLine, ProfitAndLoss } from '@aiceo/shared/finance-reports';
import { shortDayInWords } from '@aiceo/shared/dates-in-words';
import { formatMoney } from '@aiceo/shared/money';
import type { ReportPeriod } from './report-periods';

// The P&L email: one list of rows, written once as plain text and once as HTML.

type Row = { label: string; amount: string; note?: string; strong?: boolean };
type Block = { heading: string; rows: Row[] };

const escapeHtml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const dayLabel = (day: string) => shortDayInWords(day);
const monthLabel = (day: string) =>
  new Date(`${day}T00:00:00.000Z`).toLocaleDateString('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' });

/** "the week of 23 Nov 2026 to 29 Nov 2026" or "November 2026". */
export const periodLabel = (period: Pick<ReportPeriod, 'kind' | 'from' | 'to'>): string =>
  period.kind === 'weekly' ? `the week ${dayLabel(period.from)} to ${dayLabel(period.to)}` : monthLabel(period.from);

/** The change from the period before, as "+€120.00 (+12.5%) vs €960.00 the week before". */
const changeNote = (now: number, before: number, options: { currency: string; kind: ReportPeriod['kind'] }) => {
  const delta = now - before;
  const percent =
    before === 0 ? '' : ` (${delta >= 0 ? '+' : ''}${Math.round((delta / Math.abs(before)) * 1000) / 10}%)`;
  const previous = options.kind === 'weekly' ? 'the week before' : 'the month before';
  return `${formatMoney(delta, options.currency, { signed: true })}${percent} vs ${formatMoney(before, options.currency)} ${previous}`;
};

const lineRows = (lines: PnlLine[], currency: string): Row[] =>
  lines.map((line) => ({ label: line.name, amount: formatMoney(line.amountMinor, currency) }));

const blocksOf = (pnl: ProfitAndLoss, previous: ProfitAndLoss, kind: ReportPeriod['kind']): Block[] => {
  const { currency } = pnl;
  const money = (minor: number) => formatMoney(minor, currency);
  const note = (now: number, before: number) => changeNote(now, before, { currency, kind });
  const income = [
    ...lineRows(pnl.income, currency),
    ...(pnl.uncategorisedInMinor > 0
      ? [{ label: 'Uncategorised money in', amount: money(pnl.uncategorisedInMinor) }]
      : []),
  ];
  const expenses = [
    ...lineRows(pnl.expenses, currency),
    ...(pnl.uncategorisedOutMinor > 0
      ? [{ label: 'Uncategorised money out', amount: money(pnl.uncategorisedOutMinor) }]
      : []),
  ];
  const margin = (p: ProfitAndLoss) => (p.marginPercent === null ? 'none (no income)' : `${p.marginPercent}%`);
  return [
    {
      heading: 'Income',
      rows: [
        ...income,
        {
          label: 'Total income',
          amount: money(pnl.incomeMinor),
          note: note(pnl.incomeMinor, previous.incomeMinor),
          strong: true,
        },
      ],
    },
    {
      heading: 'Expenses',
      rows: [
        ...expenses,
        {
          label: 'Total expenses',
          amount: money(pnl.expenseMinor),
          note: note(pnl.expenseMinor, previous.expenseMinor),
          strong: true,
        },
      ],
    },
    {
      heading: 'Result',
      rows: [
        {
          label: pnl.netMinor >= 0 ? 'Net profit' : 'Net loss',
          amount: money(pnl.netMinor),
          note: note(pnl.netMinor, previous.netMinor),
          strong: true,
        },
        {
          label: 'Margin',
          amount: margin(pnl),
          note: `${margin(previous)} ${kind === 'weekly' ? 'the week before' : 'the month before'}`,
        },
      ],
    },
  ];
};

export type ReportMail = { subject: string; text: string; html: string };

/** The P&L email of one period, with the period before for the change, and a link to the reports page. */
export const renderReportMail = (options: {
  orgName: string;
  period: ReportPeriod;
  pnl: ProfitAndLoss;
  previous: ProfitAndLoss;
  reportsUrl: string;
}): ReportMail => {
  const { orgName, period, pnl, previous, reportsUrl } = options;
  const label = periodLabel(period);
  const blocks = blocksOf(pnl, previous, period.kind);
  const intro = `Profit and loss of ${orgName} for ${label} (${shortDayInWords(pnl.from)} to ${shortDayInWords(pnl.to)}), in ${pnl.currency}.`;
  const footnotes = [
    pnl.transactionCount === 0
      ? 'No transactions in this period.'
      : `${pnl.transactionCount} transactions counted; transfers between your own accounts are left out.`,
    ...(pnl.otherCurrencyCount > 0
      ? [`${pnl.otherCurrencyCount} transactions in other currencies are not in these figures.`]
      : []),
  ];
  const rowText = (row: Row) => `${row.label}: ${row.amount}${row.note ? ` (${row.note})` : ''}`;
  const text = [
    intro,
    ...blocks.flatMap((block) => ['', block.heading, ...block.rows.map((row) => `- ${rowText(row)}`)]),
    '',
    ...footnotes,
    '',
    `See the full report: ${reportsUrl}`,
    '',
    'You get this email as an owner or admin; change or stop it in Money settings.',
  ].join('\n');
  const rowHtml = (row: Row) => {
    const cell = (content: string, align = 'left') =>
      `<td style="padding:4px 12px 4px 0;text-align:${align}">${row.strong ? `<strong>${content}</strong>` : content}</td>`;
    return `<tr>${cell(escapeHtml(row.label))}${cell(escapeHtml(row.amount), 'right')}<td style="padding:4px 0;color:#666">${escapeHtml(row.note ?? '')}</td></tr>`;
  };
  const html = [
    `<p>${escapeHtml(intro)}</p>`,
    ...blocks.map(
      (block) =>
        `<h3>${escapeHtml(block.heading)}</h3><table cellspacing="0" cellpadding="0">${block.rows.map(rowHtml).join('')}</table>`,
    ),
    ...footnotes.map((line) => `<p>${escapeHtml(line)}</p>`),
    `<p><a href="${escapeHtml(reportsUrl)}">See the full report</a></p>`,
    '<p style="color:#666">You get this email as an owner or admin; change or stop it in Money settings.</p>',
  ].join('\n');
  const title = period.kind === 'weekly' ? 'weekly' : 'monthly';
  return { subject: `${orgName}: ${title} profit and loss for ${label}`, text, html };
};
