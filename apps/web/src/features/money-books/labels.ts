import type { FinanceTxSource } from '@aiceo/shared/finance';
import type { DetectedStatement, StatementColumnRole } from '@aiceo/shared/finance-imports';

export const columnRoleLabels: Record<StatementColumnRole, string> = {
  date: 'Date',
  amount: 'Amount (signed)',
  debit: 'Money out (debit)',
  credit: 'Money in (credit)',
  indicator: 'In/out indicator (S/H, DR/CR)',
  counterparty: 'Counterparty',
  description: 'Description',
  balance: 'Balance (not imported)',
  reference: 'Reference',
  currency: 'Currency',
  ignored: 'Ignore this column',
};

export const encodingLabels: Record<DetectedStatement['encoding'], string> = {
  'utf-8': 'UTF-8',
  'utf-8-bom': 'UTF-8 with BOM',
  'utf-16le': 'UTF-16 (little-endian)',
  'utf-16be': 'UTF-16 (big-endian)',
  'windows-1252': 'Windows-1252 / Latin-1',
};

export const delimiterLabels: Record<DetectedStatement['delimiter'], string> = {
  ',': 'Comma (,)',
  ';': 'Semicolon (;)',
  '\t': 'Tab',
  '|': 'Pipe (|)',
};

export const decimalSeparatorLabels: Record<'.' | ',', string> = {
  '.': 'Point (1,234.56)',
  ',': 'Comma (1.234,56)',
};

export const sourceLabels: Record<FinanceTxSource, string> = {
  manual: 'Entered by hand',
  import: 'Bank import',
  stripe: 'Stripe',
  rule: 'Rule',
  billing: 'AI CEO billing',
};
