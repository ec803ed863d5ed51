import { MAX_CSV_HEADER_LENGTH, type LeadImportField, type LeadImportMapping } from '@aiceo/shared/leads';
import { assertTextual, TabularError } from '../../lib/tabular/decode';
import { readTable } from '../../lib/tabular/table';

/** Rows handled between two yields to the event loop, so a 50,000-row file never blocks other requests. */
export const ROWS_PER_YIELD = 2_000;

export type ParsedCsv = { headers: string[]; rows: string[][] };

/** How much a record looks like a lead file's header: the number of cells naming a lead field. */
const leadHeaderScore = (cells: string[]) => cells.filter((c) => fieldByAlias.has(normalise(c))).length;

/**
 * The header and data rows of a lead file with the shared table engine (delimiter detected,
 * csv-parse, lines above the header such as "Exported from ..." set aside, blank lines skipped).
 * Throws TabularError past `maxRows` data rows, on a broken quote or a header that is not one.
 */
export const parseCsv = async (text: string, options: { maxRows: number }): Promise<ParsedCsv> => {
  assertTextual(text);
  const table = await readTable(text, { maxRows: options.maxRows, score: leadHeaderScore });
  // A lead file always has a header: without one found, the first record is it.
  const [first, ...rest] = table.header
    ? [table.header, ...table.rows.map((r) => r.cells)]
    : table.rows.map((r) => r.cells);
  const headers = (first ?? []).map((h) => h.trim());
  if (headers.every((h) => h === '')) throw new TabularError('no_header', 'The file has no header row');
  const long = headers.findIndex((h) => h.length > MAX_CSV_HEADER_LENGTH);
  if (long >= 0)
    throw new TabularError(
      'no_header',
      `Column ${long + 1} has a header longer than ${MAX_CSV_HEADER_LENGTH} characters; is the first row really the header?`,
    );
  return { headers, rows: rest };
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
