import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { CsvError, parse } from 'csv-parse';
import { parse as parseSync } from 'csv-parse/sync';
import { TabularError } from './decode';

export const delimiters = [',', ';', '\t', '|'] as const;
export type Delimiter = (typeof delimiters)[number];

/** One record of the file: its first physical line (1-based), its cells and its text as written. */
export type TableRecord = { line: number; cells: string[]; raw: string };

export type Table = {
  delimiter: Delimiter;
  /** 1-based line of the header; null when the file has none (every record is data). */
  headerLine: number | null;
  header: string[] | null;
  /** The records after the header (or all of them), blank ones left out. */
  rows: TableRecord[];
  /** Non-blank records above the header (account number, period, balance ...). */
  preamble: TableRecord[];
};

const SAMPLE_CHARS = 64 * 1024;
const SAMPLE_RECORDS = 200;
// Records parsed between two turns of the event loop: a 100,000-row file never blocks other requests for long.
const CHUNK_CHARS = 128 * 1024;

const sampleOf = (text: string) => {
  if (text.length <= SAMPLE_CHARS) return text;
  const cut = text.lastIndexOf('\n', SAMPLE_CHARS);
  return text.slice(0, cut > 0 ? cut : SAMPLE_CHARS);
};

const sampleRecords = (text: string, delimiter: string): string[][] => {
  try {
    return parseSync(sampleOf(text), {
      delimiter,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
      skip_records_with_error: true,
      to: SAMPLE_RECORDS,
    }) as string[][];
  } catch {
    return [];
  }
};

const modeOf = (values: number[]): { value: number; count: number } => {
  const counts = new Map<number, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  let best = { value: 0, count: 0 };
  for (const [value, count] of counts) {
    if (count > best.count || (count === best.count && value > best.value)) best = { value, count };
  }
  return best;
};

/**
 * The delimiter under which the most records of the start of the file split into the same
 * number (two or more) of fields, weighted by that number, quotes respected: "12,50" inside a
 * semicolon file or a comma inside a quoted description does not fool it. Comma when nothing
 * splits (a one-column file).
 */
export const detectDelimiter = (text: string): Delimiter => {
  let best: { delimiter: Delimiter; score: number } = { delimiter: ',', score: 0 };
  for (const delimiter of delimiters) {
    const widths = sampleRecords(text, delimiter).map((r) => r.length);
    const mode = modeOf(widths.filter((w) => w > 1));
    // Records agreeing on a width, weighted by the splits each makes: the one decimal comma of
    // every row of a semicolon file agrees too, but splits each row in two only.
    const score = mode.count * (mode.value - 1);
    if (score > best.score) best = { delimiter, score };
  }
  return best.delimiter;
};

type RawRecord = { record: string[]; raw: string };
// A record's raw text ends with its line break; one without (the last) still takes a line.
const LINE_BREAK = /\r\n|\n|\r/g;
const TRAILING_BREAK = /(?:\r\n|\n|\r)$/;

const isBlank = (cells: string[]) => cells.every((c) => c.trim() === '');
const nonEmpty = (cells: string[]) => cells.filter((c) => c.trim() !== '').length;

const csvErrorMessage = (error: CsvError): string => {
  const count = (key: string) => (typeof error[key] === 'number' ? (error[key] as number) : 0);
  const where = `Record ${count('records') + 1}${count('lines') ? ` (near line ${count('lines')})` : ''}`;
  if (error.code === 'CSV_QUOTE_NOT_CLOSED') return `${where}: a quoted field is never closed`;
  if (error.code === 'CSV_INVALID_CLOSING_QUOTE') return `${where}: text right after a closing quote`;
  return `${where}: ${error.message}`;
};

/**
 * Every non-blank record of the text with csv-parse (RFC 4180 quoting, CRLF or LF, ragged rows
 * allowed), read in chunks so the event loop turns in between. Throws TabularError past
 * `maxRecords` records or on a broken quote.
 */
export const parseRecords = async (
  text: string,
  {
    delimiter,
    maxRecords,
    fromLine = 1,
    partial = false,
  }: {
    delimiter: Delimiter;
    maxRecords: number;
    /** First line to read (1-based; a record must start there). */
    fromLine?: number;
    /** A sample cut short: a record broken by the cut ends the list instead of failing it. */
    partial?: boolean;
  },
): Promise<TableRecord[]> => {
  const records: TableRecord[] = [];
  let nextLine = fromLine;
  let failure: unknown = null;
  let ended = false;
  const parser = parse({
    delimiter,
    bom: true,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: false,
    raw: true,
    from_line: fromLine,
  });
  parser.on('error', (error) => (failure = error));
  parser.on('end', () => (ended = true));
  // Records are read as they are parsed, and their lines counted from their raw text (csv-parse's
  // per-record info object costs more than the parsing itself).
  const take = () => {
    for (let item = parser.read() as RawRecord | null; item !== null; item = parser.read() as RawRecord | null) {
      const line = nextLine;
      const breaks = item.raw.match(LINE_BREAK)?.length ?? 0;
      nextLine += Math.max(breaks, 1);
      if (!isBlank(item.record) && records.length <= maxRecords)
        records.push({ line, cells: item.record, raw: item.raw.replace(TRAILING_BREAK, '') });
    }
  };
  for (let i = 0; i < text.length && failure === null && records.length <= maxRecords; i += CHUNK_CHARS) {
    parser.write(text.slice(i, i + CHUNK_CHARS));
    take();
    // Let other requests in between chunks.
    await yieldToEventLoop();
  }
  if (failure === null && records.length <= maxRecords) {
    parser.end();
    while (!ended && failure === null) {
      take();
      if (!ended && failure === null)
        await new Promise((resolve) => parser.once('readable', resolve).once('end', resolve).once('error', resolve));
    }
  } else parser.destroy();
  if (failure !== null && !partial) {
    if (failure instanceof CsvError) throw new TabularError('malformed', csvErrorMessage(failure));
    throw failure;
  }
  return records;
};

export type HeaderScore = (cells: string[]) => number;

const looksLikeValue = (cell: string) => /^[-+(]?[\d\s.,'/:€$£%)-]+[-)]?$/.test(cell.trim());

/** A header: at least two named cells, none of them a number or date. */
const looksLikeHeader = (cells: string[]) =>
  nonEmpty(cells) >= 2 && cells.every((c) => c.trim() === '' || !looksLikeValue(c));

/**
 * Index of the header among the first records: the one `score` rates highest (known column
 * names) if any scores; else the first record as wide as the table (its most common width) that
 * looks like a header; null when the table starts with data (no header row).
 */
export const findHeader = (
  records: TableRecord[],
  { score, scan = 60 }: { score?: HeaderScore; scan?: number } = {},
) => {
  const head = records.slice(0, scan);
  if (head.length === 0) return null;
  const width = modeOf(records.slice(0, SAMPLE_RECORDS).map((r) => r.cells.length)).value;
  // A header may lack the trailing empty field that some banks put at the end of every data row.
  const wideEnough = (r: TableRecord, index: number) => {
    if (nonEmpty(r.cells) < Math.min(2, width)) return false;
    if (r.cells.length >= width) return true;
    const next = records[index + 1]?.cells;
    return r.cells.length === width - 1 && next?.length === width && next[width - 1]?.trim() === '';
  };
  if (score) {
    let best = { index: -1, score: 0 };
    head.forEach((r, index) => {
      const s = wideEnough(r, index) ? score(r.cells) : 0;
      if (s > best.score) best = { index, score: s };
    });
    if (best.index >= 0) return best.index;
  }
  if (width <= 1) return 0;
  const first = head.findIndex((r, index) => wideEnough(r, index));
  if (first < 0) return null;
  const candidate = head[first];
  return candidate && looksLikeHeader(candidate.cells) ? first : null;
};

/**
 * Decoded text to a table: delimiter detected, records parsed, header found (preamble lines above
 * it set aside), blank lines dropped. Rows below the table (summaries) are left to the caller,
 * which knows what a data row looks like.
 */
export const readTable = async (
  text: string,
  { maxRows, score }: { maxRows: number; score?: HeaderScore },
): Promise<Table> => {
  const delimiter = detectDelimiter(text);
  // The header is found in the start of the file; the data is then parsed from its first row on.
  // csv-parse builds an error object (with a stack) for every record whose width differs from the
  // first one it reads: starting at a data row, and not at a narrower preamble line, keeps that
  // cost to the odd summary line instead of every row (100,000 rows: ~1 s instead of ~12 s).
  const sample = await parseRecords(sampleOf(text), { delimiter, maxRecords: SAMPLE_RECORDS, partial: true });
  if (sample.length === 0) {
    // Nothing readable in the sample: parse the whole text for the error it gives.
    await parseRecords(text, { delimiter, maxRecords: 1 });
    throw new TabularError('empty', 'The file has no rows');
  }
  const headerIndex = findHeader(sample, score ? { score } : {});
  const header = headerIndex === null ? null : (sample[headerIndex] ?? null);
  const dataIndex = headerIndex === null ? 0 : headerIndex + 1;
  const firstData = sample[dataIndex];
  // No data row in the sample (a header-only file, or a record the sample cut or cannot read):
  // the whole text is parsed, so a broken quote is reported and not taken for the end.
  const rows = firstData
    ? await parseRecords(text, { delimiter, maxRecords: maxRows, fromLine: firstData.line })
    : (await parseRecords(text, { delimiter, maxRecords: maxRows + dataIndex })).slice(dataIndex);
  if (rows.length > maxRows) throw new TabularError('too_many_rows', `The file has more than ${maxRows} rows`);
  return {
    delimiter,
    headerLine: header ? header.line : null,
    header: header ? header.cells.map((c) => c.trim()) : null,
    rows,
    preamble: headerIndex === null ? [] : sample.slice(0, headerIndex),
  };
};
