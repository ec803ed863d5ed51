import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { MAX_CSV_HEADER_LENGTH, type LeadImportField, type LeadImportMapping } from '@aiceo/shared/leads';

/** Rows handled between two yields to the event loop, so a 50,000-row file never blocks other requests. */
export const ROWS_PER_YIELD = 2_000;

export class CsvError extends Error {
  override name = 'CsvError';
}

const COMMA = 44;
const LF = 10;
const CR = 13;
const QUOTE = 34;

/**
 * RFC 4180 records of a CSV text: quoted fields may hold commas, quotes (doubled) and line
 * breaks; a leading BOM is dropped; CRLF and LF both end a record; a final line break does not
 * start an empty record. Throws CsvError on a quote that is never closed or text after one.
 */
export function* csvRecords(text: string): Generator<string[]> {
  const n = text.length;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let record = 0;
  while (i < n) {
    record += 1;
    const fields: string[] = [];
    for (;;) {
      let field = '';
      if (text.charCodeAt(i) === QUOTE) {
        i += 1;
        for (;;) {
          const close = text.indexOf('"', i);
          if (close === -1) throw new CsvError(`Record ${record}: a quoted field is never closed`);
          field += text.slice(i, close);
          i = close + 1;
          if (text.charCodeAt(i) !== QUOTE) break;
          field += '"';
          i += 1;
        }
        const next = text.charCodeAt(i);
        if (i < n && next !== COMMA && next !== LF && next !== CR)
          throw new CsvError(`Record ${record}: text after a closing quote`);
      } else {
        let end = i;
        while (end < n) {
          const c = text.charCodeAt(end);
          if (c === COMMA || c === LF || c === CR) break;
          end += 1;
        }
        field = text.slice(i, end);
        i = end;
      }
      fields.push(field);
      if (text.charCodeAt(i) === COMMA) {
        i += 1;
        continue;
      }
      if (text.charCodeAt(i) === CR) i += 1;
      if (text.charCodeAt(i) === LF) i += 1;
      break;
    }
    yield fields;
  }
}

const isBlank = (fields: string[]) => fields.length === 1 && fields[0] === '';

export type ParsedCsv = { headers: string[]; rows: string[][] };

/**
 * The header and data rows (blank lines skipped), yielding to the event loop every
 * ROWS_PER_YIELD rows. Throws CsvError past `maxRows` data rows or without a header.
 */
export const parseCsv = async (text: string, options: { maxRows: number }): Promise<ParsedCsv> => {
  let headers: string[] | undefined;
  const rows: string[][] = [];
  for (const fields of csvRecords(text)) {
    if (isBlank(fields)) continue;
    if (!headers) {
      headers = fields.map((h) => h.trim());
      continue;
    }
    rows.push(fields);
    if (rows.length > options.maxRows) throw new CsvError(`The file has more than ${options.maxRows} rows`);
    if (rows.length % ROWS_PER_YIELD === 0) await yieldToEventLoop();
  }
  if (!headers || headers.every((h) => h === '')) throw new CsvError('The file has no header row');
  const long = headers.findIndex((h) => h.length > MAX_CSV_HEADER_LENGTH);
  if (long >= 0)
    throw new CsvError(
      `Column ${long + 1} has a header longer than ${MAX_CSV_HEADER_LENGTH} characters; is the first row really the header?`,
    );
  return { headers, rows };
};

// Spreadsheets run a cell starting with one of these as a formula (OWASP "CSV injection").
const FORMULA_START = /^[=+\-@\t\r]/;

/** One CSV cell: a formula-like value gets a leading quote, and anything special is quoted. */
export const csvCell = (value: string): string => {
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

export const csvLine = (cells: readonly string[]): string => `${cells.map(csvCell).join(',')}\r\n`;

/** Undoes csvCell's formula guard, so an export imports back unchanged. */
export const unguardCell = (value: string): string =>
  value.startsWith("'") && FORMULA_START.test(value.slice(1)) ? value.slice(1) : value;

const normalise = (header: string) => header.toLowerCase().replace(/[^a-z0-9]/g, '');

// Normalised header names of HubSpot, Pipedrive, LinkedIn Sales Navigator, Salesforce and our own export.
const headerAliases: Record<LeadImportField, readonly string[]> = {
  name: ['name', 'fullname', 'personname', 'contactname', 'leadname', 'contact'],
  firstName: ['firstname', 'first', 'givenname', 'personfirstname'],
  lastName: ['lastname', 'last', 'surname', 'familyname', 'personlastname'],
  email: [
    'email',
    'emailaddress',
    'personemail',
    'personemailwork',
    'workemail',
    'primaryemail',
    'businessemail',
    'email1',
  ],
  company: [
    'company',
    'companyname',
    'organization',
    'organizationname',
    'organisation',
    'organisationname',
    'account',
    'accountname',
    'currentcompany',
    'employer',
  ],
  title: ['title', 'jobtitle', 'position', 'currenttitle', 'personjobtitle', 'role'],
  phone: [
    'phone',
    'phonenumber',
    'mobile',
    'mobilephone',
    'mobilephonenumber',
    'personphone',
    'personphonework',
    'workphone',
    'telephone',
  ],
  source: ['source', 'leadsource', 'originalsource', 'personsource', 'dealsource'],
  stage: ['stage', 'leadstatus', 'status', 'dealstage', 'pipelinestage'],
  priority: ['priority', 'leadpriority'],
  value: ['value', 'dealvalue', 'amount', 'dealamount', 'expectedvalue'],
  tags: ['tags', 'tag', 'labels', 'label', 'personlabels', 'personlabel', 'deallabel'],
  notes: ['notes', 'note', 'description', 'comments', 'personnotes'],
};
const fieldByAlias = new Map<string, LeadImportField>(
  Object.entries(headerAliases).flatMap(([field, aliases]) =>
    aliases.map((alias) => [alias, field as LeadImportField] as const),
  ),
);

/** Guesses which lead field each header fills; each field goes to the first header that fits, the rest map to null. */
export const suggestMapping = (headers: readonly string[]): LeadImportMapping => {
  const taken = new Set<LeadImportField>();
  const mapping: LeadImportMapping = {};
  for (const header of headers) {
    if (header in mapping) continue;
    const field = fieldByAlias.get(normalise(header));
    const fits = field && !taken.has(field);
    if (fits) taken.add(field);
    mapping[header] = fits ? field : null;
  }
  return mapping;
};
