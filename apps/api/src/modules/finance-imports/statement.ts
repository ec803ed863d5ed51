import type {
  DetectedStatement,
  StatementColumnRole,
  StatementDateFormat,
  StatementMapping,
} from '@aiceo/shared/finance-imports';
import type { Table, TableRecord } from '../../lib/tabular/table';
import {
  dateReadings,
  detectDateFormat,
  detectDecimalSeparator,
  hasSign,
  isAmountLike,
  parseAmount,
  parseDate,
  type DecimalSeparator,
} from '../../lib/tabular/values';
import { headerPhrases, type HeaderRole } from './statement-headers';

// What a bank statement's columns hold, from their names in seven languages and from their
// values, and its rows read into transactions. Pure: no database, no request.

type Question = DetectedStatement['questions'][number];

/** Lower case, accents and punctuation dropped: "Date de l'opération" -> "date de l operation". */
export const normaliseHeader = (header: string): string =>
  header
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/ß/g, 'ss')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();

/** The role a header names, with how sure (0: not a known name). */
export const headerRole = (header: string): { role: HeaderRole; score: number } | null => {
  const h = normaliseHeader(header);
  if (h === '') return null;
  const padded = ` ${h} `;
  let best: { role: HeaderRole; score: number } | null = null;
  for (const { role, phrase, words } of headerPhrases) {
    const score =
      h === phrase ? 100 + words : padded.includes(` ${phrase} `) ? words + (role === 'ignored' ? 0.5 : 0) : 0;
    if (score > 0 && (!best || score > best.score)) best = { role, score };
  }
  return best;
};

const looksLikeValue = (cell: string) =>
  dateReadings(cell).length > 0 || /^[-+(]?[\d\s.,'€$£]+\)?-?$/.test(cell.trim());

/** How much a record looks like a statement's header: the number of known column names, 0 when it holds values. */
export const statementHeaderScore = (cells: string[]): number => {
  if (cells.some((c) => c.trim() !== '' && looksLikeValue(c))) return 0;
  const roles = cells.map((c) => headerRole(c)).filter((r) => r && r.role !== 'ignored');
  return roles.length >= 2 ? roles.length : 0;
};

// --- the plan: what each column is ---------------------------------------------------------------

const INDICATOR_OUT = new Set([
  's',
  'soll',
  'd',
  'dr',
  'debit',
  'af',
  'debito',
  'cargo',
  'addebito',
  '-',
  'db',
  'debet',
]);
const INDICATOR_IN = new Set(['h', 'haben', 'c', 'cr', 'credit', 'bij', 'credito', 'abono', 'accredito', '+']);
const indicatorKey = (value: string) => normaliseHeader(value) || value.trim();

/** +1 money in, -1 money out, null for a value that says neither. */
export const indicatorSign = (value: string): 1 | -1 | null => {
  const key = indicatorKey(value);
  if (INDICATOR_OUT.has(key)) return -1;
  if (INDICATOR_IN.has(key)) return 1;
  return null;
};

/** Strip Excel's text guard (="0001234") and fold line breaks and runs of spaces. */
export const cleanCell = (cell: string | undefined): string => {
  const value = (cell ?? '').trim();
  const guarded = /^="(.*)"$/s.exec(value);
  return (guarded ? (guarded[1] ?? '') : value).replace(/\s+/g, ' ').trim();
};

export type StatementPlan = {
  columns: DetectedStatement['columns'];
  roles: StatementColumnRole[];
  dateFormat: StatementDateFormat | null;
  decimalSeparator: DecimalSeparator | null;
  invertSign: boolean;
  questions: Question[];
};

/** A statement no mapping can fix (no dates or no amounts anywhere): the upload is refused with this message. */
export class StatementError extends Error {
  override name = 'StatementError';
}

const SAMPLES = 3;
const SUMMARY_WORDS =
  /\b(balance|saldo|solde|kontostand|total|totale|totaal|summe|anfangssaldo|endsaldo|opening|closing|beginning|ending|inicial|final|anterior|nuevo saldo|neuer kontostand)\b/i;

const columnValues = (rows: TableRecord[], index: number) => rows.map((r) => cleanCell(r.cells[index]));
const nonEmptyValues = (values: string[]) => values.filter((v) => v !== '');

const pickBest = (candidates: { index: number; score: number }[]) =>
  candidates.reduce<{ index: number; score: number } | null>(
    (best, c) => (!best || c.score > best.score ? c : best),
    null,
  );

const isConstant = (values: string[]) => values.length > 1 && values.every((v) => v === values[0]);

/** Columns of numbers where one is a running balance of the other: that other is the amount. */
const amountByBalance = (rows: TableRecord[], numeric: number[], decimal: DecimalSeparator, currency: string) => {
  const series = new Map<number, (number | null)[]>();
  for (const index of numeric)
    series.set(
      index,
      rows.map((r) => parseAmount(cleanCell(r.cells[index]), { decimal, currency })),
    );
  const amounts = new Set<number>();
  const balances = new Set<number>();
  for (const a of numeric) {
    for (const b of numeric) {
      if (a === b) continue;
      const amt = series.get(a) ?? [];
      const bal = series.get(b) ?? [];
      // Three rows at least: with two, a chain can hold by chance.
      if (amt.length < 3 || amt.some((v) => v === null) || bal.some((v) => v === null)) continue;
      const up = amt.every((_, i) => i === 0 || bal[i] === (bal[i - 1] ?? 0) + (amt[i] ?? 0));
      const down = amt.every((_, i) => i === 0 || bal[i - 1] === (bal[i] ?? 0) + (amt[i - 1] ?? 0));
      // Or an opening and a closing balance on each row: closing = opening + amount.
      // (the opening balance being the previous row's closing one, which tells it from the amount).
      const pair = numeric.some((o) => {
        const open = series.get(o) ?? [];
        return (
          o !== a &&
          o !== b &&
          amt.every((v, i) => bal[i] === (open[i] ?? NaN) + (v ?? 0)) &&
          amt.every((_, i) => i === 0 || open[i] === bal[i - 1] || open[i - 1] === bal[i])
        );
      });
      if (up || down || pair) {
        amounts.add(a);
        balances.add(b);
      }
    }
  }
  return { amounts: [...amounts], balances: [...balances] };
};

/**
 * What each column holds: from the header names first, then from the values (dates, numbers,
 * three-letter currency codes, debit/credit markers, text). With a mapping the owner's roles are
 * used and only what the mapping leaves open is detected. Questions list what stays unsure.
 */
export const planStatement = (
  table: Pick<Table, 'header' | 'rows'>,
  { currency, mapping }: { currency: string; mapping?: StatementMapping | null },
): StatementPlan => {
  const { header, rows } = table;
  const width = Math.max(header?.length ?? 0, ...rows.slice(0, 1000).map((r) => r.cells.length));
  const sample = rows.slice(0, 2000);
  const values = Array.from({ length: width }, (_, i) => columnValues(sample, i));
  const headers = Array.from({ length: width }, (_, i) => cleanCell(header?.[i]) || `Column ${i + 1}`);
  const questions: Question[] = [];
  const ask = (field: Question['field'], message: string, options?: string[]) =>
    questions.push(options ? { field, message, options } : { field, message });

  if (mapping && mapping.columns.length !== width)
    throw new StatementError(`The mapping names ${mapping.columns.length} columns; the file has ${width}`);

  const roles: StatementColumnRole[] = Array.from({ length: width }, () => 'ignored');
  if (mapping) mapping.columns.forEach((role, i) => (roles[i] = role));
  else {
    const named = headers.map((h, i) => (header?.[i] ? headerRole(h) : null));
    const unnamed = new Set<number>();
    const best = (role: HeaderRole) =>
      pickBest(named.flatMap((n, index) => (n?.role === role ? [{ index, score: n.score }] : [])));
    const single: HeaderRole[] = [
      'date',
      'amount',
      'debit',
      'credit',
      'indicator',
      'counterparty',
      'balance',
      'currency',
      'reference',
    ];
    for (const role of single) {
      const chosen = best(role);
      if (chosen) roles[chosen.index] = role as StatementColumnRole;
    }
    named.forEach((n, i) => {
      if (n?.role === 'description') roles[i] = 'description';
      if (!n) unnamed.add(i);
    });
    preferFilledAmounts(roles, values);
    // A column named like a date whose values are not dates ("Date: yesterday") is looked past.
    const namedDate = roles.indexOf('date');
    if (
      namedDate >= 0 &&
      detectDateFormat(nonEmptyValues(values[namedDate] ?? []), { minShare: 0.5 }).kind === 'none'
    ) {
      roles[namedDate] = 'ignored';
      unnamed.add(namedDate);
    }
    // A value date stands in for a missing booking date.
    if (!roles.includes('date')) {
      const valueDate = best('valueDate');
      if (valueDate) roles[valueDate.index] = 'date';
    }
    inferFromValues({ roles, values, unnamed, rows: sample, currency, ask });
  }

  const cols = (role: StatementColumnRole) => roles.flatMap((r, i) => (r === role ? [i] : []));
  const dateCol = cols('date')[0];
  if (dateCol === undefined)
    throw new StatementError(
      'No column of this file holds dates (such as 28.11.2026 or 11/28/2026): a bank statement needs a booking date on each row',
    );
  const amountCols = [...cols('amount'), ...cols('debit'), ...cols('credit')];
  if (amountCols.length === 0 && !questions.some((q) => q.field === 'columns'))
    throw new StatementError('No column of this file holds amounts: a bank statement needs an amount on each row');

  // Dates: the format every value of the column fits (summary lines below the table may not).
  let dateFormat: StatementDateFormat | null = mapping?.dateFormat ?? null;
  if (!dateFormat) {
    // Half the values suffice: rejected rows and summary lines below the table may not be dates.
    const verdict = detectDateFormat(nonEmptyValues(values[dateCol] ?? []), { minShare: 0.5 });
    if (verdict.kind === 'found') dateFormat = verdict.format;
    else if (verdict.kind === 'ambiguous')
      ask(
        'dateFormat',
        `The dates of column "${headers[dateCol]}" fit ${verdict.formats.join(' and ')}: choose the date format`,
        verdict.formats,
      );
    else if (mapping) throw new StatementError(`Column "${headers[dateCol]}" does not hold dates in a known format`);
    else ask('columns', `Column "${headers[dateCol]}" does not hold dates in a known format: choose the date column`);
  }

  let decimalSeparator: DecimalSeparator | null = mapping?.decimalSeparator ?? null;
  if (!decimalSeparator) {
    const money = [...amountCols, ...cols('balance')].flatMap((i) => nonEmptyValues(values[i] ?? []));
    const verdict = detectDecimalSeparator(money);
    if (verdict.kind === 'found') decimalSeparator = verdict.separator;
    else ask('decimalSeparator', 'The amounts mix 1,234.56 and 1.234,56: choose the decimal separator');
  }

  const amountCol = cols('amount')[0];
  const [debitCol] = cols('debit');
  const [creditCol] = cols('credit');
  if (amountCol === undefined && (debitCol === undefined) !== (creditCol === undefined))
    ask('columns', 'Only one of the debit and credit columns was found: choose both, or one signed amount column');
  let invertSign = mapping?.invertSign ?? false;
  if (amountCol !== undefined && mapping?.invertSign === undefined && !cols('indicator').length) {
    const amounts = nonEmptyValues(values[amountCol] ?? []);
    // Every amount positive and nothing saying in or out: guessing would book expenses as income.
    if (amounts.length > 0 && !amounts.some(hasSign))
      ask(
        'invertSign',
        `Every amount in column "${headers[amountCol]}" is positive and no column says whether it is money in or out: say which (invertSign true when they are money out), or choose a debit/credit indicator column`,
      );
  }
  const indicatorCol = cols('indicator')[0];
  if (indicatorCol !== undefined) {
    const unknown = [...new Set(nonEmptyValues(values[indicatorCol] ?? []))].filter((v) => indicatorSign(v) === null);
    if (unknown.length > 0)
      ask(
        'columns',
        `Column "${headers[indicatorCol]}" holds ${unknown
          .slice(0, 3)
          .map((v) => `"${v}"`)
          .join(', ')}, which say neither debit nor credit: choose the indicator column`,
      );
  }
  invertSign = invertSign === true;

  const columns = headers.map((h, index) => ({
    index,
    header: h,
    role: roles[index] ?? 'ignored',
    samples: nonEmptyValues(values[index] ?? []).slice(0, SAMPLES),
  }));
  return { columns, roles, dateFormat, decimalSeparator, invertSign, questions };
};

/**
 * A signed amount column and debit/credit columns both named (Monzo, Deutsche Bank): the one
 * filled on most rows is read, the other ignored.
 */
const preferFilledAmounts = (roles: StatementColumnRole[], values: string[][]) => {
  const amount = roles.indexOf('amount');
  const debit = roles.indexOf('debit');
  const credit = roles.indexOf('credit');
  if (amount < 0 || (debit < 0 && credit < 0)) return;
  const rows = values[amount]?.length ?? 0;
  const filled = (i: number) => (i < 0 ? 0 : nonEmptyValues(values[i] ?? []).length);
  if (filled(amount) >= rows / 2 || debit < 0 || credit < 0) {
    if (debit >= 0) roles[debit] = 'ignored';
    if (credit >= 0) roles[credit] = 'ignored';
  } else roles[amount] = 'ignored';
};

/** Roles from the values, for columns whose header says nothing (or files without a header). */
const inferFromValues = ({
  roles,
  values,
  unnamed,
  rows,
  currency,
  ask,
}: {
  roles: StatementColumnRole[];
  values: string[][];
  unnamed: Set<number>;
  rows: TableRecord[];
  currency: string;
  ask: (field: Question['field'], message: string) => void;
}) => {
  const has = (role: StatementColumnRole) => roles.includes(role);
  const open = [...unnamed].sort((a, b) => a - b);
  const taken = new Set<number>();
  if (!has('date')) {
    const dateCol = open.find((i) => {
      const cells = nonEmptyValues(values[i] ?? []);
      return cells.length > 0 && detectDateFormat(cells, { minShare: 0.8 }).kind !== 'none';
    });
    if (dateCol !== undefined) {
      roles[dateCol] = 'date';
      taken.add(dateCol);
    }
  }
  // Other date columns (a value date) are not amounts or text.
  for (const i of open) {
    const cells = nonEmptyValues(values[i] ?? []);
    if (!taken.has(i) && cells.length > 0 && detectDateFormat(cells, { minShare: 0.8 }).kind !== 'none') taken.add(i);
  }
  if (!has('currency')) {
    const cur = open.find((i) => {
      const cells = nonEmptyValues(values[i] ?? []);
      return !taken.has(i) && cells.length > 0 && cells.every((c) => /^[A-Z]{3}$/.test(c));
    });
    if (cur !== undefined) {
      roles[cur] = 'currency';
      taken.add(cur);
    }
  }
  if (!has('indicator')) {
    const ind = open.find((i) => {
      const cells = nonEmptyValues(values[i] ?? []);
      return !taken.has(i) && cells.length > 0 && cells.every((c) => indicatorSign(c) !== null);
    });
    const amountCol = roles.indexOf('amount');
    const unsigned = amountCol >= 0 && !nonEmptyValues(values[amountCol] ?? []).some(hasSign);
    if (ind !== undefined && (unsigned || amountCol < 0)) {
      roles[ind] = 'indicator';
      taken.add(ind);
    }
  }
  if (!has('amount') && !has('debit') && !has('credit')) {
    const numeric = open.filter((i) => {
      const cells = nonEmptyValues(values[i] ?? []);
      // On (nearly) every row: a check-number column filled now and then is not the amount.
      return !taken.has(i) && cells.length >= rows.length * 0.9 && cells.every(isAmountLike) && !isConstant(cells);
    });
    for (const i of numeric) taken.add(i);
    if (numeric.length === 1) roles[numeric[0] ?? 0] = 'amount';
    else if (numeric.length > 1) {
      const money = numeric.flatMap((i) => nonEmptyValues(values[i] ?? []));
      const sep = detectDecimalSeparator(money);
      const decimal = sep.kind === 'found' ? sep.separator : '.';
      const { amounts, balances } = amountByBalance(rows, numeric, decimal, currency);
      if (amounts.length === 1) {
        roles[amounts[0] ?? 0] = 'amount';
        for (const b of balances) roles[b] = 'balance';
      } else ask('columns', 'Several columns hold numbers: choose the amount column (or the debit and credit columns)');
    }
  }
  if (!has('description') && !has('counterparty')) {
    // The text column with the most different values is the description.
    const text = open
      .filter((i) => !taken.has(i) && roles[i] === 'ignored')
      .map((i) => {
        const cells = nonEmptyValues(values[i] ?? []);
        const isText = cells.length > 0 && cells.some((c) => /\p{L}{2}/u.test(c)) && !cells.every(isAmountLike);
        return { index: i, score: isText ? new Set(cells).size : 0 };
      })
      .filter((c) => c.score > 1);
    const chosen = pickBest(text);
    if (chosen) roles[chosen.index] = 'description';
  }
};

// --- the rows ------------------------------------------------------------------------------------

export type StatementRow = {
  /** 1-based line in the file. */
  row: number;
  date: string;
  amountMinor: number;
  counterparty: string;
  description: string;
  reference: string;
};
export type RejectedRow = { row: number; raw: string; reason: string };

const RAW_CLIP = 300;
const TEXT_CLIP = 500;
const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/**
 * Every data row read with the plan: a transaction, a rejected row (with the reason), or a line
 * that is not a transaction (a balance or a summary line below the table), which is skipped.
 */
export const readStatementRows = (
  table: Pick<Table, 'rows'>,
  plan: StatementPlan,
  { currency }: { currency: string },
): { rows: StatementRow[]; rejected: RejectedRow[]; skipped: number } => {
  const { roles, dateFormat, decimalSeparator, invertSign } = plan;
  if (!dateFormat || !decimalSeparator) throw new StatementError('Choose the date format and the decimal separator');
  const col = (role: StatementColumnRole) => roles.indexOf(role);
  const dateCol = col('date');
  const amountCol = col('amount');
  const debitCol = col('debit');
  const creditCol = col('credit');
  const indicatorCol = col('indicator');
  const counterpartyCol = col('counterparty');
  const currencyCol = col('currency');
  const referenceCol = col('reference');
  const descriptionCols = roles.flatMap((r, i) => (r === 'description' ? [i] : []));
  const days = table.rows.map((r) => parseDate(cleanCell(r.cells[dateCol]), dateFormat));
  let lastDated = -1;
  days.forEach((d, i) => {
    if (d !== null) lastDated = i;
  });

  const rows: StatementRow[] = [];
  const rejected: RejectedRow[] = [];
  let skipped = 0;
  const money = (cell: string) => parseAmount(cell, { decimal: decimalSeparator, currency });
  table.rows.forEach((record, i) => {
    const cell = (index: number) => (index < 0 ? '' : cleanCell(record.cells[index]));
    const reject = (reason: string) => rejected.push({ row: record.line, raw: clip(record.raw, RAW_CLIP), reason });
    const isSummary = SUMMARY_WORDS.test(record.raw);
    // A dated balance line in the table's own columns (Volksbank's Anfangssaldo/Endsaldo): no payee, no text.
    const isBalanceLine = isSummary && cell(counterpartyCol) === '' && descriptionCols.every((c) => cell(c) === '');
    const day = days[i] ?? null;
    if (day === null) {
      const dateCell = cell(dateCol);
      // Lines below the last transaction and balance lines without a date are not transactions.
      if (i > lastDated || (dateCell === '' && isSummary)) skipped += 1;
      else if (dateCell === '') reject('No date');
      else reject(`Date "${dateCell}" is not ${dateFormat}`);
      return;
    }
    if (isBalanceLine) {
      skipped += 1;
      return;
    }
    let amount: number | null;
    const cells = amountCol >= 0 ? [cell(amountCol)] : [cell(debitCol), cell(creditCol)];
    if (cells.every((c) => c === '')) {
      if (isSummary) skipped += 1;
      else reject('No amount');
      return;
    }
    if (amountCol >= 0) {
      amount = money(cells[0] ?? '');
      if (amount === null) return reject(`Amount "${cells[0]}" is not a number`);
      if (indicatorCol >= 0) {
        const sign = indicatorSign(cell(indicatorCol));
        if (sign === null) return reject(`"${cell(indicatorCol)}" says neither debit nor credit`);
        amount = sign * Math.abs(amount);
      }
    } else {
      const debit = cells[0] ? money(cells[0]) : 0;
      const credit = cells[1] ? money(cells[1]) : 0;
      if (debit === null) return reject(`Debit "${cells[0]}" is not a number`);
      if (credit === null) return reject(`Credit "${cells[1]}" is not a number`);
      amount = Math.abs(credit) - Math.abs(debit);
    }
    if (invertSign) amount = -amount;
    const rowCurrency = cell(currencyCol).toUpperCase();
    if (rowCurrency !== '' && /^[A-Z]{3}$/.test(rowCurrency) && rowCurrency !== currency)
      return reject(`In ${rowCurrency}; the account is in ${currency}`);
    rows.push({
      row: record.line,
      date: day,
      amountMinor: amount === 0 ? 0 : amount,
      counterparty: clip(cell(counterpartyCol), TEXT_CLIP),
      description: clip(descriptionCols.map(cell).filter(Boolean).join(' '), TEXT_CLIP),
      reference: clip(cell(referenceCol), 200),
    });
  });
  return { rows, rejected, skipped };
};
