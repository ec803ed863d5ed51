import type { TableRecord } from '../../lib/tabular/table';
import { headerRole, indicatorSign, planStatement, readStatementRows, StatementError } from './statement';

const records = (rows: string[][]): TableRecord[] =>
  rows.map((cells, i) => ({ line: i + 2, cells, raw: cells.join(';') }));

describe('headerRole', () => {
  it.each([
    ['Posting Date', 'date'],
    ['Buchungstag', 'date'],
    ["Date de l'opération", 'date'],
    ['Fecha Operación', 'date'],
    ['Data lançamento', 'date'],
    ['Data contabile', 'date'],
    ['Datum', 'date'],
    ['Valutadatum', 'valueDate'],
    ['Data valuta', 'valueDate'],
    ['F.Valor', 'valueDate'],
    ['Amount', 'amount'],
    ['Amount (EUR)', 'amount'],
    ['Betrag', 'amount'],
    ['Montant opération', 'amount'],
    ['Bedrag (EUR)', 'amount'],
    ['Importe', 'amount'],
    ['Montante', 'amount'],
    ['Importo (EUR)', 'amount'],
    ['Paid out', 'debit'],
    ['Soll', 'debit'],
    ['Débit euros', 'debit'],
    ['Débito', 'debit'],
    ['Addebiti', 'debit'],
    ['Paid in', 'credit'],
    ['Haben', 'credit'],
    ['Crédit euros', 'credit'],
    ['Abono', 'credit'],
    ['Accrediti', 'credit'],
    ['Af Bij', 'indicator'],
    ['DR/CR', 'indicator'],
    ['S/H', 'indicator'],
    ['Payee', 'counterparty'],
    ['Beguenstigter/Zahlungspflichtiger', 'counterparty'],
    ['Naam / Omschrijving', 'counterparty'],
    ['Naam tegenpartij', 'counterparty'],
    ['Bénéficiaire', 'counterparty'],
    ['Verwendungszweck', 'description'],
    ['Libellé', 'description'],
    ['Mededelingen', 'description'],
    ['Concepto', 'description'],
    ['Descrição', 'description'],
    ['Descrizione', 'description'],
    ['Running Bal.', 'balance'],
    ['Saldo na mutatie', 'balance'],
    ['Solde', 'balance'],
    ['Währung', 'currency'],
    ['Divisa', 'currency'],
    ['Local amount', 'ignored'],
    ['Amount (Foreign Currency)', 'ignored'],
    ['Lastschrift Ursprungsbetrag', 'ignored'],
    ['IBAN', 'ignored'],
  ])('when the header is %j, then the column is %s', (header, role) => {
    expect(headerRole(header)?.role).toBe(role);
  });
});

describe('indicatorSign', () => {
  it.each([
    ['S', -1],
    ['H', 1],
    ['DR', -1],
    ['CR', 1],
    ['D', -1],
    ['C', 1],
    ['Af', -1],
    ['Bij', 1],
    ['Débit', -1],
    ['Crédit', 1],
    ['Débito', -1],
    ['Crédito', 1],
    ['maybe', null],
  ])('when the indicator is %j, then the sign is %s', (value, sign) => {
    expect(indicatorSign(value)).toBe(sign);
  });
});

describe('planStatement and readStatementRows', () => {
  it('when a DR/CR indicator column goes with unsigned amounts, then it gives each amount its sign', () => {
    const table = {
      header: ['Txn Date', 'Narration', 'Amount', 'Dr/Cr'],
      rows: records([
        ['01/11/2026', 'RENT', '1,000.00', 'DR'],
        ['15/11/2026', 'CLIENT', '2,500.00', 'CR'],
      ]),
    };
    const plan = planStatement(table, { currency: 'USD' });
    expect(plan.questions).toEqual([]);
    expect(plan.roles).toEqual(['date', 'description', 'amount', 'indicator']);
    expect(readStatementRows(table, plan, { currency: 'USD' }).rows.map((r) => r.amountMinor)).toEqual([
      -100_000, 250_000,
    ]);
  });

  it('when amounts use parentheses and trailing minus signs, then they are money out', () => {
    const table = {
      header: ['Date', 'Description', 'Amount'],
      rows: records([
        ['2026-11-01', 'A', '(12.00)'],
        ['2026-11-02', 'B', '13.00-'],
        ['2026-11-03', 'C', '14.00'],
      ]),
    };
    const plan = planStatement(table, { currency: 'USD' });
    expect(readStatementRows(table, plan, { currency: 'USD' }).rows.map((r) => r.amountMinor)).toEqual([
      -1200, -1300, 1400,
    ]);
  });

  it('when a row is in another currency than the account, then it is rejected, not converted', () => {
    const table = {
      header: ['Date', 'Description', 'Amount', 'Currency'],
      rows: records([
        ['2026-11-01', 'A', '-12.00', 'EUR'],
        ['2026-11-02', 'B', '-13.00', 'USD'],
      ]),
    };
    const plan = planStatement(table, { currency: 'EUR' });
    const read = readStatementRows(table, plan, { currency: 'EUR' });
    expect(read.rows).toHaveLength(1);
    expect(read.rejected).toEqual([
      { row: 3, raw: '2026-11-02;B;-13.00;USD', reason: 'In USD; the account is in EUR' },
    ]);
  });

  it('when no header names the columns and several hold numbers that are not a balance chain, then it asks which is the amount', () => {
    const table = {
      header: null,
      rows: records([
        ['2026-11-01', '5.00', '7.00', 'Coffee'],
        ['2026-11-02', '9.00', '1.00', 'Tea'],
      ]),
    };
    const plan = planStatement(table, { currency: 'EUR' });
    expect(plan.questions.map((q) => q.field)).toContain('columns');
  });

  it('when no column holds dates, then the file is refused', () => {
    const table = { header: ['Name', 'Amount'], rows: records([['Ada', '1.00']]) };
    expect(() => planStatement(table, { currency: 'EUR' })).toThrow(StatementError);
  });
});
